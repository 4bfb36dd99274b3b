/**
 * Numbers, dates and lists in the shopper's language (Intl), for the extension's pages. Pure: the
 * locale is passed in (the pages pass browser.i18n.getUILanguage()); an unknown or malformed tag
 * falls back to English rather than throwing.
 */
export interface LocaleFormat {
  locale: string;
  /** A count: 1,234 (en), 1.234 (de), 1 234 (fr). */
  count(n: number): string;
  /** A calendar day in the locale's order: 12/4/2026, 4.12.2026, 2026/12/4. */
  day(ts: number | Date): string;
  /** A day and time, short. */
  dateTime(ts: number | Date): string;
  /** A day counted in UTC days since 1970 (the ledger's daily aggregates), as day() writes it. */
  utcDay(day: number): string;
  /** Month and day of a UTC day number, short, for chart axes: Dec 4, 4. Dez., 12月4日. */
  utcMonthDay(day: number): string;
  /** "a, b and c" with the locale's conjunction. */
  list(items: readonly string[]): string;
  /** A byte size: 1.5 MB, 1,5 MB. */
  bytes(n: number): string;
}

function supported(tag: string | undefined): string {
  try {
    return Intl.getCanonicalLocales(tag || 'en')[0] ?? 'en';
  } catch {
    return 'en';
  }
}

const DAY_MS = 86_400_000;
const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

export function localeFormat(tag: string | undefined): LocaleFormat {
  const locale = supported(tag);
  const count = new Intl.NumberFormat(locale);
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  // Day numbers are UTC days: formatted in UTC so no timezone moves them to the day before.
  const utcDay = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const utcMonthDay = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  const byteFormats = BYTE_UNITS.map(
    (unit) => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }),
  );
  return {
    locale,
    count: (n) => count.format(n),
    day: (ts) => day.format(ts),
    dateTime: (ts) => dateTime.format(ts),
    utcDay: (d) => utcDay.format(d * DAY_MS),
    utcMonthDay: (d) => utcMonthDay.format(d * DAY_MS),
    list: (items) => list.format(items),
    bytes(n) {
      let i = 0;
      let value = n;
      while (value >= 1000 && i < BYTE_UNITS.length - 1) {
        value /= 1000;
        i++;
      }
      return byteFormats[i].format(value);
    },
  };
}
