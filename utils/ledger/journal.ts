/**
 * The write-ahead journal of the durable writer: rows observed but not yet committed to IndexedDB.
 * In the extension it lives in browser.storage.session, which is kept in the browser's memory while
 * the MV3 service worker is stopped and restarted, and is cleared when the browser quits.
 */
import type { Flow, PlacementRecord } from '../model';

export type PendingRow = { table: 'flows'; row: Flow } | { table: 'placements'; row: PlacementRecord };

export interface JournalStore {
  getAll(): Promise<PendingRow[]>;
  /** Adds or replaces rows, by journalId. Resolves once they are stored. */
  put(rows: PendingRow[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
}

/** Flows and placements have their own key spaces. */
export function journalId(pending: PendingRow): string {
  return (pending.table === 'flows' ? 'f:' : 'p:') + pending.row.key;
}

/** The part of a browser.storage area the journal needs (browser.storage.session satisfies it). */
export interface StorageAreaLike {
  get(keys?: null | string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export const JOURNAL_PREFIX = 'ledger-journal:';

/**
 * A journal kept as one storage item per row, so appending does not rewrite the others.
 * Items under other keys are left alone; items under the prefix that are not rows are ignored.
 */
export function storageAreaJournal(area: StorageAreaLike, prefix = JOURNAL_PREFIX): JournalStore {
  return {
    async getAll() {
      const all = await area.get(null);
      const rows: PendingRow[] = [];
      for (const [name, value] of Object.entries(all)) {
        if (name.startsWith(prefix) && isPendingRow(value)) rows.push(value);
      }
      return rows;
    },
    async put(rows) {
      if (rows.length === 0) return;
      const items: Record<string, unknown> = {};
      for (const pending of rows) items[prefix + journalId(pending)] = pending;
      await area.set(items);
    },
    async remove(ids) {
      if (ids.length === 0) return;
      await area.remove(ids.map((id) => prefix + id));
    },
  };
}

function isPendingRow(value: unknown): value is PendingRow {
  if (typeof value !== 'object' || value === null) return false;
  const { table, row } = value as { table?: unknown; row?: { key?: unknown; ts?: unknown; site?: unknown } };
  return (
    (table === 'flows' || table === 'placements') &&
    typeof row === 'object' &&
    row !== null &&
    typeof row.key === 'string' &&
    typeof row.ts === 'number' &&
    typeof row.site === 'string'
  );
}

/** A journal in this process's memory: for tests, the CLI, and contexts without storage.session. */
export class MemoryJournal implements JournalStore {
  readonly rows = new Map<string, PendingRow>();
  async getAll() {
    return [...this.rows.values()].map((p) => structuredClone(p));
  }
  async put(rows: PendingRow[]) {
    for (const pending of rows) this.rows.set(journalId(pending), structuredClone(pending));
  }
  async remove(ids: string[]) {
    for (const id of ids) this.rows.delete(id);
  }
}
