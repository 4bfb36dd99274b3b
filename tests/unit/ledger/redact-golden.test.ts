/**
 * Redaction's exact output on the bench's flows (bench/ledger-flows.ts), pinned by a digest: a change
 * made for speed in utils/ledger/redact.ts must leave every stored byte as it was. Ids repeating per
 * shop (digests and redacted values come from the caches) and every id new (each one computed).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { flowToRedact } from '../../../bench/ledger-flows';
import { createRedactor } from '../../../utils/ledger/redact';

const FLOWS = 4000;
const SECRET = new Uint8Array(32).fill(7);

function digestOfRedacted(freshIds: boolean): string {
  const redactor = createRedactor(SECRET);
  const hash = sha256.create();
  const encoder = new TextEncoder();
  for (let n = 0; n < FLOWS; n++)
    hash.update(encoder.encode(`${JSON.stringify(redactor.flow(flowToRedact(n, freshIds, FLOWS)))}\n`));
  return bytesToHex(hash.digest());
}

describe('redaction output on the bench flows', () => {
  it('ids repeating per shop', () => {
    expect(digestOfRedacted(false)).toBe('06cb108143f92bacd30f1bfa97949d54799a0ecf0a0c3e21b127205db8ab57db');
  });
  it('every id new', () => {
    expect(digestOfRedacted(true)).toBe('10d24de45a358e2fb684243c588802e8186298249611f6e1db9bc7995747c5ba');
  });
});
