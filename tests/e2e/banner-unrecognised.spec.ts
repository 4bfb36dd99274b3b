/**
 * A cookie banner no rule knows (issue 13): the demo store's hand-made banner is recorded in the
 * ledger's banners table as seen but not recognised, shown in the popup and exported, and left alone:
 * nothing is clicked at a guess. A banner answered through its CMP's API is not also recorded as unknown.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { CMP_PAGE_PATH, HANDMADE_BANNER, HANDMADE_BANNER_PATH } from '../../demo-store/cmp-pages';
import { UNKNOWN_BANNER_AFTER_MS } from '../../utils/consent/cmp/autoconsent';

const SITE = 'demo-store.test';

test('a hand-made banner is recorded as not recognised, shown, exported, and left alone', async ({ store, ext }) => {
  test.setTimeout(120_000);
  // Control: a page whose CMP is answered through its API leaves no "not recognised" row behind.
  // Kept open past the time an unknown banner is reported at (UNKNOWN_BANNER_AFTER_MS).
  const apiPage = await ext.context.newPage();
  await apiPage.goto(`${store.origin}${CMP_PAGE_PATH('vanilla-cookieconsent')}`);
  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?site=${SITE}`);
  const answers = popup.getByTestId('banner-answers');
  await expect(answers.locator('tr[data-cmp="vanilla-cookieconsent"]')).toHaveCount(1, { timeout: 20_000 });

  const page = await ext.context.newPage();
  await page.goto(`${store.origin}${HANDMADE_BANNER_PATH}`);
  const unrecognised = answers.locator('tr[data-status="unrecognised"]');
  // autoconsent gives up looking for a known CMP after its retries, then reports the banner's wording.
  await expect(unrecognised).toHaveCount(1, { timeout: 60_000 });
  await expect(unrecognised).toContainText('does not recognise');
  // Left to the shopper: still there, and nothing was chosen for them.
  await expect(page.locator(HANDMADE_BANNER.selector)).toBeVisible();
  const cookies = await ext.context.cookies(store.origin);
  expect(cookies.find((c) => c.name === HANDMADE_BANNER.cookie)).toBeUndefined();
  // The vanilla-cookieconsent page ("We use cookies"), open all along, gained no such row.
  await page.waitForTimeout(UNKNOWN_BANNER_AFTER_MS);
  await expect(answers.locator('tr')).toHaveCount(3); // header, vanilla-cookieconsent, unrecognised
  await apiPage.close();

  // Exported with the rest.
  const dashboard = await ext.context.newPage();
  await dashboard.goto(`chrome-extension://${ext.extensionId}/dashboard.html`);
  const [download] = await Promise.all([
    dashboard.waitForEvent('download'),
    dashboard.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  const file = test.info().outputPath('shareledger.json');
  await download.saveAs(file);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { banners: { site: string; cmp: string; status: string }[] };
  expect(doc.banners.filter((b) => b.status === 'unrecognised')).toEqual([
    expect.objectContaining({ site: SITE, cmp: '', status: 'unrecognised', how: 'none', accepted: [], refused: [] }),
  ]);
  expect(doc.banners.filter((b) => b.cmp === 'vanilla-cookieconsent')).toHaveLength(1);
});
