import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { test, expect, readLedger } from './fixtures';
import type { Flow } from '../../utils/model';
import { localeFormat } from '../../utils/i18n/format';

/** Enough flows that importing, exporting Parquet and a text filter each take seconds, long enough to cancel. */
const FLOWS = 40_000;
const T0 = Date.UTC(2026, 9, 1);

function flow(n: number): Flow {
  const site = `shop-${n % 7}.test`;
  return {
    key: `progress:${n}`,
    ts: T0 + n * 60_000,
    site,
    pageUrl: `https://www.${site}/p/item-${n % 500}`,
    url: `https://region1.google-analytics.com/g/collect?v=2&tid=G-DEMO123&cid=${n}.77&en=page_view`,
    method: 'POST',
    requestType: 'ping',
    recipient: 'region1.google-analytics.com',
    recipientSite: 'google-analytics.com',
    organization: 'Google',
    kind: 'analytics',
    vendor: 'ga4',
    thirdParty: true,
    categories: ['browsing', 'identifiers'],
    evidence: [{ category: 'identifiers', where: 'url', key: 'cid', sample: '12…77', source: 'ga4' }],
    action: n % 10 === 0 ? 'blocked' : 'allowed',
  };
}

/** A JSON export of FLOWS synthetic flows, written where the test keeps its files. */
function bigExport(): string {
  const flows = Array.from({ length: FLOWS }, (_, n) => flow(n));
  const retailers = [...new Set(flows.map((f) => f.site))].map((site) => ({
    site,
    firstSeen: T0,
    lastSeen: T0 + FLOWS * 60_000,
  }));
  const doc = { format: 'shareledger', version: 1, exportedAt: new Date().toISOString(), retailers, flows };
  const path = test.info().outputPath('big.json');
  writeFileSync(path, JSON.stringify({ ...doc, placements: [], consent: [] }));
  return path;
}

/** Clicks the Cancel of the progress bar that says `label`, as soon as it shows. */
async function cancelWhenShown(page: Page, label: RegExp): Promise<void> {
  const progress = page.getByRole('status').filter({ hasText: label });
  await progress.waitFor({ timeout: 60_000 });
  await progress.getByRole('button', { name: 'Cancel' }).click();
}

test('dashboard: import, Parquet export and a long filter show progress and can be cancelled', async ({ ext }) => {
  test.setTimeout(300_000);
  const file = bigExport();
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/dashboard.html`);
  const status = page.getByTestId('import-status');

  // Import: cancelled while rows are written, the transaction is rolled back: nothing stays.
  await page.locator('input[type=file]').setInputFiles(file);
  await cancelWhenShown(page, /Importing… [\d,.]+ of 40,000 rows/);
  await expect(status).toHaveText('Import cancelled; nothing was imported.', { timeout: 60_000 });
  expect((await readLedger(ext)).flows).toHaveLength(0);
  await page.screenshot({ path: test.info().outputPath('import-cancelled.png'), fullPage: true });

  // The same file again, to the end: every row, the progress bar gone.
  await page.locator('input[type=file]').setInputFiles(file);
  await expect(status).toContainText(`Imported ${localeFormat('en').count(FLOWS)} flows`, { timeout: 180_000 });
  await expect(page.getByRole('status').filter({ hasText: /Importing…/ })).toHaveCount(0);
  expect((await readLedger(ext)).flows).toHaveLength(FLOWS);

  // Parquet export: counts rows as it goes; cancelled, nothing is saved.
  await page.reload();
  await page.getByLabel('Format').selectOption('parquet:flows');
  let downloaded = false;
  page.on('download', () => (downloaded = true));
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await cancelWhenShown(page, /Exporting… [\d,.]+ of 40,000 rows/);
  await expect(page.getByTestId('export-status')).toHaveText('Export cancelled; nothing was saved.', {
    timeout: 60_000,
  });
  expect(downloaded).toBe(false);

  // A text filter no flow matches reads every row: it says how far it got, and stops when asked.
  await page.goto(`chrome-extension://${ext.extensionId}/dashboard.html?view=flows&q=no-such-text`);
  await cancelWhenShown(page, /Filtering… [\d,.]+ flows read/);
  const stopped = page.getByTestId('filter-stopped');
  await expect(stopped).toContainText(/Stopped after [\d,.]+ flows read/);
  const read = Number((await stopped.textContent())!.match(/after ([\d,.]+)/)![1].replace(/[,.]/g, ''));
  expect(read).toBeLessThan(FLOWS);
  await expect(page.getByTestId('flow-table')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('filter-stopped.png'), fullPage: true });
});
