import { test, expect } from './fixtures';
import { shopJourneyFirefox } from './journey';
import { openPopup } from './popup';
import { ADDON_ID, type FirefoxBrowser } from '../../cli/firefox';

/**
 * Watches every http(s) channel the browser opens, from the privileged chrome scope, and keeps those
 * the extension itself started (its pages, its background, its content scripts' expanded principal).
 */
async function watchExtensionTraffic(
  ff: FirefoxBrowser,
): Promise<{ urls(): Promise<string[]>; reset(): Promise<void> }> {
  await ff.chrome(`(() => {
    const own = (p) => !!p && (p.addonId === ${JSON.stringify(ADDON_ID)} ||
      (p.isExpandedPrincipal && p.allowlist.some((q) => q.addonId === ${JSON.stringify(ADDON_ID)})));
    window.shareLedgerOwnTraffic = [];
    Services.obs.addObserver({
      observe(subject) {
        const channel = subject.QueryInterface(Ci.nsIHttpChannel);
        const info = channel.loadInfo;
        if (own(info?.triggeringPrincipal) || own(info?.loadingPrincipal)) window.shareLedgerOwnTraffic.push(channel.URI.spec);
      },
    }, 'http-on-modify-request');
  })()`);
  return {
    urls: async () =>
      (await ff.chrome('JSON.stringify(window.shareLedgerOwnTraffic)').then(String).then(JSON.parse)) as string[],
    reset: async () => void (await ff.chrome('void (window.shareLedgerOwnTraffic.length = 0)')),
  };
}

test('Firefox: the extension sends nothing over the network itself', async ({ store, ff }) => {
  const watch = await watchExtensionTraffic(ff);

  // Prove the watch sees the extension's own requests: a canary from an extension page is caught.
  const canary = await ff.openExtensionPage('/dashboard.html');
  await canary.evaluate(() =>
    fetch('https://canary.demo-store.test/ping', { method: 'POST', body: 'canary' }).then(
      () => 'sent',
      () => 'failed',
    ),
  );
  await expect.poll(() => watch.urls()).toEqual(['https://canary.demo-store.test/ping']);
  expect(
    store.log.some((r) => r.host === 'canary.demo-store.test' && r.headers.origin?.startsWith('moz-extension://')),
  ).toBe(true);
  await canary.close();
  await watch.reset();
  const canaryCount = store.log.length;

  await shopJourneyFirefox(ff, { origin: store.origin, settleMs: 400 });
  const popup = await openPopup(ff, 'demo-store.test');
  await popup.waitFor(() => !!document.querySelector('tr[data-recipient]'), []);
  await new Promise((done) => setTimeout(done, 500));

  expect(await watch.urls()).toEqual([]);
  expect(store.log.slice(canaryCount).filter((r) => r.headers.origin?.startsWith('moz-extension://'))).toEqual([]);
});
