import { browser } from 'wxt/browser';
import type en from '../public/_locales/en/messages.json';
import type { Category } from '../utils/categories';
import { ENFORCEMENT } from '../utils/consent/enforcement';
import { localeFormat, type LocaleFormat } from '../utils/i18n/format';
import { PLACEMENT_KINDS, type EvidenceWhere, type FlowAction, type TrackerKind } from '../utils/model';

export type MessageKey = keyof typeof en;

/** (Not `t`: WXT auto-imports components/ exports by name, and a bare `t` in a page-world script would pull the polyfill in.) A message of public/_locales in the browser's language ($1… filled from substitutions). */
export function uiMessage(key: MessageKey, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** The browser's language, for dates and numbers (Intl) in the extension's pages. */
export const uiLocale = (): string => browser.i18n.getUILanguage();

let format: LocaleFormat | undefined;
/** Counts, dates and lists formatted for the browser's language. */
export function uiFormat(): LocaleFormat {
  return (format ??= localeFormat(uiLocale()));
}

type PluralBase<K> = K extends `${infer Base}_one` ? (`${Base}_other` extends MessageKey ? Base : never) : never;
let plurals: Intl.PluralRules | undefined;
/**
 * A message about a count n (filled in as $1, formatted), in the form the browser's language uses:
 * KEY_one where it says "one" (1 in English, 0 and 1 in French), KEY_other otherwise (always in Japanese).
 */
export function uiCountMessage(base: PluralBase<MessageKey>, n: number): string {
  plurals ??= new Intl.PluralRules(uiFormat().locale);
  const form = plurals.select(n) === 'one' ? 'one' : 'other';
  return uiMessage(`${base}_${form}` as MessageKey, uiFormat().count(n));
}

// Message keys derived from ids ('only-needed' → preset_only_needed): the key test checks each exists.
const keyOf = (prefix: string, id: string) => `${prefix}_${id.replaceAll('-', '_')}` as MessageKey;

export const uiCategoryName = (c: Category) => uiMessage(keyOf('category', c));
export const uiCategoryCovers = (c: Category) => uiMessage(keyOf('categoryCovers', c));
export const uiTrackerKind = (kind: TrackerKind) => uiMessage(keyOf('kind', kind));
/** A placement kind as stored (a string in the ledger): named when known, else shown as stored. */
export const uiPlacementKind = (kind: string) =>
  (PLACEMENT_KINDS as readonly string[]).includes(kind)
    ? uiMessage(keyOf('placementKind', kind))
    : kind.replaceAll('-', ' ');

/** What happened to a flow: allowed, blocked, modified. */
export const uiFlowAction = (action: FlowAction) => uiMessage(keyOf('flowAction', action));
/** Where a flow's evidence was found: the URL, the body, a header, a cookie, the page. */
export const uiEvidenceWhere = (where: EvidenceWhere) => uiMessage(keyOf('evidenceWhere', where));

/** An extension page in the browser's language: its lang attribute (for screen readers) and its title. */
export function localizePage(titleKey?: MessageKey): void {
  document.documentElement.lang = uiLocale();
  if (titleKey) document.title = uiMessage(titleKey);
}

/** What revoking a category does and cannot stop, line by line as in utils/consent/enforcement.ts. */
export function uiRevocationText(c: Category): { does: string[]; cannotStop: string[] } {
  const e = ENFORCEMENT[c];
  return {
    does: e.does.map((_, i) => uiMessage(`revoke_${c}_does${i + 1}` as MessageKey)),
    cannotStop: e.cannotStop.map((_, i) => uiMessage(`revoke_${c}_cannot${i + 1}` as MessageKey)),
  };
}
