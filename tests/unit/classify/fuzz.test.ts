/**
 * Property tests: 10,000+ random and hostile requests (broken percent-encoding, binary, huge, deeply
 * nested JSON, junk base64, odd record shapes) never make the classifier throw, and its output keeps
 * its invariants. Bounded time is enforced by the caps in json.ts / parsed-request.ts and by the test
 * timeout, not by timed assertions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../utils/classify';
import { compileTrackerLists, loadTrackerLists } from '../../../utils/tracker-lists';
import { CATEGORIES } from '../../../utils/categories';
import { bodyToText } from '../../../utils/classify/body';
import { splitPlainUrl } from '../../../utils/wire/parsed-request';
import { parseQuery } from '../../../utils/wire/params';
import type { ClassifiedRequest, RequestRecord } from '../../../utils/model';

const classify = createClassifier();
const HOSTS = [
  'region1.google-analytics.com',
  'www.facebook.com',
  'analytics.tiktok.com',
  'ct.pinterest.com',
  'tr.snapchat.com',
  'bat.bing.com',
  'alb.reddit.com',
  'px.ads.linkedin.com',
  't.co',
  'sslwidget.criteo.com',
  's.amazon-adsystem.com',
  'demo.sc.omtrdc.net',
  'edge.adobedc.net',
  'demo.tt.omtrdc.net',
  'api.segment.io',
  'a.klaviyo.com',
  'api2.amplitude.com',
  'api-js.mixpanel.com',
  'heapanalytics.com',
  'in.hotjar.com',
  'rs.fullstory.com',
  'k.clarity.ms',
  'c.contentsquare.net',
  'direct-collect.dynamicyield.com',
  'recs.richrelevance.com',
  'engine.monetate.net',
  'connect.nosto.com',
  'app-dsn.algolia.net',
  'insights.algolia.io',
  'p.brsrvr.com',
  'api.rlcdn.com',
  'prod.uidapi.com',
  'metrics.shop.example',
  'www.shop.example',
  'cdn.example',
  '127.0.0.1',
  '[::1]',
  'xn--bcher-kva.example',
];
const PATHS = [
  '/g/collect',
  '/collect',
  '/tr/',
  '/api/v2/pixel',
  '/v3/',
  '/p',
  '/action/0',
  '/rp.gif',
  '/wa/',
  '/i/adsct',
  '/event',
  '/iu3',
  '/e/dtb/bid',
  '/b/ss/rsid/1/JS-2/s1',
  '/ee/v1/interact',
  '/rest/v1/delivery',
  '/v1/t',
  '/v1/batch',
  '/api/track',
  '/client/events/',
  '/2/httpapi',
  '/track/',
  '/engage/',
  '/h',
  '/api/v2/client/sites/1/visit-data',
  '/rec/bundle/v2',
  '/rec/page',
  '/collect',
  '/pageview',
  '/dpx',
  '/rrserver/p13n_generated.js',
  '/api/engine/v1/decide/x',
  '/ev1',
  '/1/indexes/*/queries',
  '/1/events',
  '/pix.gif',
  '/api/identity/envelope',
  '/v2/token/client-generate',
  '/',
  '/a/b/c.jpg',
];

const junk = fc.oneof(
  fc.string({ maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 32 }),
  fc.constantFrom(
    '%',
    '%zz',
    '%E0%A4%A',
    '%%%',
    '%C3',
    '%00',
    '\u0000',
    '\uD800',
    '=',
    '&&',
    '[',
    ']',
    '{',
    '"',
    'eyJ',
    'W3s',
    '@',
    '@2x.png',
  ),
  fc.uint8Array({ maxLength: 48 }).map((b) => String.fromCharCode(...b)),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 64 }),
  fc.base64String({ maxLength: 80 }),
  fc.emailAddress(),
  fc.webUrl({ withQueryParameters: true }),
);

const query = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'q',
          'email',
          'em',
          'ud[em]',
          'cd[value]',
          'data',
          'p0',
          'ed',
          'pd',
          'ctx',
          'p',
          'e',
          'events',
          'dl',
          'uid',
          'lat',
          'zip',
          'sr',
          'ex-fargs',
          'pt',
          'products',
          'events',
        ),
        fc.string({ maxLength: 12 }),
      ),
      junk,
    ),
    { maxLength: 12 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

const body = fc.oneof(
  fc.constant(undefined),
  junk,
  fc.json({ depthSize: 'large' }),
  fc
    .jsonValue({ maxDepth: 6 })
    .map((v) => JSON.stringify({ events: [{ event: 'purchase', properties: v }], context: v })),
  query,
  fc.array(fc.json(), { maxLength: 5 }).map((lines) => lines.join('\n')),
  fc.integer({ min: 1, max: 3000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1, max: 2000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => `data=${Buffer.from(JSON.stringify(v)).toString('base64')}`),
);

const record: fc.Arbitrary<RequestRecord> = fc.record({
  url: fc.oneof(
    fc
      .tuple(
        fc.constantFrom('https://', 'http://', 'wss://'),
        fc.constantFrom(...HOSTS),
        fc.constantFrom(...PATHS),
        query,
      )
      .map(([s, h, p, q]) => `${s}${h}${p}?${q}`),
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    junk,
  ),
  method: fc.constantFrom('GET', 'POST', 'PUT', ''),
  type: fc.constantFrom('image', 'script', 'xmlhttprequest', 'ping', 'font', 'stylesheet', 'other'),
  documentUrl: fc.option(fc.oneof(fc.webUrl(), junk), { nil: undefined }),
  requestBody: body,
  bodyUnreadable: fc.option(fc.boolean(), { nil: undefined }),
  typed: fc.option(
    fc.record({
      email: fc.option(junk, { nil: undefined }),
      phone: fc.option(junk, { nil: undefined }),
      name: fc.option(junk, { nil: undefined }),
      postalCode: fc.option(junk, { nil: undefined }),
    }),
    { nil: undefined },
  ),
}) as fc.Arbitrary<RequestRecord>;

function checkInvariants(out: ClassifiedRequest): void {
  expect(Array.isArray(out.categories)).toBe(true);
  for (const c of out.categories) expect(CATEGORIES).toContain(c);
  expect(new Set(out.categories).size).toBe(out.categories.length);
  expect(out.evidence.length).toBeLessThanOrEqual(32);
  for (const e of out.evidence) {
    expect(out.categories).toContain(e.category);
    expect(typeof e.sample).toBe('string');
    expect(e.sample.length).toBeLessThanOrEqual(90);
  }
  expect(out).not.toHaveProperty('typed');
}

describe('classifier under random and hostile input', () => {
  it('never throws on 8,000 random records', () => {
    fc.assert(
      fc.property(record, (r) => {
        checkInvariants(classify(r));
      }),
      { numRuns: 8000, seed: 20261125 },
    );
    // Seconds alone; the generous limit is for a machine shared with other test runs.
  }, 90_000);

  it('never throws on 1,000 random records with tracker lists asked by URL', () => {
    const lists = loadTrackerLists(
      compileTrackerLists({
        easylist: '/ads/*\n||ads.example^\n@@||ads.example/ok',
        easyprivacy: '/pixel.gif?\n/collect',
      }),
    );
    const withLists = createClassifier({ trackerLists: lists });
    fc.assert(
      fc.property(record, (r) => {
        checkInvariants(withLists(r));
      }),
      { numRuns: 1000, seed: 20261204 },
    );
  }, 60_000);

  it('never throws on 1,000 records of arbitrary shape (what an NDJSON line may hold)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (url, rest) => {
        const r = { ...(typeof rest === 'object' && rest !== null ? rest : {}), url } as unknown as RequestRecord;
        checkInvariants(classify(r));
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('never throws on huge bodies and URLs, and caps the work', () => {
    const huge = 'x'.repeat(3 * 1024 * 1024);
    const hugeJson = JSON.stringify({
      events: Array.from({ length: 50_000 }, (_, i) => ({ email: `u${i}@example.com`, lat: 52.5 })),
    });
    const cases: RequestRecord[] = [
      { url: `https://api.segment.io/v1/batch`, method: 'POST', type: 'xmlhttprequest', requestBody: hugeJson },
      { url: `https://collect.unknown.example/e?d=${huge.slice(0, 1_000_000)}`, method: 'GET', type: 'image' },
      { url: 'https://collect.unknown.example/e', method: 'POST', type: 'ping', requestBody: huge },
      {
        url: 'https://collect.unknown.example/e',
        method: 'POST',
        type: 'ping',
        requestBody: `${'{"a":['.repeat(100_000)}`,
      },
      {
        url: 'https://collect.unknown.example/e',
        method: 'POST',
        type: 'ping',
        requestBody: Array.from({ length: 20_000 }, () => '{"q":"shoes"}').join('\n'),
      },
    ];
    for (const c of cases) checkInvariants(classify({ ...c, typed: { email: 'u1@example.com' } }));
  });

  it('bodyToText never throws on 1,000 random byte strings', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }),
        fc.constantFrom('', 'gzip', 'deflate', 'br', 'identity'),
        fc.constantFrom('', 'multipart/form-data; boundary=x', 'application/json'),
        (bytes, enc, type) => {
          const out = bodyToText(bytes, { headers: { 'content-encoding': enc, 'content-type': type } });
          expect(typeof out.unreadable).toBe('boolean');
        },
      ),
      { numRuns: 1000, seed: 3 },
    );
  });
});

describe('splitPlainUrl (the fast path around new URL)', () => {
  it('agrees with new URL on host, path and decoded query whenever it accepts a URL', () => {
    const char = fc.constantFrom(...'abcXYZ019-._~!$&\'()*+,;=:@/?#%[]{}<>"` \t\n\u0001\u007f\u00e9\\');
    const part = fc.string({ unit: char, maxLength: 24 });
    const url = fc.oneof(
      fc
        .tuple(
          fc.constantFrom('https://', 'http://', 'HTTPS://'),
          fc.constantFrom(
            'www.shop.example',
            'a.b',
            '127.0.0.1',
            '0x7f.1',
            'xn--bcher-kva.example',
            'shop.example:8443',
            'Shop.Example',
            'a..b',
            '1.2.3',
          ),
          part,
          part,
        )
        .map(([s, h, p, q]) => `${s}${h}/${p}?${q}`),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
    );
    let accepted = 0;
    fc.assert(
      fc.property(url, (raw) => {
        const fast = splitPlainUrl(raw);
        if (!fast) return;
        accepted++;
        const ref = new URL(raw);
        expect(fast.host).toBe(ref.hostname);
        expect(fast.path).toBe(ref.pathname);
        expect([...parseQuery(fast.search.slice(1))]).toEqual([...ref.searchParams]);
      }),
      { numRuns: 3000, seed: 11 },
    );
    // The comparison must actually have run on a good share of the inputs.
    expect(accepted).toBeGreaterThan(600);
  });
});

describe('precision on benign asset traffic', () => {
  it('image, font and script URLs with numeric, hex and size parameters never read as search or contact', () => {
    // Realistic asset parameters: what each name carries on image, font and script URLs.
    const num = fc.integer({ min: 0, max: 5000 }).map(String);
    const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 6, maxLength: 64 });
    const pair = fc.oneof(
      fc.tuple(fc.constantFrom('q', 'w', 'h', 'width', 'height', 'quality', 'dpr', 'blur'), num),
      fc.tuple(fc.constantFrom('v', 'ver', 'hash', 'cb', 't', 'integrity', 'rev'), fc.oneof(hex, num)),
      fc.tuple(fc.constantFrom('fm', 'format', 'auto'), fc.constantFrom('webp', 'avif', 'jpg', 'format', 'compress')),
      fc.tuple(fc.constantFrom('fit', 'crop'), fc.constantFrom('crop', 'center', 'faces', 'max')),
      fc.tuple(fc.constantFrom('family'), fc.constantFrom('Inter:wght@400;700', 'Roboto Mono', 'Open Sans:ital@1')),
      fc.tuple(fc.constantFrom('display'), fc.constantFrom('swap', 'block')),
    );
    const url = fc
      .tuple(
        fc.constantFrom(
          'https://images.shop.example',
          'https://cdn.example-img.net',
          'https://fonts.gstatic.com',
          'https://static.shop.example',
          'https://shop-images.imgix.example',
        ),
        fc.constantFrom(
          '/p/shoe.jpg',
          '/s/inter/v13/font.woff2',
          '/js/app.js',
          '/img/icon@2x.png',
          '/css/site.css',
          '/media/banner.webp',
          '/i/product',
        ),
        fc.array(pair, { maxLength: 6 }),
      )
      .map(
        ([host, path, pairs]) => `${host}${path}?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`,
      );
    fc.assert(
      fc.property(url, fc.constantFrom('image', 'font', 'script', 'stylesheet'), (u, type) => {
        const out = classify({ url: u, method: 'GET', type, documentUrl: 'https://www.shop.example/p/1' });
        expect(out.categories).not.toContain('search');
        expect(out.categories).not.toContain('contact');
      }),
      { numRuns: 2000, seed: 5 },
    );
  });
});
