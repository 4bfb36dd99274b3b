/**
 * Protective from the first run: what applies before the shopper has chosen a default for shops not
 * visited yet, and what an install or an update does to the stored defaults. Pure decisions; the
 * worker (utils/worker/first-run.ts) carries them out.
 */
import { DEFAULT_POLICY, type ConsentPolicy } from './model';
import { PRESETS, type PresetId } from './presets';

/** The preset the onboarding page recommends, and the one that applies until a choice is made. */
export const RECOMMENDED_PRESET: PresetId = 'only-needed';

/**
 * The policy when no defaults are stored: the recommended preset, so GPC is sent and trackers that
 * need revoked categories are blocked from the very first page, before any page of ours has opened.
 */
export const FIRST_RUN_POLICY: ConsentPolicy = Object.freeze({
  ...DEFAULT_POLICY,
  defaults: Object.freeze({ ...PRESETS[RECOMMENDED_PRESET].consent }),
}) as ConsentPolicy;

/** What the worker knows when runtime.onInstalled fires. */
export interface InstallFacts {
  /** runtime.onInstalled's reason: install, update, chrome_update / browser_update, shared_module_update. */
  reason: string;
  /** The shopper's defaults are stored (they chose them, or a version before this one stored them). */
  defaultsStored: boolean;
  /**
   * This profile already runs with protective first-run defaults (marked at install, or at the update
   * that kept an older install's implicit defaults), so stored-nothing means "recommended".
   */
  protectiveMarked: boolean;
}

export interface InstallPlan {
  /** Open the onboarding page (a fresh install only). */
  openOnboarding: boolean;
  /** Store these defaults explicitly, to keep what applied before this version. */
  keepDefaults?: PresetId;
  /** Mark the profile as running with protective first-run defaults. */
  markProtective: boolean;
}

/**
 * An install opens the onboarding page; the recommended defaults already apply. An update from a
 * version whose unstored defaults meant "everything granted" stores that explicitly, so an update
 * never changes what an existing shopper had; any choice they made is stored and left alone.
 */
export function planForInstall(facts: InstallFacts): InstallPlan {
  if (facts.reason === 'install') return { openOnboarding: true, markProtective: !facts.protectiveMarked };
  if (facts.reason !== 'update' || facts.protectiveMarked) return { openOnboarding: false, markProtective: false };
  return {
    openOnboarding: false,
    markProtective: true,
    ...(facts.defaultsStored ? {} : { keepDefaults: 'allow-all' as const }),
  };
}
