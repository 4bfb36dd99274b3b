/**
 * Ends shop pauses by themselves: an alarm at the next pause's end wakes the worker (even one the
 * browser stopped), and every worker start checks for pauses that ended while nothing ran.
 */
import { expirePauses, nextPauseEnd } from '../consent/pause';
import type { ConsentPolicy } from '../consent/model';
import type { AlarmsApi } from '../platform';
import type { PolicyKeeper } from './policy-keeper';

export const PAUSE_ALARM = 'shareledger-pause-end';

export class PauseTimer {
  private scheduled: number | undefined;

  constructor(
    private readonly deps: {
      alarms: AlarmsApi;
      policies: Pick<PolicyKeeper, 'policy' | 'update'>;
      now?: () => number;
    },
  ) {}

  /** Ends the pauses due by now (stored, then enforced); the enforcement schedules the next end. */
  async endDuePauses(): Promise<void> {
    const now = (this.deps.now ?? Date.now)();
    const policy = await this.deps.policies.policy;
    if (expirePauses(policy, now) !== policy) await this.deps.policies.update((p) => expirePauses(p, now));
    else this.schedule(policy);
  }

  /** Sets the alarm for the policy's next pause end, or clears it; called whenever a policy is enforced. */
  schedule(policy: ConsentPolicy): void {
    const next = nextPauseEnd(policy);
    if (next === this.scheduled) return;
    this.scheduled = next;
    if (next === undefined) void this.deps.alarms.clear(PAUSE_ALARM);
    else this.deps.alarms.create(PAUSE_ALARM, next);
  }
}
