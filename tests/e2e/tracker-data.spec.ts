import { test, expect } from '@playwright/test';
import { startDemoStore } from '../../demo-store/server';
import { EXTENSION_DIR, launchWithExtension } from '../../cli/browser';
import { readLedger } from '../../cli/ledger-dump';
import { extensionWithTrackerData, type TrackerDataChoice } from '../../cli/tracker-data';
import type { Flow } from '../../utils/model';

// Requests only URL data can name: a beacon path on a host no database knows (EasyPrivacy's
// "/beacon.gif?"), and an ad server the Ghostery database names (Microsoft) and EasyList blocks.
const BEACON = 'https://img.pixelhost-example.net/beacon.gif?uid=c0ffee1234567890&ev=view';
const AD_SERVER = 'https://ib.adnxs.com/getuid?uid=5f2b9c1e7a3d4e6f';

/** The ledger keeps a request's URL with its identifier values as keyed digests (utils/ledger/redact.ts). */
function sameRequest(stored: string, sent: string): boolean {
  const [path, query] = sent.split('?');
  const names = [...new URLSearchParams(query).keys()];
  return stored.startsWith(`${path}?`) && names.every((name) => stored.includes(`${name}=`));
}

interface Seen {
  flows: Flow[];
  /** What the popup says, under each recipient, about where its name came from. */
  popupNameSources: Record<string, string | null>;
}

async function flowsWith(choice: TrackerDataChoice): Promise<Seen> {
  const store = await startDemoStore();
  const extension = extensionWithTrackerData(EXTENSION_DIR, choice);
  const ext = await launchWithExtension({ hostRules: store.hostResolverRules, extensionDir: extension.dir });
  try {
    const page = await ext.context.newPage();
    await page.goto(`${store.origin}/`, { waitUntil: 'load' });
    await page.evaluate(
      (urls) => Promise.all(urls.map((u) => fetch(u, { mode: 'no-cors' }).catch(() => undefined))),
      [BEACON, AD_SERVER],
    );
    const sent = (flows: Flow[]) => [BEACON, AD_SERVER].every((u) => flows.some((f) => sameRequest(f.url, u)));
    await expect.poll(async () => sent((await readLedger(ext.worker)).flows), { timeout: 15_000 }).toBe(true);
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?site=demo-store.test`);
    const popupNameSources: Record<string, string | null> = {};
    for (const site of ['pixelhost-example.net', 'adnxs.com']) {
      const source = popup.locator(`[data-recipient="${site}"] [data-name-source]`);
      await expect(source).toBeVisible({ timeout: 15_000 });
      popupNameSources[site] = await source.getAttribute('data-name-source');
    }
    return { flows: (await readLedger(ext.worker)).flows, popupNameSources };
  } finally {
    await ext.close();
    extension.dispose();
    await store.close();
  }
}

test('the extension names trackers by URL from the lists, and runs without the non-commercial database', async () => {
  const all = await flowsWith('all');
  expect(all.flows.find((f) => sameRequest(f.url, BEACON))).toMatchObject({
    kind: 'analytics',
    thirdParty: true,
    nameSource: 'lists',
  });
  expect(all.flows.find((f) => sameRequest(f.url, AD_SERVER))).toMatchObject({
    organization: 'Microsoft',
    kind: 'advertising',
    nameSource: 'trackerdb',
  });
  // Each recipient keeps where its name came from, and the popup says it.
  expect(all.popupNameSources).toEqual({ 'pixelhost-example.net': 'lists', 'adnxs.com': 'trackerdb' });

  // --tracker-data lists (the audit's copy of the extension without the tracker database's host table).
  const lists = await flowsWith('lists');
  expect(lists.flows.find((f) => sameRequest(f.url, BEACON))).toMatchObject({ kind: 'analytics', thirdParty: true });
  expect(lists.flows.find((f) => sameRequest(f.url, AD_SERVER))).toMatchObject({
    organization: 'adnxs.com',
    kind: 'advertising',
    nameSource: 'lists',
  });
  expect(lists.popupNameSources).toEqual({ 'pixelhost-example.net': 'lists', 'adnxs.com': 'lists' });
});
