import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerDb } from '../../../utils/ledger/db';
import {
  applyRetention,
  compactFlow,
  compactFlows,
  parseRetentionSettings,
  DEFAULT_RETENTION,
} from '../../../utils/ledger/retention';
import { appendToLedger } from '../../../utils/ledger/write';
import { aggregateFlowTotal, freshLedger, ga4Flow, metaPurchaseFlow, placement, T0 } from './sample-rows';

const DAY = 86_400_000;
let db: LedgerDb | undefined;
afterEach(async () => db?.delete());

describe('retention settings from the options page', () => {
  it('accepts whole numbers in range and null for "keep forever"', () => {
    expect(parseRetentionSettings({ maxAgeDays: 30, maxFlows: 50_000 })).toEqual({
      ok: true,
      value: { ...DEFAULT_RETENTION, maxAgeDays: 30, maxFlows: 50_000 },
    });
    expect(parseRetentionSettings({ maxAgeDays: null })).toMatchObject({ ok: true, value: { maxAgeDays: null } });
  });

  it('rejects hostile or nonsensical values with a message, never throwing', () => {
    for (const bad of [
      null,
      'x',
      { maxAgeDays: -1 },
      { maxFlows: 1.5 },
      { maxFlows: 10 },
      { compactAfterDays: '3' },
      { maxAgeDays: NaN },
    ]) {
      const result = parseRetentionSettings(bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/must/);
    }
  });
});

describe('compaction', () => {
  it('drops evidence samples and URL queries but keeps who got which category', () => {
    const flow = metaPurchaseFlow();
    const compacted = compactFlow(flow);
    expect(compacted.url).toBe('https://www.facebook.com/tr/');
    expect(compacted.pageUrl).toBe('https://www.demo-store.test/p/trail-shoe');
    expect(compacted.evidence.map((e) => [e.category, e.key, e.sample])).toEqual([
      ['purchases', 'cd[value]', ''],
      ['contact', 'ud[em]', ''],
    ]);
    expect(compacted.categories).toEqual(flow.categories);
    expect(compacted.recipientSite).toBe('facebook.com');
  });

  it('touches only rows older than the cut-off, and each row once across runs', async () => {
    db = freshLedger();
    const old = ga4Flow({ ts: T0 - 40 * DAY });
    const recent = ga4Flow({ ts: T0 - DAY });
    await appendToLedger(db, [old, recent]);
    expect(await compactFlows(db, T0 - 30 * DAY)).toBe(1);
    expect(await compactFlows(db, T0 - 30 * DAY)).toBe(0);
    const rows = await db.flows.orderBy('ts').toArray();
    expect(rows[0].evidence.every((e) => e.sample === '')).toBe(true);
    expect(rows[1].evidence.some((e) => e.sample !== '')).toBe(true);
    expect(await compactFlows(db, T0)).toBe(1);
  });
});

describe('applyRetention', () => {
  it('deletes flows and placements past the age limit, then the oldest past the count limit', async () => {
    db = freshLedger();
    const flows = [
      ga4Flow({ ts: T0 - 100 * DAY }),
      metaPurchaseFlow({ ts: T0 - 20 * DAY }),
      ga4Flow({ ts: T0 - 10 * DAY }),
      ga4Flow({ ts: T0 - 5 * DAY }),
      ga4Flow({ ts: T0 - DAY }),
    ];
    await appendToLedger(db, flows, [placement({ ts: T0 - 100 * DAY }), placement({ ts: T0 - DAY })]);
    const report = await applyRetention(db, { maxAgeDays: 30, maxFlows: 2, compactAfterDays: 7 }, T0);
    expect(report).toEqual({ compacted: 3, deletedByAge: 1, deletedByCount: 2, placementsDeleted: 1 });
    expect((await db.flows.orderBy('ts').toArray()).map((f) => f.key)).toEqual([flows[3].key, flows[4].key]);
    expect(await db.placements.count()).toBe(1);
    expect(await aggregateFlowTotal(db)).toBe(2);
  });

  it('keeps everything when maxAgeDays is null and the count is under the limit', async () => {
    db = freshLedger();
    await appendToLedger(db, [ga4Flow({ ts: T0 - 3000 * DAY }), ga4Flow()]);
    const report = await applyRetention(db, { maxAgeDays: null, maxFlows: 1000, compactAfterDays: 90 }, T0);
    expect(report.deletedByAge + report.deletedByCount).toBe(0);
    expect(await db.flows.count()).toBe(2);
  });
});

describe('stored settings and the start-up run', () => {
  it('saves valid settings, refuses invalid ones, and falls back to defaults', async () => {
    const { loadRetentionSettings, saveRetentionSettings } = await import('../../../utils/ledger/retention');
    db = freshLedger();
    expect(await loadRetentionSettings(db)).toEqual(DEFAULT_RETENTION);
    expect((await saveRetentionSettings(db, { maxAgeDays: 30 })).ok).toBe(true);
    expect((await saveRetentionSettings(db, { maxAgeDays: 'forever' })).ok).toBe(false);
    expect(await loadRetentionSettings(db)).toEqual({ ...DEFAULT_RETENTION, maxAgeDays: 30 });
  });

  it('applies retention when due, then not again until the interval has passed', async () => {
    const { applyRetentionIfDue, saveRetentionSettings, RETENTION_EVERY_MS } =
      await import('../../../utils/ledger/retention');
    db = freshLedger();
    await saveRetentionSettings(db, { maxAgeDays: 30 });
    await appendToLedger(db, [ga4Flow({ ts: T0 - 40 * DAY }), ga4Flow({ ts: T0 })]);
    expect(await applyRetentionIfDue(db, T0)).toMatchObject({ deletedByAge: 1 });
    await appendToLedger(db, [ga4Flow({ ts: T0 - 40 * DAY })]);
    expect(await applyRetentionIfDue(db, T0 + 1000)).toBeUndefined();
    expect(await applyRetentionIfDue(db, T0 + RETENTION_EVERY_MS)).toMatchObject({ deletedByAge: 1 });
    expect(await db.flows.count()).toBe(1);
  });
});
