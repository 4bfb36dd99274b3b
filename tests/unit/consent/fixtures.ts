/** Small, realistic recipient lists and policies for the consent tests. */
import type { KnownRecipient } from '../../../utils/consent/rule-types';
import { DEFAULT_POLICY, type ConsentPolicy } from '../../../utils/consent/model';

/** What a ledger might know after a few shops: trackers with the categories they were seen receiving. */
export const RECIPIENTS: KnownRecipient[] = [
  {
    site: 'facebook.com',
    kind: 'advertising',
    organization: 'Meta',
    vendor: 'meta-pixel',
    categories: ['browsing', 'purchases', 'identifiers', 'contact'],
  },
  { site: 'facebook.net', kind: 'advertising', organization: 'Meta', vendor: 'meta-pixel', categories: [] },
  {
    site: 'google-analytics.com',
    kind: 'analytics',
    organization: 'Google',
    vendor: 'ga4',
    categories: ['browsing', 'search', 'purchases', 'identifiers', 'device'],
  },
  { site: 'googletagmanager.com', kind: 'tag-manager', organization: 'Google', categories: [] },
  { site: 'doubleclick.net', kind: 'advertising', organization: 'Google', categories: ['browsing', 'identifiers'] },
  {
    site: 'criteo.com',
    kind: 'advertising',
    organization: 'Criteo',
    categories: ['browsing', 'purchases', 'identifiers'],
  },
  { site: 'hotjar.com', kind: 'session-replay', organization: 'Hotjar', categories: ['behavior', 'device'] },
  {
    site: 'dynamicyield.com',
    kind: 'personalization',
    organization: 'Dynamic Yield',
    categories: ['browsing', 'purchases', 'location'],
  },
  { site: 'rlcdn.com', kind: 'identity', organization: 'LiveRamp', categories: ['identifiers'] },
  { site: 'klaviyo.com', kind: 'customer-data', organization: 'Klaviyo', categories: ['browsing', 'contact'] },
  { site: 'stripe.com', kind: 'essential', organization: 'Stripe', categories: ['contact', 'purchases'] },
  { site: 'cloudfront.net', kind: 'cdn', organization: 'Amazon', categories: ['browsing'] },
  { site: 'cookielaw.org', kind: 'consent', organization: 'OneTrust', categories: ['device'] },
  // A site-search service of unknown kind: it receives searches because it *is* the shop's search box.
  { site: 'klevu.com', kind: 'unknown', organization: 'Klevu', categories: ['search'] },
];

export function policyWith(overrides: Partial<ConsentPolicy>): ConsentPolicy {
  return { ...DEFAULT_POLICY, defaults: { ...DEFAULT_POLICY.defaults }, perSite: {}, ...overrides };
}

/** n retailer names, shop-0001.example … */
export function retailerNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `shop-${String(i + 1).padStart(4, '0')}.example`);
}
