import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { DuckDBInstance } from '@duckdb/node-api';
import { cmp } from 'dexie';
import type { Page } from 'playwright-core';
import { test, expect, readLedger } from './fixtures';
import { shopJourney } from '../../demo-store/journey';
import { CATEGORY_INFO, sortCategories, type Category } from '../../utils/categories';
import type { Flow } from '../../utils/model';
import { localeFormat } from '../../utils/i18n/format';

const SHOP = 'demo-store.test';

/** What the dashboard must show, computed from the raw ledger: third-party flows that carried data. */
function expected(flows: Flow[]) {
  const shared = flows.filter((f) => f.thirdParty && f.categories.length > 0 && !f.requestType.startsWith('dom-'));
  const byRecipient = new Map<
    string,
    {
      organization: string;
      categories: Set<Category>;
      first: number;
      last: number;
      /** Each category's own first and last time with this recipient. */
      spans: Map<Category, { first: number; last: number }>;
    }
  >();
  for (const f of shared.filter((f) => f.site === SHOP)) {
    const r = byRecipient.get(f.recipientSite) ?? {
      organization: f.organization,
      categories: new Set<Category>(),
      first: f.ts,
      last: f.ts,
      spans: new Map(),
    };
    for (const c of f.categories) {
      r.categories.add(c);
      const span = r.spans.get(c) ?? { first: f.ts, last: f.ts };
      r.spans.set(c, { first: Math.min(span.first, f.ts), last: Math.max(span.last, f.ts) });
    }
    r.first = Math.min(r.first, f.ts);
    r.last = Math.max(r.last, f.ts);
    byRecipient.set(f.recipientSite, r);
  }
  return { shared, byRecipient, shops: new Set(shared.map((f) => f.site)) };
}

const day = (ts: number) => new Date(ts).toISOString().slice(0, 10);
/** A UTC day as the dashboard shows it in this English browser (the letter keeps ISO days). */
const shownDay = (ts: number) => localeFormat('en').utcDay(Math.floor(ts / 86_400_000));
const matchCount = (n: number) => (n === 1 ? '1 flow matches.' : `${localeFormat('en').count(n)} flows match.`);

async function checkAxe(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.waitForTimeout(200); // charts redraw in the new theme
    await page.screenshot({ path: test.info().outputPath(`${name}-${colorScheme}.png`), fullPage: true });
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      `${name}, ${colorScheme} mode`,
    ).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function duckCount(path: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const rows = (await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM '${path}'`)).getRowObjectsJS();
  connection.closeSync();
  instance.closeSync();
  return rows[0].n as number;
}

test('dashboard views: overview, shop, recipient, filters, letter and Parquet after a journey', async ({
  store,
  ext,
}) => {
  test.setTimeout(240_000);
  await shopJourney(ext.context, { origin: store.origin, settleMs: 400 });
  await expect.poll(async () => (await readLedger(ext)).flows.length, { timeout: 20_000 }).toBeGreaterThan(10);
  await new Promise((r) => setTimeout(r, 1500)); // last batch
  const ledger = await readLedger(ext);
  const want = expected(ledger.flows);
  expect(want.byRecipient.size).toBeGreaterThan(3);
  const base = `chrome-extension://${ext.extensionId}/dashboard.html`;
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });

  // Overview: every shop and organization that received data, the timeline's categories, the charts.
  await page.goto(base);
  const shops = page.getByTestId('overview-shops');
  await expect(shops.locator(`tr[data-shop="${SHOP}"]`)).toBeVisible();
  await expect(shops.locator('tbody tr')).toHaveCount(want.shops.size);
  const orgs = page.getByTestId('overview-organizations');
  for (const { organization } of want.byRecipient.values())
    await expect(orgs.locator(`tr[data-organization="${organization}"]`)).toBeVisible();
  const timeline = page.getByTestId('overview-timeline');
  await expect(timeline).toBeVisible();
  const sharedCategories = sortCategories(want.shared.flatMap((f) => f.categories));
  for (const c of sharedCategories)
    await expect(timeline.locator(`tr[data-category="${c}"] td`).first()).not.toHaveText('0');
  for (const id of ['chart-shops', 'chart-organizations', 'chart-timeline', 'chart-actions'])
    await expect(page.getByTestId(id).locator('canvas')).toBeVisible();
  await checkAxe(page, 'dashboard-overview');

  // Shop view: each recipient with the categories it received, placements, the popup's switches.
  await page.goto(`${base}?site=${SHOP}`);
  const recipients = page.getByTestId('shop-recipients');
  await expect(recipients.locator('tbody tr')).toHaveCount(want.byRecipient.size);
  for (const [site, r] of want.byRecipient) {
    const row = recipients.locator(`tr[data-row="${site}"]`);
    await expect(row).toContainText(r.organization);
    for (const c of r.categories) await expect(row.locator(`[data-category="${c}"]`)).toBeVisible();
    await expect(row.locator('[data-category]')).toHaveCount(r.categories.size);
  }
  await expect(page.getByRole('switch', { name: /Contact/ })).toBeVisible();
  await expect(page.locator('[data-placement-kind]').first()).toBeVisible();
  await expect(page.getByTestId('flow-table').locator('tbody tr').first()).toBeVisible();
  await checkAxe(page, 'dashboard-shop');

  // The letter names each organization and category with that category's own first and last dates.
  await page.getByRole('button', { name: 'Request my data' }).click();
  const letter = page.getByTestId('letter');
  for (const check of ['gdpr', 'ccpa'] as const) {
    if (check === 'ccpa') await page.getByLabel(/CCPA\/CPRA/).check();
    const text = await letter.inputValue();
    expect(text).toContain(check === 'gdpr' ? 'Article 15' : '1798.120');
    for (const [site, r] of want.byRecipient) {
      expect(text).toContain(`${r.organization} (${site}`);
      const paragraph = text.slice(text.indexOf(`${r.organization} (${site}`)).split('\n  * ')[0];
      for (const [c, span] of r.spans)
        expect(paragraph).toMatch(
          new RegExp(`- ${CATEGORY_INFO[c].name} \\(.*\\): first seen ${day(span.first)}, last seen ${day(span.last)}`),
        );
    }
  }
  await page.screenshot({ path: test.info().outputPath('dashboard-letter.png'), fullPage: true });

  // Recipient view: the shops that sent data to Meta, and what, each category with its own dates.
  await page.goto(`${base}?recipient=facebook.com`);
  const meta = page.getByTestId('recipient-shops').locator(`tr[data-row="${SHOP}"]`);
  for (const [c, span] of want.byRecipient.get('facebook.com')!.spans)
    await expect(meta.locator(`[data-category="${c}"]`)).toContainText(
      `${shownDay(span.first)} – ${shownDay(span.last)}`,
    );
  await page.screenshot({ path: test.info().outputPath('dashboard-recipient.png'), fullPage: true });

  // Flow table: filters from the URL narrow the rows; a filter changed on the page is written to the URL.
  const metaContact = want.shared.filter(
    (f) => f.site === SHOP && f.recipientSite === 'facebook.com' && f.categories.includes('contact'),
  );
  expect(metaContact.length).toBeGreaterThan(0);
  await page.goto(`${base}?view=flows&shop=${SHOP}&recipient=facebook.com&category=contact`);
  const rows = page.getByTestId('flow-table').locator('tbody tr');
  await expect(rows).toHaveCount(Math.min(50, metaContact.length));
  await expect(rows.and(page.locator(':not([data-flow-recipient="facebook.com"])'))).toHaveCount(0);
  await page.getByRole('button', { name: 'Count matches' }).click();
  await expect(page.getByTestId('match-count')).toHaveText(matchCount(metaContact.length));
  await page.getByLabel('Recipient site').fill('');
  await page.getByLabel('Recipient site').press('Enter');
  await page.getByLabel('Category').selectOption('browsing');
  await expect(page).toHaveURL(/category=browsing/);
  await expect(page).not.toHaveURL(/recipient=/);
  const browsing = want.shared.filter((f) => f.site === SHOP && f.categories.includes('browsing'));
  await page.getByRole('button', { name: 'Count matches' }).click();
  await expect(page.getByTestId('match-count')).toHaveText(matchCount(browsing.length));
  await page.getByRole('textbox', { name: 'Search text' }).fill('google');
  await page.getByRole('textbox', { name: 'Search text' }).press('Enter');
  await expect(page).toHaveURL(/q=google/);
  // The address changes at once; the rows when the query is done (until then the last filter's rows show).
  const shownRecipients = () => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-flow-recipient')));
  await expect
    .poll(async () => {
      const shown = await shownRecipients();
      return shown.length > 0 && shown.every((recipient) => /google/.test(recipient ?? ''));
    })
    .toBe(true);
  await checkAxe(page, 'dashboard-flows');

  // Sorting: a header click orders the whole ledger by that column (then time), the header says so
  // (aria-sort), the address keeps it; the first page is the first 50 of the ledger in that order.
  await page.goto(`${base}?view=flows`);
  // The date inputs show the browser's format; the page says what a day means, in its own language.
  for (const name of ['From', 'To'])
    await expect(page.getByLabel(name, { exact: true })).toHaveAccessibleDescription(/whole UTC days/);
  const table = page.getByTestId('flow-table');
  const header = (column: string) => table.locator(`th[data-sort-column="${column}"]`);
  await expect(header('time')).toHaveAttribute('aria-sort', 'descending');
  const shownKeys = (column: 'shop' | 'recipient' | 'category') =>
    rows.evaluateAll(
      (trs, column) =>
        trs.map((tr) => [
          column === 'category'
            ? [...tr.querySelectorAll('[data-category]')].map((li) => li.getAttribute('data-category'))
            : tr.getAttribute(column === 'shop' ? 'data-flow-shop' : 'data-flow-recipient'),
          Date.parse(tr.querySelector('time')!.getAttribute('datetime')!),
        ]),
      column,
    );
  const firstPage = (column: 'shop' | 'recipient' | 'category', descending: boolean) => {
    const keys = ledger.flows
      .map((f) => [column === 'shop' ? f.site : column === 'recipient' ? f.recipientSite : f.categories, f.ts])
      .sort((a, b) => cmp(a, b));
    return (descending ? keys.reverse() : keys).slice(0, 50);
  };
  expect(new Set(ledger.flows.map((f) => f.recipientSite)).size).toBeGreaterThan(3);
  for (const [column, label] of [
    ['recipient', 'Recipient site'],
    ['shop', 'Shop'],
    ['category', 'Data'],
  ] as const) {
    for (const [direction, param] of [
      ['ascending', column],
      ['descending', `${column}-desc`],
    ] as const) {
      await header(column).getByRole('button', { name: label }).click();
      await expect(page).toHaveURL(new RegExp(`sort=${param}(&|$)`));
      await expect(header(column)).toHaveAttribute('aria-sort', direction);
      await expect(header('time')).not.toHaveAttribute('aria-sort');
      await expect.poll(() => shownKeys(column)).toEqual(firstPage(column, direction === 'descending'));
    }
  }
  // The order is part of the bookmark.
  await page.reload();
  await expect(header('category')).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => shownKeys('category')).toEqual(firstPage('category', true));
  await page.screenshot({ path: test.info().outputPath('dashboard-flows-sorted.png'), fullPage: true });

  // Parquet from the dashboard: DuckDB reads as many flows as the JSON export has.
  await page.goto(base);
  const exportAs = async (kind: string) => {
    await page.getByLabel('Format').selectOption(kind);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export', exact: true }).click(),
    ]);
    const path = test.info().outputPath(download.suggestedFilename());
    await download.saveAs(path);
    return path;
  };
  const json = JSON.parse(readFileSync(await exportAs('json'), 'utf8')) as { flows: unknown[] };
  const parquet = await exportAs('parquet:flows');
  expect(parquet).toMatch(/flows\.parquet$/);
  expect(await duckCount(parquet)).toBe(json.flows.length);
  expect(json.flows.length).toBe(ledger.flows.length);
});
