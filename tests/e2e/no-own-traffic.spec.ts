import { test, expect } from './fixtures';
import { shopJourney } from '../../demo-store/journey';
import type { Request } from 'playwright-core';

/** A request made by the extension itself: from its worker or from one of its pages. */
function fromExtension(request: Request, extensionId: string): boolean {
  if (request.serviceWorker()) return request.serviceWorker()!.url().startsWith(`chrome-extension://${extensionId}/`);
  const frameUrl = request.frame()?.url() ?? '';
  return frameUrl.startsWith(`chrome-extension://${extensionId}/`);
}

test('the extension sends nothing over the network itself', async ({ store, ext }) => {
  const outgoing: string[] = [];
  ext.context.on('request', (request) => {
    if (fromExtension(request, ext.extensionId) && !request.url().startsWith('chrome-extension://'))
      outgoing.push(request.url());
  });

  // Prove the detector sees worker traffic: a canary fetch must be caught, then forgotten.
  await ext.worker.evaluate(() =>
    fetch('https://canary.demo-store.test/ping', { method: 'POST', body: 'canary' }).catch(() => undefined),
  );
  await expect.poll(() => outgoing.length).toBe(1);
  expect(
    store.log.some((r) => r.host === 'canary.demo-store.test' && r.headers.origin?.startsWith('chrome-extension://')),
  ).toBe(true);
  outgoing.length = 0;
  const canaryCount = store.log.length;

  await shopJourney(ext.context, { origin: store.origin, settleMs: 400 });
  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?site=demo-store.test`);
  await expect(popup.locator('tr[data-recipient]').first()).toBeVisible();
  await popup.waitForTimeout(500);

  expect(outgoing).toEqual([]);
  // Server side: nothing arrived from an extension origin after the canary.
  const fromExtensionOrigin = store.log
    .slice(canaryCount)
    .filter((r) => r.headers.origin?.startsWith('chrome-extension://'));
  expect(fromExtensionOrigin).toEqual([]);
});
