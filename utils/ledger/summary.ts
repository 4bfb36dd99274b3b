import type { Category } from '../categories';
import { sortCategories } from '../categories';
import type { FlowAction, TrackerKind } from '../model';
import type { LedgerDb } from './db';

export interface RecipientSummary {
  recipientSite: string;
  organization: string;
  kind: TrackerKind;
  categories: Category[];
  requests: number;
  blocked: number;
  lastSeen: number;
}

export interface RetailerSummary {
  site: string;
  recipients: RecipientSummary[];
  placements: { kind: string; label: string; vendor?: string; pageUrl: string; categories: Category[] }[];
}

/** What one retailer shared with whom: the popup's main query. */
export async function summarizeRetailer(db: LedgerDb, site: string): Promise<RetailerSummary> {
  const byRecipient = new Map<string, RecipientSummary & { categorySet: Set<Category> }>();
  await db.flows
    .where('[site+ts]')
    .between([site, -Infinity], [site, Infinity])
    .each((flow) => {
      if (!flow.thirdParty || flow.categories.length === 0) return;
      let entry = byRecipient.get(flow.recipientSite);
      if (!entry) {
        entry = {
          recipientSite: flow.recipientSite,
          organization: flow.organization,
          kind: flow.kind,
          categories: [],
          categorySet: new Set(),
          requests: 0,
          blocked: 0,
          lastSeen: 0,
        };
        byRecipient.set(flow.recipientSite, entry);
      }
      entry.requests++;
      if (isStopped(flow.action)) entry.blocked++;
      entry.lastSeen = Math.max(entry.lastSeen, flow.ts);
      for (const category of flow.categories) entry.categorySet.add(category);
    });
  const recipients = [...byRecipient.values()]
    .map(({ categorySet, ...rest }) => ({ ...rest, categories: sortCategories(categorySet) }))
    .sort((a, b) => b.requests - a.requests || a.recipientSite.localeCompare(b.recipientSite));

  const placements = (await db.placements.where('site').equals(site).toArray()).map((p) => ({
    kind: p.kind,
    label: p.label,
    vendor: p.vendor,
    pageUrl: p.pageUrl,
    categories: p.categories,
  }));
  return { site, recipients, placements };
}

function isStopped(action: FlowAction): boolean {
  return action === 'blocked';
}
