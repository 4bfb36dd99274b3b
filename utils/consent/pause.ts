/**
 * "Pause on this shop": while a shop is paused nothing is blocked there and no privacy signal is
 * sent to it (policy.ts: pauseOf, enforcementPaused; nothing revoked on it or its subdomains, its
 * banner left to the shopper); the shopper's choices
 * are kept. A pause ends at a time or when the shopper resumes; the worker ends due pauses
 * (expirePauses) at start-up and by an alarm at nextPauseEnd, so pure questions never need a clock.
 */
import type { ConsentPolicy } from './model';

export const PAUSE_CHOICES = ['hour', 'tomorrow', 'always'] as const;
export type PauseChoice = (typeof PAUSE_CHOICES)[number];

/** When a pause chosen at `now` ends (ms since epoch), or null for "until I resume". */
export function pauseEnd(choice: PauseChoice, now: Date): number | null {
  if (choice === 'hour') return now.getTime() + 60 * 60 * 1000;
  if (choice === 'tomorrow') {
    // The start of the next day in the shopper's time zone.
    const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
    return next.getTime();
  }
  return null;
}

/** Policy without the pauses that have ended by `now` (the same object when none has). */
export function expirePauses(policy: ConsentPolicy, now: number): ConsentPolicy {
  const entries = Object.entries(policy.pausedSites);
  const kept = entries.filter(([, until]) => until === null || until > now);
  if (kept.length === entries.length) return policy;
  return { ...policy, pausedSites: Object.fromEntries(kept) };
}

/** The earliest end among timed pauses, for the alarm; undefined when none ends by itself. */
export function nextPauseEnd(policy: ConsentPolicy): number | undefined {
  let next: number | undefined;
  for (const until of Object.values(policy.pausedSites))
    if (until !== null && (next === undefined || until < next)) next = until;
  return next;
}
