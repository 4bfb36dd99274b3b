import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { declareLedgerSchema, LEDGER_SCHEMA_VERSION, openLedger, type LedgerDb } from '../../../utils/ledger/db';
import { summarizeRetailer, summarizeRetailerFromFlows } from '../../../utils/ledger/summary';
import { appendToLedger } from '../../../utils/ledger/write';
import { ga4Flow, metaPurchaseFlow, placement, T0 } from './sample-rows';

let db: LedgerDb | undefined;
afterEach(async () => db?.delete());

describe('schema migration v1 → v2', () => {
  it('keeps every v1 row and builds the aggregates from the v1 flows', async () => {
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
    expect(db.tables.map((t) => t.name).sort()).toEqual(['aggregates', 'consent', 'flows', 'meta', 'placements', 'retailers']);
  });
});
