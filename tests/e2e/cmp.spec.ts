/**
 * Cookie banners answered from the shopper's choices (issue 13): real CMP libraries from npm on the
 * demo store's CMP-gated pages. For each choice the CMP's own stored record holds exactly the answers
 * of the contract table, its banner is gone, and the tags it gates reach the server only for
 * accepted purposes.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { test, expect } from './fixtures';
import { CATEGORIES } from '../../utils/categories';
import { choose, SCENARIOS, sendConsent, SITE } from './cmp-helpers';
import {
  ALL_OR_NOTHING_CMPS,
  CMP_BANNERS,
  CMP_COOKIES,
  CMP_IDS,
  CMP_PAGE_PATH,
  CMP_RECORDED_NAMES,
  GATED_PURPOSES,
  type CmpId,
  type GatedPurpose,
} from '../../demo-store/cmp-pages';
import type { ExtensionBrowser } from '../../cli/browser';

/** What each CMP's own stored record (its cookie) says was accepted, as gated purposes. */
const RECORD_READERS: Record<CmpId, (value: string) => GatedPurpose[]> = {
  klaro: (v) => GATED_PURPOSES.filter((p) => JSON.parse(v)[`${p}-tag`] === true),
  'vanilla-cookieconsent': (v) =>
    (JSON.parse(v).categories as GatedPurpose[]).filter((c) => c !== ('necessary' as string)),
  tarteaucitron: (v) => GATED_PURPOSES.filter((p) => v.includes(`!${p}tag=true`)),
  orejime: (v) => GATED_PURPOSES.filter((p) => JSON.parse(v)[`${p}-tag`] === true),
  // "deny" keeps only what the shop runs without consent.
  'osano-cookieconsent': (v) => (v === 'allow' ? [...GATED_PURPOSES] : v === 'deny' ? ['functional'] : []),
};

/** Tags a page runs without asking its CMP. */
const UNGATED: Partial<Record<CmpId, GatedPurpose[]>> = { 'osano-cookieconsent': ['functional'] };

async function storedAccepted(context: BrowserContext, cmp: CmpId): Promise<string[]> {
  const cookie = (await context.cookies(`https://www.${SITE}/`)).find((c) => c.name === CMP_COOKIES[cmp]);
  return cookie ? RECORD_READERS[cmp](decodeURIComponent(cookie.value)) : [];
}

async function bannerVisible(page: Page, cmp: CmpId): Promise<boolean> {
  const banners = page.locator(CMP_BANNERS[cmp]);
  for (let i = 0; i < (await banners.count()); i++) if (await banners.nth(i).isVisible()) return true;
  return false;
}

/** What the CMP is told: per purpose by the table, or for all-or-nothing CMPs all only when all is granted. */
function expectedAccepted(cmp: CmpId, scenario: (typeof SCENARIOS)[number]): readonly GatedPurpose[] {
  if (!ALL_OR_NOTHING_CMPS.has(cmp)) return scenario.accepted;
  return scenario.revoked.length === 0 ? GATED_PURPOSES : ['functional'];
}

async function openPopup(ext: ExtensionBrowser): Promise<Page> {
  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?site=${SITE}`);
  return popup;
}

for (const cmp of CMP_IDS) {
  test(`${cmp}: the banner is answered from the shopper's choices`, async ({ store, ext }) => {
    test.setTimeout(240_000);
    const popup = await openPopup(ext);
    for (const scenario of SCENARIOS) {
      await choose(popup, scenario.revoked);
      // The popup states the same contract for this shop.
      const rows = popup.getByTestId('banners-site').locator('tbody tr');
      await expect(rows.filter({ hasText: 'Marketing' })).toContainText(
        scenario.accepted.includes('marketing') ? 'accepted' : 'refused',
      );
      await expect(rows.filter({ hasText: 'Analytics' })).toContainText(
        scenario.accepted.includes('analytics') ? 'accepted' : 'refused',
      );
      await ext.context.clearCookies();
      const mark = store.log.length;
      const page = await ext.context.newPage();
      await page.goto(`${store.origin}${CMP_PAGE_PATH(cmp)}`);
      await expect
        .poll(() => storedAccepted(ext.context, cmp), {
          message: `${cmp}, ${scenario.name}: stored record`,
          timeout: 20_000,
        })
        .toEqual([...expectedAccepted(cmp, scenario)]);
      await expect.poll(() => bannerVisible(page, cmp), { message: `${cmp}, ${scenario.name}: banner` }).toBe(false);
      // Give refused tags every chance to fire before reading what arrived.
      await page.waitForTimeout(1_000);
      const fired = store.log
        .slice(mark)
        .filter((r) => r.host === `www.${SITE}` && r.path.startsWith('/tag/') && r.query.includes(`cmp=${cmp}`))
        .map((r) => r.path.slice('/tag/'.length));
      expect(new Set(fired), `${cmp}, ${scenario.name}: tags that reached the server`).toEqual(
        new Set(expectedAccepted(cmp, scenario)),
      );
      await page.close();
    }

    // The ledger recorded each distinct answer, and the popup shows them for this shop.
    const answers = popup.getByTestId('banner-answers').locator(`tr[data-cmp="${CMP_RECORDED_NAMES[cmp]}"]`);
    const distinct = new Set(SCENARIOS.map((scenario) => expectedAccepted(cmp, scenario).join()));
    await expect(answers).toHaveCount(distinct.size, { timeout: 10_000 });
    await expect(answers.first()).toContainText(ALL_OR_NOTHING_CMPS.has(cmp) ? 'by its buttons' : 'through its API');

    // Control: paused, banners are left to the shopper; the banner shows and nothing is recorded or
    // released (also proves the banner selector and the cookie reader see what they should).
    await sendConsent(popup, { op: 'set-paused', paused: true });
    await ext.context.clearCookies();
    const mark = store.log.length;
    const page = await ext.context.newPage();
    await page.goto(`${store.origin}${CMP_PAGE_PATH(cmp)}`);
    await expect.poll(() => bannerVisible(page, cmp), { message: `${cmp}, paused: banner` }).toBe(true);
    await page.waitForTimeout(1_000);
    expect(await storedAccepted(ext.context, cmp)).toEqual([]);
    const ungated = new Set<string>(UNGATED[cmp] ?? []);
    expect(
      store.log.slice(mark).filter((r) => r.path.startsWith('/tag/') && !ungated.has(r.path.slice('/tag/'.length))),
    ).toEqual([]);
  });
}

test('the banner setting: left to the shopper per shop, answered again after a change of choice', async ({
  store,
  ext,
}) => {
  test.setTimeout(180_000);
  const cmp: CmpId = 'klaro';
  const popup = await openPopup(ext);
  await choose(popup, CATEGORIES);
  const tagsSince = (mark: number) =>
    store.log.slice(mark).filter((r) => r.path.startsWith('/tag/') && r.query.includes(`cmp=${cmp}`));

  // "Leave them to me" on this shop, chosen in the popup: the banner stays, nothing is recorded.
  const siteSetting = popup.getByTestId('banners-site');
  await siteSetting.getByLabel('Leave them to me').check();
  await expect(siteSetting.getByRole('status')).toContainText('left to you');
  const leftMark = store.log.length;
  let page = await ext.context.newPage();
  await page.goto(`${store.origin}${CMP_PAGE_PATH(cmp)}`);
  await expect.poll(() => bannerVisible(page, cmp), { message: 'left: banner' }).toBe(true);
  await page.waitForTimeout(1_000);
  expect(await storedAccepted(ext.context, cmp)).toEqual([]);
  expect(tagsSince(leftMark)).toEqual([]);
  await page.close();

  // Back to the global setting (answer): refused but for what the shop needs.
  await siteSetting.getByLabel(/As on other shops/).check();
  page = await ext.context.newPage();
  await page.goto(`${store.origin}${CMP_PAGE_PATH(cmp)}`);
  await expect.poll(() => storedAccepted(ext.context, cmp), { timeout: 20_000 }).toEqual(['functional']);
  await page.close();

  // The shopper grants everything: the next visit answers the banner again, without clearing the
  // CMP's record, and the record follows.
  await sendConsent(popup, { op: 'apply-preset', site: SITE, preset: 'allow-all' });
  const grantedMark = store.log.length;
  page = await ext.context.newPage();
  await page.goto(`${store.origin}${CMP_PAGE_PATH(cmp)}`);
  await expect.poll(() => storedAccepted(ext.context, cmp), { timeout: 20_000 }).toEqual([...GATED_PURPOSES]);
  await expect
    .poll(() => new Set(tagsSince(grantedMark).map((r) => r.path.slice('/tag/'.length))), { timeout: 10_000 })
    .toEqual(new Set(GATED_PURPOSES));
  await page.close();

  // The global setting "leave" applies to a shop without its own.
  await popup.locator('details:has([data-testid=banners-default]) > summary').click();
  await popup.getByTestId('banners-default').getByLabel('Leave them to me').check();
  await ext.context.clearCookies();
  page = await ext.context.newPage();
  await page.goto(`${store.origin}${CMP_PAGE_PATH(cmp)}`);
  await expect.poll(() => bannerVisible(page, cmp), { message: 'global leave: banner' }).toBe(true);
  await page.waitForTimeout(1_000);
  expect(await storedAccepted(ext.context, cmp)).toEqual([]);
});
