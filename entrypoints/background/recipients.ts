/**
 * The recipients the consent compiler knows: our vendor registry (so blocking is proactive, before a
 * vendor's first request) plus every recipient the ledger has seen, with the categories it received.
 */
import { CATEGORIES, type Category } from '../../utils/categories';
import type { KnownRecipient } from '../../utils/consent/compile';
import type { LedgerDb } from '../../utils/ledger/db';
import { siteOfHost } from '../../utils/recipient/site';
import { VENDORS } from '../../utils/vendors/registry';

export async function knownRecipients(ledger: LedgerDb): Promise<KnownRecipient[]> {
  const bySite = new Map<string, KnownRecipient & { seen: Set<Category>; shops: Set<string> }>();
  const entry = (site: string, organization: string, kind: KnownRecipient['kind']) => {
    let found = bySite.get(site);
    if (!found) {
      found = { site, organization, kind, categories: [], seen: new Set(), shops: new Set() };
      bySite.set(site, found);
    }
    return found;
  };
  for (const vendor of VENDORS) {
    for (const host of vendor.hosts) entry(siteOfHost(host), vendor.organization, vendor.kind).vendor ??= vendor.id;
  }
  await ledger.aggregates.each((row) => {
    if (!row.thirdParty) return;
    const found = entry(row.recipientSite, row.organization, row.kind);
    found.shops.add(row.site);
    for (const c of CATEGORIES) if (row.categories[c]) found.seen.add(c);
  });
  return [...bySite.values()].map(({ seen, shops, ...recipient }) => ({
    ...recipient,
    categories: CATEGORIES.filter((c) => seen.has(c)),
    retailers: [...shops],
  }));
}
