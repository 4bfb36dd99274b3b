import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { declareLedgerSchema, LEDGER_SCHEMA_VERSION, openLedger, type LedgerDb } from '../../../utils/ledger/db';
import { summarizeRetailer, summarizeRetailerFromFlows } from '../../../utils/ledger/summary';
import { appendToLedger } from '../../../utils/ledger/write';
import { ga4Flow, metaPurchaseFlow, placement, T0 } from './sample-rows';

let db: LedgerDb | undefined;
afterEach(async () => db?.delete());

describe('schema migrations', () => {
  it('v1 → newest: keeps every v1 row and builds the aggregates and totals from the v1 flows', async () => {
    const name = `migrate-${Math.random()}`;
    // The database as release v1 left it: only version(1), rows written straight to its tables.
    const v1 = new Dexie(name);
    declareLedgerSchema(v1, 1);
    const flows = [
      ga4Flow(),
      ga4Flow({ ts: T0 + 86_400_000 }),
      metaPurchaseFlow({ action: 'blocked' }),
      ga4Flow({ site: 'other-shop.test' }),
      ga4Flow({ recipientSite: 'demo-store-cdn.test', thirdParty: false, categories: [] }),
    ];
    await v1.table('flows').bulkAdd(flows);
    await v1.table('placements').add(placement());
    await v1.table('retailers').bulkPut([
      { site: 'demo-store.test', firstSeen: T0, lastSeen: T0 + 86_400_000 },
      { site: 'other-shop.test', firstSeen: T0, lastSeen: T0 },
    ]);
    expect(v1.verno).toBe(1);
    v1.close();

    db = openLedger(name);
    await db.open();
    expect(db.verno).toBe(LEDGER_SCHEMA_VERSION);
    expect(await db.flows.count()).toBe(5);
    expect(await db.placements.count()).toBe(1);
    expect(await db.retailers.count()).toBe(2);
    expect(await db.consent.count()).toBe(0);
    // Two days of GA4 + one of Meta for demo-store, one for other-shop, one first-party row.
    expect(await db.aggregates.count()).toBe(5);
    // Totals: Google and Meta for demo-store, Google for other-shop, and the first-party CDN.
    expect(await db.totals.count()).toBe(4);
    const summary = await summarizeRetailer(db, 'demo-store.test');
    expect(summary).toEqual(await summarizeRetailerFromFlows(db, 'demo-store.test'));
    expect(summary.recipients.map((r) => [r.organization, r.requests, r.blocked])).toEqual([
      ['Google', 2, 0],
      ['Meta', 1, 1],
    ]);
    expect(summary.placements).toHaveLength(1);
    // The migrated ledger keeps working: the next write is idempotent against migrated keys.
    expect(await appendToLedger(db, [flows[0], ga4Flow()])).toBe(1);
  });

  it('opens an empty database straight at the newest version', async () => {
    db = openLedger(`fresh-${Math.random()}`);
    await db.open();
    expect(db.verno).toBe(LEDGER_SCHEMA_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual([
      'aggregates',
      'banners',
      'consent',
      'flows',
      'meta',
      'placements',
      'retailers',
      'totals',
    ]);
  });

  it('v2 → v3: keeps every row, consent included, and sums the daily aggregates into totals', async () => {
    const name = `migrate2-${Math.random()}`;
    const v2 = new Dexie(name) as unknown as LedgerDb;
    declareLedgerSchema(v2, 2);
    // A v2 ledger as that release wrote it: flows with their daily aggregates, consent and meta rows.
    const flows = [ga4Flow({ ts: T0 }), ga4Flow({ ts: T0 + 86_400_000 }), metaPurchaseFlow({ action: 'blocked' })];
    await v2.table('flows').bulkAdd(flows);
    const { buildAggregates } = await import('../../../utils/ledger/aggregates');
    await v2.table('aggregates').bulkPut([...buildAggregates(flows).values()]);
    await v2.table('consent').put({ site: 'demo-store.test', category: 'contact', state: 'revoked', updatedAt: T0 });
    await v2.table('meta').put({ key: 'consent.paused', value: false });
    expect(v2.verno).toBe(2);
    v2.close();

    db = openLedger(name);
    await db.open();
    expect(db.verno).toBe(LEDGER_SCHEMA_VERSION);
    expect(await db.flows.count()).toBe(3);
    expect(await db.aggregates.count()).toBe(3);
    expect(await db.consent.toArray()).toEqual([
      { site: 'demo-store.test', category: 'contact', state: 'revoked', updatedAt: T0 },
    ]);
    expect(await db.meta.get('consent.paused')).toEqual({ key: 'consent.paused', value: false });
    const totals = await db.totals.toArray();
    expect(totals.map((t) => [t.recipientSite, t.flows, t.requests, t.blocked, t.categories])).toEqual([
      ['facebook.com', 1, 1, 1, { purchases: 1, contact: 1 }],
      ['google-analytics.com', 2, 2, 0, { browsing: 2, identifiers: 2 }],
    ]);
    expect(await summarizeRetailer(db, 'demo-store.test')).toEqual(
      await summarizeRetailerFromFlows(db, 'demo-store.test'),
    );
  });

  it('v6 → v7: keeps every row and lists the flows by recipient and by category list through the new indexes', async () => {
    const name = `migrate6-${Math.random()}`;
    const v6 = new Dexie(name) as unknown as LedgerDb;
    declareLedgerSchema(v6, 6);
    const flows = [
      ga4Flow({ ts: T0 + 2 }),
      metaPurchaseFlow({ ts: T0 + 1, site: 'other-shop.test' }),
      ga4Flow({ ts: T0, recipientSite: 'demo-store-cdn.test', thirdParty: false, categories: [] }),
      metaPurchaseFlow({ ts: T0 + 3, categories: ['contact'] }),
    ];
    await appendToLedger(v6, flows);
    await v6.table('placements').add(placement());
    await v6.table('consent').put({ site: 'demo-store.test', category: 'contact', state: 'revoked', updatedAt: T0 });
    const before = {
      flows: await v6.table('flows').toArray(),
      aggregates: await v6.table('aggregates').toArray(),
      totals: await v6.table('totals').toArray(),
      meta: await v6.table('meta').toArray(),
    };
    expect(v6.verno).toBe(6);
    v6.close();

    db = openLedger(name);
    await db.open();
    expect(db.verno).toBe(LEDGER_SCHEMA_VERSION);
    // Nothing rewritten: every row as v6 stored it.
    expect(await db.flows.toArray()).toEqual(before.flows);
    expect(await db.aggregates.toArray()).toEqual(before.aggregates);
    expect(await db.totals.toArray()).toEqual(before.totals);
    expect(await db.meta.toArray()).toEqual(before.meta);
    expect(await db.placements.count()).toBe(1);
    expect(await db.consent.count()).toBe(1);
    // Every flow is in each new index once, in key order.
    const byRecipient = await db.flows.orderBy('[recipientSite+ts]').toArray();
    expect(byRecipient.map((f) => [f.recipientSite, f.ts])).toEqual([
      ['demo-store-cdn.test', T0],
      ['facebook.com', T0 + 1],
      ['facebook.com', T0 + 3],
      ['google-analytics.com', T0 + 2],
    ]);
    const byCategories = await db.flows.orderBy('[categories+ts]').toArray();
    expect(byCategories.map((f) => f.categories)).toEqual([
      [],
      ['browsing', 'identifiers'],
      ['contact'],
      ['purchases', 'contact'],
    ]);
  });
});
