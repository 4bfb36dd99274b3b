import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LedgerDb } from '../../../utils/ledger/db';
import { dexieSource, exportJson, exportNdjson } from '../../../utils/ledger/export';
import { importLedgerJson, importLedgerNdjson, type ImportProgress } from '../../../utils/ledger/import';
import { appendToLedger } from '../../../utils/ledger/write';
import { collectText, ga4Flow, ledgersDeletedAfterEach, T0 } from './sample-rows';

const NOW = () => Date.UTC(2026, 10, 25, 12, 0, 0);
const ledger = ledgersDeletedAfterEach();

/** A ledger of n flows, a minute apart: enough rows for several write chunks. */
async function ledgerOf(n: number): Promise<LedgerDb> {
  const db = ledger();
  const flows = Array.from({ length: n }, (_, i) => ga4Flow({ key: `p-${i}`, ts: T0 + i * 60_000 }));
  await appendToLedger(db, flows);
  return db;
}

describe('import progress and cancellation', () => {
  it('JSON: reports checking, then writing up to every row', async () => {
    const json = await collectText(exportJson(dexieSource(await ledgerOf(12_000)), { now: NOW }));
    const seen: ImportProgress[] = [];
    const result = await importLedgerJson(ledger(), json, { onProgress: (p) => seen.push({ ...p }) });
    expect(result.ok).toBe(true);
    expect(seen[0]).toEqual({ phase: 'checking', done: 0 });
    const writing = seen.filter((p) => p.phase === 'writing');
    expect(writing.map((p) => p.done)).toEqual([0, 5000, 10_000, 12_000]);
    expect(writing.every((p) => p.total === 12_000)).toBe(true);
  });

  it('JSON: cancelled half-way, nothing is written (the chunks already written are rolled back)', async () => {
    const json = await collectText(exportJson(dexieSource(await ledgerOf(12_000)), { now: NOW }));
    const target = ledger();
    const controller = new AbortController();
    const result = await importLedgerJson(target, json, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'writing' && p.done >= 5000) controller.abort();
      },
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'cancelled', message: 'Import cancelled; nothing was imported.' },
    });
    expect(await target.flows.count()).toBe(0);
    expect(await target.totals.count()).toBe(0);
    expect(await target.aggregates.count()).toBe(0);
  });

  it('NDJSON: cancelled while checking writes nothing; while writing keeps whole batches and says so', async () => {
    const ndjson = await collectText(exportNdjson(dexieSource(await ledgerOf(3000)), { now: NOW }));

    const checking = ledger();
    const stopChecking = new AbortController();
    const early = await importLedgerNdjson(checking, ndjson, 500, {
      signal: stopChecking.signal,
      onProgress: (p) => p.phase === 'checking' && p.done >= 1000 && stopChecking.abort(),
    });
    expect(early).toMatchObject({ ok: false, error: { code: 'cancelled', message: /nothing was imported/ } });
    expect(await checking.flows.count()).toBe(0);

    const writing = ledger();
    const stopWriting = new AbortController();
    const seen: ImportProgress[] = [];
    const late = await importLedgerNdjson(writing, ndjson, 500, {
      signal: stopWriting.signal,
      onProgress: (p) => {
        seen.push({ ...p });
        if (p.phase === 'writing' && p.done >= 1000) stopWriting.abort();
      },
    });
    expect(seen.filter((p) => p.phase === 'checking').map((p) => p.done)).toEqual([1000, 2000, 3000]);
    expect(seen.filter((p) => p.phase === 'writing')[0]).toEqual({ phase: 'writing', done: 0, total: 3001 });
    expect(late).toMatchObject({ ok: false, error: { code: 'cancelled', message: /after 1000 rows/ } });
    // Two whole batches of 500 records: the retailer line and 999 flows.
    expect((await writing.flows.count()) + (await writing.retailers.count())).toBe(1000);

    // The same file again completes it; the rows already there are skipped.
    const rest = await importLedgerNdjson(writing, ndjson, 500);
    expect(rest).toMatchObject({ ok: true, value: { added: { flows: 2001 }, skipped: { flows: 999 } } });
  });
});
