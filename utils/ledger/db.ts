/**
 * The ledger's IndexedDB schema (Dexie). Each schema change is a new version() with its upgrade,
 * never an edit of an old one, so existing users' data migrates.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { Flow, PlacementRecord } from '../model';

export interface RetailerRow {
  site: string;
  firstSeen: number;
  lastSeen: number;
}

export type LedgerDb = Dexie & {
  flows: EntityTable<Flow, 'id'>;
  placements: EntityTable<PlacementRecord, 'id'>;
  retailers: EntityTable<RetailerRow, 'site'>;
};

export const LEDGER_DB_NAME = 'shareledger';

export function openLedger(name = LEDGER_DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]): LedgerDb {
  const db = new Dexie(name, options) as LedgerDb;
  db.version(1).stores({
    // &key: each observed request is written once, whatever retries happen (see writer).
    flows: '++id, &key, ts, [site+ts], site, recipientSite, *categories',
    placements: '++id, &key, ts, [site+ts], site',
    retailers: 'site, lastSeen',
  });
  return db;
}
