/**
 * Storage pressure: a bounded ledger. Old rows are compacted first (evidence samples and URL query
 * strings dropped, categories and evidence keys kept), then rows past the user's age or count limit
 * are deleted, oldest first, in pages of one transaction each so aggregates stay exact.
 */
import type { Flow } from '../model';
import type { LedgerDb } from './db';
import { deleteFlowRows } from './erase';
import { isPlainObject } from '../guards';
import { err, ok, type Result } from '../result';

export interface RetentionSettings {
  /** Flows and placements older than this many days are deleted; null keeps them forever. */
  maxAgeDays: number | null;
  /** At most this many flows are kept; the oldest go first. */
  maxFlows: number;
  /** Flows older than this many days are compacted (evidence samples and URL queries dropped). */
  compactAfterDays: number;
}

export const DEFAULT_RETENTION: RetentionSettings = { maxAgeDays: 365, maxFlows: 1_000_000, compactAfterDays: 90 };

export const RETENTION_LIMITS = {
  maxAgeDays: { min: 1, max: 3650 },
  maxFlows: { min: 1000, max: 10_000_000 },
  compactAfterDays: { min: 0, max: 3650 },
} as const;

/** Validates settings coming from the options page (or any untrusted message). */
export function parseRetentionSettings(input: unknown): Result<RetentionSettings> {
  if (!isPlainObject(input)) return err('Retention settings must be an object.');
  const raw = input;
  const settings = { ...DEFAULT_RETENTION };
  if (raw.maxAgeDays === null) settings.maxAgeDays = null;
  else if (raw.maxAgeDays !== undefined) {
    const n = intIn(raw.maxAgeDays, RETENTION_LIMITS.maxAgeDays);
    if (n === undefined) return err(rangeMessage('maxAgeDays', RETENTION_LIMITS.maxAgeDays));
    settings.maxAgeDays = n;
  }
  for (const field of ['maxFlows', 'compactAfterDays'] as const) {
    if (raw[field] === undefined) continue;
    const n = intIn(raw[field], RETENTION_LIMITS[field]);
    if (n === undefined) return err(rangeMessage(field, RETENTION_LIMITS[field]));
    settings[field] = n;
  }
  return ok(settings);
}

function intIn(value: unknown, range: { min: number; max: number }): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max
    ? value
    : undefined;
}

function rangeMessage(field: string, range: { min: number; max: number }): string {
  return `${field} must be a whole number from ${range.min} to ${range.max}.`;
}

const DAY_MS = 86_400_000;
const PAGE = 2000;
const COMPACTED_BEFORE = 'retention.compactedBefore';

/** A flow with its bulky, identifying detail removed; what is kept still says who got which category. */
export function compactFlow(flow: Flow): Flow {
  return {
    ...flow,
    url: withoutQuery(flow.url),
    pageUrl: withoutQuery(flow.pageUrl),
    evidence: flow.evidence.map((e) => ({ ...e, sample: '' })),
  };
}

function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

/**
 * Compacts flows with ts < before. Remembers how far it got, so each run only touches rows that
 * became old since the last one. Returns the number of rows compacted.
 */
export async function compactFlows(db: LedgerDb, before: number): Promise<number> {
  return db.transaction('rw', [db.flows, db.meta], async () => {
    const done = ((await db.meta.get(COMPACTED_BEFORE))?.value as number | undefined) ?? -Infinity;
    if (before <= done) return 0;
    const n = await db.flows
      .where('ts')
      .between(done, before, true, false)
      .modify((flow, ref) => {
        ref.value = compactFlow(flow);
      });
    await db.meta.put({ key: COMPACTED_BEFORE, value: before });
    return n;
  });
}

export interface RetentionReport {
  compacted: number;
  deletedByAge: number;
  deletedByCount: number;
  placementsDeleted: number;
}

/** Applies the user's retention settings: compaction first, then deletion by age, then by count. */
export async function applyRetention(
  db: LedgerDb,
  settings: RetentionSettings,
  now = Date.now(),
): Promise<RetentionReport> {
  const report: RetentionReport = { compacted: 0, deletedByAge: 0, deletedByCount: 0, placementsDeleted: 0 };
  report.compacted = await compactFlows(db, now - settings.compactAfterDays * DAY_MS);
  if (settings.maxAgeDays !== null) {
    const cutoff = now - settings.maxAgeDays * DAY_MS;
    report.deletedByAge = await deleteOldest(db, Infinity, cutoff);
    report.placementsDeleted = await db.placements.where('ts').below(cutoff).delete();
  }
  const excess = (await db.flows.count()) - settings.maxFlows;
  if (excess > 0) report.deletedByCount = await deleteOldest(db, excess, Infinity);
  return report;
}

/** Deletes up to `limit` of the oldest flows with ts < cutoff, a page per transaction. */
async function deleteOldest(db: LedgerDb, limit: number, cutoff: number): Promise<number> {
  let deleted = 0;
  while (deleted < limit) {
    const n = await db.transaction('rw', [db.flows, db.aggregates, db.totals], async () => {
      const page = await db.flows
        .where('ts')
        .below(cutoff)
        .limit(Math.min(PAGE, limit - deleted))
        .toArray();
      await deleteFlowRows(db, page);
      return page.length;
    });
    if (n === 0) break;
    deleted += n;
  }
  return deleted;
}

const SETTINGS_KEY = 'retention.settings';
const LAST_RUN_KEY = 'retention.lastRun';
/** How often the worker applies retention; it runs at start-up when due, so no alarms permission is needed. */
export const RETENTION_EVERY_MS = 6 * 60 * 60 * 1000;

/** The user's retention settings, kept in the ledger's meta table (defaults when absent or invalid). */
export async function loadRetentionSettings(db: LedgerDb): Promise<RetentionSettings> {
  const parsed = parseRetentionSettings((await db.meta.get(SETTINGS_KEY))?.value ?? {});
  return parsed.ok ? parsed.value : { ...DEFAULT_RETENTION };
}

/** Validates and stores new settings (from the options page); applies nothing by itself. */
export async function saveRetentionSettings(db: LedgerDb, input: unknown): Promise<Result<RetentionSettings>> {
  const parsed = parseRetentionSettings(input);
  if (parsed.ok) await db.meta.put({ key: SETTINGS_KEY, value: parsed.value });
  return parsed;
}

/** Applies the stored settings when the last run is older than `everyMs`; returns the report, or undefined when not due. */
export async function applyRetentionIfDue(
  db: LedgerDb,
  now = Date.now(),
  everyMs = RETENTION_EVERY_MS,
): Promise<RetentionReport | undefined> {
  const last = (await db.meta.get(LAST_RUN_KEY))?.value;
  if (typeof last === 'number' && now - last < everyMs && last <= now) return undefined;
  await db.meta.put({ key: LAST_RUN_KEY, value: now });
  return applyRetention(db, await loadRetentionSettings(db), now);
}
