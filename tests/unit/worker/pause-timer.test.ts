import { describe, expect, it } from 'vitest';
import { pauseSite } from '../../../utils/consent/changes';
import { FIRST_RUN_POLICY } from '../../../utils/consent/first-run';
import type { ConsentPolicy } from '../../../utils/consent/model';
import { PolicyKeeper } from '../../../utils/worker/policy-keeper';
import { PAUSE_ALARM, PauseTimer } from '../../../utils/worker/pause-timer';
import { fakeBrowser } from './fake-browser';

/** A worker start over a stored policy: the keeper, the timer wired as the background does. */
function start(stored: ConsentPolicy, now: () => number, browser = fakeBrowser()) {
  const saved = { policy: stored };
  const enforced: ConsentPolicy[] = [];
  const policies = new PolicyKeeper(
    { load: async () => saved.policy, save: async (p) => void (saved.policy = p) },
    async (p) => {
      enforced.push(p);
      // Called after start-up's load resolves, once the timer below exists.
      timer.schedule(p);
    },
  );
  const timer = new PauseTimer({ alarms: browser.alarms, policies, now });
  return { browser, policies, timer, enforced, saved };
}

describe('shop pauses end by themselves', () => {
  it('sets an alarm at the next end when a pause is enforced, and clears it after the last', async () => {
    let now = 1_000;
    const w = start(FIRST_RUN_POLICY, () => now);
    await w.policies.ready;
    await w.policies.update((p) => pauseSite(pauseSite(p, 'a.example', 60_000), 'b.example', 30_000));
    expect(w.browser.alarmTimes.get(PAUSE_ALARM)).toBe(30_000);
    // The alarm fires: b.example's pause ends, stored and enforced; the next alarm is a.example's.
    now = 30_000;
    await w.timer.endDuePauses();
    expect(w.saved.policy.pausedSites).toEqual({ 'a.example': 60_000 });
    expect(w.enforced.at(-1)?.pausedSites).toEqual({ 'a.example': 60_000 });
    expect(w.browser.alarmTimes.get(PAUSE_ALARM)).toBe(60_000);
    now = 61_000;
    await w.timer.endDuePauses();
    expect(w.saved.policy.pausedSites).toEqual({});
    expect(w.browser.alarmTimes.has(PAUSE_ALARM)).toBe(false);
  });

  it('ends at start-up a pause that ended while no worker ran', async () => {
    const stored = pauseSite(pauseSite(FIRST_RUN_POLICY, 'a.example', 5_000), 'c.example', null);
    const w = start(stored, () => 9_000);
    await w.policies.ready;
    await w.timer.endDuePauses();
    expect(w.saved.policy.pausedSites).toEqual({ 'c.example': null });
    expect(w.enforced.at(-1)?.pausedSites).toEqual({ 'c.example': null });
  });

  it('changes nothing when no pause is due (no store, no enforcement)', async () => {
    const stored = pauseSite(FIRST_RUN_POLICY, 'a.example', 50_000);
    const w = start(stored, () => 9_000);
    await w.policies.ready;
    const before = w.enforced.length;
    await w.timer.endDuePauses();
    expect(w.enforced.length).toBe(before);
    expect(w.browser.alarmTimes.get(PAUSE_ALARM)).toBe(50_000);
  });
});
