/**
 * What the dashboard draws, folded from the derived tables the writer keeps current (all-time totals:
 * one row per shop and recipient; daily aggregates: one per shop, day and recipient), never from the
 * flows themselves, so the overview costs O(shops × recipients) whatever the number of flows.
 * The folds are pure; the loaders only read rows.
 */
import { CATEGORIES, sortCategories, type Category } from '../categories';
import type { TrackerKind } from '../model';
import type { AggregateRow, LedgerDb, RecipientTotalRow } from '../ledger/db';
import { siteKeyRange } from '../ledger/aggregates';

export interface ShopShare {
  site: string;
  /** Requests that carried data to third parties. */
  requests: number;
  blocked: number;
  recipients: number;
  categories: Category[];
}

export interface OrganizationShare {
  organization: string;
  requests: number;
  shops: number;
  recipientSites: string[];
}

export interface ActionCounts {
  allowed: number;
  blocked: number;
  modified: number;
}

export interface Overview {
  shops: ShopShare[];
  organizations: OrganizationShare[];
  actions: ActionCounts;
}

const byRequests =
  <T extends { requests: number }>(key: (t: T) => string) =>
  (a: T, b: T) =>
    b.requests - a.requests || key(a).localeCompare(key(b));

/** Shops by how much they shared, recipients by organization, and what enforcement did. */
export function foldOverview(totals: Iterable<RecipientTotalRow>): Overview {
  const shops = new Map<string, ShopShare & { seen: Set<Category> }>();
  const orgs = new Map<string, { organization: string; requests: number; shops: Set<string>; sites: Set<string> }>();
  const actions: ActionCounts = { allowed: 0, blocked: 0, modified: 0 };
  for (const row of totals) {
    if (!row.thirdParty || row.requests <= 0) continue;
    let shop = shops.get(row.site);
    if (!shop) {
      shop = { site: row.site, requests: 0, blocked: 0, recipients: 0, categories: [], seen: new Set() };
      shops.set(row.site, shop);
    }
    shop.requests += row.requests;
    shop.blocked += row.blocked;
    shop.recipients++;
    for (const c of Object.keys(row.categories) as Category[]) if (row.categories[c]! > 0) shop.seen.add(c);
    let org = orgs.get(row.organization);
    if (!org) {
      org = { organization: row.organization, requests: 0, shops: new Set(), sites: new Set() };
      orgs.set(row.organization, org);
    }
    org.requests += row.requests;
    org.shops.add(row.site);
    org.sites.add(row.recipientSite);
    actions.blocked += row.blocked;
    actions.modified += row.modified;
    actions.allowed += row.requests - row.blocked - row.modified;
  }
  return {
    shops: [...shops.values()]
      .map(({ seen, ...shop }) => ({ ...shop, categories: sortCategories(seen) }))
      .sort(byRequests((s) => s.site)),
    organizations: [...orgs.values()]
      .map((o) => ({
        organization: o.organization,
        requests: o.requests,
        shops: o.shops.size,
        recipientSites: [...o.sites].sort(),
      }))
      .sort(byRequests((o) => o.organization)),
    actions,
  };
}

/** Per UTC day, how many third-party requests carried each category. Days in order. */
export interface Timeline {
  days: number[];
  counts: Record<Category, number[]>;
}

export function foldTimeline(rows: Iterable<AggregateRow>): Timeline {
  const perDay = new Map<number, Record<Category, number>>();
  for (const row of rows) {
    if (!row.thirdParty) continue;
    let day = perDay.get(row.day);
    if (!day) {
      day = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
      perDay.set(row.day, day);
    }
    for (const c of Object.keys(row.categories) as Category[]) day[c] += row.categories[c] ?? 0;
  }
  const days = [...perDay.keys()].sort((a, b) => a - b);
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, days.map((d) => perDay.get(d)![c])])) as Record<
    Category,
    number[]
  >;
  return { days, counts };
}

/** A timeline shorter than this many days is drawn over this many, centred, so a day is not a sliver. */
export const TIMELINE_MIN_DAYS = 7;

/**
 * The UTC days the timeline's axis spans: the data's first to last day, widened to at least
 * TIMELINE_MIN_DAYS around them (one day of history shows as a week, not as uPlot's default span).
 */
export function timelineSpan(days: readonly number[]): [number, number] {
  if (days.length === 0) return [0, 0];
  const first = days[0];
  const last = days[days.length - 1];
  const missing = TIMELINE_MIN_DAYS - 1 - (last - first);
  if (missing <= 0) return [first, last];
  const before = Math.floor(missing / 2);
  return [first - before, last + (missing - before)];
}

/** One recipient as observed from one shop, with the first and last day each category was sent. */
export interface ObservedRecipient {
  recipientSite: string;
  organization: string;
  kind: TrackerKind;
  requests: number;
  blocked: number;
  firstSeen: number;
  lastSeen: number;
  categories: { category: Category; flows: number; firstDay: number; lastDay: number }[];
}

/** Recipients of one shop (or shops of one recipient) from daily aggregates: each category's own days. */
export function foldObserved(rows: Iterable<AggregateRow>, keyOf: (row: AggregateRow) => string): ObservedRecipient[] {
  const out = new Map<
    string,
    ObservedRecipient & { byCategory: Map<Category, ObservedRecipient['categories'][number]> }
  >();
  for (const row of rows) {
    if (!row.thirdParty || row.requests <= 0) continue;
    const key = keyOf(row);
    let entry = out.get(key);
    if (!entry) {
      entry = {
        recipientSite: key,
        organization: row.organization,
        kind: row.kind,
        requests: 0,
        blocked: 0,
        firstSeen: row.firstSeen,
        lastSeen: row.lastSeen,
        categories: [],
        byCategory: new Map(),
      };
      out.set(key, entry);
    }
    entry.requests += row.requests;
    entry.blocked += row.blocked;
    if (row.firstSeen < entry.firstSeen) {
      entry.firstSeen = row.firstSeen;
      entry.organization = row.organization;
      entry.kind = row.kind;
    }
    entry.lastSeen = Math.max(entry.lastSeen, row.lastSeen);
    for (const c of Object.keys(row.categories) as Category[]) {
      const n = row.categories[c] ?? 0;
      if (n <= 0) continue;
      const seen = entry.byCategory.get(c);
      if (!seen) entry.byCategory.set(c, { category: c, flows: n, firstDay: row.day, lastDay: row.day });
      else {
        seen.flows += n;
        seen.firstDay = Math.min(seen.firstDay, row.day);
        seen.lastDay = Math.max(seen.lastDay, row.day);
      }
    }
  }
  return [...out.values()]
    .map(({ byCategory, ...entry }) => ({
      ...entry,
      categories: sortCategories(byCategory.keys()).map((c) => byCategory.get(c)!),
    }))
    .sort(byRequests((r) => r.recipientSite));
}

/* ---------- loaders ---------- */

export async function loadOverview(db: LedgerDb): Promise<Overview> {
  return foldOverview(await db.totals.toArray());
}

const TIMELINE_PAGE = 5000;

/** The timeline, read in pages by primary key so a long history reports progress and can be cancelled. */
export async function loadTimeline(
  db: LedgerDb,
  options: { signal?: AbortSignal; onProgress?(rowsRead: number): void } = {},
): Promise<Timeline> {
  const rows: AggregateRow[] = [];
  let last: [string, number, string] | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await (last ? db.aggregates.where(':id').above(last) : db.aggregates.toCollection())
      .limit(TIMELINE_PAGE)
      .toArray();
    if (page.length === 0) return foldTimeline(rows);
    const end = page[page.length - 1];
    last = [end.site, end.day, end.recipientSite];
    // Only what the fold needs is kept between pages.
    for (const { day, thirdParty, categories } of page) rows.push({ day, thirdParty, categories } as AggregateRow);
    options.onProgress?.(rows.length);
  }
}

/** A shop's recipients with per-category first and last days: the shop view and the letter. */
export async function loadShopRecipients(db: LedgerDb, site: string): Promise<ObservedRecipient[]> {
  const rows = await db.aggregates
    .where(':id')
    .between(...siteKeyRange(site), true, true)
    .toArray();
  return foldObserved(rows, (r) => r.recipientSite);
}

/**
 * Every shop that sent data to one recipient site, and what: the recipient view. The all-time totals
 * name the shops; each shop's daily aggregates with that recipient give every category its own first
 * and last day (not the shop's whole span with the recipient).
 */
export async function loadRecipientShops(db: LedgerDb, recipientSite: string): Promise<ObservedRecipient[]> {
  const shops = await db.totals.filter((r) => r.recipientSite === recipientSite).toArray();
  const perShop = await Promise.all(
    shops.map(({ site }) =>
      db.aggregates
        .where(':id')
        .between(...siteKeyRange(site), true, true)
        .filter((r) => r.recipientSite === recipientSite)
        .toArray(),
    ),
  );
  return foldObserved(perShop.flat(), (r) => r.site);
}
