import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { countMatchingFlows, queryFlowPage, type FlowCursor } from '../../../utils/dashboard/flow-query';
import { flowMatcher, type FlowFilter } from '../../../utils/dashboard/filters';
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

describe('queryFlowPage', () => {
  const filters: FlowFilter[] = [
    { sort: 'newest' },
    { sort: 'oldest' },
    { sort: 'newest', shop: 'demo-store.test' },
    { sort: 'oldest', shop: 'demo-store.test', category: 'contact' },
    { sort: 'newest', recipient: 'facebook.com', action: 'blocked' },
    { sort: 'newest', text: 'g-demo123', from: '2026-11-02', to: '2026-11-02' },
    { sort: 'oldest', organization: 'nobody' },
  ];

  it.each(filters)('pages through exactly the matching flows, in order: %o', async (filter) => {
    db = freshLedger();
    const flows = sampleFlows();
    await appendToLedger(db, flows);
    const expected = flows
      .filter(flowMatcher(filter))
      .sort((a, b) => (filter.sort === 'oldest' ? a.ts - b.ts : b.ts - a.ts))
      .map((f) => f.ts);
    for (const pageSize of [7, 50]) {
      const got = await allPages(filter, pageSize);
      expect(got.map((f) => f.ts)).toEqual(expected);
      expect(new Set(got.map((f) => f.key)).size).toBe(got.length);
    }
    expect(await countMatchingFlows(db, filter)).toBe(expected.length);
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
