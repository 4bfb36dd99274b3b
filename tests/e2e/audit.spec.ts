import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit, type AuditReport } from '../../cli/audit';

// The audit command drives its own browser and demo store: one test, both profiles a retailer compares.
test('audit --demo: observe records the sharing, revoke-all blocks it, reports and ledger are written', async () => {
  test.setTimeout(120_000);
  const reports: Record<string, AuditReport> = {};
  for (const profile of ['observe', 'revoke-all'] as const) {
    const out = mkdtempSync(join(tmpdir(), `audit-${profile}-`));
    const logs: string[] = [];
    const code = await runAudit(['--demo', '--profile', profile, '--out', out, '--settle', '1200'], (line) =>
      logs.push(line),
    );
    expect(code, logs.join('\n')).toBe(0);
    reports[profile] = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const ledger = JSON.parse(readFileSync(join(out, 'ledger.json'), 'utf8'));
    expect(ledger).toMatchObject({ format: 'shareledger', version: 1 });
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(`profile “${profile}”`);
  }
  const home = (r: AuditReport) => r.pages.find((p) => p.url.endsWith('.test/'))!;
  const observed = home(reports.observe);
  expect(observed.recipients.map((r) => r.recipientSite)).toEqual(
    expect.arrayContaining(['facebook.com', 'google-analytics.com', 'tiktok.com']),
  );
  expect(observed.recipients.every((r) => r.blocked === 0)).toBe(true);
  expect(observed.gpc?.jsProperty).toBe(false);
  expect(observed.placements.map((p) => p.label)).toContain('Recommended for you');

  const revoked = home(reports['revoke-all']);
  expect(revoked.gpc?.jsProperty).toBe(true);
  // Everything a tracker tried to send was blocked in the browser.
  for (const r of revoked.recipients) expect(r.blocked, r.recipientSite).toBe(r.requests);
});
