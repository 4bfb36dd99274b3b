/**
 * The user's deletion controls. "Forget this retailer" removes everything the ledger learned about
 * one site: its flows, placements, aggregates, totals and retailers row. The shopper's consent choices for
 * that site are settings, not observations, so they stay (a revoked retailer stays revoked).
 * "Erase everything" empties every table, consent and ledger metadata included.
 * Pending rows of the durable writer must be dropped too: LedgerWriter.forgetRetailer/eraseEverything
 * do both and are what the extension calls.
 */
import type { Flow } from '../model';
import { addFlowsToAggregates, siteKeyRange } from './aggregates';
import type { LedgerDb } from './db';

export interface ForgetResult {
  flows: number;
  placements: number;
  aggregates: number;
  retailers: number;
}

const PAGE = 5000;

/** Deletes flows (given with their ids) and takes them out of the aggregates; call inside a rw transaction. */
export async function deleteFlowRows(db: LedgerDb, flows: Flow[]): Promise<void> {
  if (flows.length === 0) return;
  await db.flows.bulkDelete(flows.map((f) => f.id!));
  await addFlowsToAggregates(db, flows, -1);
}

export async function forgetRetailer(db: LedgerDb, site: string): Promise<ForgetResult> {
  const tables = [db.flows, db.placements, db.aggregates, db.totals, db.retailers, db.banners];
  return db.transaction('rw', tables, async () => {
    const flows = await db.flows.where('site').equals(site).primaryKeys();
    // Whole-site delete: the aggregate rows go as a key range, no need to decrement them one by one.
    for (let i = 0; i < flows.length; i += PAGE) await db.flows.bulkDelete(flows.slice(i, i + PAGE));
    const placements = await db.placements.where('site').equals(site).delete();
    const aggregates = await db.aggregates
      .where('[site+day+recipientSite]')
      .between(...siteKeyRange(site), true, true)
      .delete();
    await db.totals
      .where('[site+recipientSite]')
      .between(...siteKeyRange(site), true, true)
      .delete();
    // Banner answers are what ShareLedger told the shop: observations of the site, forgotten with it.
    await db.banners.where('site').equals(site).delete();
    const retailers = (await db.retailers.get(site)) ? 1 : 0;
    await db.retailers.delete(site);
    return { flows: flows.length, placements, aggregates, retailers };
  });
}

export async function eraseEverything(db: LedgerDb): Promise<void> {
  await db.transaction(
    'rw',
    [db.flows, db.placements, db.aggregates, db.totals, db.retailers, db.consent, db.meta, db.banners],
    async () => {
      await Promise.all([
        db.flows.clear(),
        db.placements.clear(),
        db.aggregates.clear(),
        db.totals.clear(),
        db.retailers.clear(),
        db.consent.clear(),
        db.meta.clear(),
        db.banners.clear(),
      ]);
    },
  );
}
