import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES, formatMessage, pickLocale, supportedLocale } from '../../../utils/i18n/locales';
import { badgeStrings } from '../../../utils/i18n/badge-messages';

const LOCALES_DIR = join(__dirname, '../../../public/_locales');
type Messages = Record<string, { message: string; description?: string }>;
const read = (locale: string): Messages =>
  JSON.parse(readFileSync(join(LOCALES_DIR, locale, 'messages.json'), 'utf8')) as Messages;
const placeholders = (message: string) => [...message.matchAll(/\$[1-9]/g)].map((m) => m[0]).sort();

describe('_locales', () => {
  const english = read('en');

  it('has exactly the supported locales', () => {
    expect(readdirSync(LOCALES_DIR).sort()).toEqual([...LOCALES].sort());
  });

  for (const locale of LOCALES) {
    it(`${locale} has every key of en, no other, each non-empty with the same $n placeholders`, () => {
      const messages = read(locale);
      const missing = Object.keys(english).filter((key) => !(key in messages));
      const extra = Object.keys(messages).filter((key) => !(key in english));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      for (const [key, { message }] of Object.entries(english)) {
        expect(messages[key].message.trim(), `${locale}.${key}`).not.toBe('');
        expect(placeholders(messages[key].message), `${locale}.${key}`).toEqual(placeholders(message));
      }
    });
  }

  // A message left as the English one is a missed translation, unless the languages share the word.
  const SAME_AS_ENGLISH: Record<string, string[]> = {
    de: [
      'banners_colCmp',
      'kind_cdn',
      'ledger_format',
      'ledger_kind_ndjson',
      'dashboard_colShop',
      'overview_colShops',
      'flows_shop',
    ],
    fr: [
      'kind_cdn',
      'ledger_format',
      'ledger_kind_json',
      'ledger_kind_ndjson',
      'evidenceWhere_cookie',
      'evidenceWhere_dom',
      'flows_action',
    ],
    es: ['banners_colCmp', 'kind_cdn', 'ledger_kind_json', 'ledger_kind_ndjson', 'evidenceWhere_cookie'],
    ja: ['kind_cdn', 'ledger_kind_ndjson'],
  };
  const EVERYWHERE = ['extName', 'ledger_running', 'evidenceWhere_url'];
  for (const locale of LOCALES.filter((l) => l !== 'en'))
    it(`${locale} translates every message except words it shares with English`, () => {
      const messages = read(locale);
      const same = Object.keys(english).filter((key) => messages[key]?.message === english[key].message);
      expect(same.filter((key) => !EVERYWHERE.includes(key)).sort()).toEqual([...SAME_AS_ENGLISH[locale]].sort());
    });

  it('describes every English message for translators', () => {
    expect(Object.entries(english).filter(([, m]) => !m.description?.trim())).toEqual([]);
  });
});

describe('pickLocale', () => {
  it('takes the page language when supported, by its base tag', () => {
    expect(pickLocale('ja-JP', 'de')).toBe('ja');
    expect(pickLocale('FR_ca', 'en-US')).toBe('fr');
  });
  it("falls back to the browser's language, then English", () => {
    expect(pickLocale('pt-BR', 'de-AT')).toBe('de');
    expect(pickLocale('', 'es')).toBe('es');
    expect(pickLocale(undefined, 'zh-CN')).toBe('en');
    expect(supportedLocale('  ')).toBeUndefined();
  });
});

describe('formatMessage', () => {
  it('fills $1…$9 and keeps $$ as a dollar sign', () => {
    expect(formatMessage('Personalized from $1', ['your purchases'])).toBe('Personalized from your purchases');
    expect(formatMessage('$2 before $1, $$5', ['a', 'b'])).toBe('b before a, $5');
    expect(formatMessage('missing $3', ['a'])).toBe('missing ');
  });
});

describe('badgeStrings', () => {
  it('speaks the chosen locale', () => {
    expect(badgeStrings('en').personalizedFrom(['browsing', 'purchases'])).toBe(
      'Personalized from your browsing history and your purchases',
    );
    expect(badgeStrings('ja').personalizedFrom(['browsing'])).toBe('閲覧履歴に基づいてパーソナライズ');
    expect(badgeStrings('de').rowHidden).toBe(read('de').badge_rowHidden.message);
    expect(badgeStrings('fr').why('heading')).toContain('(heading)');
  });
  it('names at most two kinds of data, and says "data about you" when none is phrased', () => {
    expect(badgeStrings('en').personalizedFrom(['device', 'contact'])).toBe('Personalized from data about you');
    expect(badgeStrings('es').personalizedFrom(['browsing', 'search', 'location'])).toBe(
      'Personalizado a partir de su historial de navegación y sus búsquedas',
    );
  });
});
