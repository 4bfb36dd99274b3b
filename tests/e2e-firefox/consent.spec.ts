import { test, expect } from './fixtures';
import { shopJourneyFirefox } from './journey';
import { openPopup, toggleCategory } from './popup';
import { carriers, thirdPartyRequests as thirdPartyOrChromium, type ShopperIds } from '../e2e/consent-helpers';
import type { ReceivedRequest } from '../../demo-store/server';
import { CATEGORIES, type Category } from '../../utils/categories';
import type { Page } from 'puppeteer-core';

// Firefox's own background traffic (remote settings) also reaches the loopback store through the proxy.
const FIREFOX_HOSTS = /(^|\.)(mozilla\.(com|net|org)|firefox\.com)$/;
const notFirefox = (log: ReceivedRequest[]) => log.filter((r) => !FIREFOX_HOSTS.test(r.host));
const thirdPartyRequests = (log: ReceivedRequest[]) => thirdPartyOrChromium(notFirefox(log));

/** The IDs the demo trackers keep in first-party cookies, read from the shop's page. */
async function shopperIdsFirefox(page: Page): Promise<ShopperIds> {
  const cookies = Object.fromEntries(
    (await page.evaluate(() => document.cookie)).split(/;\s*/).map((c) => c.split('=') as [string, string]),
  );
  const ga = cookies._ga?.split('.').slice(2).join('.');
  return { ids: [ga, cookies._fbp, cookies._dyid].filter((v): v is string => !!v) };
}

// Revoked together in one popup session, each group in its own test (browser and store): the
// receiving server must not see them, and every request carries the GPC header, also those whose
// URL the strip rules redirected (Firefox applies header rules to the redirected request).
const groups: Category[][] = [
  ['search', 'purchases', 'contact', 'behavior'],
  ['identifiers', 'device', 'location'],
];

for (const revoked of groups) {
  test(`Firefox: revoking ${revoked.join(', ')} in the popup stops that data at the receiving server`, async ({
    store,
    ff,
  }) => {
    test.setTimeout(240_000);
    const first = await shopJourneyFirefox(ff, { origin: store.origin, settleMs: 500 });
    const ids = await shopperIdsFirefox(first);
    for (const category of CATEGORIES)
      expect(carriers(category, store.log, ids), `${category} flows before any revocation`).not.toEqual([]);
    expect(notFirefox(store.log).some((r) => r.headers['sec-gpc'])).toBe(false);
    await first.close();

    const popup = await openPopup(ff, 'demo-store.test');
    for (const category of revoked) await toggleCategory(popup, category, false);

    let mark = store.log.length;
    const page = await shopJourneyFirefox(ff, { origin: store.origin, settleMs: 500 });
    const received = notFirefox(store.log.slice(mark));
    for (const category of revoked)
      expect(
        carriers(category, received, ids).map((r) => `${r.method} ${r.host}${r.path}`),
        `${category} must not arrive once revoked`,
      ).toEqual([]);
    // The shop itself still works (revoking blocks whole recipients where it must).
    expect(received.some((r) => r.host === 'www.demo-store.test' && r.path === '/product/trail-runner')).toBe(true);
    // Global Privacy Control: header on the shop's documents and its trackers' requests, JS property.
    const shopPages = received.filter(
      (r) => r.host === 'www.demo-store.test' && r.headers['sec-fetch-dest'] === 'document',
    );
    expect(shopPages.length).toBeGreaterThan(0);
    expect(shopPages.every((r) => r.headers['sec-gpc'] === '1')).toBe(true);
    expect(thirdPartyRequests(received).every((r) => r.headers['sec-gpc'] === '1')).toBe(true);
    expect(
      await page.evaluate(() => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl),
    ).toBe(true);
    await page.close();

    // Granted again: the data flows again and GPC stops.
    for (const category of revoked) await toggleCategory(popup, category, true);
    mark = store.log.length;
    const again = await shopJourneyFirefox(ff, { origin: store.origin, settleMs: 500 });
    const afterGrant = notFirefox(store.log.slice(mark));
    for (const category of revoked)
      expect(carriers(category, afterGrant, ids), `${category} flows again once granted`).not.toEqual([]);
    expect(afterGrant.some((r) => r.headers['sec-gpc'])).toBe(false);
    await again.close();
  });
}

// Firefox 153: a matching DNR redirect rule (one that strips ID parameters from landing pages and
// tracker URLs, even when there is nothing to strip) suppresses the higher-priority modifyHeaders rule
// that sets Sec-GPC; Chromium applies both. The compiler's strip rules match only URLs that carry a
// parameter they strip, so the shop's own pages get the header.
test('Firefox: GPC header reaches the shop while identifiers are revoked', async ({ store, ff }) => {
  const page = await ff.newPage();
  await page.goto(`${store.origin}/product/trail-runner`);
  const popup = await openPopup(ff, 'demo-store.test');
  await toggleCategory(popup, 'identifiers', false);
  const mark = store.log.length;
  await page.goto(`${store.origin}/product/trail-runner`);
  const documents = store.log
    .slice(mark)
    .filter((r) => r.host === 'www.demo-store.test' && r.headers['sec-fetch-dest'] === 'document');
  expect(documents.length).toBeGreaterThan(0);
  expect(documents.every((r) => r.headers['sec-gpc'] === '1')).toBe(true);
});
