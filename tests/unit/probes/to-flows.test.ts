import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../utils/classify';
import { scoreProbeReport } from '../../../utils/probes/score';
import {
  domTrackerKey,
  domTrackerRecord,
  domTrackerToFlow,
  isDomTracker,
  probeFlowKey,
  probeScriptRecord,
  probeVerdictToFlow,
} from '../../../utils/probes/to-flows';
import type { ProbeVerdict } from '../../../utils/probes/apis';
import { probeFixture } from './load-fixture';

// The classifier without the tracker database: identities come from our vendor registry and entity map.
const classify = createClassifier();

function flowsFor(fixture: string, pageUrl: string) {
  return scoreProbeReport(probeFixture(fixture)).map((verdict) =>
    probeVerdictToFlow(verdict, classify(probeScriptRecord(verdict, pageUrl)), { pageUrl, ts: 1_700_000_000_000 }),
  );
}

describe('probeVerdictToFlow', () => {
  it('FullStory session replay on the demo store: a behavior row for fullstory.com, kind session-replay, dom evidence', () => {
    const [flow] = flowsFor('fullstory-recorder-from-vendor-host', 'https://www.demo-store.test/');
    expect(flow).toMatchObject({
      key: 'probe:https://www.demo-store.test/#session-replay:https://edge.fullstory.com/s/fs.js',
      site: 'demo-store.test',
      pageUrl: 'https://www.demo-store.test/',
      url: 'https://edge.fullstory.com/s/fs.js',
      method: 'DOM',
      requestType: 'probe',
      recipient: 'edge.fullstory.com',
      recipientSite: 'fullstory.com',
      organization: 'FullStory',
      kind: 'session-replay',
      vendor: 'fullstory',
      thirdParty: true,
      categories: ['behavior'],
      action: 'allowed',
    });
    expect(flow?.evidence).toContainEqual({
      category: 'behavior',
      where: 'dom',
      key: 'global:FS',
      sample: 'present',
      source: 'probe:session-replay',
    });
    expect(flow?.evidence).toContainEqual({
      category: 'behavior',
      where: 'dom',
      key: 'listen.key-global',
      sample: '1×',
      source: 'probe:session-replay',
    });
  });

  it('fingerprinting from an unknown third-party host: a device row, kind identity (not "unknown")', () => {
    const [flow] = flowsFor('fingerprintjs-like-canvas-webgl-audio-fonts', 'https://www.demo-store.test/account/login');
    expect(flow).toMatchObject({
      recipient: 'fpnpmcdn.net',
      recipientSite: 'fpnpmcdn.net',
      thirdParty: true,
      categories: ['device'],
      kind: 'identity',
    });
    expect(flow?.evidence.map((e) => e.key)).toContain('webgl.renderer');
  });

  it('a first-party recorder with no known vendor is the shop itself: no ledger row', () => {
    const verdicts = scoreProbeReport(probeFixture('rrweb-self-hosted-recorder'));
    expect(verdicts).toHaveLength(1);
    expect(flowsFor('rrweb-self-hosted-recorder', 'https://shop.example/checkout')).toEqual([undefined]);
  });

  it('inline code stands for the page, so it is first party and gives no row', () => {
    const verdict: ProbeVerdict = {
      script: 'inline',
      kind: 'keystroke-capture',
      score: 4,
      signals: ['listen.key-global=1', 'listen.field=3'],
    };
    const pageUrl = 'https://www.demo-store.test/checkout';
    expect(probeScriptRecord(verdict, pageUrl).url).toBe(pageUrl);
    expect(
      probeVerdictToFlow(verdict, classify(probeScriptRecord(verdict, pageUrl)), { pageUrl, ts: 1 }),
    ).toBeUndefined();
  });

  it('keys are stable per page, kind and script: fragments and re-reports do not add rows, other kinds do', () => {
    const verdict = { script: 'https://t.example/x.js', kind: 'fingerprinting' } as const;
    expect(probeFlowKey('https://a.example/p#x', verdict)).toBe(probeFlowKey('https://a.example/p', verdict));
    expect(probeFlowKey('https://a.example/p', verdict)).not.toBe(
      probeFlowKey('https://a.example/p', { ...verdict, kind: 'session-replay' }),
    );
    expect(probeFlowKey('https://a.example/p', verdict)).not.toBe(probeFlowKey('https://a.example/q', verdict));
  });
});

describe('DOM-seen trackers', () => {
  it('a noscript Meta pixel image runs through the classifier like a request', () => {
    const tracker = {
      url: 'https://www.facebook.com/tr?id=940000000000001&ev=PageView&noscript=1',
      tag: 'img',
    } as const;
    const record = domTrackerRecord(tracker, 'https://www.demo-store.test/deals');
    expect(record).toEqual({
      url: tracker.url,
      method: 'GET',
      type: 'image',
      documentUrl: 'https://www.demo-store.test/deals',
    });
    const classified = classify(record);
    expect(classified).toMatchObject({ thirdParty: true, recipientSite: 'facebook.com', vendor: 'meta-pixel' });
    expect(domTrackerKey(tracker, 'https://www.demo-store.test/deals#reviews')).toBe(
      `dom:https://www.demo-store.test/deals#img:${tracker.url}`,
    );
  });

  it('only third parties known as tracking count: not the sister CDN, a public CDN, a payment provider or an unknown host', () => {
    const page = 'https://www.demo-store.test/deals';
    const tracker = (url: string, tag: 'script' | 'img' | 'iframe') =>
      isDomTracker(classify(domTrackerRecord({ url, tag }, page)));
    expect(tracker('https://www.facebook.com/tr?id=940000000000001&ev=PageView&noscript=1', 'img')).toBe(true);
    expect(tracker('https://td.doubleclick.net/td/rul/DEMO-AW-1?random=1', 'iframe')).toBe(true);
    expect(tracker('https://www.googletagmanager.com/gtag/js?id=G-DEMO12345', 'script')).toBe(true);
    expect(tracker('https://img.demo-store-cdn.test/lib.js', 'script')).toBe(false);
    expect(tracker('https://cdn.jsdelivr.net/npm/demo-sparkline@1.0.0/dist/sparkline.min.js', 'script')).toBe(false);
    expect(tracker('https://js.stripe.com/v3/', 'script')).toBe(false);
    expect(tracker('https://widgets.small-shop-reviews.example/w.js', 'script')).toBe(false);
  });

  it('a DOM-seen Meta pixel becomes a dom-img row with what its URL carries; a public CDN script gives none', () => {
    const pageUrl = 'https://www.demo-store.test/deals';
    const pixel = {
      url: 'https://www.facebook.com/tr?id=940000000000001&ev=ViewContent&noscript=1',
      tag: 'img',
    } as const;
    const flow = domTrackerToFlow(pixel, classify(domTrackerRecord(pixel, pageUrl)), { pageUrl, ts: 5 });
    expect(flow).toMatchObject({
      key: `dom:${pageUrl}#img:${pixel.url}`,
      requestType: 'dom-img',
      method: 'DOM',
      recipient: 'www.facebook.com',
      recipientSite: 'facebook.com',
      vendor: 'meta-pixel',
      thirdParty: true,
      site: 'demo-store.test',
      pageUrl,
    });
    expect(flow?.categories).toContain('browsing');
    expect(flow?.action).toBe('allowed');
    expect(
      domTrackerToFlow(pixel, classify(domTrackerRecord(pixel, pageUrl)), { pageUrl, ts: 5, action: 'blocked' })
        ?.action,
    ).toBe('blocked');
    const chart = {
      url: 'https://cdn.jsdelivr.net/npm/demo-sparkline@1.0.0/dist/sparkline.min.js',
      tag: 'script',
    } as const;
    expect(domTrackerToFlow(chart, classify(domTrackerRecord(chart, pageUrl)), { pageUrl, ts: 5 })).toBeUndefined();
  });

  it("a tracker's script whose URL carries no data is no ledger row (the ledger holds flows of data)", () => {
    const pageUrl = 'https://www.demo-store.test/deals';
    const gtm = { url: 'https://www.googletagmanager.com/gtag/js?id=G-DEMO12345', tag: 'script' } as const;
    const classified = classify(domTrackerRecord(gtm, pageUrl));
    expect(isDomTracker(classified)).toBe(true);
    expect(domTrackerToFlow(gtm, classified, { pageUrl, ts: 5 })).toBeUndefined();
    const frame = {
      url: 'https://td.doubleclick.net/td/rul/DEMO-AW-1?random=1&url=https%3A%2F%2Fwww.demo-store.test%2Fdeals&tiba=Deals',
      tag: 'iframe',
    } as const;
    expect(domTrackerToFlow(frame, classify(domTrackerRecord(frame, pageUrl)), { pageUrl, ts: 5 })).toMatchObject({
      requestType: 'dom-iframe',
      categories: ['browsing'],
    });
  });

  it('iframes are sub_frame requests, scripts script requests', () => {
    expect(domTrackerRecord({ url: 'https://td.doubleclick.net/x', tag: 'iframe' }, 'https://a.example/').type).toBe(
      'sub_frame',
    );
    expect(domTrackerRecord({ url: 'https://t.example/x.js', tag: 'script' }, 'https://a.example/').type).toBe(
      'script',
    );
  });
});
