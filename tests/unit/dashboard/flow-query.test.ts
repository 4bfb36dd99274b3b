import 'fake-indexeddb/auto';
import { cmp } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { countMatchingFlows, queryFlowPage, type FlowCursor } from '../../../utils/dashboard/flow-query';
import { FLOW_SORT_ORDERS, flowMatcher, type FlowFilter } from '../../../utils/dashboard/filters';
import type { LedgerDb } from '../../../utils/ledger/db';
import { appendToLedger } from '../../../utils/ledger/write';
import type { Flow } from '../../../utils/model';
import { freshLedger, ga4Flow, metaPurchaseFlow, T0 } from '../ledger/sample-rows';

let db: LedgerDb | undefined;
afterEach(async () => db?.delete());

/** 300 flows over two shops, with runs of equal timestamps (bursts) that page boundaries must not split wrongly. */
function sampleFlows(): Flow[] {
  const flows: Flow[] = [];
  for (let i = 0; i < 300; i++) {
    const make = i % 3 === 0 ? metaPurchaseFlow : ga4Flow;
    flows.push(
      make({
        key: `q-${i}`,
        ts: T0 + Math.floor(i / 7) * 60_000, // seven flows share each timestamp
        site: i % 2 ? 'demo-store.test' : 'other-shop.test',
        action: i % 5 === 0 ? 'blocked' : 'allowed',
        // Three category lists, so the category order has runs to page through.
        ...(i % 11 === 0 ? { categories: ['identifiers'] } : {}),
      }),
    );
  }
  return flows;
}

async function allPages(filter: FlowFilter, pageSize: number): Promise<Flow[]> {
  const out: Flow[] = [];
  let cursor: FlowCursor | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await queryFlowPage(db!, filter, cursor, pageSize);
    out.push(...page.rows);
    if (!page.next) return out;
    cursor = page.next;
  }
  throw new Error('paging did not end');
}

/** What the table shows a sort by, as IndexedDB orders keys: the column's value, then time, in the sort's direction. */
function sortKey(flow: Flow, sort: FlowFilter['sort']): unknown[] {
  const { column } = FLOW_SORT_ORDERS[sort];
  const value =
    column === 'shop'
      ? flow.site
      : column === 'recipient'
        ? flow.recipientSite
        : column === 'category'
          ? flow.categories
          : 0;
  return [value, flow.ts];
}

/** The expected order, sorted here without an index. */
function sortedLikeTheTable(flows: Flow[], sort: FlowFilter['sort']): unknown[][] {
  const keys = flows.map((f) => sortKey(f, sort)).sort((a, b) => cmp(a, b));
  return FLOW_SORT_ORDERS[sort].descending ? keys.reverse() : keys;
}

describe('queryFlowPage', () => {
  const filters: FlowFilter[] = [
    { sort: 'newest' },
    { sort: 'oldest' },
    { sort: 'newest', shop: 'demo-store.test' },
    { sort: 'oldest', shop: 'demo-store.test', category: 'contact' },
    { sort: 'newest', recipient: 'facebook.com', action: 'blocked' },
    { sort: 'newest', text: 'g-demo123', from: '2026-11-02', to: '2026-11-02' },
    { sort: 'oldest', organization: 'nobody' },
    { sort: 'newest', recipient: 'facebook.com' },
    { sort: 'shop' },
    { sort: 'shop-desc', category: 'contact' },
    { sort: 'shop', shop: 'demo-store.test', action: 'blocked' },
    { sort: 'recipient' },
    { sort: 'recipient-desc', shop: 'other-shop.test' },
    { sort: 'recipient', recipient: 'facebook.com', from: '2026-11-02', to: '2026-11-02' },
    { sort: 'category' },
    { sort: 'category-desc', action: 'blocked' },
  ];

  it.each(filters)('pages through exactly the matching flows, in order: %o', async (filter) => {
    db = freshLedger();
    const flows = sampleFlows();
    await appendToLedger(db, flows);
    const expected = sortedLikeTheTable(flows.filter(flowMatcher(filter)), filter.sort);
    for (const pageSize of [7, 50]) {
      const got = await allPages(filter, pageSize);
      expect(got.map((f) => sortKey(f, filter.sort))).toEqual(expected);
      expect(new Set(got.map((f) => f.key)).size).toBe(got.length);
    }
    expect(await countMatchingFlows(db, filter)).toBe(expected.length);
  });

  it.each([
    { sort: 'shop-desc' },
    { sort: 'recipient' },
    { sort: 'category-desc' },
    { sort: 'newest', recipient: 'facebook.com' },
    { sort: 'recipient-desc', recipient: 'facebook.com' },
  ] as FlowFilter[])('reads only the rows it shows, through an index, for %o', async (filter) => {
    db = freshLedger();
    await appendToLedger(db, sampleFlows());
    const page = await queryFlowPage(db, filter, undefined, 50);
    expect(page.rows).toHaveLength(50);
    // No row was read and thrown away: the index gave the order (and the recipient) directly.
    expect(page.scanned).toBe(50);
  });

  it('reports progress and stops when cancelled', async () => {
    db = freshLedger();
    await appendToLedger(db, sampleFlows());
    const controller = new AbortController();
    const progress: number[] = [];
    const counting = countMatchingFlows(
      db,
      { sort: 'newest', organization: 'nobody' },
      {
        signal: controller.signal,
        onProgress: (n) => {
          progress.push(n);
          controller.abort();
        },
      },
    );
    await expect(counting).rejects.toThrow(/abort/i);
    expect(progress).toEqual([100]);
  });
});
