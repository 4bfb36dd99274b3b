/**
 * The consent policy lives in the ledger database (consent table + two meta rows), so it is exported
 * with the ledger, survives browser restarts and is read by the popup through live queries.
 * The global defaults are the rows of site "*"; with none stored, the protective first-run policy
 * applies (utils/consent/first-run.ts).
 */
import { CATEGORIES, isCategory } from './categories';
import type { ConsentPolicy, ConsentState } from './consent/model';
import { FIRST_RUN_POLICY } from './consent/first-run';
import { parseConsentPolicy } from './consent/parse';
import type { ConsentRow, LedgerDb, MetaRow } from './ledger/db';

export const DEFAULTS_SITE = '*';
const PAUSED_KEY = 'consent.paused';
const HIDE_PLACEMENTS_KEY = 'consent.hidePlacementsWhenBrowsingRevoked';
const BANNERS_KEY = 'consent.banners';
const PAUSED_SITES_KEY = 'consent.pausedSites';
const META_KEYS = [PAUSED_KEY, HIDE_PLACEMENTS_KEY, BANNERS_KEY, PAUSED_SITES_KEY];

export function policyToRows(policy: ConsentPolicy, now: number): { consent: ConsentRow[]; meta: MetaRow[] } {
  const consent: ConsentRow[] = CATEGORIES.map((category) => ({
    site: DEFAULTS_SITE,
    category,
    state: policy.defaults[category],
    updatedAt: now,
  }));
  for (const [site, choices] of Object.entries(policy.perSite)) {
    for (const category of CATEGORIES) {
      const state = choices[category];
      if (state) consent.push({ site, category, state, updatedAt: now });
    }
  }
  return {
    consent,
    meta: [
      { key: PAUSED_KEY, value: policy.paused },
      { key: HIDE_PLACEMENTS_KEY, value: policy.hidePlacementsWhenBrowsingRevoked },
      { key: BANNERS_KEY, value: policy.banners },
      { key: PAUSED_SITES_KEY, value: policy.pausedSites },
    ],
  };
}

/**
 * Rebuilds the policy from stored rows; anything malformed is reported, never half-applied (the
 * protective first-run policy applies instead).
 */
export function policyFromRows(consent: ConsentRow[], meta: MetaRow[]): { policy: ConsentPolicy; error?: string } {
  const base = FIRST_RUN_POLICY;
  const defaults = { ...base.defaults };
  const perSite: Record<string, Partial<Record<string, ConsentState>>> = {};
  for (const row of consent) {
    if (!isCategory(row.category)) continue;
    if (row.site === DEFAULTS_SITE) defaults[row.category] = row.state;
    else (perSite[row.site] ??= {})[row.category] = row.state;
  }
  const flag = (key: string, fallback: boolean) => {
    const value = meta.find((m) => m.key === key)?.value;
    return typeof value === 'boolean' ? value : fallback;
  };
  const parsed = parseConsentPolicy({
    defaults,
    perSite,
    paused: flag(PAUSED_KEY, base.paused),
    pausedSites: meta.find((m) => m.key === PAUSED_SITES_KEY)?.value ?? {},
    hidePlacementsWhenBrowsingRevoked: flag(HIDE_PLACEMENTS_KEY, base.hidePlacementsWhenBrowsingRevoked),
    // Absent before the setting existed: parsed as the default.
    banners: meta.find((m) => m.key === BANNERS_KEY)?.value,
  });
  return parsed.ok ? { policy: parsed.value } : { policy: base, error: parsed.error };
}

export async function loadPolicy(db: LedgerDb): Promise<ConsentPolicy> {
  const [consent, meta] = await Promise.all([db.consent.toArray(), db.meta.bulkGet(META_KEYS)]);
  const { policy, error } = policyFromRows(
    consent,
    meta.filter((m): m is MetaRow => !!m),
  );
  if (error) console.warn('ShareLedger: stored consent is invalid, using defaults:', error);
  return policy;
}

/** True once defaults are stored (chosen by the shopper, or kept by an update): see first-run.ts. */
export async function hasStoredDefaults(db: LedgerDb): Promise<boolean> {
  return (await db.consent.where('site').equals(DEFAULTS_SITE).count()) > 0;
}

/** Replaces the stored policy in one transaction. */
export async function savePolicy(db: LedgerDb, policy: ConsentPolicy, now = Date.now()): Promise<void> {
  const rows = policyToRows(policy, now);
  await db.transaction('rw', db.consent, db.meta, async () => {
    await db.consent.clear();
    await db.consent.bulkPut(rows.consent);
    await db.meta.bulkPut(rows.meta);
  });
}
