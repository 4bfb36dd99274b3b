import { browser } from 'wxt/browser';
import type en from '../public/_locales/en/messages.json';

export type MessageKey = keyof typeof en;

/** (Not `t`: WXT auto-imports components/ exports by name, and a bare `t` in a page-world script would pull the polyfill in.) A message of public/_locales in the browser's language ($1… filled from substitutions). */
export function uiMessage(key: MessageKey, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** The browser's language, for dates and numbers (Intl) in the extension's pages. */
export const uiLocale = (): string => browser.i18n.getUILanguage();
