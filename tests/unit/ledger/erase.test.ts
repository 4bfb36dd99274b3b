import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerDb } from '../../../utils/ledger/db';
import { eraseEverything, forgetRetailer } from '../../../utils/ledger/erase';
import { summarizeRetailer } from '../../../utils/ledger/summary';
import { appendToLedger } from '../../../utils/ledger/write';
import { freshLedger, ga4Flow, metaPurchaseFlow, placement } from './sample-rows';

let db: LedgerDb | undefined;
afterEach(async () => db?.delete());

async function seed(ledger: LedgerDb) {
  await appendToLedger(
    ledger,
    [ga4Flow(), metaPurchaseFlow(), ga4Flow({ site: 'other-shop.test' })],
    [placement(), placement({ site: 'other-shop.test' })],
  );
  await ledger.consent.bulkPut([
    { site: 'demo-store.test', category: 'contact', state: 'revoked', updatedAt: 1 },
    { site: 'other-shop.test', category: 'location', state: 'granted', updatedAt: 1 },
  ]);
}

describe('forget this retailer', () => {
  it('removes its flows, placements, aggregates and retailers row, and nothing of other retailers', async () => {
    db = freshLedger();
    await seed(db);
    const result = await forgetRetailer(db, 'demo-store.test');
    expect(result).toEqual({ flows: 2, placements: 1, aggregates: 2, retailers: 1 });
    expect(await db.flows.where('site').equals('demo-store.test').count()).toBe(0);
    expect(await db.aggregates.toArray()).toMatchObject([{ site: 'other-shop.test' }]);
    expect(await db.retailers.toCollection().primaryKeys()).toEqual(['other-shop.test']);
    expect((await summarizeRetailer(db, 'demo-store.test')).recipients).toEqual([]);
    expect((await summarizeRetailer(db, 'other-shop.test')).recipients).toHaveLength(1);
  });

  it("keeps the shopper's consent choices for that retailer (they are settings, not observations)", async () => {
    db = freshLedger();
    await seed(db);
    await forgetRetailer(db, 'demo-store.test');
    expect(await db.consent.count()).toBe(2);
  });

  it('is a no-op for a retailer the ledger never saw', async () => {
    db = freshLedger();
    await seed(db);
    expect(await forgetRetailer(db, 'never-seen.test')).toEqual({
      flows: 0,
      placements: 0,
      aggregates: 0,
      retailers: 0,
    });
    expect(await db.flows.count()).toBe(3);
  });
});

describe('erase everything', () => {
  it('empties every table, consent and aggregates included', async () => {
    db = freshLedger();
    await seed(db);
    await db.meta.put({ key: 'retention.compactedBefore', value: 5 });
    await eraseEverything(db);
    for (const table of db.tables) expect(await table.count()).toBe(0);
  });
});
