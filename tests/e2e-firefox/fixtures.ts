import { test as base, expect } from '@playwright/test';
import { startDemoStore, type DemoStore } from '../../demo-store/server';
import { launchFirefox, type FirefoxBrowser } from '../../cli/firefox';
import { dumpLedgerHere, type LedgerDump } from '../../cli/ledger-dump';

/** Reads the ledger through an extension page of the test's Firefox (raw IndexedDB, no extension code). */
export async function readLedgerFirefox(ff: FirefoxBrowser): Promise<LedgerDump> {
  const tab = await ff.openExtensionPage('/dashboard.html');
  try {
    return await tab.evaluate(dumpLedgerHere);
  } finally {
    await tab.close();
  }
}

/** Each test its own demo store and its own Firefox profile with the built extension. */
export const test = base.extend<{ store: DemoStore; ff: FirefoxBrowser; firefoxLocale: string }>({
  firefoxLocale: ['en-US', { option: true }],
  // eslint-disable-next-line no-empty-pattern -- playwright reads the fixture's dependencies from this pattern
  store: async ({}, use) => {
    const store = await startDemoStore();
    await use(store);
    await store.close();
  },
  ff: async ({ store, firefoxLocale }, use) => {
    const ff = await launchFirefox({ storePort: store.port, locale: firefoxLocale });
    await use(ff);
    await ff.close();
  },
});

export { expect };
