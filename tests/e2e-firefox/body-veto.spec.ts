import { test, expect, readLedgerFirefox } from './fixtures';
import { openPopup, toggleCategory } from './popup';
import { DEMO_SHOPPER } from '../../demo-store/journey';

const SEGMENT = 'https://api.segment.io/v1/t';

// Chrome MV3 cannot read or stop a POST body; Firefox's blocking webRequest can. A shop's Segment
// call posts the shopper's email in its JSON body: with Contact revoked on that shop, the request is
// cancelled before it leaves and the ledger records it as blocked, while a call without it still goes.
test('Firefox: a tracker POST whose body carries a revoked category is cancelled and recorded as blocked', async ({
  store,
  ff,
}) => {
  const page = await ff.newPage();
  await page.goto(`${store.origin}/cart`);
  const popup = await openPopup(ff, 'demo-store.test');
  await toggleCategory(popup, 'contact', false);
  const since = Date.now();

  const post = (traits: Record<string, string>) =>
    page.evaluate(
      (url, body) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
          (r) => `sent ${r.status}`,
          () => 'cancelled',
        ),
      SEGMENT,
      JSON.stringify({ type: 'track', event: 'Checkout Started', anonymousId: 'a-1', context: { traits } }),
    );
  expect(await post({ email: DEMO_SHOPPER.email.trim() })).toBe('cancelled');
  expect(await post({ plan: 'basic' })).toBe('sent 204');

  const segmentPosts = store.log.filter((r) => r.host === 'api.segment.io' && r.method === 'POST');
  expect(segmentPosts.length).toBe(1);
  expect(segmentPosts[0].body).not.toContain('@');
  await expect
    .poll(
      async () =>
        (await readLedgerFirefox(ff)).flows
          .filter((f) => f.ts >= since - 1000 && f.recipientSite === 'segment.io')
          .map((f) => `${f.action} ${f.evidence.some((e) => e.where === 'body' && e.category === 'contact')}`),
      { timeout: 15_000 },
    )
    .toContain('blocked true');
});

// Firefox 153: a DNR redirect rule that matches a request wins over the blocking webRequest
// listener's cancel, even when the redirect changes nothing. With Device revoked, TikTok is a tracker
// whose URL parameters are stripped; its pixel posts the user agent in its body. The compiler's strip
// rules match only URLs that carry what they strip, so the veto still cancels that POST.
test('Firefox: the body veto holds while a URL-stripping rule covers the recipient', async ({ store, ff }) => {
  const tiktokPosts = () =>
    store.log.filter((r) => r.method === 'POST' && r.host === 'analytics.tiktok.com' && r.path === '/api/v2/pixel');
  const page = await ff.newPage();
  await page.goto(`${store.origin}/product/trail-runner`);
  await expect.poll(() => tiktokPosts().length, { timeout: 15_000 }).toBeGreaterThan(0);
  const popup = await openPopup(ff, 'demo-store.test');
  await toggleCategory(popup, 'device', false);
  await new Promise((done) => setTimeout(done, 1000));
  const before = tiktokPosts().length;
  await page.goto(`${store.origin}/product/trail-runner`);
  await new Promise((done) => setTimeout(done, 2000));
  expect(
    tiktokPosts()
      .slice(before)
      .filter((r) => r.body.includes('userAgent')),
  ).toEqual([]);
});
