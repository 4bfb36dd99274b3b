// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import {
  MAX_DOM_TRACKERS,
  MAX_REPORT_JSON,
  createDomTrackerScanner,
  listenForProbeReports,
  scanDomTrackers,
  whenPageLoaded,
  validateDomTrackers,
  validateProbeReport,
} from '../../../utils/probes/relay';
import { PROBE_EVENT, type ProbeReport } from '../../../utils/probes/apis';
import { probeFixture } from './load-fixture';

describe('validateProbeReport', () => {
  it('accepts the recorder reports of the fixtures unchanged', () => {
    for (const name of [
      'fingerprintjs-like-canvas-webgl-audio-fonts',
      'fullstory-recorder-from-vendor-host',
      'rrweb-self-hosted-recorder',
    ]) {
      const report = probeFixture(name);
      expect(validateProbeReport(report)).toEqual({ ok: true, value: report });
    }
  });

  const base = (): ProbeReport => probeFixture('fullstory-recorder-from-vendor-host');
  const rejects = (mutate: (r: Record<string, unknown>) => void) => {
    const report = base() as unknown as Record<string, unknown>;
    mutate(report);
    return validateProbeReport(report);
  };

  it('rejects an API name outside the fixed list', () => {
    const result = rejects(
      (r) => (((r.scripts as ProbeReport['scripts'])[0].uses as Record<string, number>)['consent.revoke'] = 1),
    );
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/unknown API/) });
  });

  it('rejects counts that are negative, fractional, huge or not numbers', () => {
    for (const bad of [-1, 1.5, 1e9, '3', null, Number.NaN]) {
      const result = rejects(
        (r) => (((r.scripts as ProbeReport['scripts'])[0].uses as Record<string, unknown>)['listen.click'] = bad),
      );
      expect(result.ok).toBe(false);
    }
  });

  it('rejects scripts that are not http(s) URLs, inline or unknown', () => {
    for (const script of ['javascript:alert(1)', 'chrome-extension://abc/x.js', '', 'https://', 42]) {
      expect(rejects((r) => ((r.scripts as { script: unknown }[])[0].script = script)).ok).toBe(false);
    }
  });

  it('rejects oversized reports: too many scripts, over-long URLs and pages', () => {
    expect(
      rejects(
        (r) => (r.scripts = Array.from({ length: 65 }, (_, i) => ({ script: `https://t${i}.example/x.js`, uses: {} }))),
      ).ok,
    ).toBe(false);
    expect(
      rejects((r) => ((r.scripts as { script: string }[])[0].script = `https://t.example/${'a'.repeat(600)}`)).ok,
    ).toBe(false);
    expect(rejects((r) => (r.page = `https://a.example/${'p'.repeat(3000)}`)).ok).toBe(false);
  });

  it('rejects unknown globals, repeated scripts, and non-objects', () => {
    expect(rejects((r) => (r.globals = ['FS', 'evilGlobal'])).ok).toBe(false);
    expect(rejects((r) => (r.scripts = [...(r.scripts as unknown[]), (r.scripts as unknown[])[0]])).ok).toBe(false);
    for (const raw of [null, undefined, 'report', 7, [], { page: 'x' }])
      expect(validateProbeReport(raw).ok).toBe(false);
  });

  it('keeps only known fields and drops repeated globals', () => {
    const result = validateProbeReport({
      ...base(),
      globals: ['FS', 'FS'],
      deleteLedger: true,
      consent: { 'demo-store.test': 'granted' },
    });
    expect(result.ok && Object.keys(result.value)).toEqual(['page', 'scripts', 'globals']);
    expect(result.ok && result.value.globals).toEqual(['FS']);
  });
});

describe('listenForProbeReports', () => {
  const dispatch = (detail: unknown, target: EventTarget = window) =>
    target.dispatchEvent(new CustomEvent(PROBE_EVENT, { detail, bubbles: true }));

  it('passes on valid reports dispatched on window, once per distinct report', () => {
    const onReport = vi.fn();
    const stop = listenForProbeReports(window, onReport);
    const report = probeFixture('fullstory-recorder-from-vendor-host');
    dispatch(JSON.stringify(report));
    dispatch(JSON.stringify(report));
    expect(onReport).toHaveBeenCalledTimes(1);
    expect(onReport).toHaveBeenCalledWith(report);
    stop();
    dispatch(JSON.stringify({ ...report, page: 'https://www.demo-store.test/cart' }));
    expect(onReport).toHaveBeenCalledTimes(1);
  });

  it('ignores forged shapes, non-JSON, objects instead of text, oversized text and events from elsewhere', () => {
    const onReport = vi.fn();
    const stop = listenForProbeReports(window, onReport);
    dispatch('{not json');
    dispatch(probeFixture('rrweb-self-hosted-recorder'));
    dispatch(JSON.stringify({ type: 'revoke', site: 'demo-store.test' }));
    dispatch(JSON.stringify({ ...probeFixture('rrweb-self-hosted-recorder'), page: 'x'.repeat(MAX_REPORT_JSON) }));
    dispatch(JSON.stringify(probeFixture('rrweb-self-hosted-recorder')), document.body);
    expect(onReport).not.toHaveBeenCalled();
    stop();
  });
});

describe('createDomTrackerScanner', () => {
  // Markup in a <template>: inert, so nothing loads while the scanner reads it.
  const page = (html: string) => {
    const template = document.createElement('template');
    template.innerHTML = html;
    return template.content;
  };

  it("finds other hosts' scripts, 1x1 pixels and iframes; skips the page's host, pictures and data URLs", () => {
    const doc = page(`
      <script src="https://www.googletagmanager.com/gtag/js?id=G-DEMO12345"></script>
      <script src="/assets/shop.js"></script>
      <script src="https://img.demo-store-cdn.test/lib.js"></script>
      <img src="https://www.facebook.com/tr?id=940000000000001&ev=PageView&noscript=1" width="1" height="1" style="display:none">
      <img src="https://img.demo-store-cdn.test/products/boot.svg" width="160" height="120">
      <img src="https://images.partner-cdn.example/banner.jpg" width="728" height="90">
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="1" height="1">
      <iframe src="https://td.doubleclick.net/td/rul/123?random=1"></iframe>
      <iframe src="/embedded/size-guide"></iframe>`);
    const found = createDomTrackerScanner('https://www.demo-store.test/deals').scan(doc);
    expect(found).toEqual([
      { url: 'https://www.googletagmanager.com/gtag/js?id=G-DEMO12345', tag: 'script' },
      // The sister CDN is first party, but the background decides that (entity map, tldts).
      { url: 'https://img.demo-store-cdn.test/lib.js', tag: 'script' },
      { url: 'https://www.facebook.com/tr?id=940000000000001&ev=PageView&noscript=1', tag: 'img' },
      { url: 'https://td.doubleclick.net/td/rul/123?random=1', tag: 'iframe' },
    ]);
  });

  it('rescans of added nodes return only what is new, including an added element itself', () => {
    const doc = page('<script src="https://static.criteo.net/js/ld/ld.js"></script>');
    const scanner = createDomTrackerScanner('https://www.demo-store.test/');
    expect(scanner.scan(doc)).toHaveLength(1);
    const frame = document.createElement('iframe');
    frame.setAttribute('src', 'https://gum.criteo.com/syncframe?topUrl=www.demo-store.test');
    expect(scanner.scan(frame)).toEqual([
      { url: 'https://gum.criteo.com/syncframe?topUrl=www.demo-store.test', tag: 'iframe' },
    ]);
    expect(scanner.scan(doc)).toEqual([]);
  });

  it(`reports at most ${MAX_DOM_TRACKERS} URLs`, () => {
    const doc = page(
      Array.from({ length: 260 }, (_, i) => `<iframe src="https://ads${i}.example/f"></iframe>`).join(''),
    );
    expect(createDomTrackerScanner('https://www.demo-store.test/').scan(doc)).toHaveLength(MAX_DOM_TRACKERS);
  });
});

describe('scanDomTrackers', () => {
  it("scans a whole document against its own URL: the page's own pixel is first party, Bing's is not", () => {
    document.body.innerHTML = `<img width="1" height="1" src="/px.gif"><img width="1" height="1" src="https://bat.bing.com/action/0?ti=1&Ver=2">`;
    expect(scanDomTrackers(document)).toEqual([{ url: 'https://bat.bing.com/action/0?ti=1&Ver=2', tag: 'img' }]);
    document.body.innerHTML = '';
  });
});

describe('whenPageLoaded', () => {
  it('waits for load, then for an idle moment; runs once', () => {
    const calls: string[] = [];
    const listeners: Record<string, () => void> = {};
    const win = {
      document: { readyState: 'interactive' },
      addEventListener: (type: string, fn: () => void) => (listeners[type] = fn),
      requestIdleCallback: (fn: () => void) => {
        calls.push('idle');
        fn();
      },
    } as unknown as Window;
    whenPageLoaded(win, () => calls.push('run'));
    expect(calls).toEqual([]);
    listeners.load();
    expect(calls).toEqual(['idle', 'run']);
  });

  it('runs soon when the page has loaded already', () => {
    let ran = 0;
    const win = {
      document: { readyState: 'complete' },
      requestIdleCallback: (fn: () => void) => fn(),
    } as unknown as Window;
    whenPageLoaded(win, () => ran++);
    expect(ran).toBe(1);
  });
});

describe('validateDomTrackers', () => {
  it('accepts what the scanner produces', () => {
    const trackers = [{ url: 'https://www.facebook.com/tr?id=1', tag: 'img' }];
    expect(validateDomTrackers(trackers)).toEqual({ ok: true, value: trackers });
  });

  it('rejects unknown tags, non-http URLs, oversized lists and extra shapes', () => {
    expect(validateDomTrackers([{ url: 'https://a.example/x', tag: 'link' }]).ok).toBe(false);
    expect(validateDomTrackers([{ url: 'javascript:alert(1)', tag: 'script' }]).ok).toBe(false);
    expect(validateDomTrackers(Array.from({ length: 201 }, () => ({ url: 'https://a.example/', tag: 'img' }))).ok).toBe(
      false,
    );
    expect(validateDomTrackers({ url: 'https://a.example/', tag: 'img' }).ok).toBe(false);
  });
});
