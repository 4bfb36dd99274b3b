/**
 * The per-install secret of the keyed digests (utils/ledger/redact.ts). Kept in the ledger's meta
 * table, which no export includes, so digests of one ledger never match another's.
 */
import type { EntityTable } from 'dexie';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { LedgerDb, MetaRow } from './db';
import { createRedactor, newRedactionSecret, type Redactor } from './redact';

export const REDACTION_SECRET_KEY = 'redaction.secret';

/** The stored secret, created on first use. Call inside a transaction that includes meta. */
export async function redactionSecretIn(meta: EntityTable<MetaRow, 'key'>): Promise<Uint8Array> {
  const stored = (await meta.get(REDACTION_SECRET_KEY))?.value;
  if (typeof stored === 'string' && /^[0-9a-f]{64}$/.test(stored)) return hexToBytes(stored);
  const secret = newRedactionSecret();
  await meta.put({ key: REDACTION_SECRET_KEY, value: bytesToHex(secret) });
  return secret;
}

/** The redactor of this ledger (its secret read, or created, in one transaction). */
export async function openRedactor(db: LedgerDb): Promise<Redactor> {
  return createRedactor(await db.transaction('rw', db.meta, () => redactionSecretIn(db.meta)));
}
