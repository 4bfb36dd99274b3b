import { test as base, expect } from '@playwright/test';
import { startDemoStore, type DemoStore } from '../../demo-store/server';
import { launchWithExtension, type ExtensionBrowser, type LaunchOptions } from '../../cli/browser';
import type { Flow } from '../../utils/model';
import { readLedger as readLedgerFrom, readSettledLedger, type LedgerDump } from '../../cli/ledger-dump';

export type { LedgerDump };

/** The extension's running worker: after a worker stop, a new one. */
function runningWorker(ext: ExtensionBrowser) {
  const running = ext.context
    .serviceWorkers()
    .filter((w) => w.url().startsWith(`chrome-extension://${ext.extensionId}/`))
    .at(-1);
  return running ?? ext.worker;
}

/** Reads the ledger of the test's browser as it is now (IndexedDB and the journal). */
export function readLedger(ext: ExtensionBrowser): Promise<LedgerDump> {
  return readLedgerFrom(runningWorker(ext));
}

/** Reads the ledger once the worker has written every request it observed so far ('flush-ledger'). */
export async function readFlushedLedger(ext: ExtensionBrowser): Promise<LedgerDump> {
  return readSettledLedger(ext, runningWorker(ext));
}

/** Categories each recipient site received, from the ledger. */
export function categoriesByRecipient(flows: Flow[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const flow of flows) {
    const set = out.get(flow.recipientSite) ?? new Set<string>();
    for (const c of flow.categories) set.add(c);
    out.set(flow.recipientSite, set);
  }
  return out;
}

/** Stops the extension's service worker as Chrome does when it idles (CDP); the next event starts a new one. */
export async function killWorker(ext: ExtensionBrowser): Promise<void> {
  const page = ext.context.pages().find((p) => p.url().startsWith('https://')) ?? (await ext.context.newPage());
  const cdp = await ext.context.newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const target = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${ext.extensionId}/`),
  );
  expect(target, 'the extension worker is running').toBeTruthy();
  await cdp.send('Target.closeTarget', { targetId: target!.targetId });
}

export const test = base.extend<{
  store: DemoStore;
  ext: ExtensionBrowser;
  onboardingChoice: NonNullable<LaunchOptions['onboardingChoice']>;
}>({
  // The tests were written for data that flows until they revoke it: they pick "Allow all" on the
  // onboarding page. The first-run test picks nothing, so the protective default applies.
  onboardingChoice: ['allow-all', { option: true }],
  // eslint-disable-next-line no-empty-pattern -- playwright reads the fixture's dependencies from this pattern
  store: async ({}, use) => {
    const store = await startDemoStore();
    await use(store);
    await store.close();
  },
  // `locale` is playwright's own option: the browser's language (the tests select by English labels unless they set another).
  ext: async ({ store, onboardingChoice, locale }, use) => {
    const ext = await launchWithExtension({ hostRules: store.hostResolverRules, onboardingChoice, locale });
    await use(ext);
    await ext.close();
  },
});

export { expect };
