/**
 * The durable batched writer of the background worker. The MV3 service worker may be stopped at any
 * moment, so a row goes through three places:
 *   observe → staged (memory) → journal (storage.session; now it is *acknowledged*) → ready (memory)
 *   → flushed to IndexedDB in one transaction → removed from the journal.
 * A stop before the journal write loses only unacknowledged rows; a stop after it is repaired by
 * recover() at start-up, which replays the journal. Writes are idempotent by key, so a flush that
 * committed but whose journal removal never ran is not written twice.
 */
import type { Flow, PlacementRecord } from '../model';
import type { LedgerDb } from './db';
import { eraseEverything, forgetRetailer, type ForgetResult } from './erase';
import { journalId, type JournalStore, type PendingRow } from './journal';
import { compactFlows } from './retention';
import { appendToLedger } from './write';
import { createRedactor, newRedactionSecret, type Redactor } from './redact';

export type LedgerState = 'ok' | 'quota-exceeded' | 'error';

export interface LedgerStatus {
  state: LedgerState;
  /** Rows acknowledged or waiting, not yet in IndexedDB. */
  pending: number;
  /** Rows refused because the pending buffer was full (the ledger could not be written for long). */
  dropped: number;
  lastError?: string;
}

export type WriterStep = 'journaled' | 'committed' | 'journal-removed';

export interface LedgerWriterOptions {
  /** Flush to IndexedDB at most this long after a row is acknowledged. */
  flushIntervalMs?: number;
  /** Flush at once when this many rows are ready. */
  flushRows?: number;
  /** Journal writes within this window are coalesced into one storage write. */
  journalDelayMs?: number;
  /** Retry delay after a failed flush (quota or other error). */
  retryMs?: number;
  /** Bound on rows held while the ledger cannot be written; beyond it new rows are refused. */
  maxPendingRows?: number;
  /** Frees space before the one retry after a quota error. Default: compact every flow. */
  relieveQuota?: (db: LedgerDb) => Promise<unknown>;
  onStateChange?: (status: LedgerStatus) => void;
  /**
   * Opens the redactor every row goes through before it is stored, in the journal and in IndexedDB
   * (utils/ledger/redact.ts). Called at start and after "erase everything", which erases the secret
   * too; rows wait in memory only until it is ready.
   */
  openRedactor?: () => Promise<Redactor>;
  /** Test hook, called at each durable step; a test may kill() the writer from here. */
  onStep?: (step: WriterStep, ids: string[]) => void;
  now?: () => number;
}

const DEFAULTS = {
  flushIntervalMs: 1000,
  flushRows: 200,
  journalDelayMs: 10,
  retryMs: 30_000,
  maxPendingRows: 5000,
};

export class LedgerWriter {
  private readonly options: Required<Pick<LedgerWriterOptions, keyof typeof DEFAULTS>> & LedgerWriterOptions;
  private staged: { pending: PendingRow; ack: (ok: boolean) => void }[] = [];
  private readonly ready = new Map<string, PendingRow>();
  private journalTimer: ReturnType<typeof setTimeout> | undefined;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private flushChain: Promise<unknown> = Promise.resolve();
  private dead = false;
  /** Bumped by forget/erase, so rows whose journal write was in flight then are dropped after it. */
  private generation = 0;
  private readonly forgottenAt = new Map<string, number>();
  private erasedAt = -1;
  private status: LedgerStatus = { state: 'ok', pending: 0, dropped: 0 };
  private readonly journalWrites = new Set<Promise<void>>();
  private redactor: Redactor | undefined;
  private redactorLoading: Promise<void> | undefined;

  constructor(
    private readonly db: LedgerDb,
    private readonly journal: JournalStore,
    options: LedgerWriterOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.loadRedactor();
  }

  private loadRedactor(): void {
    const open = this.options.openRedactor;
    if (!open) return;
    const loading = open()
      // Without the stored secret, rows are still redacted: digests then hold for this worker only.
      .catch(() => createRedactor(newRedactionSecret()))
      .then((ready) => {
        if (this.redactorLoading !== loading) return;
        this.redactor = ready;
        this.redactorLoading = undefined;
      });
    this.redactorLoading = loading;
  }

  get ledgerStatus(): LedgerStatus {
    return { ...this.status, pending: this.ready.size + this.staged.length };
  }

  /** Replays the journal left by a previous worker. Call once at start-up. Returns rows added. */
  async recover(): Promise<number> {
    const rows = await this.journal.getAll();
    if (this.dead) return 0;
    for (const pending of rows) this.ready.set(journalId(pending), pending);
    return this.flush();
  }

  /** Resolves true once the flow is acknowledged (in the journal), false when it was refused. */
  observeFlow(flow: Flow): Promise<boolean> {
    return this.observe({ table: 'flows', row: flow });
  }

  observePlacement(placement: PlacementRecord): Promise<boolean> {
    return this.observe({ table: 'placements', row: placement });
  }

  private observe(pending: PendingRow): Promise<boolean> {
    if (this.dead) return Promise.resolve(false);
    if (this.ready.size + this.staged.length >= this.options.maxPendingRows) {
      this.status.dropped++;
      this.emit();
      return Promise.resolve(false);
    }
    return new Promise((ack) => {
      this.staged.push({ pending, ack });
      this.journalTimer ??= setTimeout(() => this.startJournalWrite(), this.options.journalDelayMs);
    });
  }

  private startJournalWrite(): void {
    const write = this.writeJournal();
    this.journalWrites.add(write);
    void write.finally(() => this.journalWrites.delete(write));
  }

  /**
   * Writes every row observed so far to IndexedDB now, without waiting for the batch timers, so a
   * reader (an export, the CLI) sees every acknowledged row. Resolves with the rows added.
   */
  async settle(): Promise<number> {
    if (this.journalTimer !== undefined) {
      clearTimeout(this.journalTimer);
      this.startJournalWrite();
    }
    await Promise.all([...this.journalWrites]);
    return this.flush();
  }

  private async writeJournal(): Promise<void> {
    this.journalTimer = undefined;
    while (this.redactorLoading) await this.redactorLoading;
    const batch = this.staged;
    this.staged = [];
    if (batch.length === 0 || this.dead) return;
    const generation = this.generation;
    const redactor = this.redactor;
    if (redactor) for (const staged of batch) staged.pending = redactRow(redactor, staged.pending);
    let journaled = true;
    try {
      await this.journal.put(batch.map((s) => s.pending));
    } catch (error) {
      // Not durable across a worker stop, but still written to the ledger if the worker lives.
      journaled = false;
      this.status.lastError = describe(error);
    }
    if (this.dead) return;
    const ids: string[] = [];
    const forgotten: string[] = [];
    for (const { pending, ack } of batch) {
      const id = journalId(pending);
      if (this.erasedAt >= generation || (this.forgottenAt.get(pending.row.site) ?? -1) >= generation) {
        forgotten.push(id);
        ack(false);
        continue;
      }
      ids.push(id);
      this.ready.set(id, pending);
    }
    if (forgotten.length) await this.journal.remove(forgotten).catch(() => undefined);
    if (this.dead) return;
    this.options.onStep?.('journaled', ids);
    if (this.dead) return;
    for (const { pending, ack } of batch) if (this.ready.has(journalId(pending))) ack(journaled);
    // While the disk is full, flushes wait for the retry timer instead of compacting on every write.
    if (this.ready.size >= this.options.flushRows && this.status.state === 'ok') void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs);
  }

  /** Writes every ready row to IndexedDB now. Resolves with the number of rows added. */
  flush(): Promise<number> {
    const run = this.flushChain.then(() => this.flushOnce());
    this.flushChain = run.catch(() => undefined);
    return run;
  }

  private async flushOnce(): Promise<number> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.dead || this.ready.size === 0) return 0;
    const batch = [...this.ready.entries()];
    const ids = batch.map(([id]) => id);
    const flows: Flow[] = [];
    const placements: PlacementRecord[] = [];
    // Rows replayed from a journal an older release wrote are redacted here too (idempotent).
    while (this.redactorLoading) await this.redactorLoading;
    if (this.dead) return 0;
    const redactor = this.redactor;
    for (const [, journaled] of batch) {
      const pending = redactor ? redactRow(redactor, journaled) : journaled;
      // Copies without id: a row must not carry an id from an aborted attempt.
      const { id: _id, ...row } = pending.row;
      if (pending.table === 'flows') flows.push(row as Flow);
      else placements.push(row as PlacementRecord);
    }
    let added: number;
    try {
      added = await this.writeWithQuotaRetry(flows, placements);
    } catch (error) {
      if (this.dead) return 0;
      this.status.state = isQuotaError(error) ? 'quota-exceeded' : 'error';
      this.status.lastError = describe(error);
      this.emit();
      this.flushTimer = setTimeout(() => void this.flush(), this.options.retryMs);
      return 0;
    }
    if (this.dead) return added;
    this.options.onStep?.('committed', ids);
    if (this.dead) return added;
    for (const id of ids) this.ready.delete(id);
    if (this.status.state !== 'ok') {
      this.status.state = 'ok';
      this.status.lastError = undefined;
    }
    this.emit();
    try {
      await this.journal.remove(ids);
    } catch {
      // Harmless: the rows are committed; a later recover() skips them by key.
    }
    if (this.dead) return added;
    this.options.onStep?.('journal-removed', ids);
    return added;
  }

  private async writeWithQuotaRetry(flows: Flow[], placements: PlacementRecord[]): Promise<number> {
    try {
      return await appendToLedger(this.db, flows, placements);
    } catch (error) {
      if (!isQuotaError(error) || this.dead) throw error;
      const now = this.options.now?.() ?? Date.now();
      try {
        await (this.options.relieveQuota ?? ((db: LedgerDb) => compactFlows(db, now)))(this.db);
      } catch {
        throw error;
      }
      return appendToLedger(this.db, flows, placements);
    }
  }

  /** "Forget this retailer": its pending rows are dropped too, so a replay cannot bring them back. */
  async forgetRetailer(site: string): Promise<ForgetResult> {
    await this.flushChain;
    this.forgottenAt.set(site, this.generation++);
    const ids = this.dropPending((pending) => pending.row.site === site);
    await this.journal.remove(ids);
    return forgetRetailer(this.db, site);
  }

  async eraseEverything(): Promise<void> {
    await this.flushChain;
    this.erasedAt = this.generation++;
    const ids = this.dropPending(() => true);
    await this.journal.remove(ids);
    await eraseEverything(this.db);
    // The secret went with the ledger: ids seen from now on cannot be linked to erased rows.
    this.loadRedactor();
  }

  private dropPending(match: (pending: PendingRow) => boolean): string[] {
    const ids: string[] = [];
    for (const [id, pending] of this.ready) {
      if (match(pending)) {
        this.ready.delete(id);
        ids.push(id);
      }
    }
    this.staged = this.staged.filter((s) => {
      if (!match(s.pending)) return true;
      s.ack(false);
      return false;
    });
    return ids;
  }

  /** Simulates the worker being stopped: nothing of this writer runs any more. */
  kill(): void {
    this.dead = true;
    clearTimeout(this.journalTimer);
    clearTimeout(this.flushTimer);
  }

  private emit(): void {
    this.options.onStateChange?.(this.ledgerStatus);
  }
}

function redactRow(redactor: Redactor, pending: PendingRow): PendingRow {
  return pending.table === 'flows'
    ? { table: 'flows', row: redactor.flow(pending.row) }
    : { table: 'placements', row: redactor.placement(pending.row) };
}

/** IndexedDB reports a full disk as QuotaExceededError, sometimes wrapped in an AbortError. */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { name, inner } = e as { name?: unknown; inner?: unknown };
    if (name === 'QuotaExceededError') return true;
    e = inner;
  }
  return false;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
