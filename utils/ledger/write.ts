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
  return db.transaction('rw', [db.flows, db.placements, db.retailers, db.aggregates], async () => {
    const newFlows = await onlyNew(db.flows, flows);
    const newPlacements = await onlyNew(db.placements, placements);
    if (newFlows.length) {
      await db.flows.bulkAdd(newFlows);
      await addFlowsToAggregates(db.aggregates, newFlows, 1);
    }
    if (newPlacements.length) await db.placements.bulkAdd(newPlacements);
    await touchRetailers(db, [...newFlows, ...newPlacements]);
    return newFlows.length + newPlacements.length;
  });
}

async function onlyNew<T extends { key: string }>(table: { where(index: string): { anyOf(keys: string[]): { primaryKeys(): Promise<unknown[]>; keys(): Promise<unknown[]> } } }, rows: T[]): Promise<T[]> {
  if (rows.length === 0) return rows;
  const unique = new Map(rows.map((row) => [row.key, row]));
  const existing = new Set((await table.where('key').anyOf([...unique.keys()]).keys()) as string[]);
  return [...unique.values()].filter((row) => !existing.has(row.key));
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
