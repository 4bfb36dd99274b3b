/**
 * The store listings (store/listing/<locale>/): one per language ShareLedger speaks, within the stores'
 * limits, and saying in each language what the extension itself says about the shopper's data.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../utils/i18n/locales';

const ROOT = join(__dirname, '../../..');
const listing = (locale: string, file: 'summary.txt' | 'description.txt') =>
  readFileSync(join(ROOT, 'store/listing', locale, file), 'utf8').trim();
const message = (locale: string, key: string) =>
  (
    JSON.parse(readFileSync(join(ROOT, 'public/_locales', locale, 'messages.json'), 'utf8')) as Record<
      string,
      { message: string }
    >
  )[key].message;

// Chrome Web Store: summary up to 132 characters, description up to 16,000; addons.mozilla.org allows more.
const SUMMARY_MAX = 132;
const DESCRIPTION_MAX = 16_000;

describe('store listings', () => {
  it('exist for exactly the languages ShareLedger speaks', () => {
    expect(readdirSync(join(ROOT, 'store/listing')).sort()).toEqual([...LOCALES].sort());
  });

  for (const locale of LOCALES)
    it(`${locale}: within the stores' limits, translated, and saying that nothing leaves the browser`, () => {
      const summary = listing(locale, 'summary.txt');
      const description = listing(locale, 'description.txt');
      expect(summary.length).toBeGreaterThan(40);
      expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX);
      expect(summary).not.toContain('\n');
      expect(description.length).toBeLessThanOrEqual(DESCRIPTION_MAX);
      if (locale !== 'en') {
        expect(summary).not.toBe(listing('en', 'summary.txt'));
        expect(description).not.toBe(listing('en', 'description.txt'));
      }
      // The same promise, in the same words, as the onboarding page shows after install.
      expect(description).toContain(message(locale, 'onboarding_local'));
    });
});
