/**
 * The ledger's IndexedDB schema (Dexie). Each schema change is a new version() with its upgrade,
 * never an edit of an old one, so existing users' data migrates.
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { Category } from '../categories';
import type { Flow, NameSource, PlacementRecord, TrackerKind } from '../model';
import { createRedactor } from './redact';
import { redactionSecretIn } from './secret';
import { addFlowsToDailyAggregates, applyDeltas } from './aggregates';
import { bannerAnswerKey, type BannerAnswerRow } from './banners';

export interface RetailerRow {
  site: string;
  firstSeen: number;
  lastSeen: number;
}

export type ConsentState = 'granted' | 'revoked';

/** The shopper's choice for one retailer and category. Site "*" may hold the global default. */
export interface ConsentRow {
  site: string;
  category: Category;
  state: ConsentState;
  updatedAt: number;
}

/**
 * Counts of the flows of one retailer to one recipient site on one UTC day, kept current in the
 * same transaction as every flow write and delete, so the popup reads O(recipients) rows, not O(flows).
 * Invariant (tested): the table equals `buildAggregates(all flows)`.
 */
export interface AggregateRow extends RecipientTotalRow {
  /** UTC day number: Math.floor(ts / 86_400_000). */
  day: number;
}

/**
 * All-time counts of one retailer's flows to one recipient site (schema v3): what the popup reads,
 * one row per recipient. Same fields as a daily aggregate, without the day.
 */
export interface RecipientTotalRow {
  site: string;
  recipientSite: string;
  organization: string;
  kind: TrackerKind;
  /** Where organization and kind came from (the same flow's); absent for flows recorded before it was kept. */
  nameSource?: NameSource;
  thirdParty: boolean;
  /** Every flow row counted here. */
  flows: number;
  /** Flows that carried at least one category (what the popup counts as a request). */
  requests: number;
  /** Of those requests, how many were blocked / modified by enforcement. */
  blocked: number;
  modified: number;
  /** Of those requests, how many the page reported itself (provenance 'page'); absent before schema v6. */
  pageReported?: number;
  firstSeen: number;
  lastSeen: number;
  /** Flows per category. */
  categories: Partial<Record<Category, number>>;
}

/** Small key-value rows the ledger keeps about itself (e.g. how far compaction has gone). */
export interface MetaRow {
  key: string;
  value: unknown;
}

export type LedgerDb = Dexie & {
  flows: EntityTable<Flow, 'id'>;
  placements: EntityTable<PlacementRecord, 'id'>;
  retailers: EntityTable<RetailerRow, 'site'>;
  consent: Table<ConsentRow, [string, Category]>;
  aggregates: Table<AggregateRow, [string, number, string]>;
  totals: Table<RecipientTotalRow, [string, string]>;
  meta: EntityTable<MetaRow, 'key'>;
  banners: EntityTable<BannerAnswerRow, 'key'>;
};

export const LEDGER_DB_NAME = 'shareledger';
/** The newest schema version openLedger declares. */
export const LEDGER_SCHEMA_VERSION = 7;

/**
 * Declares schema versions 1..upTo on a Dexie instance. Tests use upTo=1 to build a database as an
 * older release left it, then reopen it with openLedger to exercise the migration.
 */
export function declareLedgerSchema(db: Dexie, upTo = LEDGER_SCHEMA_VERSION): void {
  db.version(1).stores({
    // &key: each observed request is written once, whatever retries happen (see writer).
    flows: '++id, &key, ts, [site+ts], site, recipientSite, *categories',
    placements: '++id, &key, ts, [site+ts], site',
    retailers: 'site, lastSeen',
  });
  if (upTo < 2) return;
  db.version(2)
    .stores({
      consent: '[site+category], site',
      // Primary key [site+day+recipientSite]: the popup reads one retailer's rows as a key range;
      // day serves retention and the dashboard's time series.
      aggregates: '[site+day+recipientSite], day',
      meta: 'key',
    })
    .upgrade(async (tx) => {
      // Build the aggregates from the flows v1 kept, in pages so a large ledger is not one array.
      const flows = tx.table<Flow, number>('flows');
      const aggregates = tx.table<AggregateRow, [string, number, string]>('aggregates');
      let lastId = 0;
      for (;;) {
        const page = await flows.where(':id').above(lastId).limit(5000).toArray();
        if (page.length === 0) break;
        lastId = page[page.length - 1].id!;
        await addFlowsToDailyAggregates(aggregates, page);
      }
    });
  if (upTo < 3) return;
  db.version(3)
    .stores({
      // One row per retailer and recipient: the popup's summary no longer grows with days of history.
      totals: '[site+recipientSite]',
    })
    .upgrade(async (tx) => {
      // The totals are the sums of the daily aggregates v2 kept.
      const aggregates = tx.table<AggregateRow, [string, number, string]>('aggregates');
      const totals = tx.table<RecipientTotalRow, [string, string]>('totals');
      let last: [string, number, string] | undefined;
      for (;;) {
        const page = await (last ? aggregates.where(':id').above(last) : aggregates.toCollection())
          .limit(5000)
          .toArray();
        if (page.length === 0) break;
        const last1 = page[page.length - 1];
        last = [last1.site, last1.day, last1.recipientSite];
        await applyDeltas(
          totals,
          page.map(({ day: _day, ...total }): RecipientTotalRow => total),
          (t): [string, string] => [t.site, t.recipientSite],
        );
      }
    });
  // Version 4 was never released (it was kept for the scrub, which landed after v5 as v6).
  if (upTo < 5) return;
  declareV5(db);
  if (upTo < 6) return;
  declareV6(db);
  if (upTo < 7) return;
  declareV7(db);
}

/**
 * Schema v5: the cookie-banner answers (utils/ledger/banners.ts), a new table that starts empty.
 */
function declareV5(db: Dexie): void {
  db.version(5).stores({ banners: 'key, site, lastSeen' });
}

/** Rows per transaction step of the v6 scrub: bounded memory whatever the ledger's size. */
const SCRUB_PAGE = 2000;

function declareV6(db: Dexie): void {
  db.version(6)
    .stores({})
    .upgrade(async (tx) => {
      // Rows stored before redaction existed are scrubbed as new rows are (utils/ledger/redact.ts),
      // and say whether the network or the page reported them.
      const meta = tx.table<MetaRow, string>('meta') as EntityTable<MetaRow, 'key'>;
      const redactor = createRedactor(await redactionSecretIn(meta));
      const flows = tx.table<Flow, number>('flows');
      let lastId = 0;
      for (;;) {
        const page = await flows.where(':id').above(lastId).limit(SCRUB_PAGE).toArray();
        if (page.length === 0) break;
        lastId = page[page.length - 1].id!;
        await flows.bulkPut(page.map((flow) => redactor.flow(flow)));
      }
      // A placement's key starts with its page URL: two raw keys can redact to one, so the later goes.
      const placements = tx.table<PlacementRecord, number>('placements');
      lastId = 0;
      for (;;) {
        const page = await placements.where(':id').above(lastId).limit(SCRUB_PAGE).toArray();
        if (page.length === 0) break;
        lastId = page[page.length - 1].id!;
        for (const row of page) {
          const scrubbed = redactor.placement(row);
          if (scrubbed.key !== row.key) {
            const other = await placements.where('key').equals(scrubbed.key).first();
            if (other && other.id !== row.id) {
              await placements.delete(row.id!);
              continue;
            }
          }
          await placements.put(scrubbed);
        }
      }
      // Cookie-banner rows hold what a page reported (CMP and purpose names): scrubbed, key rebuilt.
      const banners = tx.table<BannerAnswerRow, string>('banners');
      for (const row of await banners.toArray()) {
        const { key: _key, ...record } = redactor.row(row);
        const key = bannerAnswerKey(record.site, record);
        if (key === row.key) continue;
        await banners.delete(row.key);
        if (!(await banners.get(key))) await banners.put({ key, ...record });
      }
    });
}

/**
 * Schema v7: the flow table sorts by recipient and by category through indexes, one key range read
 * per page instead of a scan. [categories+ts] is a plain (not multiEntry) index: its key is the
 * flow's whole category list, so each flow is listed once. IndexedDB builds both indexes from the
 * stored rows; no row is rewritten.
 */
function declareV7(db: Dexie): void {
  db.version(7).stores({
    flows: '++id, &key, ts, [site+ts], site, recipientSite, *categories, [recipientSite+ts], [categories+ts]',
  });
}

export function openLedger(name = LEDGER_DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]): LedgerDb {
  const db = new Dexie(name, options) as LedgerDb;
  declareLedgerSchema(db);
  return db;
}
