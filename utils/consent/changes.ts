/**
 * Changes to a consent policy, each returning a new policy, and the same changes as messages (the
 * popup sends a `ConsentChange`; the background validates it with parse.ts and applies it here).
 */
import { CATEGORIES, isCategory, type Category } from '../categories';
import type { BannerMode, ConsentPolicy, ConsentState, SiteConsent } from './model';
import { effectiveConsent } from './policy';
import { PRESET_IDS, PRESETS, type PresetId } from './presets';
import { normalizeSite } from './sites';

function withSite(policy: ConsentPolicy, site: string, entry: SiteConsent | undefined): ConsentPolicy {
  const perSite: Record<string, SiteConsent> = {};
  for (const key of Object.keys(policy.perSite)) if (key !== site) perSite[key] = policy.perSite[key];
  if (entry && Object.keys(entry).length > 0) perSite[site] = entry;
  return { ...policy, perSite };
}

/**
 * Set one category. `site` null changes the global default; `state` null removes the site's own
 * choice so the default applies again. An invalid site leaves the policy unchanged.
 */
export function setCategory(
  policy: ConsentPolicy,
  site: string | null,
  category: Category,
  state: ConsentState | null,
): ConsentPolicy {
  if (!isCategory(category)) return policy;
  if (site === null) {
    if (state === null) return policy;
    return { ...policy, defaults: { ...policy.defaults, [category]: state } };
  }
  const key = normalizeSite(site);
  if (!key) return policy;
  const entry: SiteConsent = { ...policy.perSite[key] };
  if (state === null) delete entry[category];
  else entry[category] = state;
  return withSite(policy, key, entry);
}

/**
 * Apply a preset to one site (its own choices are replaced) or, with `site` null, to the defaults.
 * `clearSiteChoices` also drops every site's own choices so the preset applies everywhere.
 */
export function applyPreset(
  policy: ConsentPolicy,
  preset: PresetId,
  site: string | null = null,
  options: { clearSiteChoices?: boolean } = {},
): ConsentPolicy {
  const consent = PRESETS[preset]?.consent;
  if (!consent) return policy;
  if (site === null) {
    return { ...policy, defaults: { ...consent }, perSite: options.clearSiteChoices ? {} : policy.perSite };
  }
  const key = normalizeSite(site);
  if (!key) return policy;
  return withSite(policy, key, { ...consent });
}

/** Forget a site's own choices (the defaults apply to it again). */
export function forgetSite(policy: ConsentPolicy, site: string): ConsentPolicy {
  const key = normalizeSite(site);
  if (!key || !Object.prototype.hasOwnProperty.call(policy.perSite, key)) return policy;
  return withSite(policy, key, undefined);
}

/**
 * The cookie-banner setting: `site` null sets the global one; `mode` null removes a site's own
 * setting so the global one applies again. An invalid site leaves the policy unchanged.
 */
export function setBannerMode(policy: ConsentPolicy, site: string | null, mode: BannerMode | null): ConsentPolicy {
  if (site === null) return mode === null ? policy : { ...policy, banners: { ...policy.banners, default: mode } };
  const key = normalizeSite(site);
  if (!key) return policy;
  const perSite: Record<string, BannerMode> = {};
  for (const s of Object.keys(policy.banners.perSite)) if (s !== key) perSite[s] = policy.banners.perSite[s];
  if (mode !== null) perSite[key] = mode;
  return { ...policy, banners: { ...policy.banners, perSite } };
}

export function setPaused(policy: ConsentPolicy, paused: boolean): ConsentPolicy {
  return { ...policy, paused };
}

/** Pause one shop (and its subdomains) until `until` (ms since epoch), or until resumed when null. */
export function pauseSite(policy: ConsentPolicy, site: string, until: number | null): ConsentPolicy {
  const key = normalizeSite(site);
  if (!key) return policy;
  return { ...policy, pausedSites: { ...policy.pausedSites, [key]: until } };
}

/** Resume a shop: its own pause and any pause of its subdomains end. */
export function resumeSite(policy: ConsentPolicy, site: string): ConsentPolicy {
  const key = normalizeSite(site);
  if (!key) return policy;
  const kept = Object.entries(policy.pausedSites).filter(([s]) => s !== key && !s.endsWith(`.${key}`));
  if (kept.length === Object.keys(policy.pausedSites).length) return policy;
  return { ...policy, pausedSites: Object.fromEntries(kept) };
}

/** The preset a site's effective consent equals, if any (for the popup's selected state). */
export function matchingPreset(policy: ConsentPolicy, site: string | null): PresetId | undefined {
  const consent = site === null ? policy.defaults : effectiveConsent(policy, site);
  return PRESET_IDS.find((id) => CATEGORIES.every((c) => PRESETS[id].consent[c] === consent[c]));
}

export type ConsentChange =
  | { op: 'set-category'; site: string | null; category: Category; state: ConsentState | null }
  | { op: 'apply-preset'; site: string | null; preset: PresetId; clearSiteChoices?: boolean }
  | { op: 'forget-site'; site: string }
  | { op: 'set-paused'; paused: boolean }
  | { op: 'pause-site'; site: string; until: number | null }
  | { op: 'resume-site'; site: string }
  | { op: 'set-hide-placements'; hide: boolean }
  | { op: 'set-banners'; site: string | null; mode: BannerMode | null };

export function applyConsentChange(policy: ConsentPolicy, change: ConsentChange): ConsentPolicy {
  switch (change.op) {
    case 'set-category':
      return setCategory(policy, change.site, change.category, change.state);
    case 'apply-preset':
      return applyPreset(policy, change.preset, change.site, { clearSiteChoices: change.clearSiteChoices });
    case 'forget-site':
      return forgetSite(policy, change.site);
    case 'set-paused':
      return setPaused(policy, change.paused);
    case 'pause-site':
      return pauseSite(policy, change.site, change.until);
    case 'resume-site':
      return resumeSite(policy, change.site);
    case 'set-hide-placements':
      return { ...policy, hidePlacementsWhenBrowsingRevoked: change.hide };
    case 'set-banners':
      return setBannerMode(policy, change.site, change.mode);
  }
}
