/**
 * The compiler's recipient lists: which recipient sites each revoked category blocks, which are
 * trackers (for parameter, header and contact-field rules), grouped by organization. Also the popup's
 * preview of who revoking blocks on a shop.
 */
import { CATEGORIES, isCategory, type Category } from '../categories';
import { TRACKER_KINDS, type TrackerKind } from '../model';
import { ENFORCEMENT, NEVER_BLOCKED_KINDS, TRACKER_KINDS_ENFORCED } from './enforcement';
import type { ConsentPolicy } from './model';
import { revokedCategories } from './policy';
import type { KnownRecipient } from './rule-types';
import { normalizeSite } from './sites';

export interface RecipientLists {
  block: Record<Category, string[]>;
  trackers: string[];
  /** Every valid recipient site (for default-scope exclusions and self-exclusion checks). */
  all: Set<string>;
  byOrganization: Map<string, Set<string>>;
}

export function prepareRecipients(recipients: readonly KnownRecipient[], warnings: string[]): RecipientLists {
  const kindSet: ReadonlySet<string> = new Set(TRACKER_KINDS);
  const trackerKinds: ReadonlySet<TrackerKind> = new Set(TRACKER_KINDS_ENFORCED);
  const block = {} as Record<Category, Set<string>>;
  for (const c of CATEGORIES) {
    block[c] = new Set();
    for (const host of ENFORCEMENT[c].blockHosts) block[c].add(host);
  }
  const trackers = new Set<string>();
  const all = new Set<string>();
  const byOrganization = new Map<string, Set<string>>();
  const invalid: string[] = [];
  for (const r of Array.isArray(recipients) ? recipients : []) {
    const site = normalizeSite(r?.site);
    if (!site) {
      invalid.push(String(r?.site).slice(0, 60));
      continue;
    }
    all.add(site);
    const org = typeof r.organization === 'string' ? r.organization : '';
    if (org) {
      let set = byOrganization.get(org);
      if (!set) byOrganization.set(org, (set = new Set()));
      set.add(site);
    }
    const kind: TrackerKind = kindSet.has(r.kind) ? r.kind : 'unknown';
    if (NEVER_BLOCKED_KINDS.has(kind)) continue;
    if (trackerKinds.has(kind)) trackers.add(site);
    const seen = new Set(Array.isArray(r.categories) ? r.categories.filter(isCategory) : []);
    for (const c of CATEGORIES) {
      const e = ENFORCEMENT[c].block;
      if (e.alwaysKinds.includes(kind) || (seen.has(c) && e.seenKinds.includes(kind))) block[c].add(site);
    }
  }
  if (invalid.length) {
    warnings.push(
      `Skipped ${invalid.length} recipient(s) whose site is not a domain name: ${invalid.slice(0, 5).join(', ')}`,
    );
  }
  const sorted = (s: Set<string>) => [...s].sort();
  const blockLists = {} as Record<Category, string[]>;
  for (const c of CATEGORIES) blockLists[c] = sorted(block[c]);
  return { block: blockLists, trackers: sorted(trackers), all, byOrganization };
}

/**
 * The recipients revoking blocks outright on a site, with the revoked categories that block each.
 * Sorted by recipient site. Empty when paused or nothing is revoked.
 */
export function blockedRecipients(
  policy: ConsentPolicy,
  site: string,
  recipients: readonly KnownRecipient[],
): { site: string; organization: string; categories: Category[] }[] {
  const revoked = revokedCategories(policy, site);
  if (revoked.length === 0) return [];
  const lists = prepareRecipients(recipients, []);
  const own = normalizeSite(site);
  const byRecipient = new Map<string, { site: string; organization: string; categories: Category[] }>();
  const orgOf = new Map<string, string>();
  for (const r of recipients) {
    const s = normalizeSite(r?.site);
    if (s && !orgOf.has(s)) orgOf.set(s, r.organization);
  }
  for (const c of revoked) {
    for (const s of lists.block[c]) {
      if (s === own) continue;
      let entry = byRecipient.get(s);
      if (!entry) byRecipient.set(s, (entry = { site: s, organization: orgOf.get(s) ?? '', categories: [] }));
      entry.categories.push(c);
    }
  }
  return [...byRecipient.values()].sort((a, b) => (a.site < b.site ? -1 : a.site > b.site ? 1 : 0));
}
