/**
 * What the banner e2e tests share: the four choices with the contract's answers for the purposes the
 * demo store's CMP pages gate, and setting a choice through the worker as the popup does.
 */
import type { Page } from 'playwright-core';
import { expect } from './fixtures';
import { CATEGORIES, type Category } from '../../utils/categories';
import type { GatedPurpose } from '../../demo-store/cmp-pages';
import type { ConsentChange } from '../../utils/consent/changes';

export const SITE = 'demo-store.test';

/** The contract table, written out by hand for the purposes the pages gate. */
export const SCENARIOS: { name: string; revoked: readonly Category[]; accepted: readonly GatedPurpose[] }[] = [
  { name: 'all revoked', revoked: CATEGORIES, accepted: ['functional'] },
  { name: 'all granted', revoked: [], accepted: ['functional', 'analytics', 'marketing', 'personalization'] },
  { name: 'only Contact revoked', revoked: ['contact'], accepted: ['functional', 'analytics', 'personalization'] },
  { name: 'only Behavior revoked', revoked: ['behavior'], accepted: ['functional', 'marketing', 'personalization'] },
];

export async function sendConsent(popup: Page, change: ConsentChange): Promise<void> {
  const reply = await popup.evaluate(
    (message) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } } }
      ).chrome.runtime.sendMessage(message),
    { type: 'consent', change },
  );
  expect(reply.ok).toBe(true);
}

/** Everything granted on the demo store, then the given categories revoked. */
export async function choose(popup: Page, revoked: readonly Category[]): Promise<void> {
  await sendConsent(popup, { op: 'apply-preset', site: SITE, preset: 'allow-all' });
  for (const category of revoked)
    await sendConsent(popup, { op: 'set-category', site: SITE, category, state: 'revoked' });
}
