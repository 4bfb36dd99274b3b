/**
 * The ledger's record of cookie banners (issue 13): each distinct answer ShareLedger gave a shop's
 * banner (CMP, purposes accepted and refused, how), and banners seen but not recognised. Visits that
 * give the same answer again widen its row (lastSeen, times) instead of adding one, so the table grows
 * with shops and answers, not with visits; a shop keeps at most MAX_BANNER_ROWS_PER_SITE rows.
 */
import type { BannerHow, BannerReport, BannerStatus } from '../consent/cmp/report';
import type { LedgerDb } from './db';

export interface BannerAnswerRow {
  /** site, CMP, status, how and the answer: one row per distinct answer on a shop. */
  key: string;
  /** Retailer site (registrable domain). */
  site: string;
  cmp: string;
  status: BannerStatus;
  how: BannerHow;
  accepted: string[];
  refused: string[];
  /** First and last time this answer was given (ms since epoch), and how many times. */
  firstSeen: number;
  lastSeen: number;
  times: number;
}

/** A row as exported: its key is derived from the other fields, so it is left out. */
export type BannerAnswerRecord = Omit<BannerAnswerRow, 'key'>;

/** A hostile page could invent CMP names without end: a shop's oldest rows go past this. */
export const MAX_BANNER_ROWS_PER_SITE = 40;

export function bannerAnswerKey(site: string, report: BannerReport): string {
  return JSON.stringify([site, report.cmp, report.status, report.how, report.accepted, report.refused]);
}

/** Records one report for a site: a new row, or the same answer's row widened. */
export async function recordBannerAnswer(
  db: LedgerDb,
  site: string,
  report: BannerReport,
  now = Date.now(),
): Promise<BannerAnswerRow> {
  const key = bannerAnswerKey(site, report);
  return db.transaction('rw', db.banners, async () => {
    const current = await db.banners.get(key);
    const row: BannerAnswerRow = current
      ? { ...current, lastSeen: Math.max(current.lastSeen, now), times: current.times + 1 }
      : { key, site, ...report, firstSeen: now, lastSeen: now, times: 1 };
    await db.banners.put(row);
    if (!current) {
      const rows = await db.banners.where('site').equals(site).toArray();
      const excess = rows.length - MAX_BANNER_ROWS_PER_SITE;
      if (excess > 0) {
        const oldest = rows.sort((a, b) => a.lastSeen - b.lastSeen).slice(0, excess);
        await db.banners.bulkDelete(oldest.map((r) => r.key));
      }
    }
    return row;
  });
}

/** A shop's banner rows, latest first (the popup's list). */
export async function bannerAnswersOf(db: LedgerDb, site: string): Promise<BannerAnswerRow[]> {
  const rows = await db.banners.where('site').equals(site).toArray();
  return rows.sort((a, b) => b.lastSeen - a.lastSeen);
}

/** Merges imported records: unknown answers are added, known ones widened. Returns how many were new. */
export async function mergeBannerAnswers(db: LedgerDb, records: readonly BannerAnswerRecord[]): Promise<number> {
  let added = 0;
  for (const record of records) {
    const row: BannerAnswerRow = { key: bannerAnswerKey(record.site, record), ...record };
    const current = await db.banners.get(row.key);
    if (!current) added++;
    await db.banners.put(
      current
        ? {
            ...current,
            firstSeen: Math.min(current.firstSeen, row.firstSeen),
            lastSeen: Math.max(current.lastSeen, row.lastSeen),
            times: Math.max(current.times, row.times),
          }
        : row,
    );
  }
  return added;
}
