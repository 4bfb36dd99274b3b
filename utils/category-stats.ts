import { CATEGORIES, type Category } from './categories';
import type { LedgerDb } from './ledger/db';
import { siteKeyRange } from './ledger/aggregates';

export interface CategoryStat {
  /** Requests that carried the category to third parties (blocked ones included, counted apart). */
  requests: number;
  /** Organizations that received it. */
  recipients: string[];
}

/** Per category, what a retailer's page sent to third parties so far: the popup's consent rows. */
export async function categoryStats(db: LedgerDb, site: string): Promise<Record<Category, CategoryStat>> {
  const stats = {} as Record<Category, CategoryStat & { orgs: Set<string> }>;
  for (const c of CATEGORIES) stats[c] = { requests: 0, recipients: [], orgs: new Set() };
  // All-time totals: one row per recipient, however long the history (the daily rows grow with it).
  const rows = await db.totals
    .where('[site+recipientSite]')
    .between(...siteKeyRange(site), true, true)
    .toArray();
  for (const row of rows) {
    if (!row.thirdParty) continue;
    for (const c of CATEGORIES) {
      const n = row.categories[c] ?? 0;
      if (n > 0) {
        stats[c].requests += n;
        stats[c].orgs.add(row.organization);
      }
    }
  }
  const out = {} as Record<Category, CategoryStat>;
  for (const c of CATEGORIES) out[c] = { requests: stats[c].requests, recipients: [...stats[c].orgs].sort() };
  return out;
}
