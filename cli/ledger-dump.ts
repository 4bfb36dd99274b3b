/** Reads the extension's ledger out of a running browser (raw IndexedDB in its worker, no extension code). */
import type { Worker } from 'playwright-core';
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
        resolve({ flows: flows.result, placements: placements.result });
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

export async function readLedger(worker: Worker): Promise<LedgerDump> {
  return worker.evaluate(dumpLedgerHere);
}
