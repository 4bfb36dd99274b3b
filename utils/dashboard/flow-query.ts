/**
 * The flow table's query: one page of flows matching a filter, newest or oldest first, read through
 * an index in growing chunks (keyset paging: the next page starts where the last one stopped), so the
 * first page of a million-row ledger costs a few chunks, not a scan. Filters the index cannot narrow
 * are checked per row; a long scan reports progress and stops when its signal is aborted.
 */
import type { Flow } from '../model';
import type { LedgerDb } from '../ledger/db';
import { flowMatcher, timeWindow, type FlowFilter } from './filters';

/** Where a page stopped: the timestamp of the last flow read, and how many flows at that timestamp were read. */
export interface FlowCursor {
  ts: number;
  skip: number;
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

/** The index range that covers a filter: the shop's own [site+ts] range when it names one, else ts. */
function rangeFrom(db: LedgerDb, filter: FlowFilter, cursor?: FlowCursor, chunk?: number) {
  const { start, end } = timeWindow(filter);
  const newest = filter.sort !== 'oldest';
  let lower = start;
  let upper = end;
  let upperOpen = true;
  if (cursor) {
    // The cursor's timestamp is read again; the flows already seen at it are skipped by offset.
    if (newest) {
      upper = cursor.ts;
      upperOpen = false;
    } else lower = cursor.ts;
  }
  const shop = filter.shop;
  const collection = shop
    ? db.flows.where('[site+ts]').between([shop, lower], [shop, upper], true, !upperOpen)
    : db.flows.where('ts').between(lower, upper, true, !upperOpen);
  const ordered = (newest ? collection.reverse() : collection).offset(cursor?.skip ?? 0);
  return chunk === undefined ? ordered : ordered.limit(chunk);
}

/** Reads flows in index order from a cursor on, one chunk at a time, with the cursor after each flow. */
async function* scan(
  db: LedgerDb,
  filter: FlowFilter,
  from: FlowCursor | undefined,
  options: ScanOptions,
): AsyncGenerator<{ flow: Flow; after: FlowCursor }> {
  let cursor = from;
  let chunk = FIRST_CHUNK;
  let scanned = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const rows = await rangeFrom(db, filter, cursor, chunk).toArray();
    for (const flow of rows) {
      cursor = cursor && cursor.ts === flow.ts ? { ts: flow.ts, skip: cursor.skip + 1 } : { ts: flow.ts, skip: 1 };
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

/** Filters the shop index and the date range answer alone: their count needs no row to be read. */
function indexOnly(filter: FlowFilter): boolean {
  return (
    filter.recipient === undefined &&
    filter.organization === undefined &&
    filter.kind === undefined &&
    filter.category === undefined &&
    filter.action === undefined &&
    filter.text === undefined
  );
}

/** How many flows match: an index count when it can be, else a cancellable scan that reports progress. */
export async function countMatchingFlows(db: LedgerDb, filter: FlowFilter, options: ScanOptions = {}): Promise<number> {
  if (indexOnly(filter)) return rangeFrom(db, { ...filter, sort: 'oldest' }).count();
  const matches = flowMatcher(filter);
  let count = 0;
  for await (const { flow } of scan(db, filter, undefined, options)) if (matches(flow)) count++;
  return count;
}
