import { test as base, expect } from '@playwright/test';
import { startDemoStore, type DemoStore } from '../../demo-store/server';
import { launchWithExtension, type ExtensionBrowser } from '../../cli/browser';
import type { Flow, PlacementRecord } from '../../utils/model';

export interface LedgerDump {
  flows: Flow[];
  placements: PlacementRecord[];
}

/** Reads the ledger straight from IndexedDB in the extension's worker (no extension code involved). */
export async function readLedger(ext: ExtensionBrowser): Promise<LedgerDump> {
  return ext.worker.evaluate(
    () =>
      new Promise<LedgerDump>((resolve, reject) => {
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
      }),
  );
}

/** Categories each recipient site received, from the ledger. */
export function categoriesByRecipient(flows: Flow[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const flow of flows) {
    const set = out.get(flow.recipientSite) ?? new Set<string>();
    for (const c of flow.categories) set.add(c);
    out.set(flow.recipientSite, set);
  }
  return out;
}

export const test = base.extend<{ store: DemoStore; ext: ExtensionBrowser }>({
  store: async ({}, use) => {
    const store = await startDemoStore();
    await use(store);
    await store.close();
  },
  ext: async ({ store }, use) => {
    const ext = await launchWithExtension({ hostRules: store.hostResolverRules });
    await use(ext);
    await ext.close();
  },
});

export { expect };
