/**
 * The consent policy's shape: per retailer site and data category, granted or revoked, with global
 * defaults for sites without a choice of their own and a global pause switch. Plain data only:
 * questions are in policy.ts, changes in changes.ts, validation in parse.ts.
 */
import { CATEGORIES, type Category } from '../categories';

export const CONSENT_STATES = ['granted', 'revoked'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** A site's own choices; a category left out follows the global default. */
export type SiteConsent = Partial<Record<Category, ConsentState>>;

/**
 * What ShareLedger does with a shop's cookie banner: answer it from the shopper's choices, leave it
 * to the shopper, or refuse everything it asks (only what the shop needs; what the audit's gpc profile uses).
 */
export const BANNER_MODES = ['answer', 'leave', 'refuse'] as const;
export type BannerMode = (typeof BANNER_MODES)[number];

/** The cookie-banner setting: global, and per shop (a site's own setting wins, as for categories). */
export interface BannerSettings {
  default: BannerMode;
  perSite: Record<string, BannerMode>;
}

export interface ConsentPolicy {
  /** What applies to sites without a choice of their own, including retailers not seen yet. */
  defaults: Record<Category, ConsentState>;
  /** Keyed by retailer site: registrable domain, lower case, punycode (as tldts gives it). */
  perSite: Record<string, SiteConsent>;
  /** Pause switches enforcement off everywhere without forgetting the choices. */
  paused: boolean;
  /**
   * Shops paused on their own ("pause on this shop"), keyed like perSite: when the pause ends (ms since
   * epoch), or null until the shopper resumes. See pause.ts.
   */
  pausedSites: Record<string, number | null>;
  /** Hide personalized placements on a site where browsing is revoked. */
  hidePlacementsWhenBrowsingRevoked: boolean;
  /** Cookie banners: answered from the choices (default), left to the shopper, or refused. */
  banners: BannerSettings;
}

/** Every category in the same state. */
export function allCategories(state: ConsentState): Record<Category, ConsentState> {
  const out = {} as Record<Category, ConsentState>;
  for (const c of CATEGORIES) out[c] = state;
  return out;
}

/** A fresh install: nothing revoked, placements hidden once the shopper revokes browsing, banners answered. */
export const DEFAULT_POLICY: ConsentPolicy = Object.freeze({
  defaults: Object.freeze(allCategories('granted')),
  perSite: Object.freeze({}),
  paused: false,
  pausedSites: Object.freeze({}),
  hidePlacementsWhenBrowsingRevoked: true,
  banners: Object.freeze({ default: 'answer', perSite: Object.freeze({}) }),
}) as ConsentPolicy;
