import { test, expect } from './fixtures';
import { shopJourney } from '../../demo-store/journey';
import { CATEGORIES, CATEGORY_INFO, type Category } from '../../utils/categories';
import { carriers, dynamicRules, shopperIds, thirdPartyRequests } from './consent-helpers';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '../../cli/browser';

/** Clicks a category's switch in the popup (as a shopper would) and waits until the rules changed. */
async function toggle(popup: Page, ext: ExtensionBrowser, category: Category, granted: boolean) {
  const before = JSON.stringify(await dynamicRules(ext));
  const control = popup.getByRole('switch', { name: new RegExp(CATEGORY_INFO[category].name) });
  await expect(control).toBeChecked({ checked: !granted });
  await control.click();
  await expect(control).toBeChecked({ checked: granted });
  await expect.poll(async () => JSON.stringify(await dynamicRules(ext))).not.toBe(before);
}

/** Each half of the categories in its own test (own browser and store), so two workers share the work. */
const halves: Category[][] = [CATEGORIES.slice(0, 4), CATEGORIES.slice(4)];

for (const categories of halves) {
  test(`revoking ${categories.join(', ')} in the popup stops that data at the receiving server`, async ({
    store,
    ext,
  }) => {
    test.setTimeout(180_000);
    // Observe first: the ledger learns who receives what, and the checks prove they can see each category.
    const first = await shopJourney(ext.context, { origin: store.origin, settleMs: 500 });
    const ids = await shopperIds(first);
    for (const category of CATEGORIES)
      expect(carriers(category, store.log, ids), `${category} flows before any revocation`).not.toEqual([]);
    expect(store.log.some((r) => r.headers['sec-gpc'])).toBe(false);

    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?site=demo-store.test`);

    for (const category of categories) {
      await toggle(popup, ext, category, false);
      let mark = store.log.length;
      const page = await shopJourney(ext.context, { origin: store.origin, settleMs: 500 });
      const received = store.log.slice(mark);

      expect(
        carriers(category, received, ids).map((r) => `${r.host}${r.path}`),
        `${category} must not arrive once revoked`,
      ).toEqual([]);
      // Granted categories still flow: browsing reaches someone (unless browsing itself is revoked).
      if (category !== 'browsing') expect(carriers('browsing', received, ids)).not.toEqual([]);
      else
        expect(received.filter((r) => r.host === 'www.demo-store.test' && r.path.startsWith('/product/'))).not.toEqual(
          [],
        );
      // Global Privacy Control, as header on the shop's own requests and its trackers', and as JS property.
      const shopPages = received.filter(
        (r) => r.host === 'www.demo-store.test' && r.headers['sec-fetch-dest'] === 'document',
      );
      expect(shopPages.length).toBeGreaterThan(0);
      expect(shopPages.every((r) => r.headers['sec-gpc'] === '1')).toBe(true);
      expect(thirdPartyRequests(received).every((r) => r.headers['sec-gpc'] === '1')).toBe(true);
      expect(
        await page.evaluate(() => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl),
      ).toBe(true);
      if (category === 'location') await expect(page.locator('#store-list')).toContainText('Location unavailable');
      if (category === 'browsing') {
        await page.goto(`${store.origin}/`);
        await expect(
          page.locator('shareledger-badge[aria-label="Personalized row hidden by ShareLedger"]').first(),
        ).toBeAttached();
        await expect(page.locator('#recs')).toBeHidden();
      }
      await page.close();

      // Grant it again: the data flows again and GPC stops.
      await toggle(popup, ext, category, true);
      mark = store.log.length;
      const again = await shopJourney(ext.context, { origin: store.origin, settleMs: 500 });
      const afterGrant = store.log.slice(mark);
      expect(carriers(category, afterGrant, ids), `${category} flows again once granted`).not.toEqual([]);
      expect(afterGrant.some((r) => r.headers['sec-gpc'])).toBe(false);
      await again.close();
    }
  });
}
