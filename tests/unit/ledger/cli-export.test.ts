import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseExportArgs, runExport } from '../../../cli/export';
import { documentFromRows } from '../../../utils/ledger/export';
import { parseExportText } from '../../../utils/ledger/import';
import { ga4Flow, placement } from './sample-rows';

const fixture = (name: string) => join(__dirname, '../../fixtures/ledger', name);

function io() {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk) => (out += chunk));
  const lines: string[] = [];
  return { io: { stdout, log: (line: string) => lines.push(line) }, lines, out: () => out };
}

describe('shareledger export', () => {
  it('writes one RFC 4180 CSV per table from an audit ledger.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-export-'));
    const t = io();
    expect(await runExport(['--in', fixture('audit-ledger.json'), '--format', 'csv', '--out', dir], t.io)).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      'banners.csv',
      'consent.csv',
      'flows.csv',
      'placements.csv',
      'retailers.csv',
    ]);
    const flows = readFileSync(join(dir, 'flows.csv'), 'utf8').split('\r\n');
    expect(flows).toHaveLength(6); // header, 4 flows, final empty string after the last CRLF
    expect(flows[4]).toContain('"https://static.criteo.net/js/ld/ld.js?a=1,2"');
    expect(flows[4]).toContain(',blocked,');
    expect(t.lines).toEqual(
      ['retailers', 'flows', 'placements', 'consent', 'banners'].map((n) => `wrote ${join(dir, `${n}.csv`)}`),
    );
  });

  it('writes NDJSON to stdout with --out -, and JSON that the importer accepts', async () => {
    const t = io();
    expect(await runExport(['--in', fixture('audit-ledger.json'), '--format', 'ndjson', '--out', '-'], t.io)).toBe(0);
    const types = t
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).type);
    expect(types).toEqual(['meta', 'retailer', 'retailer', 'consent', 'placement', 'flow', 'flow', 'flow', 'flow']);
    const j = io();
    expect(await runExport(['--in', fixture('audit-ledger.json'), '--format', 'json', '--out', '-'], j.io)).toBe(0);
    const reparsed = parseExportText(j.out());
    expect(reparsed.ok).toBe(true);
    if (reparsed.ok)
      expect(reparsed.value.flows.map((f) => f.key)).toEqual([
        'audit-1:1001',
        'audit-1:1002',
        'audit-1:1003',
        'audit-1:1004',
      ]);
  });

  it('refuses a truncated or future-version file with the importer’s message and exit code 1', async () => {
    const truncated = io();
    expect(
      await runExport(
        ['--in', fixture('audit-ledger-truncated.json'), '--format', 'csv', '--out', tmpdir()],
        truncated.io,
      ),
    ).toBe(1);
    expect(truncated.lines.join('\n')).toMatch(/not valid JSON; it may be truncated/);
    const future = io();
    expect(
      await runExport(['--in', fixture('future-version-3.json'), '--format', 'ndjson', '--out', '-'], future.io),
    ).toBe(1);
    expect(future.lines.join('\n')).toMatch(/newer ShareLedger \(format version 3\)/);
    expect(future.out()).toBe('');
    const missing = io();
    expect(await runExport(['--in', fixture('no-such-file.json')], missing.io)).toBe(1);
    expect(missing.lines[0]).toMatch(/cannot read/);
  });

  it('explains bad usage with exit code 2', async () => {
    expect(parseExportArgs(['--format', 'csv'])).toEqual({ error: '--in FILE.json is required' });
    expect(parseExportArgs(['--in', 'x.json', '--format', 'xlsx'])).toMatchObject({ error: /--format must be one of/ });
    expect(parseExportArgs(['--in', 'x.json', '--out', '-'])).toMatchObject({ error: /needs --table/ });
    expect(parseExportArgs(['--in', 'x.json', '--format', 'json', '--table', 'flows'])).toMatchObject({
      error: /csv only/,
    });
    expect(parseExportArgs(['--in', 'x.json', '--bogus', '1'])).toMatchObject({ error: /unknown option/ });
    const t = io();
    expect(await runExport(['--in'], t.io)).toBe(2);
    expect(t.lines[0]).toMatch(/usage: shareledger export/);
  });
});

describe('documentFromRows (the audit command’s ledger.json)', () => {
  it('builds a valid export document from raw rows, deriving retailers and dropping ids', () => {
    const doc = documentFromRows(
      {
        flows: [{ ...ga4Flow({ ts: 2000 }), id: 7 }, ga4Flow({ site: 'b-shop.test', ts: 1000 }), ga4Flow({ ts: 500 })],
        placements: [{ ...placement({ ts: 3000 }), id: 1 }],
      },
      Date.UTC(2026, 10, 2),
    );
    expect(doc.retailers).toEqual([
      { site: 'b-shop.test', firstSeen: 1000, lastSeen: 1000 },
      { site: 'demo-store.test', firstSeen: 500, lastSeen: 3000 },
    ]);
    expect('id' in doc.flows[0]).toBe(false);
    expect(parseExportText(JSON.stringify(doc)).ok).toBe(true);
  });
});
