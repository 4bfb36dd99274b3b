import 'fake-indexeddb/auto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerDb } from '../../../utils/ledger/db';
import {
  CSV_COLUMNS,
  EXPORT_TABLES,
  csvField,
  dexieSource,
  documentSource,
  exportCsv,
  exportJson,
  exportNdjson,
  toByteStream,
} from '../../../utils/ledger/export';
import { appendToLedger } from '../../../utils/ledger/write';
import { collectText, freshLedger, ga4Flow, metaPurchaseFlow, placement, T0 } from './sample-rows';

const NOW = () => Date.UTC(2026, 10, 25, 12, 0, 0);
let db: LedgerDb | undefined;
afterEach(async () => db?.delete());

/** A ledger with the awkward values real pages produce: commas, quotes, newlines, non-ASCII, controls. */
async function awkwardLedger(): Promise<LedgerDb> {
  const ledger = freshLedger();
  await appendToLedger(
    ledger,
    [
      ga4Flow(),
      metaPurchaseFlow({ action: 'blocked' }),
      ga4Flow({
        pageUrl: 'https://www.demo-store.test/search?q=shoes,"red"',
        organization: 'Müller & Söhne, "Analytics"\r\nGmbH',
        vendor: undefined,
        evidence: [{ category: 'search', where: 'body', key: 'q', sample: 'shoes,"red"\n\u0000x' }],
        categories: ['search'],
      }),
    ],
    [placement(), placement({ label: 'Weil du "Wanderschuhe" angesehen hast,\nempfehlen wir', vendor: undefined })],
  );
  await ledger.consent.bulkPut([
    { site: 'demo-store.test', category: 'contact', state: 'revoked', updatedAt: T0 },
    { site: '*', category: 'location', state: 'revoked', updatedAt: T0 + 1 },
  ]);
  return ledger;
}

describe('JSON export', () => {
  it('is the document of the export contract, rows in write order, without internal ids', async () => {
    db = await awkwardLedger();
    const doc = JSON.parse(await collectText(exportJson(dexieSource(db), { now: NOW })));
    expect(Object.keys(doc)).toEqual([
      'format',
      'version',
      'exportedAt',
      'audience',
      'retailers',
      'flows',
      'placements',
      'consent',
      'banners',
    ]);
    expect(doc).toMatchObject({
      format: 'shareledger',
      version: 2,
      exportedAt: '2026-11-25T12:00:00.000Z',
      audience: 'me',
    });
    expect(doc.flows).toHaveLength(3);
    expect(doc.flows[1]).toMatchObject({
      organization: 'Meta',
      action: 'blocked',
      categories: ['purchases', 'contact'],
    });
    expect(doc.flows.every((f: { id?: number }) => f.id === undefined)).toBe(true);
    expect(doc.flows[2].vendor).toBeUndefined();
    expect(doc.placements).toHaveLength(2);
    expect(doc.consent.map((c: { site: string }) => c.site)).toEqual(['*', 'demo-store.test']);
    expect(doc.retailers).toEqual([
      { site: 'demo-store.test', firstSeen: expect.any(Number), lastSeen: expect.any(Number) },
    ]);
  });

  it('writes empty tables as empty arrays', async () => {
    db = freshLedger();
    expect(JSON.parse(await collectText(exportJson(dexieSource(db), { now: NOW })))).toEqual({
      format: 'shareledger',
      version: 2,
      exportedAt: '2026-11-25T12:00:00.000Z',
      audience: 'me',
      retailers: [],
      flows: [],
      placements: [],
      consent: [],
      banners: [],
    });
  });

  it('reads IndexedDB a page at a time and loses no row at page boundaries', async () => {
    db = freshLedger();
    const flows = Array.from({ length: 25 }, () => ga4Flow());
    await appendToLedger(db, flows);
    const pages: number[] = [];
    for await (const page of dexieSource(db, 7).pages('flows')) pages.push(page.length);
    expect(pages).toEqual([7, 7, 7, 4]);
    const doc = JSON.parse(await collectText(exportJson(dexieSource(db, 7), { now: NOW })));
    expect(doc.flows.map((f: { key: string }) => f.key)).toEqual(flows.map((f) => f.key));
  });
});

describe('NDJSON export', () => {
  it('starts with a meta line, then one typed record a line', async () => {
    db = await awkwardLedger();
    const lines = (await collectText(exportNdjson(dexieSource(db), { now: NOW }))).split('\n');
    expect(lines.at(-1)).toBe('');
    const records = lines.slice(0, -1).map((l) => JSON.parse(l));
    expect(records[0]).toEqual({
      type: 'meta',
      format: 'shareledger',
      version: 2,
      exportedAt: '2026-11-25T12:00:00.000Z',
      audience: 'me',
    });
    expect(records.slice(1).map((r) => r.type)).toEqual([
      'retailer',
      'consent',
      'consent',
      'placement',
      'placement',
      'flow',
      'flow',
      'flow',
    ]);
    expect(records[6]).toMatchObject({ type: 'flow', recipientSite: 'google-analytics.com' });
  });
});

describe('CSV export (RFC 4180)', () => {
  it('quotes only fields with a quote, comma, CR or LF, doubling quotes', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\ronly')).toBe('"cr\ronly"');
    expect(csvField(undefined)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(1_700_000_000_123)).toBe('1700000000123');
    expect(csvField('nul\u0000here')).toBe('nul\uFFFDhere');
  });

  it('writes a header row and CRLF after every record, one file per table', async () => {
    db = await awkwardLedger();
    for (const table of EXPORT_TABLES) {
      const csv = await collectText(exportCsv(dexieSource(db), table));
      expect(csv.startsWith(CSV_COLUMNS[table].map((c) => c.name).join(',') + '\r\n')).toBe(true);
      expect(csv.endsWith('\r\n')).toBe(true);
      expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    }
    const flows = await collectText(exportCsv(dexieSource(db), 'flows'));
    // Every line break outside quotes is CRLF: strip quoted fields, then no bare LF or CR is left.
    expect(flows.replace(/"(?:[^"]|"")*"/g, '').replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(flows).toContain(',2026-11-02T09:');
    expect(flows).toContain(',browsing;identifiers,true,false,false,true,false,false,false,false,');
  });

  const hasPython = spawnSync('python3', ['--version']).status === 0;
  it.skipIf(!hasPython)('parses back to the same values with an independent RFC 4180 reader (Python csv)', async () => {
    db = await awkwardLedger();
    const dir = mkdtempSync(join(tmpdir(), 'ledger-csv-'));
    const docFlows = JSON.parse(await collectText(exportJson(dexieSource(db), { now: NOW }))).flows;
    writeFileSync(join(dir, 'flows.csv'), await collectText(exportCsv(dexieSource(db), 'flows')));
    const script = [
      'import csv, json, sys',
      "rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8'), strict=True))",
      'print(json.dumps(rows))',
    ].join('\n');
    const run = spawnSync('python3', ['-c', script, join(dir, 'flows.csv')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const rows = JSON.parse(run.stdout) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    rows.forEach((row, i) => {
      const flow = docFlows[i];
      expect(row.key).toBe(flow.key);
      expect(Number(row.ts)).toBe(flow.ts);
      expect(new Date(row.time).getTime()).toBe(flow.ts);
      expect(row.pageUrl).toBe(flow.pageUrl);
      expect(row.url).toBe(flow.url);
      expect(row.vendor).toBe(flow.vendor ?? '');
      expect(row.categories.split(';').filter(Boolean)).toEqual(flow.categories);
      expect(row.thirdParty).toBe(String(flow.thirdParty));
      expect(JSON.parse(row.evidence).map((e: { key: string }) => e.key)).toEqual(
        flow.evidence.map((e: { key: string }) => e.key),
      );
    });
    expect(rows[2].organization).toBe('Müller & Söhne, "Analytics"\r\nGmbH');
    expect(JSON.parse(rows[2].evidence)[0].sample).toBe('shoes,"red"\n\u0000x');
  });
});

describe('sources and streams', () => {
  it('formats a parsed document exactly as it formats the IndexedDB ledger (one code path for the CLI)', async () => {
    db = await awkwardLedger();
    const json = await collectText(exportJson(dexieSource(db), { now: NOW }));
    const doc = JSON.parse(json);
    expect(await collectText(exportJson(documentSource(doc, 2), { now: NOW }))).toBe(json);
    for (const table of EXPORT_TABLES) {
      expect(await collectText(exportCsv(documentSource(doc), table))).toBe(
        await collectText(exportCsv(dexieSource(db), table)),
      );
    }
  });

  it('encodes a chunk stream as UTF-8 bytes for downloads', async () => {
    async function* chunks() {
      yield 'key,organization\r\n';
      yield 'k1,Müller\r\n';
    }
    const text = await new Response(toByteStream(chunks())).text();
    expect(text).toBe('key,organization\r\nk1,Müller\r\n');
  });
});

describe('researcher tools (pandas, DuckDB) when this machine has them', () => {
  // Set SHARELEDGER_PYTHON to a python with pandas and duckdb to run this; CI's python3 has neither.
  const python = process.env.SHARELEDGER_PYTHON ?? 'python3';
  const probe = spawnSync(python, ['-c', 'import pandas, duckdb'], { encoding: 'utf8' });
  it.skipIf(probe.status !== 0)(
    'pandas.read_csv and DuckDB read_json_auto load the exports without cleaning',
    async () => {
      db = await awkwardLedger();
      const dir = mkdtempSync(join(tmpdir(), 'ledger-research-'));
      writeFileSync(join(dir, 'flows.csv'), await collectText(exportCsv(dexieSource(db), 'flows')));
      writeFileSync(join(dir, 'placements.csv'), await collectText(exportCsv(dexieSource(db), 'placements')));
      writeFileSync(join(dir, 'ledger.ndjson'), await collectText(exportNdjson(dexieSource(db), { now: NOW })));
      writeFileSync(join(dir, 'ledger.json'), await collectText(exportJson(dexieSource(db), { now: NOW })));
      const script = readFileSync(new URL('../../fixtures/ledger/researcher-check.py', import.meta.url), 'utf8');
      const run = spawnSync(python, ['-c', script, dir], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({
        pandas_flows: {
          rows: 3,
          ts_dtype: 'int64',
          thirdParty_dtype: 'bool',
          category_search_dtype: 'bool',
          organization_2: 'Müller & Söhne, "Analytics"\r\nGmbH',
        },
        pandas_placements: { rows: 2 },
        duckdb_ndjson: { flow: 3, placement: 2, retailer: 1, consent: 2, meta: 1 },
        duckdb_csv_flows: 3,
        duckdb_json_flows: 3,
      });
    },
  );
});

describe('export files for downloads', () => {
  it('names each kind and accepts only known kinds from messages', async () => {
    const { exportFile, isExportKind, EXPORT_KINDS } = await import('../../../utils/ledger/export');
    db = await awkwardLedger();
    expect(EXPORT_KINDS.map((k) => exportFile(dexieSource(db!), k).name)).toEqual([
      'shareledger.json',
      'shareledger.ndjson',
      'retailers.csv',
      'flows.csv',
      'placements.csv',
      'consent.csv',
      'banners.csv',
    ]);
    const csv = exportFile(dexieSource(db), 'csv:flows');
    expect(csv.type).toBe('text/csv;charset=utf-8');
    expect(await collectText(csv.chunks)).toBe(await collectText(exportCsv(dexieSource(db), 'flows')));
    expect(isExportKind('csv:flows')).toBe(true);
    for (const bad of ['csv:aggregates', 'csv:', 'xlsx', 42, null]) expect(isExportKind(bad)).toBe(false);
  });
});
