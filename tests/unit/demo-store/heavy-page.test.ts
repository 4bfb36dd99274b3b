import { describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { heavyPageScripts, heavyProductPage, heavyRecommendations, heavyScript } from '../../../demo-store/heavy-page';
import { layout, STORE_HOST } from '../../../demo-store/pages';

describe('the heavy product page', () => {
  const html = heavyProductPage(layout, 'trail-runner')!;

  it('is shaped like a large shop’s: 5,000+ elements once its late rows are in', () => {
    const window = new Window();
    // Parsed only: nothing is fetched or run.
    const document = new window.DOMParser().parseFromString(html, 'text/html');
    const late = JSON.parse(heavyRecommendations()) as { forYou: unknown[]; alsoBought: unknown[] };
    // Each late card: li, a, img, span, span.
    const lateElements = (late.forYou.length + late.alsoBought.length) * 5;
    expect(document.querySelectorAll('*').length + lateElements).toBeGreaterThanOrEqual(5000);
    window.close();
  });

  it('loads 1.5 MB+ of script from its own host and 30+ third-party hosts, every script served', () => {
    let bytes = 0;
    const hosts = new Set<string>();
    for (const script of heavyPageScripts()) {
      const url = new URL(script.url, `https://${STORE_HOST}`);
      if (url.host !== STORE_HOST) hosts.add(url.host);
      const body = heavyScript(url.host, url.pathname, STORE_HOST);
      expect(body, script.url).toBeTruthy();
      bytes += body!.length;
      expect(html).toContain(`src="${script.url}"`);
    }
    expect(bytes).toBeGreaterThanOrEqual(1.5 * 1024 * 1024);
    expect(hosts.size).toBeGreaterThanOrEqual(30);
  });

  it('serves scripts that parse, and nothing for unknown paths or products', () => {
    for (const script of heavyPageScripts().slice(0, 3)) {
      const url = new URL(script.url, `https://${STORE_HOST}`);
      expect(() => new Function(heavyScript(url.host, url.pathname, STORE_HOST)!)).not.toThrow();
    }
    expect(heavyScript(STORE_HOST, '/assets/heavy/chunk-99.js', STORE_HOST)).toBeUndefined();
    expect(heavyScript('bat.bing.com', '/nothing.js', STORE_HOST)).toBeUndefined();
    expect(heavyProductPage(layout, 'no-such-product')).toBeUndefined();
  });
});
