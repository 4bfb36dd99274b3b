import { test, expect } from './fixtures';
import type { Page } from 'puppeteer-core';
import { readFileSync } from 'node:fs';
import { formatMessage } from '../../utils/i18n/locales';
import { openPopup } from './popup';

/** What the badge on a row personalized from browsing says in a locale, from public/_locales. */
function expectedBadge(locale: string): string {
  const messages = JSON.parse(readFileSync(`public/_locales/${locale}/messages.json`, 'utf8')) as Record<
    string,
    { message: string }
  >;
  return formatMessage(messages.badge_personalizedFrom.message, [messages.badge_browsing.message]);
}

// A German browser: badges speak the page's language when ShareLedger has it, the browser's otherwise.
test.use({ firefoxLocale: 'de' });

async function badgeLabel(page: Page): Promise<string | null> {
  await page.waitForSelector('#recs shareledger-badge', { timeout: 20_000 });
  return page.$eval('#recs shareledger-badge', (el) => el.getAttribute('aria-label'));
}

test('Firefox: a badge on a Japanese page speaks Japanese, on an English page English', async ({ store, ff }) => {
  const page = await ff.newPage();
  await page.goto(`${store.origin}/ja/`);
  const label = await badgeLabel(page);
  expect(label).toBe(expectedBadge('ja'));
  expect(label).toMatch(/[\u3040-\u30ff\u4e00-\u9faf]/);
  const row = await page.$('#recs');
  await row!.screenshot({ path: test.info().outputPath('badge-ja.png') });

  await page.goto(`${store.origin}/`);
  expect(await badgeLabel(page)).toBe(expectedBadge('en'));
});

test('Firefox: the popup speaks the browser’s language (German)', async ({ store, ff }) => {
  const de = JSON.parse(readFileSync('public/_locales/de/messages.json', 'utf8')) as Record<
    string,
    { message: string }
  >;
  const page = await ff.newPage();
  await page.goto(`${store.origin}/product/trail-runner`);
  const popup = await openPopup(ff, 'demo-store.test');
  await popup.waitFor(() => !!document.querySelector('tr[data-recipient]'), []);
  const headings = await popup.evaluate(() => [...document.querySelectorAll('h2')].map((h) => h.textContent ?? ''));
  expect(headings).toContain(de.popup_sharedWith.message);
  expect(headings.some((h) => h.startsWith(formatMessage(de.popup_choicesFor.message, ['demo-store.test'])))).toBe(
    true,
  );
  // Names, presets, switches, kinds and buttons too: nothing of the shop's section is left in English.
  const text = await popup.evaluate(() => document.body.innerText);
  for (const key of [
    'category_browsing',
    'category_identifiers',
    'preset_onlyNeeded_name',
    'switch_granted',
    'switch_more',
    'kind_advertising',
    'ledger_forgetShop',
    'ledger_eraseAll',
  ])
    expect(text, key).toContain(de[key].message);
  for (const english of [
    'Granted',
    'What does revoking do?',
    'Only what the shop needs',
    'Erase everything',
    'advertising',
  ])
    expect(text).not.toContain(english);
  await popup.screenshot(test.info().outputPath('popup-de.png'));
});
