import Dexie from 'dexie';
import type { Flow, PlacementRecord } from '../model';
import type { LedgerDb } from './db';
import { addFlowsToAggregates } from './aggregates';

/**
 * Writes flows and placements idempotently: rows whose key is already in the ledger are skipped,
 * so a batch replayed after the service worker restarts is never written twice. The daily aggregates
 * and retailers rows are updated in the same transaction. Returns the number of rows added.
 */
export async function appendToLedger(db: LedgerDb, flows: Flow[], placements: PlacementRecord[] = []): Promise<number> {
  if (flows.length === 0 && placements.length === 0) return 0;
  return db.transaction('rw', [db.flows, db.placements, db.retailers, db.aggregates, db.totals], async () => {
    const newFlows = await addNew(db.flows, flows);
    if (newFlows.length) await addFlowsToAggregates(db, newFlows, 1);
    const newPlacements = await addNew(db.placements, placements);
    await touchRetailers(db, [...newFlows, ...newPlacements]);
    return newFlows.length + newPlacements.length;
  });
}

/**
 * Adds the rows whose key is not in the table yet and returns them. Relies on the unique &key index:
 * rows already present fail with ConstraintError, which is caught so the transaction goes on.
 * Cheaper than looking the keys up first, since replays (the only source of duplicates) are rare.
 */
async function addNew<T extends { key: string }>(
  table: { bulkAdd(rows: readonly T[]): Promise<unknown> },
  rows: T[],
): Promise<T[]> {
  if (rows.length === 0) return rows;
  const unique = rows.length === 1 ? rows : [...new Map(rows.map((row) => [row.key, row])).values()];
  try {
    await table.bulkAdd(unique);
    return unique;
  } catch (error) {
    if (!(error instanceof Dexie.BulkError)) throw error;
    const failed = error.failuresByPos as Record<number, Error>;
    for (const pos in failed) if (failed[pos].name !== 'ConstraintError') throw error;
    return unique.filter((_, i) => !(i in failed));
  }
}

async function touchRetailers(db: LedgerDb, rows: { site: string; ts: number }[]): Promise<void> {
  const spans = new Map<string, { first: number; last: number }>();
  for (const { site, ts } of rows) {
    if (!site) continue;
    const span = spans.get(site);
    if (!span) spans.set(site, { first: ts, last: ts });
    else {
      span.first = Math.min(span.first, ts);
      span.last = Math.max(span.last, ts);
    }
  }
  for (const [site, span] of spans) {
    const row = await db.retailers.get(site);
    await db.retailers.put({
      site,
      firstSeen: Math.min(row?.firstSeen ?? span.first, span.first),
      lastSeen: Math.max(row?.lastSeen ?? span.last, span.last),
    });
  }
}
