/**
 * The recipients the consent compiler knows: our vendor registry (so blocking is proactive, before a
 * vendor's first request) plus every recipient the ledger has seen, with its categories.
 */
import { CATEGORIES } from '../categories';
import type { KnownRecipient } from '../consent/rule-types';
import { mergeRecipients, recipientsFromFlows, recipientsFromRegistry } from '../consent/recipients';
import type { LedgerDb, RecipientTotalRow } from '../ledger/db';
import { VENDORS } from '../vendors/registry';

export async function knownRecipients(
  ledger: LedgerDb,
): Promise<{ recipients: KnownRecipient[]; retailers: string[] }> {
  // All-time totals: one row per retailer and recipient, not one per day.
  const seen: RecipientTotalRow[] = await ledger.totals.toArray();
  const fromLedger = recipientsFromFlows(
    seen.map((row) => ({ ...row, categories: CATEGORIES.filter((c) => (row.categories[c] ?? 0) > 0) })),
  );
  const retailers = (await ledger.retailers.toCollection().primaryKeys()) as string[];
  return { recipients: mergeRecipients(fromLedger, recipientsFromRegistry(VENDORS)), retailers };
}
