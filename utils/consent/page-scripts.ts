/**
 * Where the page-world scripts go: the Global Privacy Control signal (navigator.globalPrivacyControl,
 * with the Sec-GPC header rules of the compiler) and the geolocation denial, as registration patterns.
 */
import type { ConsentPolicy } from './model';
import { defaultRevokedCategories, knownSites, needsGeolocationDenied, revokedCategories } from './policy';
import { sitePatterns } from './sites';

/**
 * Where Global Privacy Control is sent (any revocation on a site turns it on there).
 * - `none`: nowhere (paused, or nothing revoked anywhere);
 * - `sites`: only on the listed sites (defaults grant everything);
 * - `all-except`: on every site except the listed ones (a default is revoked; these sites grant all).
 */
export type GpcScope = { mode: 'none' } | { mode: 'sites'; sites: string[] } | { mode: 'all-except'; except: string[] };

export function gpcScope(policy: ConsentPolicy): GpcScope {
  if (policy.paused) return { mode: 'none' };
  const defaultOn = defaultRevokedCategories(policy).length > 0;
  const sites: string[] = [];
  for (const site of knownSites(policy)) {
    const on = revokedCategories(policy, site).length > 0;
    if (on !== defaultOn) sites.push(site);
  }
  if (defaultOn) return { mode: 'all-except', except: sites };
  return sites.length ? { mode: 'sites', sites } : { mode: 'none' };
}

/**
 * Known sites where GPC is on (at least one category revoked), sorted. When a default is revoked GPC
 * is also on for every site not listed in the policy: use `gpcScope` or `gpcMatchPatterns` for that.
 */
export function sitesNeedingGpc(policy: ConsentPolicy): string[] {
  if (policy.paused) return [];
  return knownSites(policy).filter((site) => revokedCategories(policy, site).length > 0);
}

/**
 * `matches` / `excludeMatches` for registering the MAIN-world navigator.globalPrivacyControl script.
 * Empty `matches` means: register nothing (unregister the script).
 */
export function gpcMatchPatterns(policy: ConsentPolicy): { matches: string[]; excludeMatches: string[] } {
  const scope = gpcScope(policy);
  if (scope.mode === 'none') return { matches: [], excludeMatches: [] };
  if (scope.mode === 'sites') return { matches: scope.sites.flatMap(sitePatterns), excludeMatches: [] };
  return { matches: ['<all_urls>'], excludeMatches: scope.except.flatMap(sitePatterns) };
}

/**
 * `matches` / `excludeMatches` for the MAIN-world geolocation denial: sites with location revoked, or
 * every site but those granting it when the default revokes it. Empty `matches`: unregister.
 */
export function geolocationMatchPatterns(policy: ConsentPolicy): { matches: string[]; excludeMatches: string[] } {
  if (policy.paused) return { matches: [], excludeMatches: [] };
  const sites = knownSites(policy);
  if (policy.defaults.location === 'revoked') {
    const granted = sites.filter((site) => !needsGeolocationDenied(policy, site));
    return { matches: ['<all_urls>'], excludeMatches: granted.flatMap(sitePatterns) };
  }
  return {
    matches: sites.filter((site) => needsGeolocationDenied(policy, site)).flatMap(sitePatterns),
    excludeMatches: [],
  };
}
