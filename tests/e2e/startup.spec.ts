/**
 * Nothing lost at start-up (issue 11). At start-up the worker classifies nothing until its tracker data
 * is loaded, and acknowledged rows wait up to a second in the journal before IndexedDB: a reader that
 * looked too early (a fixed wait) missed the first page's flows. Readers now ask the worker to write
 * what it observed ('flush-ledger'); read at once, the first page has every recipient a later load has.
 */
import type { Flow } from '../../utils/model';
import { test, expect, readFlushedLedger, killWorker } from './fixtures';
import type { ExtensionBrowser } from '../../cli/browser';
import type { DemoStore } from '../../demo-store/server';

const recipientsOf = (flows: Flow[], marker: string) =>
  [
    ...new Set(flows.filter((f) => f.pageUrl.includes(marker) && f.provenance === 'network').map((f) => f.recipient)),
  ].sort();

async function loadAtOnceAndCompare(ext: ExtensionBrowser, store: DemoStore, first: string): Promise<void> {
  const origin = store.origin;
  const page = await ext.context.newPage();
  await page.goto(`${origin}/?v=${first}`, { waitUntil: 'load' });
  // Once the trackers' servers have the page's late beacons (gtag sends after load), read at once:
  // no wait for the worker, which may still be starting.
  await expect
    .poll(() => store.log.some((r) => r.host === 'region1.google-analytics.com' && r.query.includes(`v%3D${first}`)))
    .toBe(true);
  const atOnce = recipientsOf((await readFlushedLedger(ext)).flows, `v=${first}`);
  // The reference: the same page once everything has long been running.
  await page.goto(`${origin}/?v=reference`, { waitUntil: 'load' });
  await page.waitForTimeout(3000);
  const reference = recipientsOf((await readFlushedLedger(ext)).flows, 'v=reference');
  expect(reference.length).toBeGreaterThanOrEqual(5);
  expect(atOnce).toEqual(reference);
}

test('a page loaded at once after install loses no flow', async ({ store, ext }) => {
  test.setTimeout(120_000);
  await loadAtOnceAndCompare(ext, store, 'at-install');
});

test('a page loaded at once after the worker was stopped loses no flow', async ({ store, ext }) => {
  test.setTimeout(120_000);
  const warmUp = await ext.context.newPage();
  await warmUp.goto(`${store.origin}/cart`, { waitUntil: 'load' });
  await warmUp.waitForTimeout(1500);
  await killWorker(ext);
  await loadAtOnceAndCompare(ext, store, 'after-restart');
});
