/**
 * The synthetic flows of the ledger bench (bench/ledger.bench.ts), in their own module so the unit
 * test that pins redaction's output (tests/unit/ledger/redact-golden.test.ts) redacts the very flows
 * the bench times.
 */
import type { Category } from '../utils/categories';
import type { Flow, TrackerKind } from '../utils/model';

export const BENCH_T0 = Date.UTC(2025, 10, 1);
export const BIG_RETAILER = 'big-shop.test';

export const RECIPIENTS: [string, string, TrackerKind, Category[]][] = [
  ['google-analytics.com', 'Google', 'analytics', ['browsing', 'identifiers']],
  ['facebook.com', 'Meta', 'advertising', ['browsing', 'purchases', 'contact']],
  ['criteo.com', 'Criteo', 'advertising', ['browsing', 'identifiers']],
  ['tiktok.com', 'ByteDance', 'advertising', ['browsing', 'device']],
  ['fullstory.com', 'FullStory', 'session-replay', ['behavior', 'device']],
  ['dynamicyield.com', 'Dynamic Yield', 'personalization', ['browsing', 'search']],
];
for (let i = 0; i < 24; i++) RECIPIENTS.push([`tracker-${i}.test`, `Tracker ${i}`, 'advertising', ['identifiers']]);

/**
 * Flow n of a synthetic ledger of `total` flows: half of them from one big retailer, a year (the
 * default retention), 30 recipients.
 */
export function syntheticFlow(n: number, total: number): Flow {
  const site = n % 2 === 0 ? BIG_RETAILER : `shop-${n % 97}.test`;
  const [recipientSite, organization, kind, categories] = RECIPIENTS[n % RECIPIENTS.length];
  return {
    key: `bench:${n}`,
    ts: BENCH_T0 + Math.floor((n / total) * 365 * 86_400_000),
    site,
    pageUrl: `https://www.${site}/p/item-${n % 5000}`,
    url: `https://www.${recipientSite}/collect?v=2&tid=X-123&cid=${n}.${n % 977}&en=page_view&dl=https%3A%2F%2Fwww.${site}%2Fp%2Fitem-${n % 5000}`,
    method: 'GET',
    requestType: 'image',
    recipient: `www.${recipientSite}`,
    recipientSite,
    organization,
    kind,
    thirdParty: true,
    categories,
    evidence: categories.map((category) => ({ category, where: 'url' as const, key: 'cid', sample: '12…77' })),
    action: n % 10 === 0 ? 'blocked' : 'allowed',
  };
}

/**
 * Flow n as the redactor sees it: every other one a Meta pixel hit carrying hashed contact. With
 * `freshIds` every id is new (each one pays for its keyed digest); otherwise ids repeat per shop, as a
 * browser's cookies do (one GA client id and one _fbp per site), so digests come from the cache.
 */
export function flowToRedact(n: number, freshIds: boolean, total: number): Flow {
  const flow = syntheticFlow(n, total);
  const id = freshIds ? n : n % 97;
  const hex = (seed: number) => (Math.imul(seed + 1, 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(8);
  if (n % 2 === 0)
    return { ...flow, url: flow.url.replace(/cid=[^&]+/, `cid=${1_000_000 + id}.${1_700_000_000 + id}`) };
  return {
    ...flow,
    recipientSite: 'facebook.com',
    url:
      `https://www.facebook.com/tr/?id=1234567890&ev=Purchase&dl=https%3A%2F%2Fwww.${flow.site}%2Fcheckout` +
      `&ud[em]=${hex(id)}&ud[ph]=${hex(id + 7)}&fbp=fb.1.1700000000000.${id}&cd[value]=42.00`,
    evidence: [
      { category: 'contact', where: 'url', key: 'ud[em]', sample: 'typed email, SHA-256 hashed' },
      { category: 'identifiers', where: 'url', key: 'fbp', sample: `fb.1…${id % 100}` },
    ],
  };
}
