/**
 * Issue 11: what a page says is not taken on trust. A page that forges 10,000 probe reports adds at
 * most the bounded number of rows, each marked as reported by the page.
 */
import { test, expect, readLedger } from './fixtures';
import { PROBE_EVENT } from '../../utils/probes/apis';
import { PAGE_REPORT_LIMITS } from '../../utils/worker/page-report-budget';

test('a page that forges 10,000 probe reports adds at most the bounded number of rows', async ({ store, ext }) => {
  test.setTimeout(180_000);
  const page = await ext.context.newPage();
  await page.goto(`${store.origin}/`, { waitUntil: 'load' });
  await page.waitForTimeout(2000);
  const pageRows = async () =>
    (await readLedger(ext)).flows.filter((f) => f.provenance === 'page' && f.site === 'demo-store.test');
  const before = (await pageRows()).length;
  await page.evaluate((event) => {
    const uses = { 'canvas.readback-text': 1, 'webgl.renderer': 1 };
    for (let i = 0; i < 10_000; i++) {
      const report = {
        page: location.href,
        scripts: [{ script: `https://forged-${i}.example/fp.js`, uses }],
        globals: [],
      };
      window.dispatchEvent(new CustomEvent(event, { detail: JSON.stringify(report) }));
    }
  }, PROBE_EVENT);
  // Reports keep arriving for a while; then the count settles at the bound.
  let settled = -1;
  await expect
    .poll(
      async () => {
        const now = (await pageRows()).length;
        const stable = now === settled && now > before;
        settled = now;
        return stable;
      },
      { timeout: 120_000, intervals: [3000] },
    )
    .toBe(true);
  const added = settled - before;
  expect(added).toBeGreaterThan(0);
  expect(added).toBeLessThanOrEqual(PAGE_REPORT_LIMITS.perPage);
  // Every row says the page reported it.
  const rows = (await readLedger(ext)).flows.filter((f) => f.recipientSite.startsWith('forged-'));
  expect(rows.every((f) => f.provenance === 'page')).toBe(true);
  // The popup says so beside each such recipient; the browser's own observations carry no such mark.
  const forged = rows.find((f) => f.categories.length > 0)!.recipientSite;
  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?site=demo-store.test`);
  const mark = popup.locator(`tr[data-recipient="${forged}"] [data-provenance="page"]`);
  await expect(mark).toContainText('reported by the page itself');
  await expect(mark).toHaveAttribute('data-page-reported', '1');
  await expect(popup.locator('tr[data-recipient="google-analytics.com"]')).toBeVisible();
  await expect(popup.locator('tr[data-recipient="google-analytics.com"] [data-provenance]')).toHaveCount(0);
});
