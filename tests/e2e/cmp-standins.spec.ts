/**
 * Commercial CMPs answered per purpose through their documented APIs (issue 13): OneTrust, Cookiebot,
 * Didomi, Usercentrics and Complianz are not on npm as runnable libraries, so each demo-store page runs
 * a stand-in of ours that exposes the vendor's documented API (demo-store/cmp-standins.ts). For the four
 * choices, the stand-in's record holds exactly the contract's answers, its banner is closed, only the
 * accepted purposes' tags reach the server, and the ledger records the answer. This proves the
 * extension's side; the vendors' own libraries are not run.
 */
import { test, expect } from './fixtures';
import { choose, SCENARIOS, SITE } from './cmp-helpers';
import {
  STANDIN_BANNER,
  STANDIN_CMP_IDS,
  STANDIN_COOKIE,
  STANDIN_GATED,
  STANDIN_PAGE_PATH,
} from '../../demo-store/cmp-standins';

for (const cmp of STANDIN_CMP_IDS) {
  test(`${cmp} (documented API, stand-in): answered per purpose from the shopper's choices`, async ({ store, ext }) => {
    test.setTimeout(180_000);
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?site=${SITE}`);
    const gated = STANDIN_GATED(cmp);
    for (const scenario of SCENARIOS) {
      await choose(popup, scenario.revoked);
      const expected = gated.filter((p) => scenario.accepted.includes(p));
      await ext.context.clearCookies();
      const mark = store.log.length;
      const page = await ext.context.newPage();
      await page.goto(`${store.origin}${STANDIN_PAGE_PATH(cmp)}`);
      const record = async () => {
        const cookie = (await ext.context.cookies(store.origin)).find((c) => c.name === STANDIN_COOKIE(cmp));
        return cookie ? (JSON.parse(decodeURIComponent(cookie.value)) as string[]) : null;
      };
      await expect.poll(record, { message: `${cmp}, ${scenario.name}: record`, timeout: 20_000 }).toEqual(expected);
      await expect(page.locator(STANDIN_BANNER), `${cmp}, ${scenario.name}: banner`).toHaveCount(0);
      await page.waitForTimeout(1_000);
      const fired = store.log
        .slice(mark)
        .filter((r) => r.path.startsWith('/tag/') && r.query.includes(`cmp=standin-${cmp}`))
        .map((r) => r.path.slice('/tag/'.length));
      expect(new Set(fired), `${cmp}, ${scenario.name}: tags`).toEqual(new Set(expected));
      await page.close();
    }
    // Each distinct answer is in the ledger, through the API.
    const answers = popup.getByTestId('banner-answers').locator(`tr[data-cmp="${cmp}"]`);
    await expect(answers).toHaveCount(SCENARIOS.length, { timeout: 10_000 });
    await expect(answers.first()).toContainText('through its API');
  });
}
