/**
 * `npm run store-assets [-- de ja]`: the stores' screenshots, taken from the demo store with the real
 * built extension, in each of ShareLedger's languages (or those named): the onboarding page a new user
 * sees, then, with "Allow all" picked there, labels on a shop's personalized rows, the popup over the shop, the dashboard's
 * overview and a shop's page. 1280×800 PNGs (the size both the Chrome Web Store and addons.mozilla.org
 * take) in store-assets/<locale>/ (git-ignored; SHARELEDGER_STORE_ASSETS=DIR writes elsewhere).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoStore } from '../demo-store/server';
import { shopJourney } from '../demo-store/journey';
import { launchWithExtension, onboardingPage } from '../cli/browser';
import { readSettledLedger } from '../cli/ledger-dump';
import { LOCALES, type Locale } from '../utils/i18n/locales';

const OUT_DIR = resolve(process.env.SHARELEDGER_STORE_ASSETS ?? 'store-assets');
const SIZE = { width: 1280, height: 800 };
const SITE = 'demo-store.test';
/** The browser each screenshot set is taken in: its language and region. */
const BROWSER_LOCALE: Record<Locale, string> = { en: 'en-US', de: 'de-DE', fr: 'fr-FR', es: 'es-ES', ja: 'ja-JP' };

const asked = process.argv.slice(2);
const unknown = asked.filter((l) => !(LOCALES as readonly string[]).includes(l));
if (unknown.length) {
  console.error(`Unknown locale ${unknown.join(', ')}: ShareLedger speaks ${LOCALES.join(', ')}.`);
  process.exit(2);
}
const locales = (asked.length ? asked : LOCALES) as Locale[];

/** The popup as the browser shows it: a panel at the top right of the shop's page. */
async function popupOverShop(shop: Page, popup: Page, path: string): Promise<void> {
  const backdrop = (await shop.screenshot()).toString('base64');
  const panel = (await popup.screenshot({ fullPage: false })).toString('base64');
  const frame = await shop.context().newPage();
  await frame.setViewportSize(SIZE);
  await frame.setContent(`<!doctype html><body style="margin:0;overflow:hidden">
    <img src="data:image/png;base64,${backdrop}" style="display:block;filter:brightness(.85)">
    <img src="data:image/png;base64,${panel}" style="position:absolute;top:8px;right:24px;border-radius:8px;
      box-shadow:0 6px 24px rgba(0,0,0,.35)"></body>`);
  await frame.screenshot({ path });
  await frame.close();
}

const store = await startDemoStore();
try {
  for (const locale of locales) {
    const dir = join(OUT_DIR, locale);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // A new user's browser, on the onboarding page the extension opens on install.
    const ext = await launchWithExtension({
      hostRules: store.hostResolverRules,
      onboardingChoice: 'none',
      locale: BROWSER_LOCALE[locale],
    });
    try {
      const onboarding = await onboardingPage(ext.context, ext.extensionId);
      await onboarding.setViewportSize(SIZE);
      await onboarding.locator('button[data-preset]').first().waitFor();
      await onboarding.screenshot({ path: join(dir, '1-onboarding.png') });
      // Then "Allow all", so the shots show what a shop shares, labels on its rows and the switches to stop it
      // (with the protective default, rows personalized from browsing are hidden and their trackers blocked).
      await onboarding.locator('button[data-preset="allow-all"]').click();
      await onboarding.locator('[data-testid=onboarding-status][data-chosen]').waitFor();
      await onboarding.close();

      const shop = await shopJourney(ext.context, { origin: store.origin, settleMs: 400 });
      await readSettledLedger(ext, ext.worker);

      // Badges speak the page's language: the demo store's Japanese page for Japanese, its English one otherwise.
      await shop.setViewportSize(SIZE);
      await shop.goto(`${store.origin}${locale === 'ja' ? '/ja/' : '/'}`);
      const badge = shop.locator('#recs shareledger-badge');
      await badge.waitFor();
      await shop.locator('#recs').scrollIntoViewIfNeeded();
      // The label is a button at the start of a full-width host: click it, not the host's middle.
      await badge.click({ position: { x: 24, y: 10 } }); // opens "why" under the label
      await shop.waitForTimeout(200);
      await shop.screenshot({ path: join(dir, '2-in-page-labels.png') });

      await shop.goto(`${store.origin}/product/trail-runner`);
      const popup = await ext.context.newPage();
      await popup.setViewportSize({ width: 420, height: SIZE.height - 16 });
      await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?site=${SITE}`);
      await popup.locator('tr[data-recipient]').first().waitFor();
      await popupOverShop(shop, popup, join(dir, '3-popup.png'));

      const dashboard = await ext.context.newPage();
      await dashboard.setViewportSize(SIZE);
      const base = `chrome-extension://${ext.extensionId}/dashboard.html`;
      await dashboard.goto(base);
      await dashboard.getByTestId('chart-shops').locator('canvas').waitFor();
      await dashboard.screenshot({ path: join(dir, '4-dashboard.png') });
      await dashboard.goto(`${base}?site=${SITE}`);
      await dashboard.getByTestId('shop-recipients').waitFor();
      await dashboard.screenshot({ path: join(dir, '5-dashboard-shop.png') });
      console.log(`${locale}: ${dir}`);
    } finally {
      await ext.close();
    }
  }
} finally {
  await store.close();
}
