import { readFileSync } from 'node:fs';
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LedgerDb } from '../../../utils/ledger/db';
import {
  dexieSource,
  EXPORT_TABLES,
  exportCsv,
  exportJson,
  exportNdjson,
  type ExportDocument,
} from '../../../utils/ledger/export';
import { importLedgerJson, IMPORT_MAX_BYTES } from '../../../utils/ledger/import';
import { summarizeRetailer } from '../../../utils/ledger/summary';
import { appendToLedger } from '../../../utils/ledger/write';
import { recordBannerAnswer } from '../../../utils/ledger/banners';
import type { BannerReport } from '../../../utils/consent/cmp/report';
import { openRedactor } from '../../../utils/ledger/secret';
import type { Flow } from '../../../utils/model';
import {
  aggregateFlowTotal,
  collectText,
  ga4Flow,
  ledgersDeletedAfterEach,
  metaPurchaseFlow,
  placement,
  T0,
} from './sample-rows';

const KLARO_ANSWER: BannerReport = {
  cmp: 'klaro',
  status: 'answered',
  how: 'api',
  accepted: ['functional-tag'],
  refused: ['analytics-tag', 'marketing-tag'],
};
const NOW = () => Date.UTC(2026, 10, 25, 12, 0, 0);
const ledger = ledgersDeletedAfterEach();

const exportText = (db: LedgerDb) => collectText(exportJson(dexieSource(db), { now: NOW }));

/** A ledger holding rows as the extension stores them: redacted with the ledger's own secret. */
async function seeded(db = ledger()): Promise<LedgerDb> {
  const redactor = await openRedactor(db);
  await appendToLedger(
    db,
    [ga4Flow(), metaPurchaseFlow({ action: 'blocked' }), ga4Flow({ site: 'other-shop.test', vendor: undefined })].map(
      redactor.flow,
    ),
    [placement()].map(redactor.placement),
  );
  await db.consent.put({ site: 'demo-store.test', category: 'contact', state: 'revoked', updatedAt: T0 });
  await recordBannerAnswer(db, 'demo-store.test', KLARO_ANSWER, T0);
  await recordBannerAnswer(db, 'demo-store.test', KLARO_ANSWER, T0 + 60_000);
  return db;
}

describe('round trip', () => {
  it('export → import into an empty ledger → the identical export, in every format', async () => {
    const source = await seeded();
    const json = await exportText(source);
    const target = ledger();
    const result = await importLedgerJson(target, json);
    expect(result).toEqual({
      ok: true,
      value: {
        added: { flows: 3, placements: 1, retailers: 2, consent: 1, banners: 1 },
        skipped: { flows: 0, placements: 0, retailers: 0, consent: 0, banners: 0 },
      },
    });
    expect(await exportText(target)).toBe(json);
    expect(await collectText(exportNdjson(dexieSource(target), { now: NOW }))).toBe(
      await collectText(exportNdjson(dexieSource(source), { now: NOW })),
    );
    for (const table of EXPORT_TABLES) {
      expect(await collectText(exportCsv(dexieSource(target), table))).toBe(
        await collectText(exportCsv(dexieSource(source), table)),
      );
    }
    // Aggregates are rebuilt, so the popup shows the same thing.
    expect(await summarizeRetailer(target, 'demo-store.test')).toEqual(
      await summarizeRetailer(source, 'demo-store.test'),
    );
  });
});

describe('format version 1 files (before the cookie-banner answers)', () => {
  const v1File = () => readFileSync(new URL('../../fixtures/ledger/audit-ledger.json', import.meta.url), 'utf8');

  it('imports a version 1 JSON file as version 2 with no banner answers', async () => {
    const text = v1File();
    expect(JSON.parse(text)).toMatchObject({ version: 1 });
    expect(JSON.parse(text).banners).toBeUndefined();
    const db = ledger();
    const result = await importLedgerJson(db, text);
    expect(result).toMatchObject({ ok: true, value: { added: { flows: 4, banners: 0 } } });
    const doc = JSON.parse(await exportText(db));
    expect(doc).toMatchObject({ version: 2, banners: [] });
    expect(doc.flows).toHaveLength(4);
  });

  it('imports a version 1 NDJSON file, and refuses banner lines in one', async () => {
    const { importLedgerNdjson } = await import('../../../utils/ledger/import');
    const source = await seeded();
    const v2 = await collectText(exportNdjson(dexieSource(source), { now: NOW }));
    const [meta, ...records] = v2.split('\n');
    const v1Meta = meta.replace('"version":2', '"version":1');
    const v1 = [v1Meta, ...records.filter((l) => !l.startsWith('{"type":"banner"'))].join('\n');
    expect(await importLedgerNdjson(ledger(), v1)).toMatchObject({ ok: true, value: { added: { flows: 3 } } });
    const bannerLine = records.findIndex((l) => l.startsWith('{"type":"banner"')) + 2;
    expect(await importLedgerNdjson(ledger(), [v1Meta, ...records].join('\n'))).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message: `Line ${bannerLine}: banner records need format version 2, the file says 1.`,
      },
    });
  });

  it('refuses a version 2 file without banners, and a version 1 file with them', async () => {
    const doc = JSON.parse(await exportText(await seeded()));
    const { banners: _banners, ...withoutBanners } = doc;
    expect(await importLedgerJson(ledger(), JSON.stringify(withoutBanners))).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/banners/) },
    });
    expect(await importLedgerJson(ledger(), JSON.stringify({ ...doc, version: 1 }))).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });
});

describe('merging into a ledger that has data', () => {
  it('adds no duplicate when the same file is imported twice or overlaps the ledger', async () => {
    const db = await seeded();
    const json = await exportText(db);
    const again = await importLedgerJson(db, json);
    expect(again).toMatchObject({
      ok: true,
      value: { added: { flows: 0, placements: 0, retailers: 0 }, skipped: { flows: 3, placements: 1 } },
    });
    expect(await db.flows.count()).toBe(3);
    expect(await aggregateFlowTotal(db)).toBe(3);

    const doc: ExportDocument = JSON.parse(json);
    doc.flows.push({ ...doc.flows[0], key: 'from-another-browser-1' });
    doc.flows.push({ ...doc.flows[0], key: 'from-another-browser-1' }); // duplicated inside the file too
    const merged = await importLedgerJson(db, JSON.stringify(doc));
    expect(merged).toMatchObject({ ok: true, value: { added: { flows: 1 } } });
    expect(await db.flows.count()).toBe(4);
  });

  it('keeps the newer consent choice and widens retailer first/last seen', async () => {
    const db = await seeded();
    const doc: ExportDocument = JSON.parse(await exportText(db));
    doc.consent = [
      { site: 'demo-store.test', category: 'contact', state: 'granted', updatedAt: T0 - 1 }, // older: ignored
      { site: 'demo-store.test', category: 'location', state: 'revoked', updatedAt: T0 },
    ];
    doc.retailers = [{ site: 'demo-store.test', firstSeen: T0 - 86_400_000, lastSeen: T0 }];
    const result = await importLedgerJson(db, JSON.stringify(doc));
    expect(result).toMatchObject({ ok: true, value: { added: { consent: 1 } } });
    expect(await db.consent.get(['demo-store.test', 'contact'])).toMatchObject({ state: 'revoked' });
    expect(await db.consent.get(['demo-store.test', 'location'])).toMatchObject({ state: 'revoked' });
    expect((await db.retailers.get('demo-store.test'))?.firstSeen).toBe(T0 - 86_400_000);
  });
});

describe('corrupt or foreign files are rejected with nothing changed', () => {
  async function expectRejected(input: string | Uint8Array, code: string, message: RegExp, maxBytes?: number) {
    const db = await seeded();
    const before = await exportText(db);
    const result = await importLedgerJson(db, input, { maxBytes });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(message);
    }
    expect(await exportText(db)).toBe(before);
    expect(await aggregateFlowTotal(db)).toBe(3);
  }
  const validDoc = async (): Promise<ExportDocument> => JSON.parse(await exportText(await seeded()));

  it('a truncated file', async () => {
    const json = JSON.stringify(await validDoc());
    await expectRejected(
      json.slice(0, Math.floor(json.length * 0.7)),
      'not-json',
      /not valid JSON; it may be truncated/,
    );
  });

  it('wrong types: a timestamp as a string, an unknown category, a missing field, an extra field', async () => {
    const cases: [(doc: ExportDocument) => void, RegExp][] = [
      [
        (d) => ((d.flows[1] as unknown as Record<string, unknown>).ts = '2026-11-02'),
        /at \/flows\/1\/ts, must be integer/,
      ],
      [
        (d) => ((d.flows[0].categories as string[])[0] = 'health'),
        /at \/flows\/0\/categories\/0, must be equal to one of the allowed values/,
      ],
      [
        (d) => delete (d.placements[0] as Partial<(typeof d.placements)[0]>).key,
        /at \/placements\/0, must have required property 'key'/,
      ],
      [
        (d) => ((d.flows[2] as unknown as Record<string, unknown>).password = 'x'),
        /must NOT have additional properties \("password"\)/,
      ],
      [(d) => ((d as unknown as Record<string, unknown>).flows = {}), /at \/flows, must be array/],
    ];
    for (const [corrupt, message] of cases) {
      const doc = await validDoc();
      corrupt(doc);
      await expectRejected(JSON.stringify(doc), 'invalid', message);
    }
  });

  it('a file from a newer ShareLedger, with a message that says to update', async () => {
    const doc = { ...(await validDoc()), version: 3, flows: [{ shape: 'we do not know yet' }] };
    await expectRejected(
      JSON.stringify(doc),
      'future-version',
      /newer ShareLedger \(format version 3\).*Update ShareLedger/,
    );
  });

  it('JSON that is not a ShareLedger export, and bytes that are not UTF-8', async () => {
    await expectRejected('{"log":{"version":"1.2","entries":[]}}', 'not-shareledger', /not a ShareLedger export/);
    await expectRejected('[1,2,3]', 'not-shareledger', /not a ShareLedger export/);
    await expectRejected(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'not-json', /not UTF-8/);
  });

  it('a file over the size limit is refused before it is parsed', async () => {
    const json = JSON.stringify(await validDoc());
    await expectRejected(json, 'too-large', /imports files up to 0\.0 MB/, 1000);
    expect(IMPORT_MAX_BYTES).toBe(64 * 1024 * 1024);
  });

  it('a 50 MB file with one bad row near its end, and the same file truncated', async () => {
    const doc = await validDoc();
    const filler = bigFlows(12_000);
    (filler[filler.length - 3] as unknown as Record<string, unknown>).thirdParty = 'yes';
    doc.flows = filler;
    const json = JSON.stringify(doc);
    expect(json.length).toBeGreaterThan(50 * 1024 * 1024);
    await expectRejected(json, 'invalid', /at \/flows\/11997\/thirdParty, must be boolean/);
    await expectRejected(json.slice(0, json.length - 100), 'not-json', /truncated/);
  });

  it('a write that fails half-way (disk full) leaves the ledger as it was', async () => {
    const db = ledger();
    let armed = false;
    let adds = 0;
    db.use({
      stack: 'dbcore',
      name: 'fail-second-chunk',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          return {
            ...table,
            mutate: (req) =>
              armed && name === 'flows' && req.type === 'add' && ++adds === 2
                ? Promise.reject(new DOMException('full', 'QuotaExceededError'))
                : table.mutate(req),
          };
        },
      }),
    });
    await seeded(db);
    const before = await exportText(db);
    armed = true;
    const doc: ExportDocument = JSON.parse(before);
    doc.flows = bigFlows(6000, 200); // two chunks of 5000: the second fails
    const result = await importLedgerJson(db, JSON.stringify(doc));
    expect(result).toMatchObject({ ok: false, error: { code: 'write-failed', message: /nothing was imported/ } });
    expect(adds).toBe(2);
    expect(await exportText(db)).toBe(before);
  });
});

describe('a large valid file', () => {
  it('a 50 MB export is accepted and merged', async () => {
    const db = ledger();
    const doc: ExportDocument = JSON.parse(await exportText(await seeded()));
    doc.flows = bigFlows(12_000);
    const json = JSON.stringify(doc);
    expect(json.length).toBeGreaterThan(50 * 1024 * 1024);
    const result = await importLedgerJson(db, json);
    expect(result).toMatchObject({ ok: true, value: { added: { flows: 12_000 } } });
    expect(await aggregateFlowTotal(db)).toBe(12_000);
  }, 60_000);
});

/** Flows with long GA4 query strings (~4.4 KB each), as a busy shop produces. */
function bigFlows(n: number, queryBytes = 4300): Flow[] {
  const query = 'ep.item_list=' + 'sku-1234,'.repeat(Math.ceil(queryBytes / 9)).slice(0, queryBytes);
  return Array.from({ length: n }, (_, i) => {
    const { id: _id, ...flow } = ga4Flow({ key: `big-${i}`, ts: T0 + i });
    return { ...flow, url: `${flow.url}&${query}` };
  });
}

describe('NDJSON import (streamed, for ledgers too large for one JSON document)', () => {
  const ndjsonOf = (db: LedgerDb) => collectText(exportNdjson(dexieSource(db), { now: NOW }));

  it('round-trips: NDJSON export → import into an empty ledger → the identical export, from text or from a file', async () => {
    const { importLedgerNdjson } = await import('../../../utils/ledger/import');
    const source = await seeded();
    const ndjson = await ndjsonOf(source);
    for (const input of [ndjson, new Blob([ndjson])]) {
      const target = ledger();
      const result = await importLedgerNdjson(target, input, 2);
      expect(result).toEqual({
        ok: true,
        value: {
          added: { flows: 3, placements: 1, retailers: 2, consent: 1, banners: 1 },
          skipped: { flows: 0, placements: 0, retailers: 0, consent: 0, banners: 0 },
        },
      });
      expect(await exportText(target)).toBe(await exportText(source));
    }
  });

  it('checks every line before writing anything: a bad line near the end changes nothing', async () => {
    const { importLedgerNdjson } = await import('../../../utils/ledger/import');
    const db = await seeded();
    const before = await exportText(db);
    const good = (await ndjsonOf(ledger())).split('\n')[0];
    const lines = [good];
    for (let i = 0; i < 50; i++) lines.push(JSON.stringify({ type: 'flow', ...ga4Flow({ key: `nd-${i}` }) }));
    lines.push(JSON.stringify({ type: 'flow', ...ga4Flow({ key: 'nd-bad' }), ts: -5 }));
    const result = await importLedgerNdjson(db, lines.join('\n') + '\n', 10);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: /Line 52 \(flow\) .*at \/ts, must be >= 0/ },
    });
    expect(await exportText(db)).toBe(before);
  });

  it('rejects a file cut mid-line, a future version, a missing meta line and an unknown record type', async () => {
    const { importLedgerNdjson } = await import('../../../utils/ledger/import');
    const db = await seeded();
    const before = await exportText(db);
    const ndjson = await ndjsonOf(db);
    const meta = ndjson.split('\n')[0];
    const cases: [string, string, RegExp][] = [
      [ndjson.slice(0, ndjson.length - 20), 'not-json', /incomplete: the file was cut off/],
      [meta.replace('"version":2', '"version":3') + '\n', 'future-version', /newer ShareLedger \(format version 3\)/],
      [ndjson.split('\n').slice(1).join('\n'), 'not-shareledger', /first line is not the "meta" line/],
      [`${meta}\n{"type":"aggregate","site":"x"}\n`, 'invalid', /Line 2: unknown record type "aggregate"/],
      ['', 'not-shareledger', /empty/],
    ];
    for (const [input, code, message] of cases) {
      const result = await importLedgerNdjson(db, input);
      expect(result).toMatchObject({ ok: false, error: { code, message } });
    }
    const endless = await importLedgerNdjson(db, new Blob([`${meta}\n`, 'x'.repeat(5 * 1024 * 1024)]));
    expect(endless).toMatchObject({ ok: false, error: { code: 'invalid', message: /Line 2 is longer than 4 MB/ } });
    const notUtf8 = await importLedgerNdjson(db, new Blob([new Uint8Array([0x7b, 0xff, 0x0a])]));
    expect(notUtf8).toMatchObject({ ok: false, error: { code: 'not-json', message: /not UTF-8/ } });
    expect(await exportText(db)).toBe(before);
  });
});
