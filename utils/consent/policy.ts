/**
 * Questions asked of a consent policy (model.ts): what a site's shopper chose, what is enforced there
 * right now. Pure functions over plain data; nothing here touches browser APIs.
 */
import { CATEGORIES, type Category } from '../categories';
import type { ConsentPolicy, ConsentState, SiteConsent } from './model';

/** The entries of a site and of its parent domains, nearest first (www.shop.example, shop.example). */
function siteEntries(policy: ConsentPolicy, site: string): SiteConsent[] {
  const out: SiteConsent[] = [];
  let key = typeof site === 'string' ? site.toLowerCase() : '';
  for (;;) {
    if (Object.prototype.hasOwnProperty.call(policy.perSite, key)) out.push(policy.perSite[key]);
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
  const entries = siteEntries(policy, site);
  const out = {} as Record<Category, ConsentState>;
  for (const c of CATEGORIES) {
    let state: ConsentState | undefined;
    for (const e of entries) if ((state = e[c])) break;
    out[c] = state ?? policy.defaults[c];
  }
  return out;
}

/** Categories revoked and enforced on a site right now: none while paused. Canonical order. */
export function revokedCategories(policy: ConsentPolicy, site: string): Category[] {
  if (policy.paused) return [];
  const consent = effectiveConsent(policy, site);
  return CATEGORIES.filter((c) => consent[c] === 'revoked');
}

export function defaultRevokedCategories(policy: ConsentPolicy): Category[] {
  if (policy.paused) return [];
  return CATEGORIES.filter((c) => policy.defaults[c] === 'revoked');
}

/** True when the site's page should see geolocation denied (location revoked, not paused). */
export function needsGeolocationDenied(policy: ConsentPolicy, site: string): boolean {
  return !policy.paused && effectiveConsent(policy, site).location === 'revoked';
}

/** True when personalized placements should be hidden on the site. */
export function shouldHidePlacements(policy: ConsentPolicy, site: string): boolean {
  return (
    policy.hidePlacementsWhenBrowsingRevoked && !policy.paused && effectiveConsent(policy, site).browsing === 'revoked'
  );
}

/** Sites with a choice of their own, sorted (an empty entry counts as none). */
export function knownSites(policy: ConsentPolicy): string[] {
  return Object.keys(policy.perSite)
    .filter((site) => Object.keys(policy.perSite[site] ?? {}).length > 0)
    .sort();
}
