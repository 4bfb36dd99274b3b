/**
 * Redaction where rows are stored: the writer (journal and IndexedDB), the v6 migration of rows
 * stored before, and imports of old, unredacted exports.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { declareLedgerSchema, LEDGER_SCHEMA_VERSION, openLedger, type LedgerDb } from '../../../utils/ledger/db';
import { dexieSource, exportJson } from '../../../utils/ledger/export';
import { importLedgerJson } from '../../../utils/ledger/import';
import { MemoryJournal } from '../../../utils/ledger/journal';
import { openRedactor, REDACTION_SECRET_KEY } from '../../../utils/ledger/secret';
import { LedgerWriter } from '../../../utils/ledger/writer';
import { ga4Flow, metaPurchaseFlow, placement, T0 } from './sample-rows';

const EMAIL = 'rowan.shopper@example.com';
const EMAIL_SHA256 = 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514';
const CLIENT_ID = '1234567890.1700000000';
const FBP = 'fb.1.1700000000000.987654321';

/** A Meta Pixel row as releases before redaction stored it: hashed email, _fbp, page with the email. */
const rawMeta = (overrides = {}) =>
  metaPurchaseFlow({
    url: `https://www.facebook.com/tr/?id=1&ev=Purchase&ud[em]=${EMAIL_SHA256}&fbp=${FBP}`,
    pageUrl: `https://www.demo-store.test/checkout?email=${encodeURIComponent(EMAIL)}`,
    evidence: [
      { category: 'contact', where: 'url', key: 'ud[em]', sample: 'sha256 hash', source: 'meta-pixel' },
      { category: 'identifiers', where: 'url', key: 'fbp', sample: 'fb.1.1…', source: 'meta-pixel' },
    ],
    categories: ['purchases', 'identifiers', 'contact'],
    ...overrides,
  });
const rawGa = (overrides = {}) =>
  ga4Flow({
    url: `https://region1.google-analytics.com/g/collect?v=2&tid=G-1&cid=${CLIENT_ID}&en=page_view`,
    ...overrides,
  });

function expectNothingIdentifying(text: string): void {
  for (const value of [EMAIL, encodeURIComponent(EMAIL), EMAIL_SHA256, CLIENT_ID, FBP])
    expect(text).not.toContain(value);
}

const dbs: LedgerDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});
function track(db: LedgerDb): LedgerDb {
  dbs.push(db);
  return db;
}

describe('the writer redacts before storing', () => {
  it('journal and IndexedDB hold only redacted rows; the ledger still says contact reached Meta', async () => {
    const db = track(openLedger(`w-${Math.random()}`));
    const journal = new MemoryJournal();
    const writer = new LedgerWriter(db, journal, { openRedactor: () => openRedactor(db), flushIntervalMs: 60_000 });
    expect(await writer.observeFlow(rawMeta())).toBe(true);
    expectNothingIdentifying(JSON.stringify([...journal.rows.values()]));
    await writer.flush();
    const [stored] = await db.flows.toArray();
    expectNothingIdentifying(JSON.stringify(stored));
    expect(stored.categories).toContain('contact');
    expect(stored.url).toContain('ud[em]=[email:sha256]');
    expect(stored.provenance).toBe('network');
    // The secret stays in the ledger's meta table, which no export carries.
    expect((await db.meta.get(REDACTION_SECRET_KEY))?.value).toMatch(/^[0-9a-f]{64}$/);
    const exported = await collect(exportJson(dexieSource(db)));
    expect(exported).not.toContain(String((await db.meta.get(REDACTION_SECRET_KEY))?.value));
    writer.kill();
  });
});

describe('erase everything', () => {
  it('erases the secret too: an id seen afterwards cannot be linked to an erased row', async () => {
    const db = track(openLedger(`e-${Math.random()}`));
    const writer = new LedgerWriter(db, new MemoryJournal(), {
      openRedactor: () => openRedactor(db),
      flushIntervalMs: 60_000,
    });
    await writer.observeFlow(rawGa({ key: 'before' }));
    await writer.flush();
    const [before] = await db.flows.toArray();
    await writer.eraseEverything();
    await writer.observeFlow(rawGa({ key: 'after' }));
    await writer.flush();
    const [after] = await db.flows.toArray();
    expect(after.key).toBe('after');
    expect(after.url).not.toContain(CLIENT_ID);
    expect(after.url).not.toBe(before.url);
    writer.kill();
  });
});

describe('schema v6 migration', () => {
  // v3 is the last release before the cookie-banner table; v5 the last before the scrub.
  it.each([3, 5])('scrubs rows a v%i ledger stored and keeps counts, aggregates and keys', async (version) => {
    const name = `m6-${version}-${Math.random()}`;
    const v3 = new Dexie(name) as unknown as LedgerDb;
    declareLedgerSchema(v3, version);
    const page = `https://www.demo-store.test/checkout?email=${encodeURIComponent(EMAIL)}`;
    await v3.table('flows').bulkAdd([rawMeta(), rawGa(), rawGa({ requestType: 'probe' })]);
    await v3.table('placements').bulkAdd([
      placement({ pageUrl: page, key: `${page}#recommendation::Recommended for you` }),
      placement({
        pageUrl: `https://www.demo-store.test/checkout?email=other%40example.com`,
        key: `https://www.demo-store.test/checkout?email=other%40example.com#recommendation::Recommended for you`,
      }),
    ]);
    expect(JSON.stringify(await v3.table('flows').toArray())).toContain(EMAIL_SHA256);
    if (version >= 5) {
      // A page named its "CMP" after the shopper's hashed email: the banner row is scrubbed too.
      const report = {
        cmp: `cmp ${EMAIL_SHA256}`,
        status: 'answered',
        how: 'api',
        accepted: [],
        refused: ['marketing'],
      };
      const key = JSON.stringify(['demo-store.test', report.cmp, report.status, report.how, [], ['marketing']]);
      await v3.table('banners').add({ key, site: 'demo-store.test', ...report, firstSeen: 1, lastSeen: 1, times: 1 });
    }
    v3.close();

    const db = track(openLedger(name));
    await db.open();
    expect(db.verno).toBe(LEDGER_SCHEMA_VERSION);
    const flows = await db.flows.toArray();
    expect(flows).toHaveLength(3);
    expectNothingIdentifying(JSON.stringify(flows));
    expect(flows.map((f) => f.provenance)).toEqual(['network', 'network', 'page']);
    // Both placements redact to one key: one row stays, without the email.
    const placements = await db.placements.toArray();
    expect(placements).toHaveLength(1);
    expect(placements[0].pageUrl).toBe('https://www.demo-store.test/checkout?email=[email]');
    // The same client id has one digest in the migrated rows and in rows written from now on.
    const redactor = await openRedactor(db);
    expect(redactor.flow(rawGa()).url).toBe(flows[1].url);
    const banners = await db.banners.toArray();
    expect(banners).toHaveLength(version >= 5 ? 1 : 0);
    expectNothingIdentifying(JSON.stringify(banners));
    if (version >= 5)
      expect(banners[0]).toMatchObject({
        cmp: expect.stringMatching(/^cmp \[id:[0-9a-f]+\]$/),
        refused: ['marketing'],
      });
  });
});

describe('import of an old, unredacted export', () => {
  it('brings no raw value back', async () => {
    const old = track(openLedger(`old-${Math.random()}`));
    // Written straight to IndexedDB, as a release before redaction did.
    const { appendToLedger } = await import('../../../utils/ledger/write');
    await appendToLedger(old, [rawMeta(), rawGa()], [placement()]);
    const text = await collect(exportJson(dexieSource(old)));
    expect(text).toContain(EMAIL_SHA256);
    // An older release's document had no audience and no provenance.
    const doc = JSON.parse(text);
    delete doc.audience;
    for (const flow of doc.flows) delete flow.provenance;
    doc.banners = [
      {
        site: 'demo-store.test',
        cmp: `cmp ${EMAIL_SHA256}`,
        status: 'answered',
        how: 'api',
        accepted: [],
        refused: ['marketing'],
        firstSeen: T0,
        lastSeen: T0,
        times: 1,
      },
    ];

    const db = track(openLedger(`new-${Math.random()}`));
    const result = await importLedgerJson(db, JSON.stringify(doc));
    expect(result.ok, JSON.stringify(result)).toBe(true);
    const stored = await db.flows.toArray();
    expect(stored).toHaveLength(2);
    expectNothingIdentifying(JSON.stringify(stored));
    expectNothingIdentifying(JSON.stringify(await db.banners.toArray()));
    expect(await db.banners.count()).toBe(1);
    expect(stored[0].categories).toContain('contact');
    expect(stored[0].ts).toBeGreaterThanOrEqual(T0);
    // Importing the same file again adds nothing.
    const again = await importLedgerJson(db, JSON.stringify(doc));
    expect(again.ok && again.value.added.flows).toBe(0);
  });
});

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}
