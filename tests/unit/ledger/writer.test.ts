import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerDb } from '../../../utils/ledger/db';
import {
  MemoryJournal,
  storageAreaJournal,
  type JournalStore,
  type StorageAreaLike,
} from '../../../utils/ledger/journal';
import { LedgerWriter, isQuotaError, type LedgerStatus, type WriterStep } from '../../../utils/ledger/writer';
import { aggregateFlowTotal, freshLedger, ga4Flow, metaPurchaseFlow } from './sample-rows';

const FAST = { flushIntervalMs: 5, journalDelayMs: 1, retryMs: 20 };
const dbs: LedgerDb[] = [];
const writers: LedgerWriter[] = [];
afterEach(async () => {
  for (const w of writers.splice(0)) w.kill();
  for (const db of dbs.splice(0)) await db.delete();
});

function ledger(): LedgerDb {
  const db = freshLedger();
  dbs.push(db);
  return db;
}

function writer(db: LedgerDb, journal: JournalStore, options: ConstructorParameters<typeof LedgerWriter>[2] = {}) {
  const w = new LedgerWriter(db, journal, { ...FAST, ...options });
  writers.push(w);
  return w;
}

/** A browser.storage area in memory, with the structured cloning the real one does. */
function fakeArea(): StorageAreaLike & { items: Record<string, unknown> } {
  const items: Record<string, unknown> = { 'settings:theme': 'dark' };
  return {
    items,
    async get() {
      return structuredClone(items);
    },
    async set(more) {
      Object.assign(items, structuredClone(more));
    },
    async remove(keys) {
      for (const k of [keys].flat()) delete items[k];
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until the condition holds (timer-driven behaviour on a loaded machine), failing after 5 s. */
async function waitFor(condition: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await sleep(5);
  }
}

async function expectExactlyOnce(db: LedgerDb, keys: Iterable<string>) {
  const stored = (await db.flows.toCollection().keys()) as unknown as string[];
  const storedKeys = await db.flows.orderBy('key').keys();
  expect(new Set(storedKeys).size).toBe(stored.length);
  for (const key of keys) expect(storedKeys).toContain(key);
  expect(await aggregateFlowTotal(db)).toBe(stored.length);
}

describe('LedgerWriter: batching and acknowledgement', () => {
  it('acknowledges a row once it is journaled, writes it to the ledger and empties the journal', async () => {
    const db = ledger();
    const journal = new MemoryJournal();
    const steps: WriterStep[] = [];
    const w = writer(db, journal, { onStep: (s) => steps.push(s) });
    const flows = [ga4Flow(), metaPurchaseFlow(), ga4Flow()];
    const acks = await Promise.all(flows.map((f) => w.observeFlow(f)));
    expect(acks).toEqual([true, true, true]);
    // Coalesced: the three observes became one journal write.
    expect(steps).toEqual(['journaled']);
    expect(journal.rows.size).toBe(3);
    await w.flush();
    expect(await db.flows.count()).toBe(3);
    expect(journal.rows.size).toBe(0);
    expect(steps).toEqual(['journaled', 'committed', 'journal-removed']);
  });

  it('flushes on its own after the interval and at once when flushRows rows are ready', async () => {
    const db = ledger();
    const journal = new MemoryJournal();
    const w = writer(db, journal, { flushRows: 4, flushIntervalMs: 60_000 });
    await Promise.all([1, 2, 3, 4].map(() => w.observeFlow(ga4Flow())));
    await waitFor(async () => (await db.flows.count()) === 4);
    const timedDb = ledger();
    const timed = writer(timedDb, new MemoryJournal(), { flushRows: 1000, flushIntervalMs: 5 });
    await timed.observeFlow(ga4Flow());
    await waitFor(async () => (await timedDb.flows.count()) === 1);
  });
});

describe('LedgerWriter: a service worker stopped at any moment', () => {
  it('replays acknowledged rows a stopped worker had not flushed yet', async () => {
    const db = ledger();
    const journal = new MemoryJournal();
    const first = writer(db, journal, { flushIntervalMs: 60_000 });
    const flows = [ga4Flow(), metaPurchaseFlow()];
    expect(await Promise.all(flows.map((f) => first.observeFlow(f)))).toEqual([true, true]);
    first.kill();
    expect(await db.flows.count()).toBe(0);
    const second = writer(db, journal);
    expect(await second.recover()).toBe(2);
    await expectExactlyOnce(
      db,
      flows.map((f) => f.key),
    );
    expect(journal.rows.size).toBe(0);
  });

  it('does not write twice a batch that committed before the journal removal ran', async () => {
    const db = ledger();
    const journal = new MemoryJournal();
    const first = writer(db, journal, {
      onStep: (step) => {
        if (step === 'committed') first.kill();
      },
    });
    const flows = [ga4Flow(), ga4Flow(), metaPurchaseFlow()];
    await Promise.all(flows.map((f) => first.observeFlow(f)));
    await first.flush();
    expect(journal.rows.size).toBe(3); // the stop came between commit and removal
    const second = writer(db, journal);
    expect(await second.recover()).toBe(0);
    await expectExactlyOnce(
      db,
      flows.map((f) => f.key),
    );
    expect(await db.flows.count()).toBe(3);
    expect(journal.rows.size).toBe(0);
  });

  it('loses no acknowledged row and writes none twice whatever the moment of the stops (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            burst: fc.integer({ min: 1, max: 12 }),
            waitMs: fc.integer({ min: 0, max: 8 }),
            kill: fc.boolean(),
          }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.constantFrom<WriterStep | 'none'>('none', 'journaled', 'committed', 'journal-removed'),
        fc.boolean(),
        async (plan, killStep, viaStorageArea) => {
          const db = ledger();
          // Both journals: in memory, and the storage.session adapter over a fake storage area.
          const journal: JournalStore = viaStorageArea ? storageAreaJournal(fakeArea()) : new MemoryJournal();
          const acknowledged = new Set<string>();
          let killAtStep = killStep;
          const spawn = (): LedgerWriter => {
            const w: LedgerWriter = writer(db, journal, {
              flushRows: 5,
              onStep: (step) => {
                if (step === killAtStep) {
                  killAtStep = 'none';
                  w.kill();
                }
              },
            });
            void w.recover();
            return w;
          };
          let current = spawn();
          for (const { burst, waitMs, kill } of plan) {
            for (let i = 0; i < burst; i++) {
              const flow = i % 3 ? ga4Flow() : metaPurchaseFlow();
              void current.observeFlow(flow).then((ok) => ok && acknowledged.add(flow.key));
            }
            await sleep(waitMs);
            if (kill) {
              current.kill();
              current = spawn();
            }
          }
          await sleep(5);
          current.kill();
          const last = writer(db, journal);
          await last.recover();
          await expectExactlyOnce(db, acknowledged);
          expect(await journal.getAll()).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('LedgerWriter: storage pressure', () => {
  /** Fails every write to the flows table with the browser's quota error while `full` is true. */
  function withQuota(db: LedgerDb) {
    const quota = { full: true, attempts: 0 };
    db.use({
      stack: 'dbcore',
      name: 'test-quota',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          return {
            ...table,
            mutate: (req) => {
              if (name === 'flows' && req.type === 'add') {
                quota.attempts++;
                if (quota.full)
                  return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
              }
              return table.mutate(req);
            },
          };
        },
      }),
    });
    return quota;
  }

  it('compacts and retries once; when still full it keeps the rows, reports quota-exceeded, and recovers later', async () => {
    const db = ledger();
    const quota = withQuota(db);
    const journal = new MemoryJournal();
    const states: LedgerStatus[] = [];
    let relieved = 0;
    const w = writer(db, journal, {
      flushIntervalMs: 60_000,
      retryMs: 60_000,
      relieveQuota: async () => {
        relieved++;
      },
      onStateChange: (s) => states.push(s),
    });
    const flows = [ga4Flow(), metaPurchaseFlow()];
    await Promise.all(flows.map((f) => w.observeFlow(f)));
    await expect(w.flush()).resolves.toBe(0);
    expect(quota.attempts).toBe(2);
    expect(relieved).toBe(1);
    expect(w.ledgerStatus).toMatchObject({ state: 'quota-exceeded', pending: 2 });
    expect(states.at(-1)?.state).toBe('quota-exceeded');
    expect(journal.rows.size).toBe(2);
    expect(await db.flows.count()).toBe(0);
    // The user frees space (or the disk does): the next flush writes everything and clears the state.
    quota.full = false;
    expect(await w.flush()).toBe(2);
    expect(w.ledgerStatus).toMatchObject({ state: 'ok', pending: 0 });
    await expectExactlyOnce(
      db,
      flows.map((f) => f.key),
    );
  });

  it('while the disk is full, new rows wait for the retry timer instead of compacting on every write', async () => {
    const db = ledger();
    const quota = withQuota(db);
    let relieved = 0;
    const w = writer(db, new MemoryJournal(), {
      flushRows: 2,
      retryMs: 60_000,
      relieveQuota: async () => void relieved++,
    });
    await Promise.all([w.observeFlow(ga4Flow()), w.observeFlow(ga4Flow())]);
    await waitFor(() => w.ledgerStatus.state === 'quota-exceeded');
    await Promise.all([1, 2, 3, 4].map(() => w.observeFlow(ga4Flow())));
    await sleep(20);
    expect(relieved).toBe(1);
    expect(quota.attempts).toBe(2);
    expect(w.ledgerStatus.pending).toBe(6);
  });

  it('writes after the retry when compaction freed enough space', async () => {
    const db = ledger();
    const quota = withQuota(db);
    const w = writer(db, new MemoryJournal(), {
      relieveQuota: async () => {
        quota.full = false;
      },
    });
    await w.observeFlow(ga4Flow());
    expect(await w.flush()).toBe(1);
    expect(w.ledgerStatus.state).toBe('ok');
  });

  it('refuses rows beyond maxPendingRows instead of growing without bound', async () => {
    const db = ledger();
    withQuota(db);
    const w = writer(db, new MemoryJournal(), {
      maxPendingRows: 3,
      flushIntervalMs: 60_000,
      retryMs: 60_000,
      relieveQuota: async () => {},
    });
    const acks = await Promise.all([1, 2, 3, 4, 5].map(() => w.observeFlow(ga4Flow())));
    expect(acks).toEqual([true, true, true, false, false]);
    expect(w.ledgerStatus).toMatchObject({ pending: 3, dropped: 2 });
  });

  it('recognises the quota error however IndexedDB wraps it, and nothing else', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError(new DOMException('x', 'ConstraintError'))).toBe(false);
    expect(isQuotaError(undefined)).toBe(false);
  });
});

describe('LedgerWriter: forgetting while rows are pending', () => {
  it('drops the pending rows of a forgotten retailer so a replay cannot bring them back', async () => {
    const db = ledger();
    const journal = new MemoryJournal();
    const w = writer(db, journal, { flushIntervalMs: 60_000 });
    await w.observeFlow(ga4Flow());
    await w.observeFlow(ga4Flow({ site: 'other-shop.test' }));
    await w.forgetRetailer('demo-store.test');
    w.kill();
    await writer(db, journal).recover();
    expect(await db.flows.toArray()).toMatchObject([{ site: 'other-shop.test' }]);
  });

  it('erase everything also empties the journal', async () => {
    const db = ledger();
    const journal = new MemoryJournal();
    const w = writer(db, journal, { flushIntervalMs: 60_000 });
    await w.observeFlow(ga4Flow());
    await w.flush();
    await w.observeFlow(metaPurchaseFlow());
    await w.eraseEverything();
    expect(journal.rows.size).toBe(0);
    expect(await db.flows.count()).toBe(0);
    expect(await db.aggregates.count()).toBe(0);
  });
});

describe('storageAreaJournal (the browser.storage.session adapter)', () => {
  it('keeps one item per row under its prefix and leaves other items alone', async () => {
    const area = fakeArea();
    const journal = storageAreaJournal(area);
    const flow = ga4Flow();
    await journal.put([{ table: 'flows', row: flow }]);
    area.items['ledger-journal:f:broken'] = { table: 'flows', row: 'not a row' };
    expect(await journal.getAll()).toEqual([{ table: 'flows', row: flow }]);
    await journal.remove([`f:${flow.key}`]);
    expect(Object.keys(area.items).sort()).toEqual(['ledger-journal:f:broken', 'settings:theme']);
  });
});

describe('settle', () => {
  it('writes every observed row to IndexedDB at once, without waiting for the batch timers', async () => {
    const db = ledger();
    const w = writer(db, new MemoryJournal(), { journalDelayMs: 60_000, flushIntervalMs: 60_000 });
    const acks = [w.observeFlow(ga4Flow({ key: 's1' })), w.observeFlow(metaPurchaseFlow({ key: 's2' }))];
    expect(await db.flows.count()).toBe(0);
    expect(await w.settle()).toBe(2);
    expect(await Promise.all(acks)).toEqual([true, true]);
    expect((await db.flows.toArray()).map((f) => f.key).sort()).toEqual(['s1', 's2']);
    expect(w.ledgerStatus.pending).toBe(0);
  });
});
