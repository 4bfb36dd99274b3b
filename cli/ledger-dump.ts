/** Reads the extension's ledger out of a running browser (raw IndexedDB in its worker, no extension code). */
import type { BrowserContext, Worker } from 'playwright-core';
import type { Flow, PlacementRecord } from '../utils/model';

export interface LedgerDump {
  flows: Flow[];
  placements: PlacementRecord[];
}

/** Runs inside an extension context (worker or page, Chrome or Firefox): serialised, so self-contained. */
export function dumpLedgerHere(): Promise<LedgerDump> {
  return new Promise<LedgerDump>((resolve, reject) => {
    const open = indexedDB.open('shareledger');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['flows', 'placements'], 'readonly');
      const flows = tx.objectStore('flows').getAll();
      const placements = tx.objectStore('placements').getAll();
      tx.oncomplete = () => {
        db.close();
        // Rows acknowledged but still in the writer's journal (storage.session) are in the ledger too:
        // at start-up and for up to a second after each batch, they have not reached IndexedDB yet.
        const api =
          (globalThis as unknown as { browser?: JournalApi; chrome?: JournalApi }).browser ??
          (globalThis as unknown as { chrome?: JournalApi }).chrome;
        const session = api?.storage?.session;
        if (!session) return resolve({ flows: flows.result, placements: placements.result });
        session.get(null).then((items) => {
          const out: LedgerDump = { flows: [...flows.result], placements: [...placements.result] };
          const keys = {
            flows: new Set(out.flows.map((f) => f.key)),
            placements: new Set(out.placements.map((p) => p.key)),
          };
          for (const [name, value] of Object.entries(items)) {
            if (!name.startsWith('ledger-journal:')) continue;
            const pending = value as { table?: 'flows' | 'placements'; row?: { key: string } };
            if ((pending.table !== 'flows' && pending.table !== 'placements') || !pending.row) continue;
            if (keys[pending.table].has(pending.row.key)) continue;
            keys[pending.table].add(pending.row.key);
            (out[pending.table] as unknown[]).push(pending.row);
          }
          resolve(out);
        }, reject);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

interface JournalApi {
  storage?: { session?: { get(keys: null): Promise<Record<string, unknown>> } };
}

export async function readLedger(worker: Worker): Promise<LedgerDump> {
  return worker.evaluate(dumpLedgerHere);
}

/**
 * Asks the worker, from one of the extension's pages as the dashboard does before an export, to write
 * every request observed so far to the ledger ('flush-ledger'). Without it a reader can run before
 * the worker is done: at start-up requests wait for the tracker data, then up to a second in the journal.
 */
export async function flushLedger(context: BrowserContext, extensionId: string): Promise<void> {
  const origin = `chrome-extension://${extensionId}/`;
  const page = await context.newPage();
  try {
    await page.goto(`${origin}popup.html?site=ledger-flush.invalid`);
    const reply = (await page.evaluate(() => {
      const { chrome } = globalThis as unknown as {
        chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
      };
      return chrome.runtime.sendMessage({ type: 'flush-ledger' });
    })) as { ok?: boolean; error?: string } | undefined;
    if (!reply?.ok) throw new Error(`the extension did not flush its ledger: ${reply?.error ?? 'no answer'}`);
  } finally {
    await page.close();
  }
}

/** The ledger once every request observed so far is in it (flushLedger, then the dump). */
export async function readSettledLedger(
  ext: { context: BrowserContext; extensionId: string },
  worker: Worker,
): Promise<LedgerDump> {
  await flushLedger(ext.context, ext.extensionId);
  return readLedger(worker);
}
