/**
 * The flow table's query: one page of flows matching a filter, in the sort's order, read through
 * an index in growing chunks (keyset paging: the next page starts where the last one stopped), so the
 * first page of a million-row ledger costs a few chunks, not a scan, whatever the sort. Filters the
 * index cannot narrow are checked per row; a long scan reports progress and stops when its signal is aborted.
 */
import { cmp, type IndexableType } from 'dexie';
import type { Flow } from '../model';
import type { LedgerDb } from '../ledger/db';
import { FLOW_SORT_ORDERS, flowMatcher, timeWindow, type FlowFilter } from './filters';

/** Where a page stopped: the index key of the last flow read, and how many flows with that key were read. */
export interface FlowCursor {
  key: IndexableType;
  skip: number;
}

/** The index a filter and sort are read through, and the key range the matching flows can be in. */
export interface IndexPlan {
  index: string;
  /** The range's ends; undefined: the whole index on that side. */
  lower?: IndexableType;
  upper?: IndexableType;
  /** Whether the upper bound itself is outside the range (a date range's end). */
  upperOpen: boolean;
  descending: boolean;
  keyOf(flow: Flow): IndexableType;
  /** Filter fields the range alone answers: a filter of only these is counted without reading rows. */
  covers: (keyof FlowFilter)[];
}

/**
 * The narrowest index for a filter that still yields the sort's order: a shop's or a recipient's own
 * time range when the filter names one and the order allows it, else the sort column's index whole.
 */
export function planQuery(filter: FlowFilter): IndexPlan {
  const { start, end } = timeWindow(filter);
  const { column, descending } = FLOW_SORT_ORDERS[filter.sort];
  const within = (field: 'site' | 'recipientSite', value: string, covers: keyof FlowFilter): IndexPlan => ({
    index: `[${field}+ts]`,
    lower: [value, start],
    upper: [value, end],
    upperOpen: true,
    descending,
    keyOf: (flow) => [flow[field], flow.ts],
    covers: [covers, 'from', 'to'],
  });
  if ((column === 'time' || column === 'shop') && filter.shop !== undefined) return within('site', filter.shop, 'shop');
  if ((column === 'time' || column === 'recipient') && filter.recipient !== undefined)
    return within('recipientSite', filter.recipient, 'recipient');
  if (column === 'time')
    return {
      index: 'ts',
      lower: start,
      upper: end,
      upperOpen: true,
      descending,
      keyOf: (f) => f.ts,
      covers: ['from', 'to'],
    };
  const field = column === 'shop' ? 'site' : column === 'recipient' ? 'recipientSite' : 'categories';
  return {
    index: `[${field}+ts]`,
    upperOpen: false,
    descending,
    // An IndexedDB key may hold an array (the category list); Dexie's key type does not say so.
    keyOf: (flow) => [flow[field], flow.ts] as unknown as IndexableType,
    covers: [],
  };
}

export interface FlowPage {
  rows: Flow[];
  /** Where the next page starts; undefined when the range is exhausted. */
  next?: FlowCursor;
  /** Flows read to fill this page. */
  scanned: number;
}

export interface ScanOptions {
  signal?: AbortSignal;
  onProgress?(scanned: number): void;
}

const FIRST_CHUNK = 100;
const MAX_CHUNK = 2000;

/** The plan's key range from a cursor on, in the plan's direction. */
function rangeFrom(db: LedgerDb, plan: IndexPlan, cursor?: FlowCursor, chunk?: number) {
  let { lower, upper, upperOpen } = plan;
  if (cursor) {
    // The cursor's key is read again; the flows already seen with it are skipped by offset.
    if (plan.descending) {
      upper = cursor.key;
      upperOpen = false;
    } else lower = cursor.key;
  }
  const where = db.flows.where(plan.index);
  const collection =
    lower !== undefined && upper !== undefined
      ? where.between(lower, upper, true, !upperOpen)
      : lower !== undefined
        ? where.aboveOrEqual(lower)
        : upper !== undefined
          ? upperOpen
            ? where.below(upper)
            : where.belowOrEqual(upper)
          : db.flows.orderBy(plan.index);
  const ordered = (plan.descending ? collection.reverse() : collection).offset(cursor?.skip ?? 0);
  return chunk === undefined ? ordered : ordered.limit(chunk);
}

/** Reads flows in index order from a cursor on, one chunk at a time, with the cursor after each flow. */
async function* scan(
  db: LedgerDb,
  filter: FlowFilter,
  from: FlowCursor | undefined,
  options: ScanOptions,
): AsyncGenerator<{ flow: Flow; after: FlowCursor }> {
  const plan = planQuery(filter);
  let cursor = from;
  let chunk = FIRST_CHUNK;
  let scanned = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const rows = await rangeFrom(db, plan, cursor, chunk).toArray();
    for (const flow of rows) {
      const key = plan.keyOf(flow);
      cursor = cursor && cmp(cursor.key, key) === 0 ? { key, skip: cursor.skip + 1 } : { key, skip: 1 };
      yield { flow, after: cursor };
    }
    scanned += rows.length;
    options.onProgress?.(scanned);
    if (rows.length < chunk) return;
    chunk = Math.min(MAX_CHUNK, chunk * 4);
  }
}

/** One page of matching flows from a cursor on. */
export async function queryFlowPage(
  db: LedgerDb,
  filter: FlowFilter,
  cursor: FlowCursor | undefined,
  pageSize: number,
  options: ScanOptions = {},
): Promise<FlowPage> {
  const matches = flowMatcher(filter);
  const rows: Flow[] = [];
  let scanned = 0;
  for await (const { flow, after } of scan(db, filter, cursor, options)) {
    scanned++;
    if (!matches(flow)) continue;
    rows.push(flow);
    if (rows.length === pageSize) return { rows, next: after, scanned };
  }
  return { rows, scanned };
}

/** How many flows match: an index count when it can be, else a cancellable scan that reports progress. */
export async function countMatchingFlows(db: LedgerDb, filter: FlowFilter, options: ScanOptions = {}): Promise<number> {
  // Order does not change a count: the time order's plan narrows by shop or recipient where it can.
  const plan = planQuery({ ...filter, sort: 'oldest' });
  const set = (Object.keys(filter) as (keyof FlowFilter)[]).filter((k) => k !== 'sort' && filter[k] !== undefined);
  if (set.every((field) => plan.covers.includes(field))) return rangeFrom(db, plan).count();
  const matches = flowMatcher(filter);
  let count = 0;
  for await (const { flow } of scan(db, filter, undefined, options)) if (matches(flow)) count++;
  return count;
}
