/**
 * Stand-ins for commercial CMPs that are not on npm as runnable libraries (OneTrust, Cookiebot,
 * Didomi, Usercentrics, Complianz): our own small scripts that expose each vendor's documented
 * JavaScript API (the calls utils/consent/cmp/apis/ uses, shaped as the vendors' docs describe them),
 * show a banner, and when answered store a record and release the shop's gated tags. They prove the
 * extension's wiring end to end (page-world answerer → the API → record, tags, ledger), not that the
 * real vendor libraries behave as documented. No vendor code.
 */
import type { GatedPurpose } from './cmp-pages';

export const STANDIN_CMP_IDS = ['onetrust', 'cookiebot', 'didomi', 'usercentrics', 'complianz'] as const;
export type StandinCmpId = (typeof STANDIN_CMP_IDS)[number];

export const STANDIN_PAGE_PATH = (cmp: StandinCmpId) => `/cmp-standin/${cmp}`;
export const STANDIN_BANNER = '#standin-banner';
/** The stand-in's record: a cookie holding the gated purposes it released, as JSON. */
export const STANDIN_COOKIE = (cmp: StandinCmpId) => `standin_${cmp}`;

/** Each vendor's categories or purposes on the page, and the shop tag each one gates (null: none). */
const CATEGORIES: Record<StandinCmpId, { id: string; name: string; gates: GatedPurpose | null; required?: true }[]> = {
  onetrust: [
    { id: 'C0001', name: 'Strictly Necessary Cookies', gates: null, required: true },
    { id: 'C0003', name: 'Functional Cookies', gates: 'functional' },
    { id: 'C0002', name: 'Performance Cookies', gates: 'analytics' },
    { id: 'C0004', name: 'Targeting Cookies', gates: 'marketing' },
    { id: 'C0006', name: 'Personalisation Cookies', gates: 'personalization' },
  ],
  cookiebot: [
    { id: 'necessary', name: 'Necessary', gates: null, required: true },
    { id: 'preferences', name: 'Preferences', gates: 'functional' },
    { id: 'statistics', name: 'Statistics', gates: 'analytics' },
    { id: 'marketing', name: 'Marketing', gates: 'marketing' },
  ],
  didomi: [
    { id: 'functional', name: 'Functional', gates: 'functional' },
    { id: 'audience_measurement', name: 'Audience measurement', gates: 'analytics' },
    { id: 'select_basic_ads', name: 'Use limited data to select advertising', gates: 'marketing' },
    {
      id: 'select_personalized_content',
      name: 'Use profiles to select personalised content',
      gates: 'personalization',
    },
  ],
  usercentrics: [
    { id: 'essential', name: 'Essential', gates: null, required: true },
    { id: 'functional', name: 'Functional', gates: 'functional' },
    { id: 'analytics', name: 'Analytics', gates: 'analytics' },
    { id: 'marketing', name: 'Marketing', gates: 'marketing' },
    { id: 'personalization', name: 'Personalization', gates: 'personalization' },
  ],
  complianz: [
    { id: 'functional', name: 'Functional', gates: 'functional', required: true },
    { id: 'preferences', name: 'Preferences', gates: null },
    { id: 'statistics', name: 'Statistics', gates: 'analytics' },
    { id: 'marketing', name: 'Marketing', gates: 'marketing' },
  ],
};

/** The gated purposes a stand-in page has. */
export const STANDIN_GATED = (cmp: StandinCmpId): GatedPurpose[] =>
  CATEGORIES[cmp].flatMap((c) => (c.gates ? [c.gates] : []));

/** Each vendor's API over the shared core: `decide(acceptedIds)` stores, releases and closes. */
const API: Record<StandinCmpId, string> = {
  onetrust: `window.OneTrust = {
  GetDomainData: function () { return { Groups: CATS.map(function (c) { return { CustomGroupId: c.id, GroupName: c.name, Status: c.required ? 'always active' : 'inactive' }; }) }; },
  UpdateConsent: function (type, payload) { if (type !== 'Category') return; decide(payload.split(',').filter(function (p) { return p.split(':')[1] === '1'; }).map(function (p) { return p.split(':')[0]; })); },
  Close: function () { hide(); },
  IsAlertBoxClosed: function () { return closed; } };`,
  cookiebot: `window.Cookiebot = { consent: { necessary: true, preferences: false, statistics: false, marketing: false },
  submitCustomConsent: function (p, s, m) { decide(['necessary'].concat(p ? ['preferences'] : [], s ? ['statistics'] : [], m ? ['marketing'] : [])); },
  hide: function () { hide(); }, show: function () {} };`,
  didomi: `window.Didomi = { isReady: function () { return true; },
  getRequiredPurposes: function () { return CATS.map(function (c) { return { id: c.id, name: { en: c.name } }; }); },
  getRequiredVendors: function () { return [{ id: 'shop-tags' }]; },
  setUserStatus: function (s) { decide(s.purposes.consent.enabled); },
  notice: { hide: function () { hide(); } } };`,
  usercentrics: `window.__ucCmp = { isInitialized: function () { return Promise.resolve(true); },
  getConsentDetails: function () { var categories = {}; CATS.forEach(function (c) { categories[c.id] = { name: c.name, essential: !!c.required, state: 'ALL_DENIED', dps: null }; }); return Promise.resolve({ consent: { status: 'ALL_DENIED' }, services: {}, categories: categories }); },
  updateCategoriesConsents: function (list) { pending = list.filter(function (c) { return c.consent; }).map(function (c) { return c.id; }); return Promise.resolve(); },
  saveConsents: function () { decide(pending); return Promise.resolve(); },
  closeCmp: function () { hide(); return Promise.resolve(); } };`,
  complianz: `var cmplz = {};
window.cmplz_set_consent = function (category, value) { cmplz[category] = value; decide(Object.keys(cmplz).filter(function (k) { return cmplz[k] === 'allow'; })); };
window.cmplz_set_banner_status = function (status) { if (status === 'dismissed') hide(); };`,
};

function standinScript(cmp: StandinCmpId): string {
  return `(function () {
var CATS = ${JSON.stringify(CATEGORIES[cmp])};
var closed = false, pending = [];
function hide() { closed = true; var b = document.getElementById('standin-banner'); if (b) b.remove(); }
function decide(ids) {
  var gated = CATS.filter(function (c) { return c.gates && ids.indexOf(c.id) >= 0; }).map(function (c) { return c.gates; });
  document.cookie = '${STANDIN_COOKIE(cmp)}=' + encodeURIComponent(JSON.stringify(gated)) + ';path=/';
  gated.forEach(function (p) { new Image().src = '/tag/' + p + '?cmp=standin-${cmp}&t=' + Date.now(); });
}
${API[cmp]}
})();`;
}

/** The stand-in page: its banner, then the stand-in's API defined once the page has loaded (as a CMP loads late). */
export function standinPage(cmp: StandinCmpId): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cookies · Demo Outfitters</title>
<link rel="stylesheet" href="/assets/shop.css"></head>
<body data-page="cmp-standin"><header><a class="logo" href="/">Demo Outfitters</a></header>
<main><h1>${cmp} stand-in</h1><p>A stand-in for ${cmp}'s documented API gates this page's tags.</p></main>
<div id="standin-banner" role="dialog" style="position:fixed;bottom:0;left:0;right:0;padding:1em;background:#fff">Choose what this shop may do.</div>
<script>window.addEventListener('load', function () { setTimeout(function () { ${standinScript(cmp).replace(/<\//g, '<\\/')} }, 50); });</script>
</body></html>`;
}
