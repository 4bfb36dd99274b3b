/**
 * Compliant and non-compliant variants of the demo store, for the audit's tests and benchmark. The
 * same pages are served under other shop names; the mode rewrites each page's tags:
 * - compliant (www.compliant-shop[-N].test): vendor tags load only once the shopper accepts the
 *   cookie banner, never while the browser sends Global Privacy Control; /.well-known/gpc.json
 *   declares GPC support.
 * - non-compliant (www.noncompliant-shop[-N].test): tags fire at once, before any answer to the
 *   banner, GPC is ignored, the signed-in shopper's email goes hashed to Meta's advanced matching, and
 *   the TikTok tag, as some real SDKs do, stays silent when navigator.webdriver says "automation".
 * The default store (www.demo-store.test) is left as it is.
 */
import { IDS, VENDOR_TAGS } from './pages';

export const STORE_MODES = ['compliant', 'non-compliant'] as const;
export type StoreMode = (typeof STORE_MODES)[number];

const MODE_PREFIX: Record<StoreMode, string> = { compliant: 'compliant-shop', 'non-compliant': 'noncompliant-shop' };
const MODE_HOST = /^www\.(compliant|noncompliant)-shop(?:-\d+)?\.test$/;

/** Host name of a shop in this mode; `variant` tells several shops of one mode apart (another site each). */
export function storeModeHost(mode: StoreMode, variant?: number): string {
  return `www.${MODE_PREFIX[mode]}${variant === undefined ? '' : `-${variant}`}.test`;
}

/** The mode a host name serves, or undefined when it is not a mode shop. */
export function storeModeOf(host: string): StoreMode | undefined {
  const m = MODE_HOST.exec(host);
  if (!m) return undefined;
  return m[1] === 'compliant' ? 'compliant' : 'non-compliant';
}

/** The signed-in shopper of the non-compliant shop, whose email it hands to Meta. */
export const SIGNED_IN_EMAIL = 'jane.doe@example.com';

/** What /.well-known/gpc.json answers (https://privacycg.github.io/gpc-spec/#gpc-support-resource). */
export function gpcSupportResource(mode: StoreMode): string | undefined {
  return mode === 'compliant' ? JSON.stringify({ gpc: true, lastUpdate: '2026-12-01' }) : undefined;
}

const BANNER = `<div id="consent-banner" role="dialog" aria-label="Cookie consent">
<p>We and our partners use cookies for analytics and advertising.</p>
<button id="consent-accept" type="button">Accept all</button> <button id="consent-reject" type="button">Reject all</button></div>`;

const tagElement = (src: string) => `<script defer src="${src}"></script>`;

/** Loads the vendor tags only after "Accept all", and never under GPC: what an opt-out asks of a shop. */
function consentGate(): string {
  return `<script>(function () {
  var tags = ${JSON.stringify(VENDOR_TAGS)};
  function load() {
    if (navigator.globalPrivacyControl === true) return;
    tags.forEach(function (src) { var s = document.createElement('script'); s.src = src; document.head.appendChild(s); });
  }
  function answer(choice) {
    localStorage.setItem('consent', choice);
    document.getElementById('consent-banner').hidden = true;
    if (choice === 'accepted') load();
  }
  var stored = localStorage.getItem('consent');
  if (stored === 'accepted') load();
  document.addEventListener('DOMContentLoaded', function () {
    if (stored) document.getElementById('consent-banner').hidden = true;
    document.getElementById('consent-accept').addEventListener('click', function () { answer('accepted'); });
    document.getElementById('consent-reject').addEventListener('click', function () { answer('rejected'); });
  });
})();</script>`;
}

/** Rewrites a page of the default store into the mode's page. */
export function applyStoreMode(html: string, mode: StoreMode): string {
  const tiktok = VENDOR_TAGS.find((src) => src.includes('analytics.tiktok.com'))!;
  let out = html.replace('<main>', `${BANNER}\n<main>`);
  if (mode === 'compliant') {
    for (const src of VENDOR_TAGS) out = out.replace(tagElement(src), '');
    return out.replace('</head>', `${consentGate()}\n</head>`);
  }
  const hashedEmail = `<script>fbq('init', ${JSON.stringify(IDS.metaPixel)}, { em: ${JSON.stringify(SIGNED_IN_EMAIL)} });</script>`;
  const shyTikTok = `<script>if (!navigator.webdriver) { var s = document.createElement('script'); s.src = ${JSON.stringify(tiktok)}; document.head.appendChild(s); }</script>`;
  return out.replace(tagElement(tiktok), `${hashedEmail}\n${shyTikTok}`);
}
