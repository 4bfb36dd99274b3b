import { test, expect, readLedger, categoriesByRecipient } from './fixtures';
import { shopJourney } from '../../demo-store/journey';

test('a shopping visit is classified into the ledger and shown in the popup', async ({ store, ext }) => {
  const page = await shopJourney(ext.context, { origin: store.origin });

  await expect.poll(async () => (await readLedger(ext)).flows.length, { timeout: 10_000 }).toBeGreaterThan(10);
  // Let the last batch flush.
  await page.waitForTimeout(500);
  const ledger = await readLedger(ext);
  const received = categoriesByRecipient(ledger.flows.filter((f) => f.site === 'demo-store.test'));

  expect([...(received.get('google-analytics.com') ?? [])]).toEqual(
    expect.arrayContaining(['browsing', 'identifiers', 'purchases', 'search']),
  );
  expect([...(received.get('facebook.com') ?? [])]).toEqual(
    expect.arrayContaining(['browsing', 'purchases', 'contact']),
  );
  // The sister CDN of the store is first party: never a recipient.
  expect(received.has('demo-store-cdn.test')).toBe(false);
  // The hashed email reached Meta as advanced matching, and the ledger keeps no hash in clear.
  const metaContact = ledger.flows.find((f) => f.recipientSite === 'facebook.com' && f.categories.includes('contact'));
  expect(metaContact?.evidence.some((e) => e.key === 'ud[em]')).toBe(true);
  expect(JSON.stringify(metaContact?.evidence)).not.toMatch(/[0-9a-f]{64}/);

  expect(ledger.placements.some((p) => p.label === 'Recommended for you' && p.site === 'demo-store.test')).toBe(true);
  expect(ledger.placements.some((p) => /best sellers/i.test(p.label))).toBe(false);

  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?site=demo-store.test`);
  await expect(popup.getByTestId('site')).toHaveText('demo-store.test');
  const google = popup.locator('tr[data-recipient="google-analytics.com"]');
  await expect(google).toContainText('Google');
  await expect(google.locator('[data-category="browsing"]')).toBeVisible();
  await expect(google.locator('[data-category="identifiers"]')).toBeVisible();
  const meta = popup.locator('tr[data-recipient="facebook.com"]');
  await expect(meta.locator('[data-category="contact"]')).toBeVisible();
  await expect(meta.locator('[data-category="purchases"]')).toBeVisible();
  await expect(popup.getByTestId('placement-count')).not.toHaveText('0');
  await popup.screenshot({ path: test.info().outputPath('popup.png') });
});
