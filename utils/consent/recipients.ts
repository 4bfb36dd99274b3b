/**
 * Building the compiler's recipient list: from ledger flows (what was seen) and from a vendor
 * registry (what is known before it is seen, so a first visit is already covered).
 */
import { sortCategories, type Category } from '../categories';
import type { Flow, TrackerKind } from '../model';
import type { KnownRecipient } from './rule-types';
import { normalizeSite } from './sites';

/** One recipient per third-party site seen in the flows, with every category and retailer seen. */
export function recipientsFromFlows(
  flows: Iterable<
    Pick<Flow, 'site' | 'recipientSite' | 'organization' | 'kind' | 'vendor' | 'thirdParty' | 'categories'>
  >,
): KnownRecipient[] {
  const bySite = new Map<
    string,
    { kind: TrackerKind; organization: string; vendor?: string; categories: Set<Category>; retailers: Set<string> }
  >();
  for (const f of flows) {
    if (!f.thirdParty) continue;
    const site = normalizeSite(f.recipientSite);
    if (!site) continue;
    let entry = bySite.get(site);
    if (!entry)
      bySite.set(
        site,
        (entry = {
          kind: f.kind,
          organization: f.organization,
          vendor: f.vendor,
          categories: new Set(),
          retailers: new Set(),
        }),
      );
    // A more specific kind than 'unknown' wins if the classifier learned it later.
    if (entry.kind === 'unknown' && f.kind !== 'unknown') entry.kind = f.kind;
    for (const c of f.categories) entry.categories.add(c);
    if (f.site) entry.retailers.add(f.site);
  }
  return [...bySite.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([site, e]) => {
      const r: KnownRecipient = {
        site,
        kind: e.kind,
        organization: e.organization,
        categories: sortCategories(e.categories),
        retailers: [...e.retailers].sort(),
      };
      if (e.vendor) r.vendor = e.vendor;
      return r;
    });
}

/** Registry entries (utils/vendors shape) as recipients: one per host, nothing seen yet. */
export function recipientsFromRegistry(
  entries: readonly { id?: string; organization: string; kind: TrackerKind; hosts: readonly string[] }[],
): KnownRecipient[] {
  const out: KnownRecipient[] = [];
  for (const e of entries) {
    for (const host of e.hosts) {
      const site = normalizeSite(host);
      if (!site) continue;
      const r: KnownRecipient = { site, kind: e.kind, organization: e.organization, categories: [] };
      if (e.id) r.vendor = e.id;
      out.push(r);
    }
  }
  return out;
}

/**
 * Seen and known recipients together: the same site from both keeps the seen categories and the
 * registry's kind when the ledger only knew 'unknown'.
 */
export function mergeRecipients(...lists: readonly (readonly KnownRecipient[])[]): KnownRecipient[] {
  const bySite = new Map<string, KnownRecipient>();
  for (const list of lists) {
    for (const r of list) {
      const prev = bySite.get(r.site);
      if (!prev) {
        bySite.set(r.site, { ...r, categories: [...r.categories] });
        continue;
      }
      prev.categories = sortCategories([...prev.categories, ...r.categories]);
      if (prev.kind === 'unknown' && r.kind !== 'unknown') prev.kind = r.kind;
      if (!prev.organization && r.organization) prev.organization = r.organization;
      if (r.retailers) prev.retailers = [...new Set([...(prev.retailers ?? []), ...r.retailers])].sort();
    }
  }
  return [...bySite.values()].sort((a, b) => (a.site < b.site ? -1 : a.site > b.site ? 1 : 0));
}
