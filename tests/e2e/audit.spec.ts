import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { runAudit, type AuditReport, type SiteReport } from '../../cli/audit';
import { startDemoStore, type DemoStore } from '../../demo-store/server';
import { storeModeHost } from '../../demo-store/modes';

// The audit drives its own browsers (one fresh profile per site); the demo store runs here so the
// tests can also read what the shops received. Generous timeouts: two browsers share two cores.
const COMPLIANT = `https://${storeModeHost('compliant')}/`;
const NON_COMPLIANT = `https://${storeModeHost('non-compliant')}/`;

let store: DemoStore;
test.beforeAll(async () => {
  store = await startDemoStore();
});
test.afterAll(async () => {
  await store.close();
});

async function audit(args: string[]): Promise<{ out: string; report: AuditReport; logs: string[] }> {
  const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : mkdtempSync(join(tmpdir(), 'audit-'));
  const logs: string[] = [];
  const code = await runAudit(
    [...args, '--host-rules', store.hostResolverRules, '--insecure', '--concurrency', '2', '--timeout', '120'].concat(
      args.includes('--out') ? [] : ['--out', out],
    ),
    { log: (line) => logs.push(line), progress: { write: (text) => logs.push(text) } },
  );
  expect(code, logs.join('\n')).toBe(0);
  return { out, report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AuditReport, logs };
}

const bySite = (report: AuditReport, url: string) => report.sites.find((s) => s.url === url)!;
const rules = (site: SiteReport) =>
  site.verdict.violations.map((v) => `${v.rule}${v.recipientSite ? ` ${v.recipientSite}` : ''}`).sort();
const ndjson = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SiteReport);

test('gpc profile: the non-compliant shop is seen ignoring the opt-out, the compliant one is not', async () => {
  test.setTimeout(240_000);
  const { out, report } = await audit([NON_COMPLIANT, COMPLIANT, '--profile', 'gpc', '--pages', '3']);
  expect(report).toMatchObject({ tool: 'shareledger-audit', version: 2, profile: 'gpc' });
  expect(report.browser).toMatchObject({ name: 'chromium', automationSignalsCleared: true });

  const bad = bySite(report, NON_COMPLIANT);
  expect(bad).toMatchObject({ site: 'noncompliant-shop.test', status: 'ok', banner: { cmp: null, answer: 'none' } });
  expect(bad.gpc).toEqual({ wellKnown: { present: false, gpc: null }, jsProperty: true, headerSent: true });
  expect(bad.visited.length).toBe(3);
  expect(bad.visited.every((u) => u.startsWith('https://www.noncompliant-shop.test/'))).toBe(true);
  expect(bad.verdict.status).toBe('violations-observed');
  // TikTok's tag stays silent under visible automation: its violation shows the visit looked human.
  expect(rules(bad)).toEqual([
    'contact-to-third-party facebook.com',
    'no-gpc-support-declared',
    'tracking-after-opt-out criteo.com',
    'tracking-after-opt-out facebook.com',
    'tracking-after-opt-out tiktok.com',
  ]);
  const contact = bad.verdict.violations.find((v) => v.rule === 'contact-to-third-party')!;
  expect(contact.evidence[0]).toMatchObject({ key: 'ud[em]', sample: expect.stringContaining('hash') });
  expect(contact.at).toBeGreaterThanOrEqual(0);
  const noGpc = bad.verdict.violations.find((v) => v.rule === 'no-gpc-support-declared')!;
  expect(noGpc).toMatchObject({ recipientSite: null, organization: null });

  const good = bySite(report, COMPLIANT);
  expect(good.gpc).toEqual({ wellKnown: { present: true, gpc: true }, jsProperty: true, headerSent: true });
  expect(good.verdict).toEqual({ status: 'no-violation-observed', violations: [] });
  expect(good.recipients).toEqual([]);

  // From the receiving side: Sec-GPC reached the top-level page load, gpc.json was asked for by the browser.
  const navigations = store.log.filter((r) => r.host === 'www.noncompliant-shop.test' && r.path === '/');
  expect(navigations.length).toBeGreaterThan(0);
  expect(navigations.every((r) => r.headers['sec-gpc'] === '1')).toBe(true);
  expect(store.log.some((r) => r.host === 'www.compliant-shop.test' && r.path === '/.well-known/gpc.json')).toBe(true);

  // The other outputs: one NDJSON line per site, the ledger export, one CSV row per flow, self-contained HTML.
  expect(ndjson(join(out, 'report.ndjson')).map((s) => s.url)).toEqual([NON_COMPLIANT, COMPLIANT]);
  const ledger = JSON.parse(readFileSync(join(out, 'ledger.json'), 'utf8'));
  expect(ledger).toMatchObject({ format: 'shareledger', version: 2 });
  const csvRows = readFileSync(join(out, 'flows.csv'), 'utf8').trimEnd().split('\r\n');
  expect(csvRows.length - 1).toBe(ledger.flows.length);
  expect(ledger.flows.length).toBeGreaterThan(0);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  expect(html).toContain('Violations observed');
  expect(html).not.toMatch(/<script|<link|src="http|illegal/i);
});

test('observe and revoke-all: tracking before consent is seen, then the extension stops it', async () => {
  test.setTimeout(240_000);
  const observed = (await audit([NON_COMPLIANT, COMPLIANT, '--profile', 'observe', '--pages', '2'])).report;
  const bad = bySite(observed, NON_COMPLIANT);
  expect(bad.gpc).toMatchObject({ jsProperty: false, headerSent: false });
  expect(bad.verdict.status).toBe('violations-observed');
  expect(rules(bad)).toEqual(
    expect.arrayContaining([
      'tracking-before-consent facebook.com',
      'tracking-before-consent tiktok.com',
      'tracking-before-consent criteo.com',
      'tracking-before-consent google-analytics.com',
    ]),
  );
  expect(rules(bad).every((r) => r.startsWith('tracking-before-consent') || r === 'no-gpc-support-declared')).toBe(
    true,
  );
  expect(bad.recipients.every((r) => r.blocked === 0)).toBe(true);
  expect(bySite(observed, COMPLIANT).verdict).toEqual({ status: 'no-violation-observed', violations: [] });

  const revoked = (await audit([NON_COMPLIANT, '--profile', 'revoke-all', '--pages', '2'])).report;
  const stopped = bySite(revoked, NON_COMPLIANT);
  expect(stopped.gpc).toMatchObject({ jsProperty: true, headerSent: true });
  expect(stopped.recipients.length).toBeGreaterThan(0);
  for (const r of stopped.recipients) expect(r.blocked, r.recipientSite).toBe(r.requests);
  expect(rules(stopped)).toEqual(['no-gpc-support-declared']);
  expect(stopped.verdict.status).toBe('no-violation-observed');
});

test('shards partition a list, their NDJSON concatenates, a resumed crawl skips finished sites', async () => {
  test.setTimeout(240_000);
  const list = [1, 2, 3, 4].map((n) => `https://${storeModeHost(n % 2 ? 'compliant' : 'non-compliant', n)}/`);
  const common = ['--profile', 'gpc', '--pages', '1'];
  const one = await audit([...list, list[0], ...common, '--shard', '1/2']);
  const two = await audit([...list, ...common, '--shard', '2/2']);
  expect(one.report.sites.map((s) => s.url)).toEqual([list[0], list[2]]);
  expect(two.report.sites.map((s) => s.url)).toEqual([list[1], list[3]]);
  const concatenated = [...ndjson(join(one.out, 'report.ndjson')), ...ndjson(join(two.out, 'report.ndjson'))];
  expect(concatenated.map((s) => s.url).sort()).toEqual([...list].sort());

  // Resuming shard 1's folder with the whole list: its two sites are skipped, the other two audited.
  const before = readFileSync(join(one.out, 'report.ndjson'), 'utf8');
  const resumed = await audit([...list, ...common, '--out', one.out, '--resume']);
  expect(resumed.logs.join('\n')).toContain('2 sites to visit (2 already finished, skipped)');
  const after = readFileSync(join(one.out, 'report.ndjson'), 'utf8').split('\n');
  for (const line of before.split('\n').filter(Boolean)) expect(after).toContain(line);
  expect(ndjson(join(one.out, 'report.ndjson')).map((s) => s.url)).toEqual(list);
  expect(resumed.report.sites.map((s) => s.url)).toEqual(list);
});

test('usage errors exit 2; a site that cannot load is recorded and the crawl goes on', async () => {
  test.setTimeout(120_000);
  const logs: string[] = [];
  const io = { log: (l: string) => logs.push(l), progress: { write: (t: string) => logs.push(t) } };
  expect(await runAudit(['--profile', 'nope', COMPLIANT], io)).toBe(2);
  expect(await runAudit(['--shard', '3/2', COMPLIANT], io)).toBe(2);
  expect(await runAudit(['--pages', '0', COMPLIANT], io)).toBe(2);
  expect(await runAudit(['not-a-url'], io)).toBe(2);
  expect(logs.join('\n')).toContain('usage: shareledger audit');

  // localhost is left out of the host rules: a port just closed refuses the connection.
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const refused = `http://localhost:${port}/`;
  const { report } = await audit([refused, COMPLIANT, '--pages', '1']);
  expect(bySite(report, refused)).toMatchObject({
    status: 'error',
    error: expect.stringContaining('ERR_CONNECTION_REFUSED'),
    verdict: { status: 'inconclusive', violations: [] },
  });
  expect(bySite(report, COMPLIANT).status).toBe('ok');
});
