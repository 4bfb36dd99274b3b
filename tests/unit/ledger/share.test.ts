import 'fake-indexeddb/auto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerDb } from '../../../utils/ledger/db';
import { csvField, dexieSource, exportCsv, exportJson, exportNdjson } from '../../../utils/ledger/export';
import { pageOrigin, urlWithoutValues } from '../../../utils/ledger/share';
import { appendToLedger } from '../../../utils/ledger/write';
import { freshLedger, ga4Flow, placement } from './sample-rows';

let db: LedgerDb | undefined;
afterEach(async () => db?.delete());

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

const searchFlow = () =>
  ga4Flow({
    pageUrl: 'https://www.demo-store.test/search?q=red+running+shoes#top',
    url: 'https://region1.google-analytics.com/g/collect?v=2&tid=G-1&cid=[id:0123456789ab]&dl=https%3A%2F%2Fwww.demo-store.test%2Fsearch%3Fq%3Dred&en=search',
    categories: ['browsing', 'search', 'identifiers'],
    evidence: [
      { category: 'search', where: 'url', key: 'dl→q', sample: 'red running shoes' },
      { category: 'browsing', where: 'url', key: 'dl', sample: 'https://www.demo-store.test/search?q=red' },
      { category: 'identifiers', where: 'url', key: 'cid', sample: '[id:0123456789ab]' },
    ],
  });

describe('export to share with a researcher', () => {
  it('keeps parameter names, the site and who received what; drops values, paths and search terms', async () => {
    db = freshLedger();
    const probeRow = ga4Flow({
      key: 'probe:https://www.demo-store.test/p/trail-shoe?color=red#fingerprinting:https://fp.example/a.js',
      requestType: 'probe',
      pageUrl: 'https://www.demo-store.test/p/trail-shoe?color=red',
    });
    await appendToLedger(
      db,
      [searchFlow(), probeRow],
      [
        placement({
          pageUrl: 'https://www.demo-store.test/p/trail-shoe',
          key: 'https://www.demo-store.test/p/trail-shoe#recommendation::R',
        }),
      ],
    );
    const doc = JSON.parse(await collect(exportJson(dexieSource(db), { audience: 'researcher' })));
    expect(doc.audience).toBe('researcher');
    const [flow, probe] = doc.flows;
    expect(probe.key).toMatch(/^r:[0-9a-f]{32}$/);
    expect(probe.provenance).toBe('page');
    expect(flow.url).toBe('https://region1.google-analytics.com/g/collect?v&tid&cid&dl&en');
    expect(flow.pageUrl).toBe('https://www.demo-store.test');
    expect(flow.categories).toEqual(['browsing', 'search', 'identifiers']);
    expect(flow.recipientSite).toBe('google-analytics.com');
    expect(flow.evidence.map((e: { sample: string }) => e.sample)).toEqual([
      '[omitted]',
      '[omitted]',
      '[id:0123456789ab]',
    ]);
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/running|trail-shoe|search\?q/);
    expect(doc.placements[0].pageUrl).toBe('https://www.demo-store.test');
    expect(doc.placements[0].key).toMatch(/^r:[0-9a-f]{32}$/);

    const ndjson = await collect(exportNdjson(dexieSource(db), { audience: 'researcher' }));
    expect(JSON.parse(ndjson.split('\n')[0]!).audience).toBe('researcher');
    expect(ndjson).not.toMatch(/running|trail-shoe/);
    const csv = await collect(exportCsv(dexieSource(db), 'flows', { audience: 'researcher' }));
    expect(csv).not.toMatch(/running|search\?q/);
    // "For me" keeps it all.
    expect(await collect(exportJson(dexieSource(db)))).toContain('red running shoes');
  });

  it('url and page helpers', () => {
    expect(urlWithoutValues('https://a.test/p?x=1&y=&z#f')).toBe('https://a.test/p?x&y&z');
    expect(urlWithoutValues('https://a.test/p')).toBe('https://a.test/p');
    expect(pageOrigin('https://shop.test:8443/a/b?c#d')).toBe('https://shop.test:8443');
    expect(pageOrigin('not a url')).toBe('');
  });
});

describe('CSV cells a spreadsheet would run as formulas', () => {
  it('are neutralised with a leading apostrophe; numbers and booleans are not', () => {
    expect(csvField('=HYPERLINK("https://evil.test","x")')).toBe(`"'=HYPERLINK(""https://evil.test"",""x"")"`);
    expect(csvField('+1 555')).toBe(`'+1 555`);
    expect(csvField('-2+3')).toBe(`'-2+3`);
    expect(csvField('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvField('\tcmd')).toBe(`'\tcmd`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('Recommended for you')).toBe('Recommended for you');
    expect(csvField(-5)).toBe('-5');
    expect(csvField(true)).toBe('true');
  });

  it('in a real export: a page-controlled label is written as text', async () => {
    db = freshLedger();
    await appendToLedger(db, [], [placement({ label: '=cmd|" /C calc"!A0' })]);
    const csv = await collect(exportCsv(dexieSource(db), 'placements'));
    const row = csv.split('\r\n')[1]!;
    expect(row).toContain(`"'=cmd|"" /C calc""!A0"`);
    expect(row).not.toMatch(/,=/);
  });

  it('DuckDB still loads the file: the label reads back as text, numbers stay numbers', async () => {
    db = freshLedger();
    await appendToLedger(db, [], [placement({ label: '=cmd|" /C calc"!A0' }), placement({ label: '-20% for you' })]);
    const path = join(mkdtempSync(join(tmpdir(), 'neutralised-')), 'placements.csv');
    writeFileSync(path, await collect(exportCsv(dexieSource(db), 'placements')));
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(
        `SELECT label, typeof(ts) AS ts_type FROM read_csv('${path}') ORDER BY label`,
      );
      expect(reader.getRowObjectsJS()).toEqual([
        { label: `'-20% for you`, ts_type: 'BIGINT' },
        { label: `'=cmd|" /C calc"!A0`, ts_type: 'BIGINT' },
      ]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
