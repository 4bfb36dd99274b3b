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

describe('the shortcuts redaction takes for speed never let a value through', () => {
  const redactor = createRedactor(SECRET);
  const hex = (n: number) => '0123456789abcdef'.repeat(5).slice(0, n);

  it('finds a digest at any offset in text and paths, and leaves 31 hex digits alone', () => {
    for (let offset = 0; offset < 40; offset++) {
      const pad = 'x'.repeat(offset);
      for (const length of [32, 40, 64]) {
        expect(redactor.text(`${pad} ${hex(length)} tail`)).toMatch(/\[id:[0-9a-f]{12}\]/);
        expect(redactor.url(`https://cdn.example/${pad}/${hex(length)}/a.js`)).toMatch(/\[id:[0-9a-f]{12}\]/);
      }
      expect(redactor.text(`${pad} ${hex(31)} tail, long enough`)).toBe(`${pad} ${hex(31)} tail, long enough`);
    }
  });

  it('redacts what a page address carried in a query value, plain or escaped', () => {
    const ga = (dl: string) => redactor.url(`https://www.google-analytics.com/g/collect?v=2&dl=${dl}&en=page_view`);
    const plain = 'https%3A%2F%2Fwww.shop.test%2Fp%2Fitem-12';
    expect(ga(plain)).toBe(`https://www.google-analytics.com/g/collect?v=2&dl=${plain}&en=page_view`);
    expect(ga(encodeURIComponent(`https://www.shop.test/p/${hex(64)}`))).toMatch(
      /dl=https%3A%2F%2Fwww\.shop\.test%2Fp%2F%5Bid%3A/,
    );
    expect(ga(encodeURIComponent('https://www.shop.test/u/rowan@example.com'))).toContain('%5Bemail%5D');
    expect(ga(encodeURIComponent('https://www.shop.test/?email=rowan@example.com'))).toContain('%5Bemail%5D');
    expect(ga(encodeURIComponent('https://www.shop.test/?gclid=Cj0KCQ-abc123'))).toMatch(/gclid%3D%5Bid%3A/);
  });

  it('short values of contact and id parameters are still redacted', () => {
    expect(redactor.url('https://t.example/p?uid=ab12cd34ef')).toMatch(/uid=\[id:[0-9a-f]{12}\]/);
    expect(redactor.url('https://t.example/p?em=a@b.co')).toBe('https://t.example/p?em=[email]');
  });
});
