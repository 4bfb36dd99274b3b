/**
 * The languages ShareLedger speaks, and how a message is chosen and filled. Pure: the extension's
 * pages ask the browser (browser.i18n, the browser's language); badges on a shop's page pick the
 * page's language through pickLocale.
 */
export const LOCALES = ['en', 'de', 'fr', 'es', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The supported locale for a BCP 47 tag ('ja-JP' → 'ja', 'pt-BR' → undefined). */
export function supportedLocale(tag: string | null | undefined): Locale | undefined {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base) ? (base as Locale) : undefined;
}

/** Badges speak the page's language when ShareLedger has it, else the browser's, else English. */
export function pickLocale(pageLang: string | null | undefined, browserLang: string | null | undefined): Locale {
  return supportedLocale(pageLang) ?? supportedLocale(browserLang) ?? DEFAULT_LOCALE;
}

/** Fills $1…$9 as browser.i18n.getMessage does ($$ is a literal dollar sign). */
export function formatMessage(template: string, substitutions: readonly string[] = []): string {
  return template.replace(/\$(\$|[1-9])/g, (_, which: string) =>
    which === '$' ? '$' : (substitutions[Number(which) - 1] ?? ''),
  );
}
