/**
 * The demo store's shopping visit (demo-store/journey.ts) driven in Firefox through puppeteer-core:
 * the same pages, clicks and typed values, so Firefox sees the traffic chromium sees.
 */
import type { Page } from 'puppeteer-core';
import { DEMO_SHOPPER } from '../../demo-store/journey';
import type { FirefoxBrowser } from '../../cli/firefox';

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function visit(page: Page, url: string, settleMs: number): Promise<void> {
  await page.goto(url, { waitUntil: 'load' });
  await pause(settleMs);
}

export async function shopJourneyFirefox(
  ff: FirefoxBrowser,
  { origin, settleMs = 800 }: { origin: string; settleMs?: number },
): Promise<Page> {
  const page = await ff.newPage();
  await visit(page, `${origin}/`, settleMs);
  await visit(page, `${origin}/product/trail-runner`, settleMs);
  await page.click('#add-to-cart');
  await pause(300);
  await visit(page, `${origin}/search?q=rain+jacket`, settleMs);
  await visit(page, `${origin}/cart`, settleMs);
  await visit(page, `${origin}/checkout`, settleMs);
  // Firefox ESR 140 will not submit an email field whose typed value has surrounding spaces (a shopper
  // there must type it bare); the spaced value's trimming is exercised in chromium.
  await page.type('#email', DEMO_SHOPPER.email.trim());
  await page.type('#phone', DEMO_SHOPPER.phone);
  await page.type('#postal', DEMO_SHOPPER.postalCode);
  await page.click('#place-order');
  await page.waitForFunction(() => /Thank you/.test(document.getElementById('order-status')?.textContent ?? ''));
  await pause(settleMs);
  await visit(page, `${origin}/stores`, 200);
  await page.click('#locate');
  // Either stores near the shopper, or "Location unavailable" when the page was denied it.
  await page.waitForFunction(() => !!document.getElementById('store-list')?.textContent);
  await pause(settleMs);
  return page;
}
