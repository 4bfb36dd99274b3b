/**
 * A headless browser that shows a site what a shopper's browser shows: real SDKs change behaviour
 * under automation (PostHog sends nothing when navigator.webdriver is true), so an audit that looks
 * automated under-counts. Chromium's own flag clears navigator.webdriver; the user agent loses its
 * "HeadlessChrome". What the page then sees is measured, not assumed, and goes into the report.
 */
import type { BrowserContext, Page } from 'playwright-core';

/** Chromium flags that stop announcing automation to pages. */
export const HUMAN_LIKE_ARGS = ['--disable-blink-features=AutomationControlled'];

/** The user agent a headed chromium of the same version sends. */
export function headedUserAgent(userAgent: string): string {
  return userAgent.replace(/HeadlessChrome\//g, 'Chrome/');
}

/**
 * Applies the headed user agent to a page (and its requests) before its first navigation; returns
 * it, with the browser's full version (the user agent only says "156.0.0.0").
 */
export async function useHeadedUserAgent(
  context: BrowserContext,
  page: Page,
): Promise<{ userAgent: string; version: string }> {
  const cdp = await context.newCDPSession(page);
  const { product, userAgent } = await cdp.send('Browser.getVersion');
  await cdp.send('Emulation.setUserAgentOverride', { userAgent: headedUserAgent(userAgent) });
  return { userAgent: headedUserAgent(userAgent), version: product.split('/')[1] ?? product };
}

export interface AutomationSignals {
  webdriver: boolean;
  headlessUserAgent: boolean;
  noLanguages: boolean;
}

/** What the page's own scripts can read of automation. */
export function readAutomationSignals(page: Page): Promise<AutomationSignals> {
  return page.evaluate(() => ({
    webdriver: navigator.webdriver === true,
    headlessUserAgent: /Headless/i.test(navigator.userAgent),
    noLanguages: !navigator.languages || navigator.languages.length === 0,
  }));
}

export function signalsCleared(signals: AutomationSignals): boolean {
  return !signals.webdriver && !signals.headlessUserAgent && !signals.noLanguages;
}
