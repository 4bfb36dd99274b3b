/**
 * The consent policy: per retailer site and data category, granted or revoked, with global defaults
 * for sites without a choice of their own and a global pause switch. Plain data and pure functions:
 * every change returns a new policy, nothing here touches browser APIs.
 */
import { CATEGORIES, isCategory, type Category } from '../categories';
import { isPlainObject } from '../guards';

export const CONSENT_STATES = ['granted', 'revoked'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** A site's own choices; a category left out follows the global default. */
export type SiteConsent = Partial<Record<Category, ConsentState>>;

export interface ConsentPolicy {
  /** What applies to sites without a choice of their own, including retailers not seen yet. */
  defaults: Record<Category, ConsentState>;
  /** Keyed by retailer site: registrable domain, lower case, punycode (as tldts gives it). */
  perSite: Record<string, SiteConsent>;
  /** Pause switches enforcement off everywhere without forgetting the choices. */
  paused: boolean;
  /** Hide personalized placements on a site where browsing is revoked. */
  hidePlacementsWhenBrowsingRevoked: boolean;
}

function allCategories(state: ConsentState): Record<Category, ConsentState> {
  const out = {} as Record<Category, ConsentState>;
  for (const c of CATEGORIES) out[c] = state;
  return out;
}

/** A fresh install: nothing revoked, placements hidden once the shopper revokes browsing. */
export const DEFAULT_POLICY: ConsentPolicy = Object.freeze({
  defaults: Object.freeze(allCategories('granted')),
  perSite: Object.freeze({}),
  paused: false,
  hidePlacementsWhenBrowsingRevoked: true,
}) as ConsentPolicy;

// ---------------------------------------------------------------------------------------------
// Presets

export const PRESET_IDS = ['only-needed', 'revoke-all', 'allow-all'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface Preset {
  id: PresetId;
  name: string;
  description: string;
  consent: Record<Category, ConsentState>;
}

/**
 * "Only what the shop needs": the shop's own requests are never blocked (rules only touch third-party
 * tracker recipients; payment, fraud checks, captcha, sign-in and maps are allow-listed), so every
 * category shared with third parties can be revoked without breaking shopping. The one exception is
 * location: revoking it also denies geolocation to the shop's own page, which breaks "stores near me"
 * and delivery estimates, and the browser already asks before a page gets a precise location.
 */
export const PRESETS: Readonly<Record<PresetId, Preset>> = {
  'only-needed': {
    id: 'only-needed',
    name: 'Only what the shop needs',
    description:
      'Stop sharing with advertisers, analytics and other third parties. The shop itself, payment, fraud checks and sign-in keep working, and the shop can still ask for your location.',
    consent: { ...allCategories('revoked'), location: 'granted' },
  },
  'revoke-all': {
    id: 'revoke-all',
    name: 'Revoke all',
    description: 'Revoke every category, including location: the shop cannot use your precise location either.',
    consent: allCategories('revoked'),
  },
  'allow-all': {
    id: 'allow-all',
    name: 'Allow all',
    description: 'Share as the shop decides. Nothing is blocked and no privacy signal is sent.',
    consent: allCategories('granted'),
  },
};

export function isPresetId(value: unknown): value is PresetId {
  return typeof value === 'string' && (PRESET_IDS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Sites

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A site key as the policy stores it: lower case ASCII host, no trailing dot. Returns undefined for
 * anything that is not a plausible host name (URLs, paths, IPs with ports, "__proto__", empty).
 * Internationalized names must already be punycode (tldts returns them so).
 */
export function normalizeSite(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  let s = input.trim().toLowerCase();
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (s.length === 0 || s.length > 253) return undefined;
  const labels = s.split('.');
  for (const label of labels) if (!LABEL.test(label)) return undefined;
  return s;
}

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

/** Match patterns of a site and its subdomains, for scripting.registerContentScripts. */
export function sitePatterns(site: string): string[] {
  return [`*://${site}/*`, `*://*.${site}/*`];
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

// ---------------------------------------------------------------------------------------------
// Changes (each returns a new policy)

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

export function setPaused(policy: ConsentPolicy, paused: boolean): ConsentPolicy {
  return { ...policy, paused };
}

/** The preset a site's effective consent equals, if any (for the popup's selected state). */
export function matchingPreset(policy: ConsentPolicy, site: string | null): PresetId | undefined {
  const consent = site === null ? policy.defaults : effectiveConsent(policy, site);
  return PRESET_IDS.find((id) => CATEGORIES.every((c) => PRESETS[id].consent[c] === consent[c]));
}

// ---------------------------------------------------------------------------------------------
// Validation of untrusted input (storage, messages from other contexts, imports)

export type ParseResult = { ok: true; policy: ConsentPolicy } | { ok: false; error: string };

/** Above this many sites a policy is treated as hostile rather than stored. */
export const MAX_POLICY_SITES = 50_000;

const TOP_LEVEL_KEYS = new Set(['defaults', 'perSite', 'paused', 'hidePlacementsWhenBrowsingRevoked']);

function isConsentState(value: unknown): value is ConsentState {
  return value === 'granted' || value === 'revoked';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return typeof value === 'object' ? 'an object' : String(value);
}

/**
 * Validate a policy from an untrusted source. Never throws; returns the first problem found as a
 * sentence that names the field. Site keys are normalized (lower case); duplicates after
 * normalization are an error rather than a silent merge.
 */
export function parseConsentPolicy(input: unknown): ParseResult {
  const fail = (error: string): ParseResult => ({ ok: false, error });
  try {
    if (!isPlainObject(input)) return fail(`consent policy must be an object, got ${describe(input)}`);
    for (const key of Object.keys(input)) {
      if (!TOP_LEVEL_KEYS.has(key)) return fail(`consent policy has an unknown field "${key.slice(0, 40)}"`);
    }
    const { defaults, perSite, paused, hidePlacementsWhenBrowsingRevoked } = input;
    if (!isPlainObject(defaults)) return fail(`defaults must be an object, got ${describe(defaults)}`);
    for (const key of Object.keys(defaults)) {
      if (!isCategory(key)) return fail(`defaults has an unknown category "${key.slice(0, 40)}"`);
    }
    const outDefaults = {} as Record<Category, ConsentState>;
    for (const c of CATEGORIES) {
      const v = defaults[c];
      if (!isConsentState(v)) return fail(`defaults.${c} must be "granted" or "revoked", got ${describe(v)}`);
      outDefaults[c] = v;
    }
    if (!isPlainObject(perSite)) return fail(`perSite must be an object, got ${describe(perSite)}`);
    const siteKeys = Object.keys(perSite);
    if (siteKeys.length > MAX_POLICY_SITES)
      return fail(`perSite has ${siteKeys.length} sites, more than ${MAX_POLICY_SITES}`);
    const outPerSite: Record<string, SiteConsent> = {};
    const seenSites = new Set<string>();
    for (const rawSite of siteKeys) {
      const site = normalizeSite(rawSite);
      if (!site) return fail(`perSite key ${describe(rawSite)} is not a site name`);
      if (seenSites.has(site)) return fail(`perSite lists "${site}" twice`);
      seenSites.add(site);
      const entry = perSite[rawSite];
      if (!isPlainObject(entry)) return fail(`perSite["${site}"] must be an object, got ${describe(entry)}`);
      const outEntry: SiteConsent = {};
      for (const key of Object.keys(entry)) {
        if (!isCategory(key)) return fail(`perSite["${site}"] has an unknown category "${key.slice(0, 40)}"`);
        const v = entry[key];
        if (!isConsentState(v))
          return fail(`perSite["${site}"].${key} must be "granted" or "revoked", got ${describe(v)}`);
        outEntry[key] = v;
      }
      if (Object.keys(outEntry).length > 0) outPerSite[site] = outEntry;
    }
    if (typeof paused !== 'boolean') return fail(`paused must be true or false, got ${describe(paused)}`);
    if (typeof hidePlacementsWhenBrowsingRevoked !== 'boolean') {
      return fail(
        `hidePlacementsWhenBrowsingRevoked must be true or false, got ${describe(hidePlacementsWhenBrowsingRevoked)}`,
      );
    }
    return {
      ok: true,
      policy: { defaults: outDefaults, perSite: outPerSite, paused, hidePlacementsWhenBrowsingRevoked },
    };
  } catch {
    // Getters or proxies on hostile objects can throw; report instead of propagating.
    return fail('consent policy could not be read');
  }
}

// ---------------------------------------------------------------------------------------------
// Changes as messages (the popup sends these; the background validates and applies them)

export type ConsentChange =
  | { op: 'set-category'; site: string | null; category: Category; state: ConsentState | null }
  | { op: 'apply-preset'; site: string | null; preset: PresetId; clearSiteChoices?: boolean }
  | { op: 'forget-site'; site: string }
  | { op: 'set-paused'; paused: boolean }
  | { op: 'set-hide-placements'; hide: boolean };

export type ChangeParseResult = { ok: true; change: ConsentChange } | { ok: false; error: string };

function parseSiteField(
  value: unknown,
  allowNull: boolean,
): { ok: true; site: string | null } | { ok: false; error: string } {
  if (value === null && allowNull) return { ok: true, site: null };
  const site = normalizeSite(value);
  return site ? { ok: true, site } : { ok: false, error: `site ${describe(value)} is not a site name` };
}

/** Validate a change message from another context. Never throws. */
export function parseConsentChange(input: unknown): ChangeParseResult {
  const fail = (error: string): ChangeParseResult => ({ ok: false, error });
  try {
    if (!isPlainObject(input)) return fail(`consent change must be an object, got ${describe(input)}`);
    switch (input.op) {
      case 'set-category': {
        const site = parseSiteField(input.site, true);
        if (!site.ok) return site;
        if (!isCategory(input.category)) return fail(`category ${describe(input.category)} is not a data category`);
        if (input.state !== null && !isConsentState(input.state))
          return fail(`state must be "granted", "revoked" or null, got ${describe(input.state)}`);
        return {
          ok: true,
          change: { op: 'set-category', site: site.site, category: input.category, state: input.state },
        };
      }
      case 'apply-preset': {
        const site = parseSiteField(input.site, true);
        if (!site.ok) return site;
        if (!isPresetId(input.preset))
          return fail(`preset ${describe(input.preset)} is not one of ${PRESET_IDS.join(', ')}`);
        if (input.clearSiteChoices !== undefined && typeof input.clearSiteChoices !== 'boolean')
          return fail('clearSiteChoices must be true or false');
        const change: ConsentChange = { op: 'apply-preset', site: site.site, preset: input.preset };
        if (input.clearSiteChoices) change.clearSiteChoices = true;
        return { ok: true, change };
      }
      case 'forget-site': {
        const site = parseSiteField(input.site, false);
        if (!site.ok) return site;
        return { ok: true, change: { op: 'forget-site', site: site.site as string } };
      }
      case 'set-paused':
        if (typeof input.paused !== 'boolean')
          return fail(`paused must be true or false, got ${describe(input.paused)}`);
        return { ok: true, change: { op: 'set-paused', paused: input.paused } };
      case 'set-hide-placements':
        if (typeof input.hide !== 'boolean') return fail(`hide must be true or false, got ${describe(input.hide)}`);
        return { ok: true, change: { op: 'set-hide-placements', hide: input.hide } };
      default:
        return fail(`unknown consent change ${describe(input.op)}`);
    }
  } catch {
    return fail('consent change could not be read');
  }
}

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
    case 'set-hide-placements':
      return { ...policy, hidePlacementsWhenBrowsingRevoked: change.hide };
  }
}
