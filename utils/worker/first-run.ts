/**
 * runtime.onInstalled: a fresh install opens the onboarding page (the recommended defaults already
 * apply); an update keeps what an existing shopper had. The decision is planForInstall
 * (utils/consent/first-run.ts); this carries it out.
 */
import { applyPreset } from '../consent/changes';
import { planForInstall, type InstallPlan } from '../consent/first-run';
import type { StorageAreaLike } from '../ledger/journal';
import type { Platform } from '../platform';
import type { PolicyKeeper } from './policy-keeper';

/** In storage.local, which "erase everything" (the ledger database) does not clear. */
export const PROTECTIVE_MARK_KEY = 'firstRun.protectiveDefaults';
export const ONBOARDING_PATH = '/onboarding.html';

export interface FirstRunDeps {
  local: StorageAreaLike;
  defaultsStored(): Promise<boolean>;
  policies: Pick<PolicyKeeper, 'update'>;
  platform: { tabs: Pick<Platform['tabs'], 'open'>; runtime: Pick<Platform['runtime'], 'getURL'> };
}

export async function handleInstalled(reason: string, deps: FirstRunDeps): Promise<InstallPlan> {
  const [stored, defaultsStored] = await Promise.all([deps.local.get(PROTECTIVE_MARK_KEY), deps.defaultsStored()]);
  const plan = planForInstall({ reason, defaultsStored, protectiveMarked: stored[PROTECTIVE_MARK_KEY] === true });
  const keep = plan.keepDefaults;
  if (keep) await deps.policies.update((policy) => applyPreset(policy, keep));
  if (plan.markProtective) await deps.local.set({ [PROTECTIVE_MARK_KEY]: true });
  if (plan.openOnboarding) await deps.platform.tabs.open(deps.platform.runtime.getURL(ONBOARDING_PATH));
  return plan;
}
