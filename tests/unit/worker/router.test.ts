import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../utils/classify';
import { DEFAULT_POLICY, type ConsentPolicy } from '../../../utils/consent/model';
import type { Flow, PlacementRecord, TypedValues } from '../../../utils/model';
import type { LedgerStatus } from '../../../utils/ledger/writer';
import type { BannerReport } from '../../../utils/consent/cmp/report';
import { contentHandlers, controlHandlers, type HandlerDeps } from '../../../utils/worker/handlers';
import { createMessageRouter } from '../../../utils/worker/router';
import type { MessageSenderInfo } from '../../../utils/platform';
import { EXTENSION_ID, EXTENSION_ORIGIN, fakeBrowser } from './fake-browser';

const SHOP_PAGE = 'https://www.demo-store.test/checkout';
const popup: MessageSenderInfo = { id: EXTENSION_ID, url: `${EXTENSION_ORIGIN}/popup.html` };
const contentScript: MessageSenderInfo = { id: EXTENSION_ID, url: SHOP_PAGE, tab: { id: 5, url: SHOP_PAGE } };
const revokeContact = {
  type: 'consent',
  change: { op: 'set-category', site: 'demo-store.test', category: 'contact', state: 'revoked' },
};

function setUp(extra: Partial<HandlerDeps> = {}) {
  const browser = fakeBrowser();
  let policy: ConsentPolicy = DEFAULT_POLICY;
  const flows: Flow[] = [];
  const placements: PlacementRecord[] = [];
  const typed = new Map<number, TypedValues>();
  const calls: string[] = [];
  const banners: { site: string; report: BannerReport }[] = [];
  const deps: HandlerDeps = {
    classifier: Promise.resolve(createClassifier()),
    enforcer: Promise.resolve({ outcome: (r) => ({ action: 'allowed', sentUrl: r.url }) }),
    writer: {
      observeFlow: async (flow) => (flows.push(flow), true),
      observePlacement: async (record) => (placements.push(record), true),
      forgetRetailer: async (site) => (
        calls.push(`forget ${site}`),
        { flows: 1, placements: 0, aggregates: 1, retailers: 1 }
      ),
      eraseEverything: async () => void calls.push('erase'),
      settle: async () => (calls.push('settle'), 0),
      get ledgerStatus(): LedgerStatus {
        return { state: 'ok', pending: 0, dropped: 0 };
      },
    },
    observer: {
      noteTyped: (tabId, values) => typed.set(tabId, { ...typed.get(tabId), ...values }),
      settled: async () => void calls.push('settled'),
    },
    policies: {
      get policy() {
        return Promise.resolve(policy);
      },
      update: async (change) => (policy = change(policy)),
      reload: async () => (calls.push('reload'), policy),
    },
    banners: { record: async (site, report) => banners.push({ site, report }) },
    platform: browser,
    now: () => 1_760_000_000_000,
    ...extra,
  };
  const route = createMessageRouter({
    runtime: browser.runtime,
    content: contentHandlers(deps),
    control: controlHandlers(deps),
  });
  return { route, browser, flows, placements, typed, calls, banners, policy: () => policy };
}

describe('message routing and its trust rules', () => {
  it('lets the extension own pages change consent', async () => {
    const { route, policy } = setUp();
    expect(await route(revokeContact, popup)).toEqual({ ok: true });
    expect(policy().perSite['demo-store.test']).toEqual({ contact: 'revoked' });
  });

  it('refuses consent and erasure from a content script, whatever it claims', async () => {
    const { route, policy, calls } = setUp();
    for (const message of [revokeContact, { type: 'erase-everything' }, { type: 'forget-retailer', site: 'x.test' }]) {
      const reply = await route(message, contentScript);
      expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/unknown message type/) });
    }
    // A content script in a frame whose URL pretends to be the extension's still has a tab: refused too.
    const framed = { ...contentScript, url: 'https://evil.test/popup.html' };
    expect(await route(revokeContact, framed)).toMatchObject({ ok: false });
    expect(policy()).toEqual(DEFAULT_POLICY);
    expect(calls).toEqual([]);
  });

  it('does not answer other extensions or web pages', async () => {
    const { route, policy } = setUp();
    expect(route(revokeContact, { ...popup, id: 'another-extension' })).toBeUndefined();
    expect(route(revokeContact, { url: SHOP_PAGE })).toBeUndefined();
    expect(route(revokeContact, { id: EXTENSION_ID })).toBeUndefined(); // no tab, not our page
    expect(policy()).toEqual(DEFAULT_POLICY);
  });

  it('validates at the receiving end: malformed messages change nothing', async () => {
    const { route, policy, placements, typed } = setUp();
    expect(await route({ type: 'consent', change: { op: 'set-category', site: 'bad site!' } }, popup)).toMatchObject({
      ok: false,
    });
    expect(
      await route(JSON.parse('{"type":"typed-values","typed":{"__proto__":{"email":"x"}}}'), contentScript),
    ).toEqual({
      ok: true,
    });
    expect(await route({ type: 'placements-found', placements: [{ kind: 'nope' }] }, contentScript)).toMatchObject({
      ok: false,
    });
    expect(await route('consent', popup)).toMatchObject({ ok: false });
    expect(policy()).toEqual(DEFAULT_POLICY);
    expect(placements).toEqual([]);
    expect(typed.get(5)).toEqual({});
  });

  it('charges content observations to the tab the browser names, not to what the message says', async () => {
    const { route, placements, typed } = setUp();
    const placement = {
      kind: 'recommendation',
      label: 'Recommended for you',
      why: 'heading',
      categories: ['browsing'],
    };
    await route({ type: 'placements-found', placements: [placement], site: 'other.test' }, contentScript);
    expect(placements[0]).toMatchObject({ site: 'demo-store.test', pageUrl: SHOP_PAGE });
    await route({ type: 'typed-values', typed: { email: 'a@b.test', tabId: 9 } }, contentScript);
    expect([...typed.keys()]).toEqual([5]);
  });

  it('records a banner report for the tab shop, and refuses a malformed or overlong one', async () => {
    const { route, banners } = setUp();
    const report = { cmp: 'klaro', status: 'answered', how: 'api', accepted: ['functional-tag'], refused: ['ads'] };
    expect(await route({ type: 'banner-report', report, site: 'other.test' }, contentScript)).toEqual({ ok: true });
    expect(banners).toEqual([{ site: 'demo-store.test', report }]);
    for (const bad of [
      { ...report, status: 'granted' },
      { ...report, how: 'none' },
      { ...report, cmp: '<img src=x onerror=alert(1)>' },
      { ...report, accepted: Array.from({ length: 61 }, (_, i) => `p${i}`) },
      { ...report, refused: ['x'.repeat(81)] },
      { cmp: '', status: 'unrecognised', how: 'none', accepted: ['all'], refused: [] },
    ]) {
      expect(await route({ type: 'banner-report', report: bad }, contentScript), JSON.stringify(bad)).toMatchObject({
        ok: false,
      });
    }
    expect(banners).toHaveLength(1);
  });

  it('gives autoconsent its config, rules and answer from the shop choices, and records what it did', async () => {
    const { route, banners } = setUp();
    const asked: { url: string; answer: string }[] = [];
    const init = { type: 'autoconsent', message: { type: 'init', url: SHOP_PAGE } };
    // Without rules wired in, autoconsent stays off.
    expect(await route(init, contentScript)).toMatchObject({ ok: true, forward: { config: { enabled: false } } });
    const withRules = setUp({ autoconsentRules: (url, answer) => (asked.push({ url, answer }), { autoconsent: [] }) });
    expect(await withRules.route(init, contentScript)).toMatchObject({
      ok: true,
      answer: 'optIn', // everything granted by default here
      forward: { type: 'initResp', config: { enabled: true, autoAction: null }, rules: { autoconsent: [] } },
    });
    await withRules.route(revokeContact, popup);
    expect(await withRules.route(init, contentScript)).toMatchObject({ answer: 'optOut' });
    expect(asked).toEqual([
      { url: SHOP_PAGE, answer: 'optIn' },
      { url: SHOP_PAGE, answer: 'optOut' },
    ]);
    // Left to the shopper on this shop: disabled, no answer.
    await withRules.route(
      { type: 'consent', change: { op: 'set-banners', site: 'demo-store.test', mode: 'leave' } },
      popup,
    );
    const left = await withRules.route(init, contentScript);
    expect(left).toMatchObject({ ok: true, forward: { config: { enabled: false } } });
    expect(left).not.toHaveProperty('answer');

    // Rule code is never run in the page.
    expect(
      await route({ type: 'autoconsent', message: { type: 'eval', id: '7', code: 'alert(1)' } }, contentScript),
    ).toEqual({ ok: true, forward: { type: 'evalResp', id: '7', result: false } });
    const result = { type: 'optOutResult', cmp: 'Complianz optin', result: true, url: SHOP_PAGE };
    await route({ type: 'autoconsent', message: result }, contentScript);
    await route({ type: 'autoconsent', message: { ...result, cmp: 'didomi', result: false } }, contentScript);
    const state = { lifecycle: 'nothingDetected', detectedCmps: [], heuristicPatterns: ['/reject all/gi'] };
    await route({ type: 'autoconsent', message: { type: 'report', state } }, contentScript);
    // A rule name that is no plain name is not written.
    await route({ type: 'autoconsent', message: { ...result, cmp: '<b>x</b>' } }, contentScript);
    expect(banners).toEqual([
      {
        site: 'demo-store.test',
        report: { cmp: 'Complianz optin', status: 'answered', how: 'clicks', accepted: [], refused: ['all'] },
      },
      {
        site: 'demo-store.test',
        report: { cmp: 'didomi', status: 'unrecognised', how: 'none', accepted: [], refused: [] },
      },
      { site: 'demo-store.test', report: { cmp: '', status: 'unrecognised', how: 'none', accepted: [], refused: [] } },
    ]);
  });

  it('answers page settings, ledger status and opens the controls for the tab shop', async () => {
    const { route, browser } = setUp();
    expect(await route({ type: 'page-settings' }, contentScript)).toMatchObject({
      ok: true,
      hidePlacements: false,
      cmpConsent: { contact: 'granted', browsing: 'granted' },
    });
    expect(await route({ type: 'ledger-status' }, popup)).toEqual({
      ok: true,
      status: { state: 'ok', pending: 0, dropped: 0 },
    });
    await route({ type: 'open-controls' }, contentScript);
    expect(browser.openedTabs).toEqual([`${EXTENSION_ORIGIN}/popup.html?site=demo-store.test`]);
  });

  it('flushes the ledger for the extension pages only, after the requests in flight', async () => {
    const { route, calls } = setUp();
    expect(await route({ type: 'flush-ledger' }, contentScript)).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
    expect(await route({ type: 'flush-ledger' }, popup)).toEqual({
      ok: true,
      status: { state: 'ok', pending: 0, dropped: 0 },
    });
    expect(calls).toEqual(['settled', 'settle']);
  });

  it('erasing reloads the consent defaults; a failing handler answers with its error', async () => {
    const { route, calls } = setUp();
    expect(await route({ type: 'erase-everything' }, popup)).toEqual({ ok: true });
    expect(calls).toEqual(['erase', 'reload']);
    const failing = createMessageRouter({
      runtime: fakeBrowser().runtime,
      content: contentHandlers({} as HandlerDeps),
      control: {
        ...controlHandlers({} as HandlerDeps),
        consent: async () => {
          throw new Error('the browser refused the rules');
        },
      },
    });
    expect(await failing(revokeContact, popup)).toEqual({ ok: false, error: 'Error: the browser refused the rules' });
  });

  it('a probe report from the page becomes a page-reported flow only through validation', async () => {
    const { route, flows } = setUp();
    const forged = {
      type: 'probe-report',
      report: { page: SHOP_PAGE, scripts: [{ script: 'javascript:x', uses: {} }], globals: [] },
    };
    expect(await route(forged, contentScript)).toMatchObject({ ok: false });
    expect(flows).toEqual([]);
  });
});
