/**
 * Derived counts kept current with the flows: daily per-recipient aggregates (the dashboard's time
 * series) and all-time per-recipient totals (the popup: O(recipients) rows whatever the history).
 * Every function that adds or deletes flows calls addFlowsToAggregates in the same transaction, with
 * sign +1 or -1, so they never drift from the flows (a crash aborts both).
 */
import type { Table } from 'dexie';
import type { Category } from '../categories';
import { provenanceOf, type Flow } from '../model';
import type { AggregateRow, RecipientTotalRow } from './db';

const DAY_MS = 86_400_000;

/** UTC day number of a timestamp. */
export function dayOf(ts: number): number {
  return Math.floor(ts / DAY_MS);
}

export type AggregateKey = [string, number, string];
export type TotalKey = [string, string];

/** Rows for trackers seen in the page's DOM (requestType dom-*), counted apart from requests. */
export function isDomSeen(flow: Pick<Flow, 'requestType'>): boolean {
  return flow.requestType.startsWith('dom-');
}

/** Folds flows into aggregate deltas keyed by site, day and recipient site. */
export function buildAggregates(flows: Iterable<Flow>, sign: 1 | -1 = 1): Map<string, AggregateRow> {
  return fold(flows, sign, true) as Map<string, AggregateRow>;
}

/** Folds flows into all-time deltas keyed by site and recipient site. */
export function buildTotals(flows: Iterable<Flow>, sign: 1 | -1 = 1): Map<string, RecipientTotalRow> {
  return fold(flows, sign, false);
}

function fold(flows: Iterable<Flow>, sign: 1 | -1, byDay: boolean): Map<string, RecipientTotalRow | AggregateRow> {
  const rows = new Map<string, RecipientTotalRow | AggregateRow>();
  for (const flow of flows) {
    const day = dayOf(flow.ts);
    const id = byDay
      ? `${flow.site}\u0000${day}\u0000${flow.recipientSite}`
      : `${flow.site}\u0000${flow.recipientSite}`;
    let row = rows.get(id);
    if (!row) {
      row = {
        site: flow.site,
        ...(byDay ? { day } : {}),
        recipientSite: flow.recipientSite,
        organization: flow.organization,
        kind: flow.kind,
        nameSource: flow.nameSource,
        thirdParty: flow.thirdParty,
        flows: 0,
        requests: 0,
        blocked: 0,
        modified: 0,
        pageReported: 0,
        firstSeen: flow.ts,
        lastSeen: flow.ts,
        categories: {},
      };
      rows.set(id, row);
    }
    row.flows += sign;
    // A tracker seen in the page's DOM (dom-*) usually has its request in the ledger too: kept as a
    // row, but not counted again as a request or as categories shared.
    const countsAsShared = !isDomSeen(flow);
    if (countsAsShared && flow.categories.length > 0) {
      row.requests += sign;
      if (flow.action === 'blocked') row.blocked += sign;
      else if (flow.action === 'modified') row.modified += sign;
      if (provenanceOf(flow) === 'page') row.pageReported = (row.pageReported ?? 0) + sign;
    }
    if (flow.ts < row.firstSeen) {
      row.firstSeen = flow.ts;
      row.organization = flow.organization;
      row.kind = flow.kind;
      row.nameSource = flow.nameSource;
    }
    if (flow.ts > row.lastSeen) row.lastSeen = flow.ts;
    if (countsAsShared)
      for (const category of flow.categories) row.categories[category] = (row.categories[category] ?? 0) + sign;
  }
  return rows;
}

/** The tables that are derived from the flows and kept current with them. */
export interface DerivedTables {
  aggregates: Table<AggregateRow, AggregateKey>;
  totals: Table<RecipientTotalRow, TotalKey>;
}

/**
 * Applies flows (+1 when written, -1 when deleted) to the daily aggregates and the all-time totals.
 * Must run inside a transaction that includes both tables.
 */
export async function addFlowsToAggregates(tables: DerivedTables, flows: Flow[], sign: 1 | -1): Promise<void> {
  if (flows.length === 0) return;
  await applyDeltas(tables.aggregates, [...buildAggregates(flows, sign).values()], (d): AggregateKey => [
    d.site,
    d.day,
    d.recipientSite,
  ]);
  await applyDeltas(tables.totals, [...buildTotals(flows, sign).values()], (d): TotalKey => [d.site, d.recipientSite]);
}

/** The daily aggregates alone: for the v2 migration, which runs before the totals table exists. */
export async function addFlowsToDailyAggregates(
  table: Table<AggregateRow, AggregateKey>,
  flows: Flow[],
): Promise<void> {
  await applyDeltas(table, [...buildAggregates(flows, 1).values()], (d): AggregateKey => [
    d.site,
    d.day,
    d.recipientSite,
  ]);
}

/**
 * Adds deltas to stored rows (deltas with the same key are summed first). A row whose flow count
 * drops to zero is deleted. After deletes, firstSeen/lastSeen stay as the widest span seen (cheap,
 * and only a display hint).
 */
export async function applyDeltas<Row extends RecipientTotalRow, Key>(
  table: Table<Row, Key>,
  deltas: Row[],
  keyOf: (row: Row) => Key,
): Promise<void> {
  if (deltas.length === 0) return;
  const unique = new Map<string, Row>();
  for (const delta of deltas) {
    const id = JSON.stringify(keyOf(delta));
    const seen = unique.get(id);
    unique.set(id, seen ? mergeRow(seen, delta) : delta);
  }
  const merged = [...unique.values()];
  const keys = merged.map(keyOf);
  const existing = await table.bulkGet(keys);
  const puts: Row[] = [];
  const deletes: Key[] = [];
  for (let i = 0; i < merged.length; i++) {
    const row = existing[i];
    const next = row ? mergeRow(row, merged[i]) : merged[i];
    if (next.flows <= 0) {
      if (row) deletes.push(keys[i]);
    } else puts.push(next);
  }
  if (puts.length) await table.bulkPut(puts);
  if (deletes.length) await table.bulkDelete(deletes);
}

function mergeRow<Row extends RecipientTotalRow>(row: Row, delta: Row): Row {
  const earlier = delta.flows > 0 && delta.firstSeen < row.firstSeen;
  return {
    ...row,
    organization: earlier ? delta.organization : row.organization,
    kind: earlier ? delta.kind : row.kind,
    nameSource: earlier ? delta.nameSource : row.nameSource,
    flows: row.flows + delta.flows,
    requests: row.requests + delta.requests,
    blocked: row.blocked + delta.blocked,
    modified: row.modified + delta.modified,
    pageReported: (row.pageReported ?? 0) + (delta.pageReported ?? 0),
    firstSeen: Math.min(row.firstSeen, delta.firstSeen),
    lastSeen: Math.max(row.lastSeen, delta.lastSeen),
    categories: mergeCounts(row.categories, delta.categories),
  };
}

function mergeCounts(
  a: RecipientTotalRow['categories'],
  b: RecipientTotalRow['categories'],
): RecipientTotalRow['categories'] {
  const out: RecipientTotalRow['categories'] = { ...a };
  for (const category of Object.keys(b) as Category[]) {
    const n = (out[category] ?? 0) + (b[category] ?? 0);
    if (n > 0) out[category] = n;
    else delete out[category];
  }
  return out;
}

/**
 * Bounds of every aggregate key of one site: [site] sorts before [site, day, …] and [site, []]
 * after it (in IndexedDB order arrays sort after numbers), whatever the day and recipient.
 */
export function siteKeyRange(site: string): [[string], [string, never[]]] {
  return [[site], [site, []]];
}
