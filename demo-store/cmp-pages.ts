/**
 * The CMP-gated mode of the demo store: the same shop with a real open-source consent management
 * platform from npm gating its tags, as a shop configures it. Each gated tag calls a first-party
 * endpoint named for its purpose (`/tag/<purpose>?cmp=<cmp>`): the extension never blocks the shop's
 * own host, so what arrives there shows what the CMP released, i.e. what it was told.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { STORE_HOST } from './pages';

export const CMP_IDS = ['klaro', 'vanilla-cookieconsent'] as const;
export type CmpId = (typeof CMP_IDS)[number];

export const CMP_PAGE_PATH = (cmp: CmpId) => `/cmp/${cmp}`;
/** The purposes each page gates, as the CMP calls them. */
export const GATED_PURPOSES = ['functional', 'analytics', 'marketing', 'personalization'] as const;
export type GatedPurpose = (typeof GATED_PURPOSES)[number];

/** Where each CMP keeps its record: cookie name. */
export const CMP_COOKIES: Record<CmpId, string> = { klaro: 'klaro', 'vanilla-cookieconsent': 'cc_cookie' };

const require = createRequire(import.meta.url);
const ASSETS: Record<string, { file: string; type: string }> = {
  '/assets/cmp/klaro.js': { file: 'klaro/dist/klaro.js', type: 'text/javascript' },
  '/assets/cmp/cookieconsent.umd.js': {
    file: 'vanilla-cookieconsent/dist/cookieconsent.umd.js',
    type: 'text/javascript',
  },
  '/assets/cmp/cookieconsent.css': { file: 'vanilla-cookieconsent/dist/cookieconsent.css', type: 'text/css' },
};

const tag = (purpose: GatedPurpose, cmp: CmpId) => `new Image().src='/tag/${purpose}?cmp=${cmp}&t='+Date.now();`;

function klaroPage(): { head: string; body: string } {
  const services = GATED_PURPOSES.map((purpose) => ({
    name: `${purpose}-tag`,
    title: `${purpose[0].toUpperCase()}${purpose.slice(1)} tag`,
    purposes: [purpose],
  }));
  const config = {
    elementID: 'klaro',
    storageMethod: 'cookie',
    cookieName: CMP_COOKIES.klaro,
    default: false,
    mustConsent: false,
    acceptAll: true,
    services,
  };
  const gated = GATED_PURPOSES.map(
    (p) => `<script type="text/plain" data-type="text/javascript" data-name="${p}-tag">${tag(p, 'klaro')}</script>`,
  ).join('\n');
  return {
    head: `<script>window.klaroConfig=${JSON.stringify(config)};</script>\n<script defer src="/assets/cmp/klaro.js"></script>\n${gated}`,
    body: '<h1>Klaro-gated page</h1><p>Tags on this page run only with the consent Klaro records.</p>',
  };
}

function vanillaCookieconsentPage(): { head: string; body: string } {
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
  return {
    head: `<link rel="stylesheet" href="/assets/cmp/cookieconsent.css">\n${gated}\n<script defer src="/assets/cmp/cookieconsent.umd.js"></script>\n<script defer src="/assets/cmp/run-cookieconsent.js"></script>`,
    body: `<h1>CookieConsent-gated page</h1><p>Tags on this page run only with the consent CookieConsent records.</p><script type="application/json" id="cc-config">${JSON.stringify(config)}</script>`,
  };
}

// Run once the library has loaded (deferred scripts keep document order).
const RUN_COOKIECONSENT = `CookieConsent.run(JSON.parse(document.getElementById('cc-config').textContent));`;

/** A lean shop page: the CMP and its gated tags only, so what arrives is what the CMP released. */
function cmpPage({ head, body }: { head: string; body: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cookies · Demo Outfitters</title>
<link rel="stylesheet" href="/assets/shop.css">
${head}
</head><body data-page="cmp"><header><a class="logo" href="/">Demo Outfitters</a></header>
<main>${body}</main></body></html>`;
}

export interface CmpResponse {
  type: string;
  body: string | Buffer;
}

/** The CMP pages, the CMP libraries and the tag endpoints, or undefined for anything else. */
export function cmpRoute(host: string, path: string): CmpResponse | undefined {
  if (host !== STORE_HOST) return undefined;
  const asset = ASSETS[path];
  if (asset) return { type: asset.type, body: readFileSync(require.resolve(asset.file)) };
  if (path === '/assets/cmp/run-cookieconsent.js') return { type: 'text/javascript', body: RUN_COOKIECONSENT };
  if (path.startsWith('/tag/')) return { type: 'text/plain', body: 'ok' };
  const page =
    path === CMP_PAGE_PATH('klaro')
      ? klaroPage()
      : path === CMP_PAGE_PATH('vanilla-cookieconsent')
        ? vanillaCookieconsentPage()
        : undefined;
  if (!page) return undefined;
  return { type: 'text/html; charset=utf-8', body: cmpPage(page) };
}
