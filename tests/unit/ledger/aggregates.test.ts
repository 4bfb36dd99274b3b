import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../utils/categories';
import { buildAggregates, buildTotals, dayOf } from '../../../utils/ledger/aggregates';
import type { LedgerDb, RecipientTotalRow } from '../../../utils/ledger/db';
import { forgetRetailer } from '../../../utils/ledger/erase';
import { applyRetention } from '../../../utils/ledger/retention';
import { summarizeRetailer, summarizeRetailerFromFlows } from '../../../utils/ledger/summary';
import { appendToLedger } from '../../../utils/ledger/write';
import type { Flow } from '../../../utils/model';
import { freshLedger, ga4Flow, T0 } from './sample-rows';

let db: LedgerDb | undefined;
afterEach(async () => db?.delete());

const SITES = ['demo-store.test', 'other-shop.test', 'third.test'];
const RECIPIENTS = [
  { recipientSite: 'google-analytics.com', organization: 'Google', kind: 'analytics' },
  { recipientSite: 'facebook.com', organization: 'Meta', kind: 'advertising' },
  { recipientSite: 'criteo.com', organization: 'Criteo', kind: 'advertising' },
  { recipientSite: 'demo-store-cdn.test', organization: 'Demo Store', kind: 'first-party' },
] as const;

const flowArb = fc
  .record({
    site: fc.constantFrom(...SITES),
    recipient: fc.constantFrom(...RECIPIENTS),
    ageMinutes: fc.integer({ min: 0, max: 60 * 24 * 10 }),
    categories: fc.subarray([...CATEGORIES]),
    action: fc.constantFrom('allowed', 'blocked', 'modified'),
  })
  .map(({ site, recipient, ageMinutes, categories, action }) =>
    ga4Flow({
      site,
      ...recipient,
      thirdParty: recipient.kind !== 'first-party',
      ts: T0 - ageMinutes * 60_000,
      categories,
      action: action as Flow['action'],
    }),
  );

function counts(rows: Iterable<RecipientTotalRow & { day?: number }>) {
  return [...rows]
    .map(({ site, day, recipientSite, flows, requests, blocked, modified, categories }) => ({
      site,
      day,
      recipientSite,
      flows,
      requests,
      blocked,
      modified,
      categories,
    }))
    .sort((a, b) => `${a.site}|${a.day}|${a.recipientSite}`.localeCompare(`${b.site}|${b.day}|${b.recipientSite}`));
}

describe('daily aggregates and all-time totals', () => {
  it('assign a flow to its UTC day', () => {
    expect(dayOf(Date.UTC(2026, 10, 2, 23, 59, 59, 999))).toBe(dayOf(Date.UTC(2026, 10, 2)));
    expect(dayOf(Date.UTC(2026, 10, 3))).toBe(dayOf(Date.UTC(2026, 10, 2)) + 1);
  });

  it('stay equal to the flows after writes, replays, retention and forgetting (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(flowArb, { maxLength: 15 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 40 }),
        fc.option(fc.constantFrom(...SITES), { nil: undefined }),
        async (batches, maxAgeDays, keepFlows, forget) => {
          db = freshLedger();
          for (const batch of batches) await appendToLedger(db, batch);
          await appendToLedger(db, batches[0]); // a replay changes nothing
          await applyRetention(db, { maxAgeDays, maxFlows: keepFlows, compactAfterDays: 3 }, T0);
          if (forget) await forgetRetailer(db, forget);
          const flows = await db.flows.toArray();
          expect(counts(await db.aggregates.toArray())).toEqual(counts(buildAggregates(flows).values()));
          expect(counts(await db.totals.toArray())).toEqual(counts(buildTotals(flows).values()));
          for (const site of SITES) {
            const fast = await summarizeRetailer(db, site);
            const slow = await summarizeRetailerFromFlows(db, site);
            expect(fast.recipients.map(({ lastSeen: _lastSeen, ...r }) => r)).toEqual(
              slow.recipients.map(({ lastSeen: _lastSeen, ...r }) => r),
            );
          }
          await db.delete();
          db = undefined;
        },
      ),
      { numRuns: 30 },
    );
  });

  it('give the popup the newest lastSeen of each recipient', async () => {
    db = freshLedger();
    await appendToLedger(db, [ga4Flow({ ts: T0 - 86_400_000 * 2 }), ga4Flow({ ts: T0 })]);
    const [google] = (await summarizeRetailer(db, 'demo-store.test')).recipients;
    expect(google.lastSeen).toBe(T0);
    expect(google.requests).toBe(2);
  });
});
