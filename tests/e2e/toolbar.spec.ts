/** The toolbar button's badge: the tab's recipient count, per tab, live, cleared on navigation. */
import { test, expect, readLedger } from './fixtures';
import { badgeOf } from './toolbar-helpers';
import type { Flow } from '../../utils/model';

/** Recipients the ledger saw receiving data from requests of the shop's pages (blocked ones excepted). */
const receivedBy = (flows: Flow[]) =>
  new Set(
    flows
      .filter((f) => f.site === 'demo-store.test' && f.action !== 'blocked')
      .filter((f) => f.requestType !== 'probe' && !f.requestType.startsWith('dom-'))
      .map((f) => f.recipientSite),
  );

test('the badge shows how many recipients received data on the tab, per tab, and clears on navigation', async ({
  store,
  ext,
}) => {
  test.setTimeout(120_000);
  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?site=demo-store.test`);

  const shop = await ext.context.newPage();
  await shop.goto(`${store.origin}/`, { waitUntil: 'load' });
  // Live: the badge follows the ledger as the page's trackers report.
  await expect
    .poll(
      async () => {
        const [badge, ledger] = await Promise.all([badgeOf(popup, 'https://www.demo-store.test/*'), readLedger(ext)]);
        const expected = receivedBy(ledger.flows).size;
        return expected >= 3 && badge?.text === String(expected);
      },
      { timeout: 30_000, message: 'badge text equals the recipients the ledger saw' },
    )
    .toBe(true);
  const badge = await badgeOf(popup, 'https://www.demo-store.test/*');
  expect(badge!.title).toContain(`: ${badge!.text}`);
  // The same site's hosts received data, seen at the server: the count is not made up.
  expect(store.log.some((r) => r.host === 'www.facebook.com' && r.path.startsWith('/tr'))).toBe(true);

  // Per tab: a tab on a page without trackers shows nothing.
  const plain = await ext.context.newPage();
  await plain.goto(`${store.origin}/no-such-page`);
  await plain.waitForTimeout(1000);
  expect((await badgeOf(popup, 'https://www.demo-store.test/no-such-page'))?.text).toBe('');
  await plain.close();

  // Navigation clears it: the shop's tab goes to a page without trackers.
  await shop.goto(`${store.origin}/no-such-page`);
  await expect.poll(async () => (await badgeOf(popup, 'https://www.demo-store.test/*'))?.text).toBe('');
});
