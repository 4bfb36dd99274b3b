/**
 * Every fixture in tests/fixtures/requests is a realistic request (built from the vendor's public
 * documentation of its wire format) with the categories, vendor and identity a reader expects.
 * Positive and negative cases alike; every decoder must have at least one fixture.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../utils/classify';
import { DECODERS } from '../../../utils/decoders';
import type { RequestRecord } from '../../../utils/model';

interface Fixture {
  file: string;
  description: string;
  record: RequestRecord;
  expect: {
    vendor: string | null;
    categories: string[];
    organization?: string;
    kind?: string;
    thirdParty?: boolean;
    cloaked?: boolean;
    leaks?: string[];
  };
}

const dir = join(__dirname, '../../fixtures/requests');
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, ...JSON.parse(readFileSync(join(dir, file), 'utf8')) }));

const classify = createClassifier();

const byVendor = new Map<string, Fixture[]>();
for (const f of fixtures) {
  const group = f.expect.vendor ?? (f.file.startsWith('leak') ? 'leak detection' : 'generic analyser');
  byVendor.set(group, [...(byVendor.get(group) ?? []), f]);
}

describe('request fixtures', () => {
  for (const [group, list] of byVendor) {
    describe(group, () => {
      for (const f of list) {
        it(`${f.file.replace(/\.json$/, '')}: ${f.description}`, () => {
          const out = classify(f.record);
          expect(out.categories).toEqual(f.expect.categories);
          expect(out.vendor ?? null).toBe(f.expect.vendor);
          if (f.expect.organization !== undefined) expect(out.organization).toBe(f.expect.organization);
          if (f.expect.kind !== undefined) expect(out.kind).toBe(f.expect.kind);
          if (f.expect.thirdParty !== undefined) expect(out.thirdParty).toBe(f.expect.thirdParty);
          expect(out.cloaked ?? false).toBe(f.expect.cloaked ?? false);
          if (f.expect.leaks !== undefined) {
            const leaks = out.evidence.filter((e) => e.source === 'leak').map((e) => e.sample);
            expect(leaks.sort()).toEqual([...f.expect.leaks].sort());
          }
          // Every category has evidence, and evidence never carries typed values.
          for (const category of out.categories) expect(out.evidence.some((e) => e.category === category)).toBe(true);
          expect(out).not.toHaveProperty('typed');
          const text = JSON.stringify(out.evidence).toLowerCase();
          for (const value of Object.values(f.record.typed ?? {}))
            expect(text).not.toContain(String(value).trim().toLowerCase());
        });
      }
    });
  }

  it('covers every decoder with at least one fixture', () => {
    const covered = new Set(fixtures.map((f) => f.expect.vendor));
    const missing = DECODERS.map((d) => d.id).filter((id) => !covered.has(id));
    expect(missing).toEqual([]);
    expect(DECODERS.length).toBeGreaterThanOrEqual(25);
  });

  it('has negative fixtures that must classify to nothing', () => {
    expect(
      fixtures.filter((f) => f.file.startsWith('negative-') && f.expect.categories.length === 0).length,
    ).toBeGreaterThanOrEqual(8);
  });
});
