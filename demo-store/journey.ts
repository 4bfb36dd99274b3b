/**
 * A shopper's visit to the demo store, driven through a real browser: home, a product, add to
 * cart, a search, the cart, checkout with an email, and the store locator. Used by `npm start`,
 * the e2e tests and the benchmarks, so all of them see the same traffic.
 */
import type { BrowserContext, Page } from 'playwright-core';

export const DEMO_SHOPPER = { email: ' Jane.Doe@Example.com ', phone: '+1 415 555 0100', postalCode: '94105' };

export interface JourneyOptions {
  origin: string;
  /** Pause after each page so beacons and late widgets are sent (ms). */
  settleMs?: number;
}

async function visit(page: Page, url: string, settleMs: number): Promise<void> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(settleMs);
}

export async function shopJourney(context: BrowserContext, { origin, settleMs = 800 }: JourneyOptions): Promise<Page> {
  await context.grantPermissions(['geolocation'], { origin });
  await context.setGeolocation({ latitude: 37.7897, longitude: -122.3942 });
  const page = await context.newPage();
  await visit(page, `${origin}/`, settleMs);
  await visit(page, `${origin}/product/trail-runner`, settleMs);
  await page.click('#add-to-cart');
  await page.waitForTimeout(300);
  await visit(page, `${origin}/search?q=rain+jacket`, settleMs);
  await visit(page, `${origin}/cart`, settleMs);
  await visit(page, `${origin}/checkout`, settleMs);
  await page.fill('#email', DEMO_SHOPPER.email);
  await page.fill('#phone', DEMO_SHOPPER.phone);
  await page.fill('#postal', DEMO_SHOPPER.postalCode);
  await page.click('#place-order');
  await page.waitForSelector('#order-status:has-text("Thank you")');
  await page.waitForTimeout(settleMs);
  await visit(page, `${origin}/stores`, 200);
  await page.click('#locate');
  // Either stores near the shopper, or "Location unavailable" when the page was denied it.
  await page.waitForFunction(() => !!document.getElementById('store-list')?.textContent);
  await page.waitForTimeout(settleMs);
  return page;
}
