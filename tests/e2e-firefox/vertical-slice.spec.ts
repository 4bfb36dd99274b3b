import { test, expect, readLedgerFirefox } from './fixtures';
import { categoriesByRecipient } from '../e2e/fixtures';
import { shopJourneyFirefox } from './journey';

test('Firefox: a shopping visit is classified into the ledger and shown in the popup', async ({ store, ff }) => {
  await shopJourneyFirefox(ff, { origin: store.origin });

  await expect.poll(async () => (await readLedgerFirefox(ff)).flows.length, { timeout: 15_000 }).toBeGreaterThan(10);
  const ledger = await readLedgerFirefox(ff);
  const received = categoriesByRecipient(ledger.flows.filter((f) => f.site === 'demo-store.test'));
  expect([...(received.get('google-analytics.com') ?? [])]).toEqual(
    expect.arrayContaining(['browsing', 'identifiers', 'purchases', 'search']),
  );
  expect([...(received.get('facebook.com') ?? [])]).toEqual(
    expect.arrayContaining(['browsing', 'purchases', 'contact']),
  );
  expect(received.has('demo-store-cdn.test')).toBe(false);
  const metaContact = ledger.flows.find((f) => f.recipientSite === 'facebook.com' && f.categories.includes('contact'));
  expect(metaContact?.evidence.some((e) => e.key === 'ud[em]')).toBe(true);
  expect(JSON.stringify(metaContact?.evidence)).not.toMatch(/[0-9a-f]{64}/);
  expect(ledger.placements.some((p) => p.label === 'Recommended for you' && p.site === 'demo-store.test')).toBe(true);

  const popup = await ff.openExtensionPage('/popup.html?site=demo-store.test');
  await popup.waitFor(() => document.querySelector('[data-testid="site"]')?.textContent === 'demo-store.test', []);
  await popup.waitFor(
    () => !!document.querySelector('tr[data-recipient="facebook.com"] [data-category="contact"]'),
    [],
  );
  const shown = await popup.evaluate(() => {
    const row = (site: string) => document.querySelector(`tr[data-recipient="${site}"]`);
    const has = (site: string, category: string) => !!row(site)?.querySelector(`[data-category="${category}"]`);
    return {
      google: row('google-analytics.com')?.textContent ?? '',
      googleBrowsing: has('google-analytics.com', 'browsing'),
      googleIdentifiers: has('google-analytics.com', 'identifiers'),
      metaPurchases: has('facebook.com', 'purchases'),
      placements: document.querySelector('[data-testid="placement-count"]')?.textContent,
    };
  });
  expect(shown.google).toContain('Google');
  expect(shown).toMatchObject({ googleBrowsing: true, googleIdentifiers: true, metaPurchases: true });
  expect(shown.placements).not.toBe('0');
  await popup.screenshot(test.info().outputPath('firefox-popup.png'));
});
