/**
 * The in-page badges' strings in every locale, read from public/_locales at build time. A content
 * script cannot ask browser.i18n for another language than the browser's, and a badge on a Japanese
 * shop should speak Japanese: so the badge keys (only those: named JSON imports are tree-shaken) of
 * every locale are bundled with the content script.
 */
import type { Category } from '../categories';
import { DEFAULT_LOCALE, formatMessage, type Locale } from './locales';

type Entry = { message: string };
const glob = {
  personalizedFrom: import.meta.glob<Entry>('/public/_locales/*/messages.json', {
    eager: true,
    import: 'badge_personalizedFrom',
  }),
  dataAboutYou: import.meta.glob<Entry>('/public/_locales/*/messages.json', {
    eager: true,
    import: 'badge_dataAboutYou',
  }),
  and: import.meta.glob<Entry>('/public/_locales/*/messages.json', { eager: true, import: 'badge_and' }),
  browsing: import.meta.glob<Entry>('/public/_locales/*/messages.json', { eager: true, import: 'badge_browsing' }),
  purchases: import.meta.glob<Entry>('/public/_locales/*/messages.json', { eager: true, import: 'badge_purchases' }),
  location: import.meta.glob<Entry>('/public/_locales/*/messages.json', { eager: true, import: 'badge_location' }),
  search: import.meta.glob<Entry>('/public/_locales/*/messages.json', { eager: true, import: 'badge_search' }),
  identifiers: import.meta.glob<Entry>('/public/_locales/*/messages.json', {
    eager: true,
    import: 'badge_identifiers',
  }),
  rowHidden: import.meta.glob<Entry>('/public/_locales/*/messages.json', { eager: true, import: 'badge_rowHidden' }),
  why: import.meta.glob<Entry>('/public/_locales/*/messages.json', { eager: true, import: 'badge_why' }),
  manage: import.meta.glob<Entry>('/public/_locales/*/messages.json', { eager: true, import: 'badge_manage' }),
};
type BadgeKey = keyof typeof glob;

function message(key: BadgeKey, locale: Locale): string {
  const byFile = glob[key];
  return (
    byFile[`/public/_locales/${locale}/messages.json`] ?? byFile[`/public/_locales/${DEFAULT_LOCALE}/messages.json`]
  ).message;
}

const PHRASED: readonly Category[] = ['browsing', 'purchases', 'location', 'search', 'identifiers'];

export interface BadgeStrings {
  personalizedFrom(categories: readonly Category[]): string;
  rowHidden: string;
  why(reason: string): string;
  manage: string;
}

export function badgeStrings(locale: Locale): BadgeStrings {
  return {
    personalizedFrom(categories) {
      const phrases = categories
        .filter((c) => PHRASED.includes(c))
        .map((c) => message(c as BadgeKey, locale))
        .slice(0, 2);
      const data = phrases.length ? phrases.join(message('and', locale)) : message('dataAboutYou', locale);
      return formatMessage(message('personalizedFrom', locale), [data]);
    },
    rowHidden: message('rowHidden', locale),
    why: (reason) => formatMessage(message('why', locale), [reason]),
    manage: message('manage', locale),
  };
}
