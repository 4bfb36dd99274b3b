/**
 * Daily per-recipient aggregates: the popup's fast path. Every function that adds or deletes flows
 * calls addFlowsToAggregates in the same transaction, with sign +1 or -1, so the aggregates never
 * drift from the flows (a crash aborts both).
 */
import type { Table } from 'dexie';
import type { Category } from '../categories';
import type { Flow } from '../model';
import type { AggregateRow } from './db';

const DAY_MS = 86_400_000;

/** UTC day number of a timestamp. */
export function dayOf(ts: number): number {
  return Math.floor(ts / DAY_MS);
}

type AggregateKey = [string, number, string];

/** Folds flows into aggregate deltas keyed by site, day and recipient site. */
export function buildAggregates(flows: Iterable<Flow>, sign: 1 | -1 = 1): Map<string, AggregateRow> {
  const rows = new Map<string, AggregateRow>();
  for (const flow of flows) {
    const day = dayOf(flow.ts);
    const id = `${flow.site}\u0000${day}\u0000${flow.recipientSite}`;
    let row = rows.get(id);
    if (!row) {
      row = {
        site: flow.site,
        day,
        recipientSite: flow.recipientSite,
        organization: flow.organization,
        kind: flow.kind,
        thirdParty: flow.thirdParty,
        flows: 0,
        requests: 0,
        blocked: 0,
        modified: 0,
        firstSeen: flow.ts,
        lastSeen: flow.ts,
        categories: {},
      };
      rows.set(id, row);
    }
    row.flows += sign;
    if (flow.categories.length > 0) {
      row.requests += sign;
      if (flow.action === 'blocked') row.blocked += sign;
      else if (flow.action === 'modified') row.modified += sign;
    }
    if (flow.ts < row.firstSeen) row.firstSeen = flow.ts;
    if (flow.ts > row.lastSeen) row.lastSeen = flow.ts;
    for (const category of flow.categories) row.categories[category] = (row.categories[category] ?? 0) + sign;
  }
  return rows;
}

/**
 * Applies flows (+1 when written, -1 when deleted) to the stored aggregates. Must run inside a
 * transaction that includes the aggregates table. A row whose flow count drops to zero is deleted.
 * After deletes, firstSeen/lastSeen stay as the widest span seen (cheap, and only a display hint).
 */
export async function addFlowsToAggregates(table: Table<AggregateRow, AggregateKey>, flows: Flow[], sign: 1 | -1): Promise<void> {
  if (flows.length === 0) return;
  const deltas = [...buildAggregates(flows, sign).values()];
  const keys: AggregateKey[] = deltas.map((d) => [d.site, d.day, d.recipientSite]);
  const existing = await table.bulkGet(keys);
  const puts: AggregateRow[] = [];
  const deletes: AggregateKey[] = [];
  for (let i = 0; i < deltas.length; i++) {
    const delta = deltas[i];
    const row = existing[i];
    if (!row) {
      if (delta.flows > 0) puts.push(delta);
      continue;
    }
    const merged: AggregateRow = {
      ...row,
      flows: row.flows + delta.flows,
      requests: row.requests + delta.requests,
      blocked: row.blocked + delta.blocked,
      modified: row.modified + delta.modified,
      firstSeen: Math.min(row.firstSeen, delta.firstSeen),
      lastSeen: Math.max(row.lastSeen, delta.lastSeen),
      categories: mergeCounts(row.categories, delta.categories),
    };
    if (merged.flows <= 0) deletes.push(keys[i]);
    else puts.push(merged);
  }
  if (puts.length) await table.bulkPut(puts);
  if (deletes.length) await table.bulkDelete(deletes);
}

function mergeCounts(a: AggregateRow['categories'], b: AggregateRow['categories']): AggregateRow['categories'] {
  const out: AggregateRow['categories'] = { ...a };
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
