import { describe, expect, it } from 'vitest';
import { FIRST_RUN_POLICY, planForInstall, RECOMMENDED_PRESET } from '../../../utils/consent/first-run';
import { PRESETS } from '../../../utils/consent/presets';
import { compileRules } from '../../../utils/consent/compile';
import { gpcScope } from '../../../utils/consent/page-scripts';
import { recipientsFromRegistry } from '../../../utils/consent/recipients';
import { VENDORS } from '../../../utils/vendors/registry';

describe('first-run policy', () => {
  it('is the recommended preset, "Only what the shop needs"', () => {
    expect(RECOMMENDED_PRESET).toBe('only-needed');
    expect(FIRST_RUN_POLICY.defaults).toEqual(PRESETS['only-needed'].consent);
    expect(FIRST_RUN_POLICY.paused).toBe(false);
    expect(FIRST_RUN_POLICY.perSite).toEqual({});
  });

  it('sends GPC everywhere and blocks advertising trackers before any choice is made', () => {
    expect(gpcScope(FIRST_RUN_POLICY)).toEqual({ mode: 'all-except', except: [] });
    const { rules } = compileRules(FIRST_RUN_POLICY, recipientsFromRegistry(VENDORS));
    const blocked = rules.filter((r) => r.action.type === 'block').flatMap((r) => r.condition.requestDomains ?? []);
    expect(blocked).toEqual(expect.arrayContaining(['facebook.com', 'criteo.com']));
    expect(rules.some((r) => r.action.requestHeaders?.some((h) => h.header.toLowerCase() === 'sec-gpc'))).toBe(true);
  });
});

describe('planForInstall', () => {
  const facts = { defaultsStored: false, protectiveMarked: false };

  it('opens the onboarding page on a fresh install and marks the profile protective', () => {
    expect(planForInstall({ reason: 'install', ...facts })).toEqual({ openOnboarding: true, markProtective: true });
  });

  it('keeps an existing user\'s implicit "everything granted" on update, stored explicitly', () => {
    expect(planForInstall({ reason: 'update', ...facts })).toEqual({
      openOnboarding: false,
      markProtective: true,
      keepDefaults: 'allow-all',
    });
  });

  it("leaves an existing user's stored defaults alone on update", () => {
    expect(planForInstall({ reason: 'update', defaultsStored: true, protectiveMarked: false })).toEqual({
      openOnboarding: false,
      markProtective: true,
    });
  });

  it('changes nothing on update of a profile installed with protective defaults, chosen or not', () => {
    for (const defaultsStored of [false, true]) {
      expect(planForInstall({ reason: 'update', defaultsStored, protectiveMarked: true })).toEqual({
        openOnboarding: false,
        markProtective: false,
      });
    }
  });

  it('does nothing when the browser itself updates', () => {
    for (const reason of ['chrome_update', 'browser_update', 'shared_module_update', 'something new']) {
      expect(planForInstall({ reason, ...facts })).toEqual({ openOnboarding: false, markProtective: false });
    }
  });
});
