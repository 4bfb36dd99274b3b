/**
 * Validation of untrusted input (storage, messages from other contexts, imports) into policies and
 * changes. Never throws: returns a Result whose error is a sentence naming the field.
 */
import { CATEGORIES, isCategory, type Category } from '../categories';
import { isPlainObject } from '../guards';
import { err, ok, type Result } from '../result';
import type { ConsentChange } from './changes';
import {
  BANNER_MODES,
  DEFAULT_POLICY,
  type BannerMode,
  type BannerSettings,
  type ConsentPolicy,
  type ConsentState,
  type SiteConsent,
} from './model';
import { isPresetId, PRESET_IDS } from './presets';
import { normalizeSite } from './sites';

/** Above this many sites a policy is treated as hostile rather than stored. */
export const MAX_POLICY_SITES = 50_000;

const TOP_LEVEL_KEYS = new Set([
  'defaults',
  'perSite',
  'paused',
  'pausedSites',
  'hidePlacementsWhenBrowsingRevoked',
  'banners',
]);

/** A pause's end: a time (ms since epoch, an integer) or null for "until resumed". */
function isPauseEnd(value: unknown): value is number | null {
  return value === null || (Number.isSafeInteger(value) && (value as number) >= 0);
}

function isConsentState(value: unknown): value is ConsentState {
  return value === 'granted' || value === 'revoked';
}

export function isBannerMode(value: unknown): value is BannerMode {
  return (BANNER_MODES as readonly unknown[]).includes(value);
}

/** The cookie-banner setting; absent (stored before it existed) means the default, answer everywhere. */
function parseBannerSettings(input: unknown): Result<BannerSettings> {
  if (input === undefined) return ok({ default: DEFAULT_POLICY.banners.default, perSite: {} });
  if (!isPlainObject(input)) return err(`banners must be an object, got ${describe(input)}`);
  for (const key of Object.keys(input)) {
    if (key !== 'default' && key !== 'perSite') return err(`banners has an unknown field "${key.slice(0, 40)}"`);
  }
  const modes = BANNER_MODES.join('", "');
  if (!isBannerMode(input.default))
    return err(`banners.default must be one of "${modes}", got ${describe(input.default)}`);
  if (!isPlainObject(input.perSite)) return err(`banners.perSite must be an object, got ${describe(input.perSite)}`);
  const keys = Object.keys(input.perSite);
  if (keys.length > MAX_POLICY_SITES)
    return err(`banners.perSite has ${keys.length} sites, more than ${MAX_POLICY_SITES}`);
  const perSite: Record<string, BannerMode> = {};
  for (const rawSite of keys) {
    const site = normalizeSite(rawSite);
    if (!site) return err(`banners.perSite key ${describe(rawSite)} is not a site name`);
    if (Object.prototype.hasOwnProperty.call(perSite, site)) return err(`banners.perSite lists "${site}" twice`);
    const mode = input.perSite[rawSite];
    if (!isBannerMode(mode)) return err(`banners.perSite["${site}"] must be one of "${modes}", got ${describe(mode)}`);
    perSite[site] = mode;
  }
  return ok({ default: input.default, perSite });
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
export function parseConsentPolicy(input: unknown): Result<ConsentPolicy> {
  try {
    if (!isPlainObject(input)) return err(`consent policy must be an object, got ${describe(input)}`);
    for (const key of Object.keys(input)) {
      if (!TOP_LEVEL_KEYS.has(key)) return err(`consent policy has an unknown field "${key.slice(0, 40)}"`);
    }
    const { defaults, perSite, paused, pausedSites = {}, hidePlacementsWhenBrowsingRevoked } = input;
    const banners = parseBannerSettings(input.banners);
    if (!banners.ok) return banners;
    if (!isPlainObject(defaults)) return err(`defaults must be an object, got ${describe(defaults)}`);
    for (const key of Object.keys(defaults)) {
      if (!isCategory(key)) return err(`defaults has an unknown category "${key.slice(0, 40)}"`);
    }
    const outDefaults = {} as Record<Category, ConsentState>;
    for (const c of CATEGORIES) {
      const v = defaults[c];
      if (!isConsentState(v)) return err(`defaults.${c} must be "granted" or "revoked", got ${describe(v)}`);
      outDefaults[c] = v;
    }
    if (!isPlainObject(perSite)) return err(`perSite must be an object, got ${describe(perSite)}`);
    const siteKeys = Object.keys(perSite);
    if (siteKeys.length > MAX_POLICY_SITES)
      return err(`perSite has ${siteKeys.length} sites, more than ${MAX_POLICY_SITES}`);
    const outPerSite: Record<string, SiteConsent> = {};
    const seenSites = new Set<string>();
    for (const rawSite of siteKeys) {
      const site = normalizeSite(rawSite);
      if (!site) return err(`perSite key ${describe(rawSite)} is not a site name`);
      if (seenSites.has(site)) return err(`perSite lists "${site}" twice`);
      seenSites.add(site);
      const entry = perSite[rawSite];
      if (!isPlainObject(entry)) return err(`perSite["${site}"] must be an object, got ${describe(entry)}`);
      const outEntry: SiteConsent = {};
      for (const key of Object.keys(entry)) {
        if (!isCategory(key)) return err(`perSite["${site}"] has an unknown category "${key.slice(0, 40)}"`);
        const v = entry[key];
        if (!isConsentState(v))
          return err(`perSite["${site}"].${key} must be "granted" or "revoked", got ${describe(v)}`);
        outEntry[key] = v;
      }
      if (Object.keys(outEntry).length > 0) outPerSite[site] = outEntry;
    }
    if (typeof paused !== 'boolean') return err(`paused must be true or false, got ${describe(paused)}`);
    // Absent in policies stored before shops could be paused on their own.
    if (!isPlainObject(pausedSites)) return err(`pausedSites must be an object, got ${describe(pausedSites)}`);
    const pauseKeys = Object.keys(pausedSites);
    if (pauseKeys.length > MAX_POLICY_SITES)
      return err(`pausedSites has ${pauseKeys.length} sites, more than ${MAX_POLICY_SITES}`);
    const outPaused: Record<string, number | null> = {};
    for (const rawSite of pauseKeys) {
      const site = normalizeSite(rawSite);
      if (!site) return err(`pausedSites key ${describe(rawSite)} is not a site name`);
      if (Object.prototype.hasOwnProperty.call(outPaused, site)) return err(`pausedSites lists "${site}" twice`);
      const until = pausedSites[rawSite];
      if (!isPauseEnd(until))
        return err(`pausedSites["${site}"] must be a time in milliseconds or null, got ${describe(until)}`);
      outPaused[site] = until;
    }
    if (typeof hidePlacementsWhenBrowsingRevoked !== 'boolean') {
      return err(
        `hidePlacementsWhenBrowsingRevoked must be true or false, got ${describe(hidePlacementsWhenBrowsingRevoked)}`,
      );
    }
    return ok({
      defaults: outDefaults,
      perSite: outPerSite,
      paused,
      pausedSites: outPaused,
      hidePlacementsWhenBrowsingRevoked,
      banners: banners.value,
    });
  } catch {
    // Getters or proxies on hostile objects can throw; report instead of propagating.
    return err('consent policy could not be read');
  }
}

function parseSiteField(value: unknown, allowNull: boolean): Result<string | null> {
  if (value === null && allowNull) return ok(null);
  const site = normalizeSite(value);
  return site ? ok(site) : err(`site ${describe(value)} is not a site name`);
}

/** Validate a change message from another context. Never throws. */
export function parseConsentChange(input: unknown): Result<ConsentChange> {
  try {
    if (!isPlainObject(input)) return err(`consent change must be an object, got ${describe(input)}`);
    switch (input.op) {
      case 'set-category': {
        const site = parseSiteField(input.site, true);
        if (!site.ok) return site;
        if (!isCategory(input.category)) return err(`category ${describe(input.category)} is not a data category`);
        if (input.state !== null && !isConsentState(input.state))
          return err(`state must be "granted", "revoked" or null, got ${describe(input.state)}`);
        return ok({ op: 'set-category', site: site.value, category: input.category, state: input.state });
      }
      case 'apply-preset': {
        const site = parseSiteField(input.site, true);
        if (!site.ok) return site;
        if (!isPresetId(input.preset))
          return err(`preset ${describe(input.preset)} is not one of ${PRESET_IDS.join(', ')}`);
        if (input.clearSiteChoices !== undefined && typeof input.clearSiteChoices !== 'boolean')
          return err('clearSiteChoices must be true or false');
        const change: ConsentChange = { op: 'apply-preset', site: site.value, preset: input.preset };
        if (input.clearSiteChoices) change.clearSiteChoices = true;
        return ok(change);
      }
      case 'forget-site': {
        const site = parseSiteField(input.site, false);
        if (!site.ok) return site;
        return ok({ op: 'forget-site', site: site.value as string });
      }
      case 'set-paused':
        if (typeof input.paused !== 'boolean')
          return err(`paused must be true or false, got ${describe(input.paused)}`);
        return ok({ op: 'set-paused', paused: input.paused });
      case 'set-banners': {
        const site = parseSiteField(input.site, true);
        if (!site.ok) return site;
        if (input.mode !== null && !isBannerMode(input.mode))
          return err(`mode must be one of "${BANNER_MODES.join('", "')}" or null, got ${describe(input.mode)}`);
        if (site.value === null && input.mode === null) return err('the global banner setting cannot be removed');
        return ok({ op: 'set-banners', site: site.value, mode: input.mode });
      }
      case 'pause-site': {
        const site = parseSiteField(input.site, false);
        if (!site.ok) return site;
        if (!isPauseEnd(input.until))
          return err(`until must be a time in milliseconds or null, got ${describe(input.until)}`);
        return ok({ op: 'pause-site', site: site.value as string, until: input.until });
      }
      case 'resume-site': {
        const site = parseSiteField(input.site, false);
        if (!site.ok) return site;
        return ok({ op: 'resume-site', site: site.value as string });
      }
      case 'set-hide-placements':
        if (typeof input.hide !== 'boolean') return err(`hide must be true or false, got ${describe(input.hide)}`);
        return ok({ op: 'set-hide-placements', hide: input.hide });
      default:
        return err(`unknown consent change ${describe(input.op)}`);
    }
  } catch {
    return err('consent change could not be read');
  }
}
