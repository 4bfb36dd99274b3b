/**
 * Our own vendor registry: who runs a host and what kind of tracker it is.
 * It refines the tracker database (which files Hotjar or Dynamic Yield under "site analytics") and
 * names our vendors when the database is absent. Kept as data: one entry per vendor. Every decoder's
 * identity (name, organization, kind) comes from here, so there is one source of truth.
 */
import type { TrackerKind } from '../model';

export interface VendorEntry {
  id: string;
  name: string;
  organization: string;
  kind: TrackerKind;
  /** Host names or registrable domains; a request matches when its host equals or ends with ".<entry>". */
  hosts: readonly string[];
}

export const VENDORS: readonly VendorEntry[] = [
  // Vendors with a decoder in utils/decoders/ (ids must match).
  {
    id: 'ga4',
    name: 'Google Analytics',
    organization: 'Google',
    kind: 'analytics',
    hosts: ['google-analytics.com', 'analytics.google.com'],
  },
  {
    id: 'universal-analytics',
    name: 'Google Universal Analytics',
    organization: 'Google',
    kind: 'analytics',
    hosts: [],
  },
  {
    id: 'google-ads',
    name: 'Google Ads / DoubleClick',
    organization: 'Google',
    kind: 'advertising',
    hosts: [
      'doubleclick.net',
      'googleadservices.com',
      'googlesyndication.com',
      'adservice.google.com',
      'googleads.g.doubleclick.net',
    ],
  },
  {
    id: 'meta-pixel',
    name: 'Meta Pixel',
    organization: 'Meta',
    kind: 'advertising',
    hosts: ['facebook.com', 'facebook.net', 'fbcdn.net'],
  },
  {
    id: 'tiktok-pixel',
    name: 'TikTok Pixel',
    organization: 'ByteDance',
    kind: 'advertising',
    hosts: ['analytics.tiktok.com', 'tiktok.com', 'tiktokw.us', 'analytics-sg.tiktok.com'],
  },
  {
    id: 'pinterest-tag',
    name: 'Pinterest Tag',
    organization: 'Pinterest',
    kind: 'advertising',
    hosts: ['ct.pinterest.com', 's.pinimg.com', 'pinterest.com'],
  },
  {
    id: 'snap-pixel',
    name: 'Snap Pixel',
    organization: 'Snap',
    kind: 'advertising',
    hosts: ['tr.snapchat.com', 'tr-shadow.snapchat.com', 'sc-static.net', 'snapchat.com'],
  },
  {
    id: 'bing-uet',
    name: 'Microsoft Advertising UET',
    organization: 'Microsoft',
    kind: 'advertising',
    hosts: ['bat.bing.com', 'bat.bing.net', 'bat.r.msn.com'],
  },
  {
    id: 'reddit-pixel',
    name: 'Reddit Pixel',
    organization: 'Reddit',
    kind: 'advertising',
    hosts: ['alb.reddit.com', 'pixel-config.reddit.com', 'www.redditstatic.com'],
  },
  {
    id: 'linkedin-insight',
    name: 'LinkedIn Insight Tag',
    organization: 'Microsoft',
    kind: 'advertising',
    hosts: ['px.ads.linkedin.com', 'dc.ads.linkedin.com', 'ads.linkedin.com', 'snap.licdn.com'],
  },
  {
    id: 'x-pixel',
    name: 'X (Twitter) Pixel',
    organization: 'X Corp',
    kind: 'advertising',
    hosts: [
      't.co',
      'analytics.twitter.com',
      'static.ads-twitter.com',
      'ads-twitter.com',
      'ads-api.twitter.com',
      'analytics.x.com',
    ],
  },
  { id: 'criteo', name: 'Criteo', organization: 'Criteo', kind: 'advertising', hosts: ['criteo.com', 'criteo.net'] },
  { id: 'amazon-ads', name: 'Amazon Ads', organization: 'Amazon', kind: 'advertising', hosts: ['amazon-adsystem.com'] },
  {
    id: 'adobe-analytics',
    name: 'Adobe Analytics',
    organization: 'Adobe',
    kind: 'analytics',
    hosts: ['omtrdc.net', '2o7.net', 'adobedc.net', 'adobedtm.com', 'demdex.net'],
  },
  {
    id: 'adobe-target',
    name: 'Adobe Target',
    organization: 'Adobe',
    kind: 'personalization',
    hosts: ['tt.omtrdc.net'],
  },
  {
    id: 'segment',
    name: 'Segment',
    organization: 'Twilio',
    kind: 'customer-data',
    hosts: ['segment.io', 'segment.com'],
  },
  { id: 'klaviyo', name: 'Klaviyo', organization: 'Klaviyo', kind: 'customer-data', hosts: ['klaviyo.com'] },
  { id: 'amplitude', name: 'Amplitude', organization: 'Amplitude', kind: 'analytics', hosts: ['amplitude.com'] },
  {
    id: 'mixpanel',
    name: 'Mixpanel',
    organization: 'Mixpanel',
    kind: 'analytics',
    hosts: ['mixpanel.com', 'mxpnl.com'],
  },
  {
    id: 'heap',
    name: 'Heap',
    organization: 'Contentsquare',
    kind: 'analytics',
    hosts: ['heapanalytics.com', 'heap-api.com'],
  },
  {
    id: 'hotjar',
    name: 'Hotjar',
    organization: 'Contentsquare',
    kind: 'session-replay',
    hosts: ['hotjar.com', 'hotjar.io'],
  },
  { id: 'fullstory', name: 'FullStory', organization: 'FullStory', kind: 'session-replay', hosts: ['fullstory.com'] },
  {
    id: 'datadog',
    name: 'Datadog RUM and Session Replay',
    organization: 'Datadog',
    kind: 'session-replay',
    hosts: [
      'browser-intake-datadoghq.com',
      'browser-intake-datadoghq.eu',
      'browser-intake-us3-datadoghq.com',
      'browser-intake-us5-datadoghq.com',
      'browser-intake-ap1-datadoghq.com',
      'browser-intake-ap2-datadoghq.com',
      'browser-intake-ddog-gov.com',
      'browser-intake-us2-ddog-gov.com',
    ],
  },
  // Error monitoring first; its Session Replay is found per request (behavior), not assumed.
  { id: 'sentry', name: 'Sentry', organization: 'Sentry', kind: 'analytics', hosts: ['sentry.io'] },
  {
    id: 'clarity',
    name: 'Microsoft Clarity',
    organization: 'Microsoft',
    kind: 'session-replay',
    hosts: ['clarity.ms'],
  },
  {
    id: 'contentsquare',
    name: 'Contentsquare',
    organization: 'Contentsquare',
    kind: 'session-replay',
    hosts: ['contentsquare.net', 'contentsquare.com'],
  },
  {
    id: 'dynamic-yield',
    name: 'Dynamic Yield',
    organization: 'Mastercard',
    kind: 'personalization',
    hosts: ['dynamicyield.com', 'dy-api.com', 'dy-api.eu'],
  },
  {
    id: 'richrelevance',
    name: 'RichRelevance (Algonomy)',
    organization: 'Algonomy',
    kind: 'personalization',
    hosts: ['richrelevance.com', 'algorecs.com', 'algonomy.com'],
  },
  { id: 'monetate', name: 'Monetate', organization: 'Kibo', kind: 'personalization', hosts: ['monetate.net'] },
  { id: 'nosto', name: 'Nosto', organization: 'Nosto', kind: 'personalization', hosts: ['nosto.com'] },
  {
    id: 'algolia',
    name: 'Algolia',
    organization: 'Algolia',
    kind: 'personalization',
    hosts: ['algolia.net', 'algolia.io', 'algolianet.com', 'algolia.com'],
  },
  {
    id: 'bloomreach',
    name: 'Bloomreach',
    organization: 'Bloomreach',
    kind: 'personalization',
    hosts: ['brsrvr.com', 'dxpapi.com', 'exponea.com', 'bloomreach.io', 'bloomreach.com'],
  },
  {
    id: 'liveramp',
    name: 'LiveRamp',
    organization: 'LiveRamp',
    kind: 'identity',
    hosts: ['rlcdn.com', 'liveramp.com', 'pippio.com'],
  },
  {
    id: 'snowplow',
    name: 'Snowplow',
    organization: 'Snowplow',
    kind: 'analytics',
    hosts: ['snplow.net', 'snowplowanalytics.com'],
  },
  {
    id: 'uid2',
    name: 'Unified ID 2.0',
    organization: 'The Trade Desk',
    kind: 'identity',
    hosts: ['uidapi.com', 'euid.eu'],
  },

  // Vendors we name without decoding their protocol (tags, consent, CDNs, other ad tech).
  {
    id: 'google-tag-manager',
    name: 'Google Tag Manager',
    organization: 'Google',
    kind: 'tag-manager',
    hosts: ['googletagmanager.com'],
  },
  {
    id: 'google-fonts',
    name: 'Google Fonts',
    organization: 'Google',
    kind: 'cdn',
    hosts: ['fonts.googleapis.com', 'fonts.gstatic.com'],
  },
  {
    id: 'tealium',
    name: 'Tealium',
    organization: 'Tealium',
    kind: 'tag-manager',
    hosts: ['tiqcdn.com', 'tealiumiq.com'],
  },
  {
    id: 'onetrust',
    name: 'OneTrust',
    organization: 'OneTrust',
    kind: 'consent',
    hosts: ['cookielaw.org', 'onetrust.com'],
  },
  {
    id: 'cookiebot',
    name: 'Cookiebot',
    organization: 'Usercentrics',
    kind: 'consent',
    hosts: ['cookiebot.com', 'consentcdn.cookiebot.com'],
  },
  {
    id: 'usercentrics',
    name: 'Usercentrics',
    organization: 'Usercentrics',
    kind: 'consent',
    hosts: ['usercentrics.eu', 'usercentrics.com'],
  },
  {
    id: 'the-trade-desk',
    name: 'The Trade Desk',
    organization: 'The Trade Desk',
    kind: 'advertising',
    hosts: ['adsrvr.org'],
  },
  {
    id: 'optimizely',
    name: 'Optimizely',
    organization: 'Optimizely',
    kind: 'personalization',
    hosts: ['optimizely.com'],
  },
  {
    id: 'salesforce-personalization',
    name: 'Salesforce Personalization',
    organization: 'Salesforce',
    kind: 'personalization',
    hosts: ['evergage.com', 'evgnet.com'],
  },
  { id: 'braze', name: 'Braze', organization: 'Braze', kind: 'customer-data', hosts: ['braze.com', 'appboycdn.com'] },
  {
    id: 'tealium-collect',
    name: 'Tealium Collect',
    organization: 'Tealium',
    kind: 'customer-data',
    hosts: ['collect.tealiumiq.com'],
  },
  { id: 'taboola', name: 'Taboola', organization: 'Taboola', kind: 'advertising', hosts: ['taboola.com'] },
  { id: 'outbrain', name: 'Outbrain', organization: 'Outbrain', kind: 'advertising', hosts: ['outbrain.com'] },
  { id: 'awin', name: 'Awin', organization: 'Awin', kind: 'advertising', hosts: ['awin1.com', 'zenaps.com'] },
  {
    id: 'impact',
    name: 'Impact',
    organization: 'Impact',
    kind: 'advertising',
    hosts: ['impact.com', 'impactradius-event.com'],
  },
  { id: 'cloudflare-cdnjs', name: 'cdnjs', organization: 'Cloudflare', kind: 'cdn', hosts: ['cdnjs.cloudflare.com'] },
  { id: 'jsdelivr', name: 'jsDelivr', organization: 'jsDelivr', kind: 'cdn', hosts: ['cdn.jsdelivr.net'] },
  { id: 'stripe', name: 'Stripe', organization: 'Stripe', kind: 'essential', hosts: ['stripe.com', 'stripe.network'] },
  {
    id: 'paypal',
    name: 'PayPal',
    organization: 'PayPal',
    kind: 'essential',
    hosts: ['paypal.com', 'paypalobjects.com'],
  },
];

const VENDOR_BY_ID = new Map<string, VendorEntry>(VENDORS.map((v) => [v.id, v]));

/** The registry entry for an id; decoders use it to take their identity from this one list. */
export function vendorById(id: string): VendorEntry | undefined {
  return VENDOR_BY_ID.get(id);
}
