/**
 * Ground truth: compiled rules installed in real Chromium (a bare MV3 extension made for the test)
 * are accepted, and requests fare as the simulator predicts. Every host name resolves to a loopback
 * HTTPS server (--host-resolver-rules), so nothing leaves the machine. Skipped without Chromium or
 * with SHARELEDGER_SKIP_CHROMIUM=1.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRules } from '../../../utils/consent/compile';
import { diffRules } from '../../../utils/consent/rule-diff';
import { CONTACT_REGEXES } from '../../../utils/consent/rule-specs';
import type { KnownRecipient } from '../../../utils/consent/rule-types';
import type { DnrRule } from '../../../utils/consent/dnr';
import { applyPreset, setCategory } from '../../../utils/consent/changes';
import { DEFAULT_POLICY } from '../../../utils/consent/model';
import { simulate } from '../../../utils/consent/simulate';
import { retailerNames } from './fixtures';
import { CHROMIUM_PATH, chromiumArgs } from '../../../cli/browser';

// The worker's `chrome` global, as far as these tests use it.
type ChromeGlobal = { declarativeNetRequest: Record<string, (...args: unknown[]) => Promise<unknown>> };

const skip = !existsSync(CHROMIUM_PATH) || process.env.SHARELEDGER_SKIP_CHROMIUM === '1';

const RECIPIENTS: KnownRecipient[] = [
  { site: 'google-analytics.com', kind: 'analytics', organization: 'Google', categories: [] },
  { site: 'facebook.com', kind: 'advertising', organization: 'Meta', categories: ['contact'] },
  { site: 'hotjar.com', kind: 'session-replay', organization: 'Hotjar', categories: [] },
];

// shop-a revokes what strips or blocks by field; shop-b revokes all; shop-c nothing.
let POLICY = DEFAULT_POLICY;
for (const c of ['identifiers', 'location', 'device', 'contact'] as const)
  POLICY = setCategory(POLICY, 'shop-a.com', c, 'revoked');
POLICY = applyPreset(POLICY, 'revoke-all', 'shop-b.com');

// Each probe carries its own `probe` marker (no rule strips it) to be told apart on arrival.
const PROBES = [
  'https://www.google-analytics.com/g/collect?v=2&cid=1.2&sr=1x1&lat=40.1&en=page_view&probe=1',
  'https://www.google-analytics.com/g/collect?v=2&en=purchase&em=tv.1~em.abc&probe=2',
  'https://www.facebook.com/tr?id=1&ev=PageView&probe=3',
  'https://static.hotjar.com/c/hotjar-1.js?probe=4',
  'https://api.fpjs.io/?probe=5',
  'https://connect.facebook.net/signals/plugins/identity.js?probe=6',
];

interface Hit {
  host: string;
  path: string;
  gpc?: string;
}

describe.skipIf(skip)('compiled rules in Chromium', () => {
  let server: https.Server;
  let context: BrowserContext;
  let worker: Worker;
  let extDir: string;
  const hits: Hit[] = [];

  const install = (rules: DnrRule[]) =>
    worker.evaluate(async (rules) => {
      const dnr = (globalThis as unknown as { chrome: ChromeGlobal }).chrome.declarativeNetRequest;
      const old = (await dnr.getDynamicRules()) as { id: number }[];
      try {
        await dnr.updateDynamicRules({ removeRuleIds: old.map((r: { id: number }) => r.id), addRules: rules });
      } catch (e) {
        return { error: String(e), installed: [] as DnrRule[] };
      }
      return { error: '', installed: (await dnr.getDynamicRules()) as DnrRule[] };
    }, rules);

  beforeAll(async () => {
    extDir = mkdtempSync(join(tmpdir(), 'consent-dnr-'));
    writeFileSync(
      join(extDir, 'manifest.json'),
      JSON.stringify({
        manifest_version: 3,
        name: 'consent rules check',
        version: '1.0',
        permissions: ['declarativeNetRequest'],
        host_permissions: ['<all_urls>'],
        background: { service_worker: 'sw.js' },
      }),
    );
    writeFileSync(join(extDir, 'sw.js'), 'self.ready = true;\n');
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec' });
    server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
      const host = String(req.headers.host ?? '');
      hits.push({ host, path: req.url ?? '', gpc: req.headers['sec-gpc'] as string | undefined });
      if (host.startsWith('www.shop-')) {
        const script =
          `Promise.all(${JSON.stringify(PROBES)}.map((u) => fetch(u, { mode: 'no-cors' }).then(() => 'ok', () => 'failed')))` +
          `.then((r) => { document.title = 'done:' + r.join(','); });`;
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<!doctype html><title>shop</title><script>${script}</script>`);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    context = await chromium.launchPersistentContext('', {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: chromiumArgs({ extensionDir: extDir, hostRules: `MAP * 127.0.0.1:${port}, EXCLUDE localhost` }),
    });
    worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (extDir) rmSync(extDir, { recursive: true, force: true });
  });

  it('accepts every regex the compiler emits: contact fields and URL stripping (RE2 2 KB limit)', async () => {
    const { rules } = compileRules(applyPreset(DEFAULT_POLICY, 'revoke-all', 'shop.example'), RECIPIENTS);
    const regexes = [...new Set(rules.map((r) => r.condition.regexFilter).filter((r): r is string => !!r))];
    expect(regexes).toEqual(expect.arrayContaining([...CONTACT_REGEXES]));
    expect(regexes.length).toBeGreaterThan(CONTACT_REGEXES.length);
    const results = await worker.evaluate(
      (regexes) =>
        Promise.all(
          regexes.map((regex) =>
            (globalThis as unknown as { chrome: ChromeGlobal }).chrome.declarativeNetRequest.isRegexSupported({
              regex,
              isCaseSensitive: false,
            }),
          ),
        ),
      regexes,
    );
    expect(results).toEqual(regexes.map(() => ({ isSupported: true })));
  });

  it('accepts 500 retailers, per retailer and merged, and reads them back unchanged', async () => {
    let policy = DEFAULT_POLICY;
    retailerNames(500).forEach((site, i) => (policy = applyPreset(policy, i % 2 ? 'only-needed' : 'revoke-all', site)));
    policy = setCategory(policy, null, 'behavior', 'revoked');
    for (const opts of [{ merge: 'never' as const, maxRules: 30_000 }, {}, { scope: 'top' as const }]) {
      const { rules } = compileRules(policy, RECIPIENTS, opts);
      const { error, installed } = await install(rules);
      expect(error).toBe('');
      expect(installed).toHaveLength(rules.length);
      expect(diffRules(installed, rules)).toEqual({ removeRuleIds: [], addRules: [] });
    }
  }, 60_000);

  it.each(['initiator', 'top'] as const)(
    'blocks, strips and signals as the simulator predicts (%s scope)',
    async (scope) => {
      const { rules } = compileRules(POLICY, RECIPIENTS, { scope });
      expect((await install(rules)).error).toBe('');
      for (const shop of ['shop-a.com', 'shop-b.com', 'shop-c.com']) {
        hits.length = 0;
        const page = await context.newPage();
        const landing = `https://www.${shop}/?gclid=abc&keep=1`;
        await page.goto(landing);
        await page.waitForFunction(() => document.title.startsWith('done:'), null, { timeout: 15_000 });
        await page.close();
        const initiator = `https://www.${shop}`;
        for (const url of PROBES) {
          const predicted = simulate(rules, { url, type: 'xmlhttprequest', initiator, top: `${initiator}/` });
          // Chrome follows a redirect with a new request: header rules apply to that one.
          const sent = predicted.redirectUrl
            ? simulate(rules, { url: predicted.redirectUrl, type: 'xmlhttprequest', initiator, top: `${initiator}/` })
            : predicted;
          const u = new URL(predicted.redirectUrl ?? url);
          const marker = new URL(url).searchParams.get('probe');
          const hit = hits.find(
            (h) => h.host === u.host && new URLSearchParams(h.path.split('?')[1]).get('probe') === marker,
          );
          expect({ shop, url, arrived: !!hit }).toEqual({ shop, url, arrived: predicted.outcome !== 'blocked' });
          if (hit) {
            expect({ shop, url, path: hit.path }).toEqual({ shop, url, path: u.pathname + u.search });
            expect({ shop, url, gpc: hit.gpc }).toEqual({ shop, url, gpc: sent.setRequestHeaders['sec-gpc'] });
          }
        }
        const first = simulate(rules, { url: landing, type: 'main_frame' });
        const nav = first.redirectUrl
          ? { ...simulate(rules, { url: first.redirectUrl, type: 'main_frame' }), redirectUrl: first.redirectUrl }
          : first;
        const page0 = hits.find((h) => h.host === `www.${shop}` && h.path.startsWith('/?'));
        expect({ shop, path: page0?.path, gpc: page0?.gpc }).toEqual({
          shop,
          path: new URL(nav.redirectUrl ?? landing).search ? `/${new URL(nav.redirectUrl ?? landing).search}` : '/',
          gpc: nav.setRequestHeaders['sec-gpc'],
        });
      }
    },
    60_000,
  );
});
