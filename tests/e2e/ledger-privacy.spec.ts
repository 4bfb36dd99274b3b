/**
 * Issue 11: the ledger keeps its own promise. After a checkout with a typed email and phone, no
 * export (popup or dashboard, every format, both audiences) contains them in any form, nor a full
 * client id or _fbp value, while the ledger still says contact reached Meta and TikTok; the same after
 * importing an old, unredacted export. (Forged page reports: page-reports.spec.ts.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { DuckDBInstance } from '@duckdb/node-api';
import { test, expect, readLedger, readFlushedLedger, categoriesByRecipient } from './fixtures';
import { DEMO_SHOPPER, shopJourney } from '../../demo-store/journey';
import { EXPORT_KINDS, EXPORT_TABLES } from '../../utils/ledger/export';

/** The popup offers the text formats; the dashboard adds one Parquet file per table. */
const POPUP_KINDS: string[] = [...EXPORT_KINDS];
const DASHBOARD_KINDS = [...POPUP_KINDS, ...EXPORT_TABLES.map((table) => `parquet:${table}`)];

const hash = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex');

/** Every form of the shopper's typed values a tracker sends or the leak detector knows. */
function typedForms(): string[] {
  const email = DEMO_SHOPPER.email.trim().toLowerCase();
  const typedEmail = DEMO_SHOPPER.email.trim();
  const digits = DEMO_SHOPPER.phone.replace(/\D/g, '');
  const forms = [
    email,
    typedEmail,
    encodeURIComponent(email),
    encodeURIComponent(typedEmail),
    Buffer.from(email).toString('base64').replace(/=+$/, ''),
    Buffer.from(typedEmail).toString('base64').replace(/=+$/, ''),
    digits,
    `+${digits}`,
  ];
  for (const algorithm of ['sha256', 'sha1', 'md5'])
    forms.push(hash(algorithm, email), hash(algorithm, digits), hash(algorithm, `+${digits}`));
  return forms;
}

/** Identifier values the trackers really received (from the store's own log): GA client ids, _fbp. */
function receivedIds(log: { host: string; query: string; body: string }[]): string[] {
  const ids = new Set<string>();
  for (const request of log) {
    for (const text of [request.query, request.body]) {
      for (const match of text.matchAll(/(?:^|[&?"])(cid|fbp|_fbp)=([^&"\s]+)/g))
        ids.add(decodeURIComponent(match[2]!));
      for (const match of text.matchAll(/"(?:cid|fbp|_fbp)"\s*:\s*"([^"]+)"/g)) ids.add(match[1]!);
    }
  }
  return [...ids].filter((id) => id.length >= 8);
}

function expectClean(name: string, text: string, forbidden: string[]): void {
  const lower = text.toLowerCase();
  for (const value of forbidden) expect(lower.includes(value.toLowerCase()), `${name} contains ${value}`).toBe(false);
}

/** A Parquet file's rows as JSON text (its strings may be compressed on disk), other files as they are. */
async function readExport(path: string, kind: string): Promise<string> {
  if (!kind.startsWith('parquet:')) return readFileSync(path, 'utf8');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${path}')`);
    return JSON.stringify(reader.getRowObjectsJson());
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function downloadAll(
  page: Page,
  audiences: string[],
  kinds: string[],
): Promise<{ name: string; text: string }[]> {
  const out: { name: string; text: string }[] = [];
  for (const audience of audiences) {
    for (const kind of kinds) {
      // Chromium stops a page's downloads after about a dozen in a row: each one starts afresh.
      await page.reload();
      await page.getByLabel('Export for').selectOption(audience);
      await page.getByLabel('Format').selectOption(kind);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export', exact: true }).click(),
      ]);
      out.push({ name: `${audience} ${kind}`, text: await readExport(await download.path(), kind) });
    }
  }
  return out;
}

test('no export holds what the shopper typed or their ids; contact to Meta and TikTok is still shown', async ({
  store,
  ext,
}) => {
  test.setTimeout(240_000);
  await shopJourney(ext.context, { origin: store.origin, settleMs: 400 });
  await expect
    .poll(async () => {
      const received = categoriesByRecipient((await readLedger(ext)).flows);
      return ['facebook.com', 'tiktok.com'].every((r) => received.get(r)?.has('contact'));
    })
    .toBe(true);
  const forbidden = [...typedForms(), ...receivedIds(store.log)];
  // The trackers did receive them (the check would be empty otherwise).
  expect(receivedIds(store.log).length).toBeGreaterThanOrEqual(2);
  const serverSide = store.log
    .map((r) => `${r.query} ${r.body}`)
    .join('\n')
    .toLowerCase();
  expect(typedForms().some((form) => serverSide.includes(form.toLowerCase()))).toBe(true);

  const ledger = await readFlushedLedger(ext);
  expectClean('ledger', JSON.stringify(ledger), forbidden);

  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?site=demo-store.test`);
  await expect(popup.locator('tr[data-recipient="facebook.com"] [data-category="contact"]')).toBeVisible();
  await expect(popup.locator('tr[data-recipient="tiktok.com"] [data-category="contact"]')).toBeVisible();
  for (const file of await downloadAll(popup, ['me', 'researcher'], POPUP_KINDS))
    expectClean(`popup ${file.name}`, file.text, forbidden);

  const dashboard = await ext.context.newPage();
  await dashboard.goto(`chrome-extension://${ext.extensionId}/dashboard.html`);
  const files = await downloadAll(dashboard, ['me', 'researcher'], DASHBOARD_KINDS);
  for (const file of files) expectClean(`dashboard ${file.name}`, file.text, forbidden);
  const forMe = JSON.parse(files.find((f) => f.name === 'me json')!.text);
  const forResearcher = JSON.parse(files.find((f) => f.name === 'researcher json')!.text);
  expect(forMe.audience).toBe('me');
  expect(forResearcher.audience).toBe('researcher');
  expect(JSON.stringify(forMe)).toContain('rain jacket');
  expect(JSON.stringify(forResearcher)).not.toMatch(/rain[ +]jacket|\/checkout|\/product\//);

  // An old export, made before redaction, holds the raw values: importing it brings none of them back.
  const old = structuredClone(forMe);
  delete old.audience;
  const rawMeta = store.log.find((r) => r.host === 'www.facebook.com' && /ud%5Bem%5D|ud\[em\]/.test(r.query));
  expect(rawMeta, 'the store received Meta advanced matching').toBeTruthy();
  old.flows = old.flows.map((flow: { key: string; url: string; pageUrl: string; provenance?: string }, i: number) => {
    const { provenance: _p, ...rest } = flow;
    return i === 0
      ? {
          ...rest,
          key: 'old-export-1',
          url: `https://www.facebook.com${rawMeta!.path}?${rawMeta!.query}`,
          pageUrl: `https://www.demo-store.test/checkout?email=${encodeURIComponent(DEMO_SHOPPER.email.trim())}`,
        }
      : rest;
  });
  const oldFile = test.info().outputPath('old-export.json');
  writeFileSync(oldFile, JSON.stringify(old));
  expect(readFileSync(oldFile, 'utf8').toLowerCase()).toContain(
    hash('sha256', DEMO_SHOPPER.email.trim().toLowerCase()),
  );
  await dashboard.getByRole('button', { name: 'Erase everything' }).click();
  await dashboard.getByRole('button', { name: 'Yes, erase' }).click();
  await expect.poll(async () => (await readLedger(ext)).flows.length).toBe(0);
  await dashboard.locator('input[type=file]').setInputFiles(oldFile);
  await expect(dashboard.getByTestId('import-status')).toContainText(`Imported ${old.flows.length} flows`);
  expectClean('ledger after import', JSON.stringify(await readLedger(ext)), forbidden);
  for (const file of await downloadAll(dashboard, ['me'], DASHBOARD_KINDS))
    expectClean(`after import ${file.name}`, file.text, forbidden);
  const received = categoriesByRecipient((await readLedger(ext)).flows);
  expect(received.get('facebook.com')?.has('contact')).toBe(true);
  expect(received.get('tiktok.com')?.has('contact')).toBe(true);
});
