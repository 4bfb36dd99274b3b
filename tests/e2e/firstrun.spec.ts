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
import { badgeOf, PAUSED_RGBA, sendConsentChange } from './toolbar-helpers';

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
  // The popup says the requests that carried data were blocked, not only that they were made.
  const popup = await ext.context.newPage();
  const google = popup.locator('tr[data-recipient="google-analytics.com"]');
  await expect
    .poll(
      async () => {
        await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?site=demo-store.test`);
        await popup.locator('table.recipients, p.empty').first().waitFor();
        return google.count();
      },
      { timeout: 20_000 },
    )
    .toBe(1);
  const requests = Number(await google.locator('td.num').evaluate((td) => td.firstChild?.textContent));
  expect(requests).toBeGreaterThan(0);
  await expect(google.locator('.blocked')).toHaveAttribute('data-blocked', String(requests));
  await expect(google.locator('.blocked')).toHaveText(`${requests} blocked`);
  await popup.close();

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

test('a shop page opened the moment the extension is installed is already protected', async ({ store, ext }) => {
  // No waiting for the onboarding page or the worker: a shop tab the shopper had open, reloaded at once.
  const page = await ext.context.newPage();
  await page.goto(`${store.origin}/`, { waitUntil: 'load' });
  await page.waitForTimeout(1500); // the tags' late beacons
  const documents = shopDocuments(store.log);
  expect(documents.length).toBeGreaterThan(0);
  expect(documents.map((r) => r.headers['sec-gpc'])).toEqual(documents.map(() => '1'));
  // Session replay is never allowed by the recommended default: its script must not even load.
  const replay = store.log.filter((r) => r.host.endsWith('fullstory.com')).map((r) => `${r.host}${r.path}`);
  expect(replay).toEqual([]);
  expect(adPixelHits(store.log).map((r) => `${r.host}${r.path}`)).toEqual([]);
});

test('pause on this shop: from the popup, shown in the badge, and it ends by itself', async ({ store, ext }) => {
  test.setTimeout(240_000);
  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?site=demo-store.test`);
  const shop = await ext.context.newPage();
  const visitHome = async () => {
    const mark = store.log.length;
    await shop.goto(`${store.origin}/`, { waitUntil: 'load' });
    await shop.waitForTimeout(1500);
    return store.log.slice(mark);
  };
  const shopBadge = () => badgeOf(popup, 'https://www.demo-store.test/*');

  // Protected (the first-run default) once the worker has installed its rules: GPC, no ad pixel.
  await expect
    .poll(() =>
      popup.evaluate(() =>
        (
          globalThis as unknown as { chrome: { declarativeNetRequest: { getDynamicRules(): Promise<unknown[]> } } }
        ).chrome.declarativeNetRequest
          .getDynamicRules()
          .then((rules) => rules.length),
      ),
    )
    .toBeGreaterThan(0);
  let received = await visitHome();
  expect(shopDocuments(received).map((r) => r.headers['sec-gpc'])).toEqual(['1']);
  expect(adPixelHits(received)).toEqual([]);

  // From the popup: one hour; the popup says until when, the badge turns the pause colour; one click resumes.
  await popup.locator('button[data-pause="hour"]').click();
  await expect(popup.getByTestId('shop-pause')).toContainText('Paused on this shop until');
  await expect.poll(async () => (await shopBadge())?.color).toEqual(PAUSED_RGBA);
  expect((await shopBadge())?.title).toContain('paused on this shop');
  await popup.getByRole('button', { name: 'Resume protection' }).click();
  await expect(popup.locator('button[data-pause="hour"]')).toBeVisible();
  await expect.poll(async () => (await shopBadge())?.color).not.toEqual(PAUSED_RGBA);

  // A short pause through the same validated message the popup sends (the popup computes `until`).
  const until = Date.now() + 20_000;
  await sendConsentChange(popup, { op: 'pause-site', site: 'demo-store.test', until });
  await expect(popup.getByTestId('shop-pause')).toHaveAttribute('data-until', String(until));
  received = await visitHome();
  expect(shopDocuments(received).map((r) => r.headers['sec-gpc'])).toEqual([undefined]);
  expect(adPixelHits(received).length).toBeGreaterThan(0);
  const paused = await shopBadge();
  expect(paused?.color).toEqual(PAUSED_RGBA);
  expect(Number(paused?.text)).toBeGreaterThan(0);

  // Nobody touches anything: the pause ends on its own (alarm), the popup shows the choices again.
  await expect(popup.locator('button[data-pause="hour"]')).toBeVisible({ timeout: 90_000 });
  expect(Date.now()).toBeGreaterThanOrEqual(until);
  await expect.poll(async () => (await shopBadge())?.color, { timeout: 15_000 }).not.toEqual(PAUSED_RGBA);
  received = await visitHome();
  expect(shopDocuments(received).map((r) => r.headers['sec-gpc'])).toEqual(['1']);
  expect(adPixelHits(received)).toEqual([]);
});
