/** The popup of the Firefox build, driven as a shopper would: its switches, clicked in the page. */
import { expect } from '@playwright/test';
import type { ExtensionTab, FirefoxBrowser } from '../../cli/firefox';
import type { Category } from '../../utils/categories';

export async function openPopup(ff: FirefoxBrowser, site: string): Promise<ExtensionTab> {
  const popup = await ff.openExtensionPage(`/popup.html?site=${encodeURIComponent(site)}`);
  // The switches appear once the stored policy is read.
  await popup.waitFor(() => document.querySelectorAll('[role=switch]').length > 1, [], 30_000);
  return popup;
}

/** The extension's dynamic rules, read in the popup (an extension page may ask for them). */
function dynamicRulesHere(): Promise<string> {
  const api = (globalThis as unknown as { browser: { declarativeNetRequest: { getDynamicRules(): Promise<unknown> } } })
    .browser;
  return api.declarativeNetRequest.getDynamicRules().then((rules) => JSON.stringify(rules));
}

/** Clicks a category's switch for the popup's shop and waits until the installed rules changed. */
export async function toggleCategory(popup: ExtensionTab, category: Category, granted: boolean): Promise<void> {
  const before = await popup.evaluate(dynamicRulesHere);
  const checked = (id: string) => (document.getElementById(id) as HTMLInputElement | null)?.checked;
  const id = `site-${category}`;
  expect(await popup.evaluate(checked, id)).toBe(!granted);
  await popup.evaluate((switchId: string) => document.getElementById(switchId)!.click(), id);
  await popup.waitFor(
    (switchId: string, want: boolean) => (document.getElementById(switchId) as HTMLInputElement).checked === want,
    [id, granted],
  );
  await expect.poll(() => popup.evaluate(dynamicRulesHere), { timeout: 15_000 }).not.toBe(before);
}
