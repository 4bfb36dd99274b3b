/**
 * Protective from the first run: the onboarding page opens on install, and before the shopper picks
 * anything the recommended default ("Only what the shop needs") is enforced, as the demo store's
 * server sees it.
 */
import type { Page } from 'playwright-core';
import { test, expect } from './fixtures';
import { shopJourney } from '../../demo-store/journey';
import { onboardingPage } from '../../cli/browser';
import type { ReceivedRequest } from '../../demo-store/server';

test.use({ onboardingChoice: 'none' });

/** The advertising pixels' collection endpoints on the demo store (Meta, TikTok, Criteo). */
const AD_PIXELS: [string, RegExp][] = [
  ['www.facebook.com', /^\/tr/],
  ['analytics.tiktok.com', /^\/api\/v2\/pixel/],
  ['sslwidget.criteo.com', /^\/event/],
];
const adPixelHits = (log: ReceivedRequest[]) =>
  log.filter((r) => AD_PIXELS.some(([host, path]) => r.host === host && path.test(r.path)));
const shopDocuments = (log: ReceivedRequest[]) =>
  log.filter((r) => r.host === 'www.demo-store.test' && r.headers['sec-fetch-dest'] === 'document');

async function expectOnboarding(page: Page) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to ShareLedger');
  await expect(page.locator('button[data-preset]')).toHaveCount(3);
  // Nothing chosen yet: the recommended preset is the one in force.
  await expect(page.locator('button[data-preset="only-needed"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('button[data-preset="only-needed"]')).toContainText('recommended');
  await expect(page.getByTestId('onboarding-status')).toContainText('Until you choose, “Only what the shop needs”');
}

test('install opens the onboarding page; with no choice, GPC is sent and ad pixels never arrive', async ({
  store,
  ext,
}) => {
  test.setTimeout(180_000);
  const onboarding = await onboardingPage(ext.context, ext.extensionId);
  await expectOnboarding(onboarding);

  // No choice made: shop as a new user would.
  await shopJourney(ext.context, { origin: store.origin, settleMs: 800 });
  const documents = shopDocuments(store.log);
  expect(documents.length).toBeGreaterThan(3);
  expect(documents.map((r) => r.headers['sec-gpc'])).toEqual(documents.map(() => '1'));
  expect(adPixelHits(store.log).map((r) => `${r.host}${r.path}`)).toEqual([]);

  // Control, through the same page: "Allow all" lets the pixels through and stops GPC, so the checks
  // above can fail.
  await onboarding.locator('button[data-preset="allow-all"]').click();
  await expect(onboarding.locator('button[data-preset="allow-all"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(onboarding.getByTestId('onboarding-status')).toContainText('Saved: “Allow all”');
  const mark = store.log.length;
  await shopJourney(ext.context, { origin: store.origin, settleMs: 800 });
  const after = store.log.slice(mark);
  expect(adPixelHits(after).length).toBeGreaterThan(0);
  expect(shopDocuments(after).some((r) => r.headers['sec-gpc'])).toBe(false);
});
