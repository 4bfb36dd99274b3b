import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../utils/classify';
import { DEFAULT_POLICY, type ConsentPolicy } from '../../../utils/consent/model';
import { setCategory } from '../../../utils/consent/changes';
import type { Flow } from '../../../utils/model';
import type { RequestOutcome } from '../../../utils/worker/enforcer';
import { RequestObserver } from '../../../utils/worker/observer';
import { fakeBrowser, rawBody, requestEvent } from './fake-browser';

const SHOP_PAGE = 'https://www.demo-store.test/product/42';
const PIXEL = 'https://www.facebook.com/tr?id=123&ev=PageView&dl=https%3A%2F%2Fwww.demo-store.test%2Fproduct%2F42';
const HASHED_EMAIL = 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514';

function setUp(options: { outcome?: RequestOutcome['action']; policy?: ConsentPolicy } = {}) {
  const browser = fakeBrowser();
  const flows: Flow[] = [];
  const newRecipients: string[] = [];
  const observer = new RequestObserver({
    classifier: Promise.resolve(createClassifier()),
    writer: { observeFlow: async (flow) => (flows.push(flow), true) },
    enforcer: Promise.resolve({
      outcome: (request) => ({ action: options.outcome ?? 'allowed', sentUrl: request.url }),
    }),
    sessionNonce: Promise.resolve('nonce'),
    tabUrl: browser.tabs.urlOf,
    onNewRecipient: (site) => newRecipients.push(site),
    bodyVeto: options.policy ? async () => options.policy! : undefined,
  });
  return { browser, observer, flows, newRecipients };
}

describe('request observation and retailer attribution', () => {
  it('charges a request to the shop its tab shows, from the main_frame request', async () => {
    const { browser, observer, flows } = setUp();
    await observer.observe(requestEvent({ url: SHOP_PAGE, tabId: 7, type: 'main_frame' }));
    await observer.observe(requestEvent({ url: PIXEL, tabId: 7 }));
    expect(flows).toHaveLength(1);
    expect(flows[0]).toMatchObject({ site: 'demo-store.test', pageUrl: SHOP_PAGE, recipientSite: 'facebook.com' });
    expect(flows[0].key).toBe(`nonce:${Number(flows[0].key.split(':')[1])}`);
    expect(browser.tabsGetCalls).toEqual([]);
  });

  it('after a worker restart, asks the browser which page the tab shows and charges the right shop', async () => {
    const { browser, observer, flows } = setUp();
    // A new worker: it never saw tab 9's main_frame request.
    browser.tabUrls.set(9, SHOP_PAGE);
    await observer.observe(requestEvent({ url: PIXEL, tabId: 9 }));
    await observer.observe(requestEvent({ url: PIXEL + '&x=2', tabId: 9 }));
    expect(flows.map((f) => f.site)).toEqual(['demo-store.test', 'demo-store.test']);
    expect(flows[0].pageUrl).toBe(SHOP_PAGE);
    // Asked once, then remembered.
    expect(browser.tabsGetCalls).toEqual([9]);
  });

  it('charges an iframe request to the tab top-level shop, not to the frame', async () => {
    const { observer, flows } = setUp();
    await observer.observe(requestEvent({ url: SHOP_PAGE, tabId: 3, type: 'main_frame' }));
    await observer.observe(
      requestEvent({ url: PIXEL, tabId: 3, frameId: 5, initiator: 'https://ads.example-frame.test' }),
    );
    expect(flows[0].site).toBe('demo-store.test');
  });

  it('follows a navigation of the tab to another shop', async () => {
    const { observer, flows } = setUp();
    observer.tabNavigated(4, SHOP_PAGE);
    observer.tabNavigated(4, 'https://www.other-shop.test/');
    await observer.observe(requestEvent({ url: PIXEL, tabId: 4 }));
    expect(flows[0].site).toBe('other-shop.test');
  });

  it('skips the browser own traffic, unknown tabs, non-web pages and repeated request ids', async () => {
    const { browser, observer, flows } = setUp();
    await observer.observe(requestEvent({ url: PIXEL, tabId: -1 }));
    await observer.observe(requestEvent({ url: PIXEL, tabId: 11 })); // tab gone: tabs.get fails
    browser.tabUrls.set(12, 'chrome://newtab/');
    await observer.observe(requestEvent({ url: PIXEL, tabId: 12 }));
    expect(flows).toHaveLength(0);
    const event = requestEvent({ url: PIXEL, tabId: 13 });
    browser.tabUrls.set(13, SHOP_PAGE);
    await observer.observe(event);
    await observer.observe(event, true); // the block error of the same request
    expect(flows).toHaveLength(1);
  });

  it('records what enforcement did, and reports each new recipient once', async () => {
    const { observer, flows, newRecipients } = setUp({ outcome: 'modified' });
    observer.tabNavigated(1, SHOP_PAGE);
    await observer.observe(requestEvent({ url: PIXEL, tabId: 1 }));
    await observer.observe(requestEvent({ url: PIXEL + '&a=1', tabId: 1 }));
    await observer.observe(requestEvent({ url: PIXEL + '&a=2', tabId: 1 }), true);
    expect(flows.map((f) => f.action)).toEqual(['modified', 'modified', 'blocked']);
    expect(newRecipients).toEqual(['facebook.com']);
  });

  it('uses what the shopper typed in that tab only, to find contact leaks', async () => {
    const { observer, flows } = setUp();
    observer.tabNavigated(1, SHOP_PAGE);
    observer.tabNavigated(2, SHOP_PAGE);
    observer.noteTyped(1, { email: 'shopper@example.com' });
    // The typed email, base64-encoded: only the typed value lets the leak detector recognise it.
    const leak = 'https://www.facebook.com/tr?id=1&ev=Lead&cd[x]=' + btoa('shopper@example.com').replace(/=+$/, '');
    await observer.observe(requestEvent({ url: leak, tabId: 2 }));
    await observer.observe(requestEvent({ url: leak + '&again=1', tabId: 1 }));
    expect(flows[0].categories).not.toContain('contact');
    expect(flows[1].categories).toContain('contact');
    observer.forgetTab(1);
    await observer.observe(requestEvent({ url: leak + '&third=1', tabId: 1 }));
    expect(flows).toHaveLength(2); // the tab is gone, so is its page
  });
});

describe('Firefox body veto', () => {
  const tiktokBody = JSON.stringify({
    event: 'CompletePayment',
    context: { user: { email: HASHED_EMAIL }, page: { url: SHOP_PAGE } },
  });
  const tiktok = (tabId: number) =>
    requestEvent({
      url: 'https://analytics.tiktok.com/api/v2/pixel',
      method: 'POST',
      type: 'xmlhttprequest',
      tabId,
      requestBody: rawBody(tiktokBody),
    });

  it('cancels a tracker request whose body carries a category revoked on that shop, recorded as blocked', async () => {
    const policy = setCategory(DEFAULT_POLICY, 'demo-store.test', 'contact', 'revoked');
    const { observer, flows } = setUp({ policy });
    observer.tabNavigated(1, SHOP_PAGE);
    expect(await observer.observe(tiktok(1))).toBe(true);
    expect(flows[0]).toMatchObject({ action: 'blocked', recipientSite: 'tiktok.com' });
    expect(flows[0].categories).toContain('contact');
  });

  it('lets the request go on another shop, when nothing revoked is in it, and on Chrome', async () => {
    const policy = setCategory(DEFAULT_POLICY, 'demo-store.test', 'contact', 'revoked');
    const other = setUp({ policy });
    other.observer.tabNavigated(1, 'https://www.other-shop.test/checkout');
    expect(await other.observer.observe(tiktok(1))).toBe(false);
    expect(other.flows[0].action).toBe('allowed');

    const granted = setUp({ policy: DEFAULT_POLICY });
    granted.observer.tabNavigated(1, SHOP_PAGE);
    expect(await granted.observer.observe(tiktok(1))).toBe(false);

    const chrome = setUp(); // no bodyVeto: Chrome only observes
    chrome.observer.tabNavigated(1, SHOP_PAGE);
    expect(await chrome.observer.observe(tiktok(1))).toBe(false);
    expect(chrome.flows[0].action).toBe('allowed');
  });
});

describe('settled', () => {
  it('waits for requests still waiting for the classifier (as at start-up)', async () => {
    const flows: Flow[] = [];
    let ready: (c: ReturnType<typeof createClassifier>) => void = () => undefined;
    const browser = fakeBrowser();
    const observer = new RequestObserver({
      classifier: new Promise((resolve) => (ready = resolve)),
      writer: { observeFlow: async (flow) => (flows.push(flow), true) },
      enforcer: Promise.resolve({ outcome: (request) => ({ action: 'allowed', sentUrl: request.url }) }),
      sessionNonce: Promise.resolve('nonce'),
      tabUrl: browser.tabs.urlOf,
      onNewRecipient: () => undefined,
    });
    void observer.observe(requestEvent({ url: SHOP_PAGE, tabId: 2, type: 'main_frame' }));
    void observer.observe(requestEvent({ url: PIXEL, tabId: 2 }));
    let settled = false;
    const waiting = observer.settled().then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    ready(createClassifier());
    await waiting;
    expect(flows.map((f) => f.recipientSite)).toEqual(['facebook.com']);
    await observer.settled();
  });
});
