/** The toolbar button as an extension page reads it (action API), for the first-run and toolbar tests. */
import type { Page } from 'playwright-core';

export interface BadgeState {
  text: string;
  color: number[];
  title: string;
}

type ActionApis = {
  chrome: {
    tabs: { query(q: { url: string }): Promise<{ id: number }[]> };
    action: {
      getBadgeText(d: { tabId: number }): Promise<string>;
      getBadgeBackgroundColor(d: { tabId: number }): Promise<number[]>;
      getTitle(d: { tabId: number }): Promise<string>;
    };
    runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; error?: string }> };
  };
};

/** The badge of the (one) tab whose URL matches pattern, read from an extension page. */
export function badgeOf(extensionPage: Page, urlPattern: string): Promise<BadgeState | undefined> {
  return extensionPage.evaluate(async (pattern) => {
    const { chrome } = globalThis as unknown as ActionApis;
    const [tab] = await chrome.tabs.query({ url: pattern });
    if (!tab) return undefined;
    const [text, color, title] = await Promise.all([
      chrome.action.getBadgeText({ tabId: tab.id }),
      chrome.action.getBadgeBackgroundColor({ tabId: tab.id }),
      chrome.action.getTitle({ tabId: tab.id }),
    ]);
    return { text, color, title };
  }, urlPattern);
}

/** A consent change sent as the popup sends it (the validated message, no other door). */
export async function sendConsentChange(extensionPage: Page, change: unknown): Promise<void> {
  const reply = await extensionPage.evaluate(
    (c) => (globalThis as unknown as ActionApis).chrome.runtime.sendMessage({ type: 'consent', change: c }),
    change,
  );
  if (!reply.ok) throw new Error(`consent change refused: ${reply.error}`);
}

/** #b45309, the paused badge's colour (utils/worker/tab-badges.ts), as the action API returns it. */
export const PAUSED_RGBA = [180, 83, 9, 255];
