/**
 * What revoking each data category does, as data: one entry per category. The compiler
 * (compile.ts) turns these entries into declarativeNetRequest rules; the popup shows `does` and
 * `cannotStop` as they are. Changing what a category enforces means editing its entry here.
 */
import { CATEGORIES, type Category } from '../categories';
import { TRACKER_KINDS, type TrackerKind } from '../model';

export interface CategoryEnforcement {
  category: Category;
  /**
   * Recipients blocked outright on the retailer: those of `alwaysKinds` (their purpose is this
   * category), and those of `seenKinds` once the ledger has seen them receive this category.
   */
  block: { alwaysKinds: readonly TrackerKind[]; seenKinds: readonly TrackerKind[] };
  /** Known vendor hosts blocked on the retailer whatever the recipient list says. */
  blockHosts: readonly string[];
  /** Vendor endpoints (urlFilter) blocked on the retailer: script URLs that exist to collect this category. */
  blockUrlFilters: readonly string[];
  /**
   * Block requests to tracker recipients whose URL carries one of these query keys (matched by one
   * short regexFilter a scope, so hashed or plain contact in a GET never leaves).
   */
  blockQueryKeys: readonly string[];
  /** Query parameters removed from requests to tracker recipients (redirect + queryTransform). */
  stripParams: readonly string[];
  /** Query parameters removed from the retailer's own page address (main_frame), e.g. ad click IDs. */
  stripLandingParams: readonly string[];
  /** Request headers removed on requests to tracker recipients. */
  removeRequestHeaders: readonly string[];
  /** Response headers removed on responses from tracker recipients. */
  removeResponseHeaders: readonly string[];
  /** The page's own navigator.geolocation is denied (done by a MAIN-world script, not by rules). */
  deniesGeolocation: boolean;
  /** Plain-language list for the popup: what revoking does. */
  does: readonly string[];
  /** Plain-language list for the popup: what a browser extension cannot stop. */
  cannotStop: readonly string[];
}

/** Recipient kinds that can never be blocked, whatever is revoked: the shop needs them to work. */
export const NEVER_BLOCKED_KINDS: ReadonlySet<TrackerKind> = new Set<TrackerKind>([
  'essential',
  'cdn',
  'consent',
  'first-party',
]);

/** Kinds that receive cookie/ID stripping and GPC: everything that tracks. */
export const TRACKER_KINDS_ENFORCED: readonly TrackerKind[] = TRACKER_KINDS.filter(
  (kind) => !NEVER_BLOCKED_KINDS.has(kind) && kind !== 'unknown',
);

const SEEN_TRACKERS: readonly TrackerKind[] = TRACKER_KINDS_ENFORCED;

/**
 * Ad and social click IDs a retailer's landing page address carries so the shop's tags can hand them
 * back to the ad network. Removing them from the page address stops the join at its source.
 */
const CLICK_IDS = [
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'srsltid',
  '_gl',
  'fbclid',
  'ttclid',
  'msclkid',
  'twclid',
  'li_fat_id',
  'epik',
  'rdt_cid',
  'sccid',
  'ScCid',
  'irclickid',
  'yclid',
  'igshid',
  'mc_eid',
  '_kx',
] as const;

/** Identifier parameters in tracker requests (GA4 cid/uid, Meta fbp/fbc, external IDs, click IDs). */
const ID_PARAMS = [
  ...CLICK_IDS,
  'cid',
  'uid',
  '_fid',
  'sid',
  'user_id',
  'userid',
  'client_id',
  'external_id',
  'anonymous_id',
  'anonymousId',
  'fbp',
  'fbc',
  '_fbp',
  '_fbc',
  'ud[external_id]',
  'ud%5Bexternal_id%5D',
  '_ga',
  '_gid',
  'ecid',
  'mid',
  'vid',
  'visitor_id',
  'device_id',
  'idfa',
  'gaid',
  'aaid',
  '_ttp',
  'ttp',
  'ajs_uid',
  'ajs_aid',
  'u_c1',
  '_sctr',
  'uuid',
  // Vendors' own names for their visitor ids (Dynamic Yield, FullStory, Hotjar, Adobe).
  'dyid',
  '_dyid',
  'dyid_server',
  'UserId',
  'SessionId',
  'hjid',
  'hjSessionId',
  'mcid',
  'aamuuid',
] as const;

/** Location parameters in tracker requests. */
const GEO_PARAMS = [
  'lat',
  'lng',
  'lon',
  'long',
  'latitude',
  'longitude',
  'geo',
  'geoloc',
  'geolocation',
  'coords',
  'zip',
  'zipcode',
  'zip_code',
  'postal',
  'postal_code',
  'postalcode',
  'postcode',
  'city',
  'region',
  'country',
  'store_id',
  'storeid',
  'store',
  'ud[zp]',
  'ud[ct]',
  'ud[st]',
  'ud[country]',
  'ud%5Bzp%5D',
  'ud%5Bct%5D',
  'ud%5Bst%5D',
  'ud%5Bcountry%5D',
] as const;

/** Device parameters in tracker requests (GA4 sr/vp/ul/ua-*, Meta sw/sh, generic names). */
const DEVICE_PARAMS = [
  'sr',
  'vp',
  'ul',
  'sd',
  'de',
  'uaa',
  'uab',
  'uafvl',
  'uam',
  'uamb',
  'uap',
  'uapv',
  'uaw',
  'sw',
  'sh',
  'screen',
  'screen_resolution',
  'resolution',
  'viewport',
  'tz',
  'timezone',
  'language',
  'lang',
  'platform',
  'os',
  'device',
  'device_model',
  'ua',
] as const;

/**
 * Query keys that carry contact details (plain or hashed) in tracker URLs: Meta `ud[em]`, Pinterest
 * `pd[em]`, Snap `u_hem`, Google enhanced conversions `em`, and generic names. Matched only on
 * requests to tracker recipients, so a shop's own newsletter form is never touched.
 */
const CONTACT_KEYS = [
  'ud[em]',
  'ud[ph]',
  'ud[fn]',
  'ud[ln]',
  'ud[db]',
  'udff[em]',
  'udff[ph]',
  'pd[em]',
  'pd[ph]',
  'em',
  'ph',
  'u_hem',
  'u_hpn',
  'email',
  'e_mail',
  'phone',
  'hashed_email',
  'email_hash',
  'sha256_email_address',
  'user_data',
] as const;

/**
 * Hosts of vendors whose product is a device fingerprint (matched with subdomains). Fraud checks a
 * checkout needs (Stripe's m.stripe.network, PayPal) are on the essential allow list instead.
 */
const FINGERPRINT_HOSTS = [
  'fpjs.io',
  'fpcdn.io',
  'fpjscdn.net',
  'openfpcdn.io',
  'fingerprint.com',
  'online-metrix.net',
  'iesnare.com',
  'iovation.com',
  'deviceinfo.io',
  'bluecava.com',
  'augur.io',
  'mookie1.com',
] as const;

/** High-entropy client hints: model, platform and full versions, which narrow down a device. */
const HIGH_ENTROPY_HINTS = [
  'sec-ch-ua-full-version-list',
  'sec-ch-ua-full-version',
  'sec-ch-ua-platform-version',
  'sec-ch-ua-model',
  'sec-ch-ua-arch',
  'sec-ch-ua-bitness',
  'sec-ch-ua-wow64',
  'sec-ch-ua-form-factors',
] as const;

const POST_BODIES =
  'Data inside request bodies (POST) cannot be read or filtered by extensions in Chrome, so a tracker that is not blocked can still receive it there.';
const SERVER_SIDE =
  'The shop can still send what it knows to partners from its own servers (server-side tracking, conversion APIs); no browser can see or stop that.';

export const ENFORCEMENT: Readonly<Record<Category, CategoryEnforcement>> = {
  browsing: {
    category: 'browsing',
    block: { alwaysKinds: ['advertising', 'analytics', 'personalization', 'session-replay'], seenKinds: SEEN_TRACKERS },
    blockHosts: [],
    blockUrlFilters: [],
    blockQueryKeys: [],
    stripParams: [],
    stripLandingParams: [],
    removeRequestHeaders: [],
    removeResponseHeaders: [],
    deniesGeolocation: false,
    does: [
      'Blocks advertising, analytics and personalization services on this shop, so they do not learn which pages and products you look at.',
      'Sends Global Privacy Control to the shop and its partners.',
      'Can hide "Recommended for you" style placements (setting).',
    ],
    cannotStop: [SERVER_SIDE, 'The shop itself still sees what you browse on its own site.'],
  },
  search: {
    category: 'search',
    block: { alwaysKinds: [], seenKinds: SEEN_TRACKERS },
    blockHosts: [],
    blockUrlFilters: [],
    blockQueryKeys: [],
    stripParams: [],
    stripLandingParams: [],
    removeRequestHeaders: [],
    removeResponseHeaders: [],
    deniesGeolocation: false,
    does: [
      'Blocks the third-party services that were seen receiving your searches on shops.',
      'Sends Global Privacy Control to the shop and its partners.',
    ],
    cannotStop: [
      'A search service the shop runs for its own search box receives your search terms: that is the search itself.',
      POST_BODIES,
      SERVER_SIDE,
    ],
  },
  purchases: {
    category: 'purchases',
    block: { alwaysKinds: [], seenKinds: SEEN_TRACKERS },
    blockHosts: [],
    blockUrlFilters: [],
    blockQueryKeys: [],
    stripParams: [],
    stripLandingParams: [],
    removeRequestHeaders: [],
    removeResponseHeaders: [],
    deniesGeolocation: false,
    does: [
      'Blocks the third-party services that were seen receiving your cart, orders or purchase amounts.',
      'Sends Global Privacy Control to the shop and its partners.',
    ],
    cannotStop: [
      'Payment providers and fraud checks still receive what checkout needs.',
      'Shops often report purchases to ad networks from their servers after you pay; no browser can see or stop that.',
      POST_BODIES,
    ],
  },
  identifiers: {
    category: 'identifiers',
    block: { alwaysKinds: ['identity'], seenKinds: [] },
    blockHosts: [],
    blockUrlFilters: [],
    blockQueryKeys: [],
    stripParams: ID_PARAMS,
    stripLandingParams: CLICK_IDS,
    removeRequestHeaders: ['cookie'],
    removeResponseHeaders: ['set-cookie'],
    deniesGeolocation: false,
    does: [
      'Blocks identity services that link you across sites.',
      'Removes cookies sent to, and set by, trackers on this shop.',
      'Removes ID parameters (client, user and device IDs) from tracker requests.',
      "Removes ad click IDs (gclid, fbclid, ttclid, msclkid, …) from the shop's page address.",
      'Sends Global Privacy Control to the shop and its partners.',
    ],
    cannotStop: [
      'IDs the shop stores in its own cookies or sends inside request bodies.',
      'Your IP address, which every server you contact sees.',
      POST_BODIES,
    ],
  },
  contact: {
    category: 'contact',
    block: {
      alwaysKinds: [],
      seenKinds: [
        'advertising',
        'analytics',
        'personalization',
        'session-replay',
        'social',
        'identity',
        'customer-data',
      ],
    },
    blockHosts: [],
    // fbevents loads this plugin to read and hash form fields for "automatic advanced matching".
    blockUrlFilters: ['||connect.facebook.net/signals/plugins/identity.js'],
    blockQueryKeys: CONTACT_KEYS,
    stripParams: [],
    stripLandingParams: [],
    removeRequestHeaders: [],
    removeResponseHeaders: [],
    deniesGeolocation: false,
    does: [
      'Blocks tracker requests that carry your email, phone or name, plain or hashed, in their address.',
      "Blocks trackers that were seen receiving contact details, and Meta's automatic advanced matching.",
      'Sends Global Privacy Control to the shop and its partners.',
    ],
    cannotStop: [
      'The shop itself receives what you type into its forms, and can pass it on from its servers (e.g. hashed email uploads to ad networks).',
      'Newsletter or review services the shop embeds receive the details you give them.',
      POST_BODIES,
    ],
  },
  location: {
    category: 'location',
    block: { alwaysKinds: [], seenKinds: ['advertising', 'personalization', 'identity'] },
    blockHosts: [],
    blockUrlFilters: [],
    blockQueryKeys: [],
    stripParams: GEO_PARAMS,
    stripLandingParams: [],
    removeRequestHeaders: [],
    removeResponseHeaders: [],
    deniesGeolocation: true,
    does: [
      'Denies the page your precise location (the browser will not even ask).',
      'Removes location parameters (coordinates, postal code, city, chosen store) from tracker requests.',
      'Blocks advertising and personalization services that were seen receiving your location.',
      'Sends Global Privacy Control to the shop and its partners.',
    ],
    cannotStop: [
      'Your approximate location from your IP address.',
      'The delivery address you give at checkout, which the shop needs.',
      POST_BODIES,
    ],
  },
  device: {
    category: 'device',
    block: { alwaysKinds: [], seenKinds: [] },
    blockHosts: FINGERPRINT_HOSTS,
    blockUrlFilters: [],
    blockQueryKeys: [],
    stripParams: DEVICE_PARAMS,
    stripLandingParams: [],
    removeRequestHeaders: HIGH_ENTROPY_HINTS,
    removeResponseHeaders: [],
    deniesGeolocation: false,
    does: [
      'Blocks known device-fingerprinting services.',
      'Removes screen, language and device parameters from tracker requests, and detailed device hints from their headers.',
      'Sends Global Privacy Control to the shop and its partners.',
    ],
    cannotStop: [
      "Your browser's user agent, which every request carries.",
      'Scripts that read screen, fonts or timezone and send them in request bodies.',
      'Fraud checks at checkout, which the shop needs.',
    ],
  },
  behavior: {
    category: 'behavior',
    block: { alwaysKinds: ['session-replay'], seenKinds: SEEN_TRACKERS },
    blockHosts: [],
    blockUrlFilters: [],
    blockQueryKeys: [],
    stripParams: [],
    stripLandingParams: [],
    removeRequestHeaders: [],
    removeResponseHeaders: [],
    deniesGeolocation: false,
    does: [
      'Blocks session-replay services that record your mouse, scrolling, clicks and typing.',
      'Sends Global Privacy Control to the shop and its partners.',
    ],
    cannotStop: ['A replay tool the shop hosts on its own domain.', SERVER_SIDE],
  },
};

/** What every revocation adds, whatever the category. */
export const ANY_REVOCATION = {
  does: [
    'Sends the Global Privacy Control signal (Sec-GPC: 1 and navigator.globalPrivacyControl), which in several US states is a legally binding opt-out of sale and sharing.',
  ],
  cannotStop: [
    'Requests the shop makes from its own servers.',
    'Services the shop runs on its own domain (first-party), which are never blocked so the shop keeps working.',
  ],
} as const;

/**
 * Endpoints a shop needs even when a category is revoked: payment, fraud checks at checkout,
 * captcha, sign-in and maps. Some live on domains that also host trackers (google.com), so they get
 * allow rules above every block. Cookie removal ranks below them, so these keep their cookies.
 */
export const ESSENTIAL_ALLOW_URL_FILTERS: readonly string[] = [
  '||google.com/recaptcha/',
  '||gstatic.com/recaptcha/',
  '||recaptcha.net/recaptcha/',
  '||accounts.google.com/gsi/',
  '||pay.google.com/',
  '||google.com/maps/',
  '||maps.googleapis.com/',
  '||hcaptcha.com/',
  '||challenges.cloudflare.com/',
  '||js.stripe.com/',
  '||m.stripe.network/',
  '||paypal.com/sdk/',
  '||paypalobjects.com/',
  '||appleid.cdn-apple.com/',
];

/** The popup's text for one category. */
export function explainRevocation(category: Category): { does: readonly string[]; cannotStop: readonly string[] } {
  const e = ENFORCEMENT[category];
  return { does: e.does, cannotStop: e.cannotStop };
}

/** Every category has an entry (kept as a function so a test can check it). */
export function enforcementIsComplete(): boolean {
  return CATEGORIES.every((c) => ENFORCEMENT[c]?.category === c);
}
