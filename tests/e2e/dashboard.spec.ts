import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect, readLedger } from './fixtures';
import { shopJourney } from '../../demo-store/journey';

test('dashboard: export downloads, erase, import restores; a corrupt file changes nothing', async ({ store, ext }) => {
  await shopJourney(ext.context, { origin: store.origin, settleMs: 400 });
  await expect.poll(async () => (await readLedger(ext)).flows.length).toBeGreaterThan(10);
  await new Promise((r) => setTimeout(r, 1500)); // last batch
  const original = await readLedger(ext);

  const dashboard = await ext.context.newPage();
  await dashboard.goto(`chrome-extension://${ext.extensionId}/dashboard.html`);
  await expect(dashboard.getByTestId('overview-shops').getByRole('link', { name: 'demo-store.test' })).toBeVisible();

  // Export JSON: a real download of the whole ledger.
  const [download] = await Promise.all([
    dashboard.waitForEvent('download'),
    dashboard.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('shareledger.json');
  const exported = test.info().outputPath('shareledger.json');
  await download.saveAs(exported);
  const doc = JSON.parse(readFileSync(exported, 'utf8'));
  expect(doc).toMatchObject({ format: 'shareledger', version: 2 });
  expect(doc.flows).toHaveLength(original.flows.length);

  // CSV of flows, RFC 4180: CRLF line ends and a header row.
  await dashboard.getByLabel('Format').selectOption('csv:flows');
  const [csv] = await Promise.all([
    dashboard.waitForEvent('download'),
    dashboard.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  const csvText = readFileSync(await csv.path(), 'utf8');
  expect(csvText.split('\r\n')[0]).toContain('recipientSite');
  expect(csvText.split('\r\n').filter(Boolean)).toHaveLength(original.flows.length + 1);

  // Erase everything, then import the export: the same flows come back.
  await dashboard.getByRole('button', { name: 'Erase everything' }).click();
  await dashboard.getByRole('button', { name: 'Yes, erase' }).click();
  await expect.poll(async () => (await readLedger(ext)).flows.length).toBe(0);

  const corrupt = test.info().outputPath('corrupt.json');
  writeFileSync(corrupt, readFileSync(exported, 'utf8').slice(0, 5000));
  await dashboard.locator('input[type=file]').setInputFiles(corrupt);
  await expect(dashboard.getByTestId('import-status')).toContainText('Nothing was imported');
  expect((await readLedger(ext)).flows).toHaveLength(0);

  await dashboard.locator('input[type=file]').setInputFiles(exported);
  await expect(dashboard.getByTestId('import-status')).toContainText(`Imported ${original.flows.length} flows`);
  const restored = await readLedger(ext);
  expect(restored.flows.map((f) => f.key).sort()).toEqual(original.flows.map((f) => f.key).sort());
});
