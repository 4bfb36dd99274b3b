import type { Category } from '../categories';
import { sortCategories } from '../categories';
import { provenanceOf, type FlowAction, type NameSource, type TrackerKind } from '../model';
import type { LedgerDb, RecipientTotalRow } from './db';
import { isDomSeen, siteKeyRange } from './aggregates';

export interface RecipientSummary {
  recipientSite: string;
  organization: string;
  kind: TrackerKind;
  /** Where organization and kind came from; absent for flows recorded before it was kept. */
  nameSource?: NameSource;
  categories: Category[];
  requests: number;
  blocked: number;
  /** Of the requests, how many the page reported itself rather than the browser seeing them. */
  pageReported: number;
  lastSeen: number;
}

export interface RetailerSummary {
  site: string;
  recipients: RecipientSummary[];
  placements: { kind: string; label: string; vendor?: string; pageUrl: string; categories: Category[] }[];
}

/**
 * What one retailer shared with whom: the popup's main query. Reads the all-time totals, one row per
 * recipient, so its cost grows with the number of recipients, not with flows or days of history.
 */
export async function summarizeRetailer(db: LedgerDb, site: string): Promise<RetailerSummary> {
  const byRecipient = new Map<string, RecipientSummary & { first: number; seen: Set<string> }>();
  const rows = await db.totals
    .where('[site+recipientSite]')
    .between(...siteKeyRange(site), true, true)
    .toArray();
  for (const row of rows) {
    if (!row.thirdParty || row.requests <= 0) continue;
    let entry = byRecipient.get(row.recipientSite);
    if (!entry) {
      entry = { ...recipientFrom(row), first: row.firstSeen, seen: new Set() };
      byRecipient.set(row.recipientSite, entry);
    } else if (row.firstSeen < entry.first) {
      // Organization and kind of the earliest day, as the flow scan would report them.
      entry.first = row.firstSeen;
      entry.organization = row.organization;
      entry.kind = row.kind;
      entry.nameSource = row.nameSource;
    }
    entry.requests += row.requests;
    entry.blocked += row.blocked;
    entry.pageReported += row.pageReported ?? 0;
    if (row.lastSeen > entry.lastSeen) entry.lastSeen = row.lastSeen;
    for (const category in row.categories) if (row.categories[category as Category]! > 0) entry.seen.add(category);
  }
  const recipients = [...byRecipient.values()]
    .map(({ first: _first, seen, ...rest }) => ({ ...rest, categories: sortCategories(seen as Set<Category>) }))
    .sort((a, b) => b.requests - a.requests || a.recipientSite.localeCompare(b.recipientSite));
  return { site, recipients, placements: await placementsOf(db, site) };
}

function recipientFrom(row: RecipientTotalRow): RecipientSummary {
  return {
    recipientSite: row.recipientSite,
    organization: row.organization,
    kind: row.kind,
    nameSource: row.nameSource,
    categories: [],
    requests: 0,
    blocked: 0,
    pageReported: 0,
    lastSeen: 0,
  };
}

/**
 * The same summary computed by scanning the retailer's flows, optionally from a time on: the
 * reference the aggregates are tested against, and the dashboard's query for a time window.
 */
export async function summarizeRetailerFromFlows(
  db: LedgerDb,
  site: string,
  since = -Infinity,
): Promise<RetailerSummary> {
  const byRecipient = new Map<string, RecipientSummary & { categorySet: Set<Category> }>();
  // One getAll rather than a cursor: much faster in Chromium and in fake-indexeddb (whose cursors are
  // quadratic); the window's rows are in memory once, which is why the popup reads aggregates instead.
  const flows = await db.flows.where('[site+ts]').between([site, since], [site, Infinity]).toArray();
  for (const flow of flows) {
    if (!flow.thirdParty || flow.categories.length === 0 || isDomSeen(flow)) continue;
    let entry = byRecipient.get(flow.recipientSite);
    if (!entry) {
      entry = {
        recipientSite: flow.recipientSite,
        organization: flow.organization,
        kind: flow.kind,
        nameSource: flow.nameSource,
        categories: [],
        categorySet: new Set(),
        requests: 0,
        blocked: 0,
        pageReported: 0,
        lastSeen: 0,
      };
      byRecipient.set(flow.recipientSite, entry);
    }
    entry.requests++;
    if (isStopped(flow.action)) entry.blocked++;
    if (provenanceOf(flow) === 'page') entry.pageReported++;
    entry.lastSeen = Math.max(entry.lastSeen, flow.ts);
    for (const category of flow.categories) entry.categorySet.add(category);
  }
  const recipients = [...byRecipient.values()]
    .map(({ categorySet, ...rest }) => ({ ...rest, categories: sortCategories(categorySet) }))
    .sort((a, b) => b.requests - a.requests || a.recipientSite.localeCompare(b.recipientSite));

  return { site, recipients, placements: await placementsOf(db, site) };
}

async function placementsOf(db: LedgerDb, site: string): Promise<RetailerSummary['placements']> {
  return (await db.placements.where('site').equals(site).toArray()).map((p) => ({
    kind: p.kind,
    label: p.label,
    vendor: p.vendor,
    pageUrl: p.pageUrl,
    categories: p.categories,
  }));
}

function isStopped(action: FlowAction): boolean {
  return action === 'blocked';
}
