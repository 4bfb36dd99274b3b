import { describe, expect, it } from 'vitest';
import { FiltersEngine, Request, type RequestType } from '@ghostery/adblocker';
import { compileTrackerLists, loadTrackerLists, type TrackerListQuery } from '../../../utils/tracker-lists';
import { hostOfUrl, siteOfHost } from '../../../utils/recipient/site';
import { createClassifier } from '../../../utils/classify';
import type { TrackerDb } from '../../../utils/trackerdb';

// Small lists in the lists' own syntax: what each case needs, compiled in milliseconds.
const EASYLIST = [
  '[Adblock Plus 2.0]',
  '! a comment',
  '/ads/banner*.js',
  '||adserver.example^$third-party',
  '||cdn.example/ads/',
  '@@||cdn.example/ads/allowed.js',
  '||video.example/ad.mp4$important',
  '@@||video.example^',
  '||static.example/preroll$rewrite=abp-resource:blank-mp4',
  '##.ad-banner',
].join('\n');
const EASYPRIVACY = [
  '[Adblock Plus 2.0]',
  '||beacon.shop.example^',
  '/pixel.gif?',
  '/tracking/collect?',
  '||metrics.example^$third-party',
].join('\n');

const lists = loadTrackerLists(compileTrackerLists({ easylist: EASYLIST, easyprivacy: EASYPRIVACY }));

function query(url: string, documentUrl: string, type = 'script'): TrackerListQuery {
  const host = hostOfUrl(url);
  const documentHost = hostOfUrl(documentUrl);
  return { url, type, host, site: siteOfHost(host), documentHost, documentSite: siteOfHost(documentHost) };
}

const PAGE = 'https://www.shop.example/p/1';

describe('tracker lists (EasyList + EasyPrivacy through @ghostery/adblocker)', () => {
  it('names ad paths on generic hosts as advertising, from EasyList', () => {
    expect(lists.match(query('https://s3.amazonaws.com/bucket/ads/banner728.js', PAGE))).toEqual({
      list: 'easylist',
      kind: 'advertising',
      rule: String.raw`\/ads\/banner.*\.js`, // the engine's rendering of /ads/banner*.js
    });
    expect(lists.match(query('https://cdn.example/ads/x.png', PAGE, 'image'))?.list).toBe('easylist');
  });

  it('names tracking, including first-party collection paths, as analytics, from EasyPrivacy', () => {
    expect(lists.match(query('https://beacon.shop.example/vm/ttap.gif?id=1', PAGE, 'image'))).toMatchObject({
      list: 'easyprivacy',
      kind: 'analytics',
    });
    expect(lists.match(query('https://www.shop.example/tracking/collect?uid=1', PAGE, 'xmlhttprequest'))).toMatchObject(
      { list: 'easyprivacy', kind: 'analytics', rule: '/tracking/collect?' },
    );
  });

  it('keeps the lists’ exceptions, party and $important semantics', () => {
    expect(lists.match(query('https://cdn.example/ads/allowed.js', PAGE))).toBeUndefined();
    expect(lists.match(query('https://metrics.example/m.js', 'https://www.metrics.example/'))).toBeUndefined();
    expect(lists.match(query('https://metrics.example/m.js', PAGE))?.list).toBe('easyprivacy');
    expect(lists.match(query('https://video.example/ad.mp4', PAGE, 'media'))?.rule).toBe(
      '||video.example^/ad.mp4$important',
    );
    expect(lists.match(query('https://video.example/clip.mp4', PAGE, 'media'))).toBeUndefined();
    expect(lists.match(query('https://www.shop.example/p/2', PAGE, 'xmlhttprequest'))).toBeUndefined();
  });

  it('decides exactly as the engine’s own match() on every case', () => {
    const engine = FiltersEngine.parse(`${EASYLIST}\n${EASYPRIVACY}`, { loadCosmeticFilters: false });
    const cases: [string, string, string][] = [
      ['https://s3.amazonaws.com/bucket/ads/banner728.js', PAGE, 'script'],
      ['https://adserver.example/a.js', PAGE, 'script'],
      ['https://adserver.example/a.js', 'https://adserver.example/', 'script'],
      ['https://cdn.example/ads/allowed.js', PAGE, 'script'],
      ['https://cdn.example/ads/other.js', PAGE, 'script'],
      ['https://video.example/ad.mp4', PAGE, 'media'],
      ['https://video.example/clip.mp4', PAGE, 'media'],
      ['https://static.example/preroll.mp4', PAGE, 'media'],
      ['https://beacon.shop.example/x', PAGE, 'image'],
      ['https://www.shop.example/pixel.gif?a=1', PAGE, 'image'],
      ['https://www.shop.example/pixel.gif', PAGE, 'image'],
      ['https://metrics.example/m.js', PAGE, 'script'],
      ['https://unrelated.example/app.js?x=1', PAGE, 'script'],
      ['wss://adserver.example/socket', PAGE, 'websocket'],
    ];
    for (const [url, documentUrl, type] of cases) {
      const expected = engine.match(Request.fromRawDetails({ url, sourceUrl: documentUrl, type: type as RequestType }));
      expect(lists.match(query(url, documentUrl, type)) !== undefined, url).toBe(expected.match);
    }
  });

  it('refuses bytes that are not compiled lists with a clear error', () => {
    expect(() => loadTrackerLists(new Uint8Array([1, 2, 3]))).toThrow(/too short/);
    expect(() => loadTrackerLists(new Uint8Array(64))).toThrow(/not a compiled tracker-lists file/);
    const good = compileTrackerLists({ easylist: EASYLIST, easyprivacy: EASYPRIVACY });
    expect(() => loadTrackerLists(good.slice(0, 40))).toThrow(/truncated/);
  });
});

describe('the classifier with tracker lists', () => {
  const classify = createClassifier({ trackerLists: lists });

  it('names a generic host’s ad path with a kind, and says the name came from the lists', () => {
    const out = classify({
      url: 'https://s3.amazonaws.com/b/ads/banner1.js',
      method: 'GET',
      type: 'script',
      documentUrl: PAGE,
    });
    expect(out).toMatchObject({
      thirdParty: true,
      kind: 'advertising',
      nameSource: 'lists',
      nameRule: String.raw`easylist: \/ads\/banner.*\.js`,
    });
  });

  it('names a first-party collection path without making it third party, and reads its parameters', () => {
    const out = classify({
      url: 'https://www.shop.example/tracking/collect?uid=5f2b9c1e7a&page=%2Fp%2F1',
      method: 'GET',
      type: 'xmlhttprequest',
      documentUrl: PAGE,
    });
    expect(out).toMatchObject({ thirdParty: false, kind: 'analytics', nameSource: 'lists' });
    expect(out.categories).toContain('identifiers');
  });

  it('leaves the shop’s own page requests first party', () => {
    const out = classify({
      url: 'https://www.shop.example/p/2',
      method: 'GET',
      type: 'xmlhttprequest',
      documentUrl: PAGE,
    });
    expect(out).toMatchObject({ thirdParty: false, kind: 'first-party', nameSource: 'site' });
    expect(out.nameRule).toBeUndefined();
  });

  it('asks the lists only when host data has no tracking answer', () => {
    const hostData = (kind: 'cdn' | 'advertising'): TrackerDb => ({
      lookupHost: (host) =>
        host.endsWith('amazonaws.com') ? { organization: 'Amazon', kind, name: 'AWS' } : undefined,
    });
    const record = {
      url: 'https://s3.amazonaws.com/b/ads/banner1.js',
      method: 'GET',
      type: 'script',
      documentUrl: PAGE,
    };
    // A CDN answer is no answer about tracking: the lists name the ad path, the organization stays.
    expect(createClassifier({ trackerDb: hostData('cdn'), trackerLists: lists })(record)).toMatchObject({
      organization: 'Amazon',
      kind: 'advertising',
      nameSource: 'lists',
    });
    expect(createClassifier({ trackerDb: hostData('advertising'), trackerLists: lists })(record)).toMatchObject({
      kind: 'advertising',
      nameSource: 'trackerdb',
    });
    // Our decoders and registry come first.
    expect(
      classify({
        url: 'https://www.facebook.com/tr/?id=1&ev=PageView',
        method: 'GET',
        type: 'image',
        documentUrl: PAGE,
      }),
    ).toMatchObject({ vendor: 'meta-pixel', nameSource: 'decoder' });
  });

  it('names nothing from the lists when it has none', () => {
    const out = createClassifier()({
      url: 'https://s3.amazonaws.com/b/ads/banner1.js',
      method: 'GET',
      type: 'script',
      documentUrl: PAGE,
    });
    expect(out).toMatchObject({ kind: 'unknown', nameSource: 'site' });
  });
});
