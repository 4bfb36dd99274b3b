/**
 * Every validator of untrusted input (messages from content scripts and pages, imports, policies,
 * probe reports) fuzzed with hostile shapes: `__proto__` and `constructor` keys, class instances,
 * deep nesting, huge arrays and strings. None throws, none pollutes a prototype, and what passes is
 * made of plain, bounded values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConsentChange, parseConsentPolicy } from '../../../utils/consent/parse';
import { parseExportText } from '../../../utils/ledger/import';
import { validateContentMessage, validateControlMessage } from '../../../utils/messages';
import { validateDomTrackers, validateProbeReport } from '../../../utils/probes/relay';

const VALIDATORS: [string, (raw: unknown) => { ok: boolean }][] = [
  ['content message', validateContentMessage],
  ['control message', validateControlMessage],
  ['consent change', (raw) => parseConsentChange(raw)],
  ['consent policy', (raw) => parseConsentPolicy(raw)],
  ['probe report', validateProbeReport],
  ['DOM trackers', validateDomTrackers],
  ['export document', (raw) => parseExportText(raw === DEEP ? DEEP_TEXT : (JSON.stringify(raw) ?? 'null'))],
];

const TYPES = ['placements-found', 'typed-values', 'probe-report', 'dom-trackers', 'consent', 'forget-retailer'];
const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'type', 'typed', 'email');
const leaf = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...TYPES),
);
const hostile = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc
    .array(fc.tuple(fc.oneof(hostileKey, fc.string({ maxLength: 8 })), tie('value')), { maxLength: 6 })
    .map((entries) => JSON.parse(JSON.stringify(Object.fromEntries(entries))) as unknown),
})).value;

/** JSON.parse makes `__proto__` an own key, as a message or a file would carry it. */
const protoMessage = (type: string) =>
  JSON.parse(`{"type":"${type}","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`);

function deep(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = { type: 'typed-values', typed: value, change: value, report: value };
  return value;
}
const DEEP = deep(5000);
/** The same depth as a file would carry it (JSON.stringify itself cannot write that deep). */
const DEEP_TEXT = '{"flows":['.repeat(2500) + ']}'.repeat(2500);

class Impostor {
  type = 'consent';
  change = { op: 'set-category', site: 'demo-store.test', category: 'contact', state: 'revoked' };
}

describe('validators of untrusted input', () => {
  for (const [name, validate] of VALIDATORS) {
    it(`${name}: random hostile shapes never throw nor pollute`, () => {
      fc.assert(
        fc.property(hostile, (raw) => {
          const result = validate(raw);
          expect(typeof result.ok).toBe('boolean');
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
        { numRuns: 400 },
      );
    });

    it(`${name}: __proto__ / constructor keys, deep nesting, huge arrays and strings`, () => {
      for (const type of TYPES) validate(protoMessage(type));
      validate(DEEP);
      validate({ type: 'placements-found', placements: new Array(1_000_000).fill({ kind: 'recommendation' }) });
      validate({ type: 'typed-values', typed: { email: 'a'.repeat(5_000_000) } });
      validate({ type: 'dom-trackers', trackers: new Array(100_000).fill({ url: 'https://x.test/', tag: 'img' }) });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });
  }

  it('a class instance is not a message, even with the right fields', () => {
    expect(validateControlMessage(new Impostor()).ok).toBe(false);
    expect(validateContentMessage(Object.assign(new Impostor(), { type: 'open-controls' })).ok).toBe(false);
  });

  it('what passes is bounded: typed values are cut, placements and trackers counted', () => {
    const typed = validateContentMessage({ type: 'typed-values', typed: { email: 'a'.repeat(10_000), evil: 1 } });
    expect(typed).toEqual({ ok: true, value: { type: 'typed-values', typed: { email: 'a'.repeat(200) } } });
    const proto = validateContentMessage(JSON.parse('{"type":"typed-values","typed":{"__proto__":{"email":"x"}}}'));
    expect(proto).toEqual({ ok: true, value: { type: 'typed-values', typed: {} } });
    expect(validateContentMessage({ type: 'placements-found', placements: new Array(201).fill({}) }).ok).toBe(false);
    expect(validateDomTrackers(new Array(201).fill({ url: 'https://x.test/', tag: 'img' })).ok).toBe(false);
  });
});
