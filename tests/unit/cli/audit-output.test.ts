import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  readFinished,
  renderHtml,
  SiteWriter,
  writeOutputs,
  type AuditReport,
  type SiteReport,
} from '../../../cli/audit-output';
import { ga4Flow } from '../ledger/sample-rows';

function site(url: string, status: SiteReport['status'] = 'ok'): SiteReport {
  return {
    site: new URL(url).hostname.replace(/^www\./, ''),
    url,
    status,
    gpc: { wellKnown: { present: false, gpc: null }, jsProperty: true, headerSent: true },
    banner: { cmp: null, answer: 'none' },
    verdict: {
      status: 'violations-observed',
      violations: [
        {
          rule: 'tracking-after-opt-out',
          recipientSite: 'facebook.com',
          organization: 'Meta',
          categories: ['browsing'],
          evidence: [
            { url: 'https://www.facebook.com/tr/?ev=PageView&dl=<script>', key: 'ev', sample: '<b>PageView</b>' },
          ],
          at: 120,
        },
      ],
    },
    recipients: [],
    placements: [],
    visited: [url],
  };
}

const report = (sites: SiteReport[]): AuditReport => ({
  tool: 'shareledger-audit',
  version: 2,
  profile: 'gpc',
  startedAt: '2026-12-04T12:00:00.000Z',
  finishedAt: '2026-12-04T12:01:00.000Z',
  browser: { name: 'chromium', version: '156.0.8078.114', automationSignalsCleared: true },
  sites,
});

describe('audit output', () => {
  it('a torn last line (a crawl killed mid-write) is not a finished site; the last line of a URL wins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-out-'));
    const writer = new SiteWriter(dir);
    await writer.reset();
    await writer.write(site('https://www.a.test/', 'timeout'), { flows: [], placements: [] });
    await writer.write(site('https://www.a.test/'), { flows: [ga4Flow()], placements: [] });
    appendFileSync(join(dir, 'report.ndjson'), '{"site":"b.test","url":"https://www.b.te');
    const finished = await readFinished(dir);
    expect([...finished.keys()]).toEqual(['https://www.a.test/']);
    expect(finished.get('https://www.a.test/')!.status).toBe('ok');

    await writeOutputs(dir, report([...finished.values()]));
    expect(readFileSync(join(dir, 'report.ndjson'), 'utf8').trimEnd().split('\n')).toHaveLength(1);
    const csv = readFileSync(join(dir, 'flows.csv'), 'utf8').trimEnd().split('\r\n');
    expect(csv).toHaveLength(2); // header and the one flow of the site's last visit
    expect(JSON.parse(readFileSync(join(dir, 'ledger.json'), 'utf8')).flows).toHaveLength(1);
  });

  it('HTML is self-contained and escapes what sites sent', () => {
    const html = renderHtml(report([site('https://www.a.test/')]));
    expect(html).not.toMatch(/<script|<link|<b>|src=/i);
    expect(html).toContain('&#60;b&#62;PageView');
    expect(html).toContain('Observed: Meta (facebook.com) received browsing after the opt-out was sent.');
  });
});
