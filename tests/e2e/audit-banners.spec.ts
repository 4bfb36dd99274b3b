/**
 * The audit under --profile gpc refuses a cookie banner without blocking anything (issue 13 / 15):
 * the extension answers the CMP as if every category were revoked, the report names the CMP and the
 * answer, the tags the CMP gates for refused purposes never reach the server, and no request is blocked.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit, type AuditReport } from '../../cli/audit';
import { CMP_PAGE_PATH } from '../../demo-store/cmp-pages';
import { STORE_HOST } from '../../demo-store/pages';
import { startDemoStore, type DemoStore } from '../../demo-store/server';

let store: DemoStore;
test.beforeAll(async () => {
  store = await startDemoStore();
});
test.afterAll(async () => {
  await store.close();
});

test('gpc profile: the banner is refused, named in the report, and nothing is blocked', async () => {
  test.setTimeout(240_000);
  const urls = (['klaro', 'vanilla-cookieconsent'] as const).map((cmp) => `https://${STORE_HOST}${CMP_PAGE_PATH(cmp)}`);
  const out = mkdtempSync(join(tmpdir(), 'audit-banners-'));
  const logs: string[] = [];
  const code = await runAudit(
    [...urls, '--profile', 'gpc', '--pages', '1', '--out', out, '--host-rules', store.hostResolverRules, '--insecure'],
    { log: (line) => logs.push(line), progress: { write: (text) => logs.push(text) } },
  );
  expect(code, logs.join('\n')).toBe(0);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AuditReport;
  const sites = report.sites.map((s) => ({ url: s.url, status: s.status, banner: s.banner }));
  expect(sites).toEqual([
    { url: urls[0], status: 'ok', banner: { cmp: 'klaro', answer: 'rejected' } },
    { url: urls[1], status: 'ok', banner: { cmp: 'vanilla-cookieconsent', answer: 'rejected' } },
  ]);
  for (const site of report.sites) expect(site.recipients.every((r) => r.blocked === 0)).toBe(true);

  // From the receiving side: only what the shop needs ran, and GPC went with the page loads.
  const tags = store.log.filter((r) => r.host === STORE_HOST && r.path.startsWith('/tag/'));
  expect(new Set(tags.map((r) => r.path))).toEqual(new Set(['/tag/functional']));
  const pages = store.log.filter((r) => r.host === STORE_HOST && r.path.startsWith('/cmp/'));
  expect(pages.length).toBeGreaterThanOrEqual(2);
  expect(pages.every((r) => r.headers['sec-gpc'] === '1')).toBe(true);
});
