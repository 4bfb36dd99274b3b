/**
 * The CMP-gated mode of the demo store: the same shop with a real open-source consent management
 * platform from npm gating its tags, configured as a shop would. Each gated tag calls a first-party
 * endpoint named for its purpose (`/tag/<purpose>?cmp=<cmp>`): the extension never blocks the shop's
 * own host, so what arrives there shows what the CMP released, i.e. what it was told.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { STORE_HOST } from './pages';
import { STANDIN_CMP_IDS, STANDIN_PAGE_PATH, standinPage } from './cmp-standins';

export const CMP_IDS = ['klaro', 'vanilla-cookieconsent', 'tarteaucitron', 'orejime', 'osano-cookieconsent'] as const;
export type CmpId = (typeof CMP_IDS)[number];

export const CMP_PAGE_PATH = (cmp: CmpId) => `/cmp/${cmp}`;
/** The purposes each page gates, as the CMP calls them. */
export const GATED_PURPOSES = ['functional', 'analytics', 'marketing', 'personalization'] as const;
export type GatedPurpose = (typeof GATED_PURPOSES)[number];

/** Where each CMP keeps its record: cookie name. */
export const CMP_COOKIES: Record<CmpId, string> = {
  klaro: 'klaro',
  'vanilla-cookieconsent': 'cc_cookie',
  tarteaucitron: 'tarteaucitron',
  orejime: 'orejime',
  'osano-cookieconsent': 'cookieconsent_status',
};

/** Where each CMP shows its banner (and its settings dialog), for tests and the bench. */
export const CMP_BANNERS: Record<CmpId, string> = {
  klaro: '#klaro .cookie-notice, #klaro .cookie-modal',
  'vanilla-cookieconsent': '#cc-main .cm, #cc-main .pm',
  tarteaucitron: '#tarteaucitronAlertBig',
  orejime: '.orejime-Banner, .orejime-Modal',
  'osano-cookieconsent': '.cc-window:not(.cc-invisible)',
};

/**
 * The name the ledger records for each page's CMP: the adapter's, or for a CMP answered by
 * autoconsent the name of the rule that recognised it (Complianz built its banner on Osano's library).
 */
export const CMP_RECORDED_NAMES: Record<CmpId, string> = {
  klaro: 'klaro',
  'vanilla-cookieconsent': 'vanilla-cookieconsent',
  tarteaucitron: 'tarteaucitron',
  orejime: 'orejime',
  'osano-cookieconsent': 'Complianz optin',
};

/** CMPs that take only "accept all" or "reject all". */
export const ALL_OR_NOTHING_CMPS: ReadonlySet<CmpId> = new Set<CmpId>(['osano-cookieconsent']);

export interface CmpResponse {
  type: string;
  body: string | Buffer;
}

const require = createRequire(import.meta.url);
/**
 * Each CMP's package folder, served under /assets/cmp/<cmp>/ (tarteaucitron loads its language,
 * services and CSS files from beside its script). Resolved from a file each package has.
 */
const PACKAGE_DIRS: Record<CmpId, string> = {
  klaro: dirname(require.resolve('klaro/dist/klaro.js')),
  'vanilla-cookieconsent': dirname(require.resolve('vanilla-cookieconsent/dist/cookieconsent.umd.js')),
  tarteaucitron: dirname(require.resolve('tarteaucitronjs/tarteaucitron.js')),
  orejime: dirname(require.resolve('orejime/dist/orejime-standard-en.js')),
  'osano-cookieconsent': dirname(require.resolve('cookieconsent/build/cookieconsent.min.js')),
};
const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css' };

/** A script or stylesheet of a CMP package, or undefined (unknown package or type, outside the package). */
function packageAsset(path: string): CmpResponse | undefined {
  const m = /^\/assets\/cmp\/([a-z-]+)\/([\w./-]+)$/.exec(path);
  const dir = m && (CMP_IDS as readonly string[]).includes(m[1]) ? PACKAGE_DIRS[m[1] as CmpId] : undefined;
  const type = m ? CONTENT_TYPES[extname(m[2])] : undefined;
  if (!m || !dir || !type) return undefined;
  const file = normalize(join(dir, m[2]));
  if (!file.startsWith(dir + sep) || !existsSync(file)) return undefined;
  return { type, body: readFileSync(file) };
}

const tag = (purpose: GatedPurpose, cmp: CmpId) => `new Image().src='/tag/${purpose}?cmp=${cmp}&t='+Date.now();`;
const title = (purpose: GatedPurpose) => `${purpose[0].toUpperCase()}${purpose.slice(1)} tag`;

interface PageParts {
  head: string;
  body: string;
}

function klaroPage(): PageParts {
  const config = {
    elementID: 'klaro',
    storageMethod: 'cookie',
    cookieName: CMP_COOKIES.klaro,
    default: false,
    mustConsent: false,
    acceptAll: true,
    services: GATED_PURPOSES.map((p) => ({ name: `${p}-tag`, title: title(p), purposes: [p] })),
  };
  const gated = GATED_PURPOSES.map(
    (p) => `<script type="text/plain" data-type="text/javascript" data-name="${p}-tag">${tag(p, 'klaro')}</script>`,
  ).join('\n');
  return {
    head: `<script>window.klaroConfig=${JSON.stringify(config)};</script>\n<script defer src="/assets/cmp/klaro/klaro.js"></script>\n${gated}`,
    body: '<h1>Klaro-gated page</h1><p>Tags on this page run only with the consent Klaro records.</p>',
  };
}

function vanillaCookieconsentPage(): PageParts {
  const categories: Record<string, unknown> = { necessary: { enabled: true, readOnly: true } };
  for (const p of GATED_PURPOSES) categories[p] = {};
  const config = {
    // The library does nothing in an automated browser unless told otherwise (TESTING.md).
    hideFromBots: false,
    categories,
    language: {
      default: 'en',
      translations: {
        en: {
          consentModal: {
            title: 'We use cookies',
            description: 'Choose what we may use.',
            acceptAllBtn: 'Accept all',
            acceptNecessaryBtn: 'Reject all',
            showPreferencesBtn: 'Manage preferences',
          },
          preferencesModal: {
            title: 'Cookie preferences',
            acceptAllBtn: 'Accept all',
            acceptNecessaryBtn: 'Reject all',
            savePreferencesBtn: 'Save',
            sections: Object.keys(categories).map((c) => ({ title: c, linkedCategory: c })),
          },
        },
      },
    },
  };
  const gated = GATED_PURPOSES.map(
    (p) => `<script type="text/plain" data-category="${p}">${tag(p, 'vanilla-cookieconsent')}</script>`,
  ).join('\n');
  const dir = '/assets/cmp/vanilla-cookieconsent';
  return {
    head: `<link rel="stylesheet" href="${dir}/cookieconsent.css">\n${gated}\n<script defer src="${dir}/cookieconsent.umd.js"></script>\n<script defer src="/assets/cmp/run-cookieconsent.js"></script>`,
    body: `<h1>CookieConsent-gated page</h1><p>Tags on this page run only with the consent CookieConsent records.</p><script type="application/json" id="cc-config">${JSON.stringify(config)}</script>`,
  };
}

// Runs once the library has loaded (deferred scripts keep document order).
const RUN_COOKIECONSENT = `CookieConsent.run(JSON.parse(document.getElementById('cc-config').textContent));`;

/** tarteaucitron groups services by type; the type names are its own. */
const TARTEAUCITRON_TYPES: Record<GatedPurpose, string> = {
  functional: 'api',
  analytics: 'analytic',
  marketing: 'ads',
  personalization: 'other',
};

function tarteaucitronPage(): PageParts {
  const init = {
    privacyUrl: '',
    hashtag: '#tarteaucitron',
    cookieName: CMP_COOKIES.tarteaucitron,
    orientation: 'bottom',
    showAlertSmall: false,
    cookieslist: false,
    highPrivacy: true,
    handleBrowserDNTRequest: false,
    AcceptAllCta: true,
    DenyAllCta: true,
    mandatory: true,
    // Otherwise tarteaucitron loads GA4 in consent mode even when analytics is refused (TESTING.md).
    googleConsentMode: false,
  };
  const services = GATED_PURPOSES.map(
    (p) =>
      `tarteaucitron.services['${p}tag']={key:'${p}tag',type:'${TARTEAUCITRON_TYPES[p]}',name:'${title(p)}',uri:'',needConsent:true,cookies:[],js:function(){${tag(p, 'tarteaucitron')}},fallback:function(){}};` +
      `(tarteaucitron.job=tarteaucitron.job||[]).push('${p}tag');`,
  ).join('\n');
  return {
    head: `<script src="/assets/cmp/tarteaucitron/tarteaucitron.js"></script>\n<script>tarteaucitron.init(${JSON.stringify(init)});\n${services}</script>`,
    body: '<h1>tarteaucitron-gated page</h1><p>Tags on this page run only with the consent tarteaucitron records.</p>',
  };
}

function orejimePage(): PageParts {
  const config = {
    privacyPolicyUrl: '/privacy',
    // Set, because the default differs from what Orejime's README says (TESTING.md).
    cookie: { name: CMP_COOKIES.orejime },
    purposes: GATED_PURPOSES.map((p) => ({ id: `${p}-tag`, title: title(p), cookies: [] })),
  };
  const gated = GATED_PURPOSES.map(
    (p) => `<template data-purpose="${p}-tag"><script>${tag(p, 'orejime')}</script></template>`,
  ).join('\n');
  return {
    head: `<link rel="stylesheet" href="/assets/cmp/orejime/orejime-standard.css">\n<script>window.orejimeConfig=${JSON.stringify(config)};</script>\n<script defer src="/assets/cmp/orejime/orejime-standard-en.js"></script>`,
    body: `<h1>Orejime-gated page</h1><p>Tags on this page run only with the consent Orejime records.</p>\n${gated}`,
  };
}

/** Osano's cookieconsent gates nothing itself: the shop loads its tags from the status callbacks. */
function osanoCookieconsentPage(): PageParts {
  const gated = GATED_PURPOSES.filter((p) => p !== 'functional')
    .map((p) => tag(p, 'osano-cookieconsent'))
    .join('');
  const script = `${tag('functional', 'osano-cookieconsent')}
var loaded=false;function loadTags(){if(loaded)return;loaded=true;${gated}}
window.addEventListener('load',function(){window.cookieconsent.initialise({type:'opt-in',
content:{message:'We use cookies.',allow:'Allow cookies',deny:'Decline',link:'Learn more',href:'/privacy'},
onInitialise:function(status){if(status==='allow')loadTags();},
onStatusChange:function(){if(this.hasConsented())loadTags();}});});`;
  const dir = '/assets/cmp/osano-cookieconsent';
  return {
    head: `<link rel="stylesheet" href="${dir}/cookieconsent.min.css">\n<script src="${dir}/cookieconsent.min.js"></script>\n<script>${script}</script>`,
    body: '<h1>cookieconsent-gated page</h1><p>Tags on this page run only once cookieconsent says "allow".</p>',
  };
}

const PAGES: Record<CmpId, () => PageParts> = {
  klaro: klaroPage,
  'vanilla-cookieconsent': vanillaCookieconsentPage,
  tarteaucitron: tarteaucitronPage,
  orejime: orejimePage,
  'osano-cookieconsent': osanoCookieconsentPage,
};

/** A lean shop page: the CMP and its gated tags only, so what arrives is what the CMP released. */
function cmpPage({ head, body }: PageParts): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cookies · Demo Outfitters</title>
<link rel="stylesheet" href="/assets/shop.css">
${head}
</head><body data-page="cmp"><header><a class="logo" href="/">Demo Outfitters</a></header>
<main>${body}</main></body></html>`;
}

/**
 * A shop's own hand-made cookie banner, no CMP library and markup no autoconsent rule knows: the
 * extension must record it as seen but not recognised and leave it alone (never click at a guess).
 */
export const HANDMADE_BANNER_PATH = '/cmp/handmade-banner';
export const HANDMADE_BANNER = { selector: '#dn-consent-strip', cookie: 'dn_consent' } as const;

function handmadeBannerPage(): PageParts {
  const answer = (value: string) =>
    `document.cookie='${HANDMADE_BANNER.cookie}=${value};path=/';document.getElementById('dn-consent-strip').remove();`;
  return {
    head: '',
    body: `<h1>Our own banner</h1><p>This page asks about cookies in its own words.</p>
<div id="dn-consent-strip" role="dialog" style="position:fixed;bottom:0;left:0;right:0;padding:1em;background:#fff;border-top:1px solid #999">
<p>We use cookies to remember your basket and to measure visits. Accept all, or reject all but what the shop needs.</p>
<span class="dn-choice" tabindex="0" onclick="${answer('yes')}">Accept all</span>
<span class="dn-choice" tabindex="0" onclick="${answer('no')}">Reject all</span></div>`,
  };
}

/** The CMP pages, the CMP libraries and the tag endpoints, or undefined for anything else. */
export function cmpRoute(host: string, path: string): CmpResponse | undefined {
  if (host !== STORE_HOST) return undefined;
  if (path === '/assets/cmp/run-cookieconsent.js') return { type: 'text/javascript', body: RUN_COOKIECONSENT };
  if (path.startsWith('/assets/cmp/')) return packageAsset(path);
  if (path.startsWith('/tag/')) return { type: 'text/plain', body: 'ok' };
  const standin = STANDIN_CMP_IDS.find((id) => path === STANDIN_PAGE_PATH(id));
  if (standin) return { type: 'text/html; charset=utf-8', body: standinPage(standin) };
  if (path === HANDMADE_BANNER_PATH) return { type: 'text/html; charset=utf-8', body: cmpPage(handmadeBannerPage()) };
  const cmp = CMP_IDS.find((id) => path === CMP_PAGE_PATH(id));
  return cmp ? { type: 'text/html; charset=utf-8', body: cmpPage(PAGES[cmp]()) } : undefined;
}
