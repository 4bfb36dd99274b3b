/**
 * Questions asked of a consent policy (model.ts): what a site's shopper chose, what is enforced there
 * right now. Pure functions over plain data; nothing here touches browser APIs.
 */
import { CATEGORIES, type Category } from '../categories';
import { allCategories, type BannerMode, type ConsentPolicy, type ConsentState } from './model';

/** The entries of a site and of its parent domains, nearest first (www.shop.example, shop.example). */
function siteEntries<T>(perSite: Readonly<Record<string, T>>, site: string): T[] {
  const out: T[] = [];
  let key = typeof site === 'string' ? site.toLowerCase() : '';
  for (;;) {
    if (Object.prototype.hasOwnProperty.call(perSite, key)) out.push(perSite[key]);
    const dot = key.indexOf('.');
    if (dot < 0) return out;
    key = key.slice(dot + 1);
  }
}

/**
 * The shopper's choice for each category on a site: the site's own choice, else its parent domain's
 * (a choice for shop.example covers www.shop.example), else the default. Ignores `paused`.
 */
export function effectiveConsent(policy: ConsentPolicy, site: string): Record<Category, ConsentState> {
  const entries = siteEntries(policy.perSite, site);
  const out = {} as Record<Category, ConsentState>;
  for (const c of CATEGORIES) {
    let state: ConsentState | undefined;
    for (const e of entries) if ((state = e[c])) break;
    out[c] = state ?? policy.defaults[c];
  }
  return out;
}

/**
 * The pause on a shop (its own, else its parent domain's; "pause on this shop", see pause.ts): when
 * it ends, null for "until resumed"; undefined when the shop is not paused.
 */
export function pauseOf(policy: ConsentPolicy, site: string): { until: number | null } | undefined {
  const [until] = siteEntries(policy.pausedSites, site);
  return until === undefined ? undefined : { until };
}

/** Enforcement is off on a site: paused everywhere, or on this shop (or its parent domain). */
export function enforcementPaused(policy: ConsentPolicy, site: string): boolean {
  return policy.paused || pauseOf(policy, site) !== undefined;
}

/** Categories revoked and enforced on a site right now: none while paused. Canonical order. */
export function revokedCategories(policy: ConsentPolicy, site: string): Category[] {
  if (enforcementPaused(policy, site)) return [];
  const consent = effectiveConsent(policy, site);
  return CATEGORIES.filter((c) => consent[c] === 'revoked');
}

export function defaultRevokedCategories(policy: ConsentPolicy): Category[] {
  if (policy.paused) return [];
  return CATEGORIES.filter((c) => policy.defaults[c] === 'revoked');
}

/** True when the site's page should see geolocation denied (location revoked, not paused). */
export function needsGeolocationDenied(policy: ConsentPolicy, site: string): boolean {
  return !enforcementPaused(policy, site) && effectiveConsent(policy, site).location === 'revoked';
}

/** True when personalized placements should be hidden on the site. */
export function shouldHidePlacements(policy: ConsentPolicy, site: string): boolean {
  return (
    policy.hidePlacementsWhenBrowsingRevoked &&
    !enforcementPaused(policy, site) &&
    effectiveConsent(policy, site).browsing === 'revoked'
  );
}

/**
 * Sites with a choice of their own or a pause of their own, sorted (an empty entry counts as none):
 * the sites whose enforcement may differ from the defaults.
 */
export function knownSites(policy: ConsentPolicy): string[] {
  const sites = new Set(Object.keys(policy.pausedSites));
  for (const site of Object.keys(policy.perSite))
    if (Object.keys(policy.perSite[site] ?? {}).length > 0) sites.add(site);
  return [...sites].sort();
}

/** The cookie-banner setting on a site: its own (or its parent domain's), else the global one. */
export function bannerMode(policy: ConsentPolicy, site: string | null): BannerMode {
  if (site === null) return policy.banners.default;
  return siteEntries(policy.banners.perSite, site)[0] ?? policy.banners.default;
}

/**
 * The choices a site's cookie banner is answered from: null when banners are left to the shopper
 * there or enforcement is paused; every category revoked under "refuse".
 */
export function bannerAnswerConsent(policy: ConsentPolicy, site: string): Record<Category, ConsentState> | null {
  if (enforcementPaused(policy, site)) return null;
  const mode = bannerMode(policy, site);
  if (mode === 'leave') return null;
  return mode === 'refuse' ? allCategories('revoked') : effectiveConsent(policy, site);
}
