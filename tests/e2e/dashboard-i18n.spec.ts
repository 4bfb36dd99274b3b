import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { test, expect, readFlushedLedger } from './fixtures';
import { shopJourney } from '../../demo-store/journey';
import { localeFormat } from '../../utils/i18n/format';
import { formatMessage } from '../../utils/i18n/locales';

const SHOP = 'demo-store.test';
const DAY_MS = 86_400_000;
type Messages = Record<string, { message: string }>;
const read = (locale: string) =>
  JSON.parse(readFileSync(`public/_locales/${locale}/messages.json`, 'utf8')) as Messages;
const en = read('en');

/** English sentences of the dashboard (no placeholders, two words or more): none may be left on a translated page. */
function englishSentences(translated: Messages): string[] {
  return Object.entries(en)
    .filter(([key]) => /^(dashboard|overview|flows|shopView|letter|dashExport|flowAction)_/.test(key))
    .map(([key, { message }]) => [message, translated[key].message])
    .filter(([english, other]) => english !== other && !english.includes('$') && english.includes(' '))
    .map(([english]) => english);
}

async function expectNoEnglish(page: Page, translated: Messages): Promise<void> {
  // textContent, not innerText: headings are uppercased by CSS.
  const text = (await page.locator('body').textContent()) ?? '';
  expect(englishSentences(translated).filter((s) => text.includes(s))).toEqual([]);
}

// Dates as Intl writes them, checked against a shape of the locale's own, so English dates cannot pass.
const LOCALES = [
  { locale: 'de', tag: 'de-DE', dateTime: /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/ },
  { locale: 'ja', tag: 'ja-JP', dateTime: /^\d{4}\/\d{2}\/\d{2} \d{1,2}:\d{2}$/ },
] as const;

for (const { locale, tag, dateTime } of LOCALES) {
  test.describe(`in a ${tag} browser`, () => {
    test.use({ locale: tag });

    test(`the dashboard speaks ${locale}: every view, dates and numbers for the locale`, async ({ store, ext }) => {
      test.setTimeout(150_000);
      const m = read(locale);
      const msg = (key: string, ...subs: string[]) => formatMessage(m[key].message, subs);
      const fmt = localeFormat(tag);
      // The journey's page is closed before the ledger is read, so no late beacon adds a flow after it.
      await (await shopJourney(ext.context, { origin: store.origin, settleMs: 300 })).close();
      await expect
        .poll(async () => (await readFlushedLedger(ext)).flows.length, { timeout: 20_000 })
        .toBeGreaterThan(10);
      const ledger = await readFlushedLedger(ext);
      const base = `chrome-extension://${ext.extensionId}/dashboard.html`;
      const page = await ext.context.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });

      // Overview: the page says which language it is in, and every heading is translated.
      await page.goto(base);
      await expect(page.getByTestId('overview-shops').locator(`tr[data-shop="${SHOP}"]`)).toBeVisible();
      expect(await page.evaluate(() => [document.documentElement.lang, document.title])).toEqual([
        tag,
        msg('dashboard_title'),
      ]);
      await expect(page.locator('h1')).toHaveText(msg('dashboard_title'));
      const headings = await page.locator('h2').allTextContents();
      for (const key of [
        'overview_shops',
        'overview_orgs',
        'overview_timeline',
        'overview_actions',
        'dashboard_shops',
        'dashboard_exportHeading',
        'dashboard_importHeading',
        'dashboard_retentionHeading',
      ])
        expect(headings, key).toContain(msg(key));
      await expect(page.getByTestId('overview-timeline')).toContainText(msg('category_browsing'));
      // The chart's legend names the categories and the day in the locale too.
      await expect(page.getByTestId('chart-timeline').locator('.u-legend')).toContainText(msg('overview_colDay'));
      await expect(page.getByTestId('chart-timeline').locator('.u-legend')).toContainText(msg('category_browsing'));
      await expectNoEnglish(page, m);
      await page.screenshot({ path: test.info().outputPath(`dashboard-${locale}.png`), fullPage: true });

      // A shop: each category's first and last day as the locale writes a date (UTC days of the ledger).
      await page.goto(`${base}?site=${SHOP}`);
      await expect(page.locator('h2.view-title')).toHaveText(msg('shopView_title', SHOP));
      const toMeta = ledger.flows.filter(
        (f) =>
          f.site === SHOP &&
          f.recipientSite === 'facebook.com' &&
          f.thirdParty &&
          f.categories.includes('browsing') &&
          !f.requestType.startsWith('dom-'),
      );
      expect(toMeta.length).toBeGreaterThan(0);
      const days = toMeta.map((f) => Math.floor(f.ts / DAY_MS));
      const browsing = page
        .getByTestId('shop-recipients')
        .locator('tr[data-row="facebook.com"] [data-category="browsing"]');
      await expect(browsing).toContainText(msg('category_browsing'));
      await expect(browsing).toContainText(`${fmt.utcDay(Math.min(...days))} – ${fmt.utcDay(Math.max(...days))}`);
      await page.getByRole('button', { name: msg('letter_button') }).click();
      await expect(page.getByRole('radio', { name: msg('letter_law_gdpr') })).toBeChecked();
      // The letter itself is written in the locale too (its dates stay ISO, as a record's should).
      const letter = await page.getByTestId('letter').inputValue();
      expect(letter).toContain(msg('letterText_gdpr_subject', SHOP));
      expect(letter).toContain(msg('letterText_gdpr_greeting'));
      expect(letter).toContain(
        `- ${msg('category_browsing')}${locale === 'ja' ? '（' : ' ('}${msg('categoryCovers_browsing')}`,
      );
      expect(letter).not.toContain(en.letterText_gdpr_greeting.message);
      await expectNoEnglish(page, m);
      await page.screenshot({ path: test.info().outputPath(`dashboard-shop-${locale}.png`), fullPage: true });

      // The flow table: filters, headers, actions and times in the locale.
      await page.goto(`${base}?view=flows&shop=${SHOP}`);
      const rows = page.getByTestId('flow-table').locator('tbody tr');
      await expect(rows.first()).toBeVisible();
      await expect(page.getByRole('textbox', { name: msg('flows_text') })).toBeVisible();
      await expect(page.getByTestId('flow-table').locator('thead')).toContainText(msg('flows_evidence'));
      const times = await page
        .getByTestId('flow-table')
        .locator('time')
        .evaluateAll((els) => els.map((el) => [el.getAttribute('datetime')!, el.textContent ?? '']));
      expect(times.length).toBeGreaterThan(0);
      for (const [iso, shown] of times) {
        expect(shown).toBe(fmt.dateTime(Date.parse(iso)));
        expect(shown).toMatch(dateTime);
      }
      const action = (await rows.first().getAttribute('data-flow-action')) as 'allowed' | 'blocked' | 'modified';
      await expect(rows.first()).toContainText(msg(`flowAction_${action}`));
      await page.getByRole('button', { name: msg('flows_count') }).click();
      const matching = ledger.flows.filter((f) => f.site === SHOP).length;
      await expect(page.getByTestId('match-count')).toHaveText(msg('flows_counted_other', fmt.count(matching)));
      await expectNoEnglish(page, m);
      await page.screenshot({ path: test.info().outputPath(`dashboard-flows-${locale}.png`), fullPage: true });
    });
  });
}
