import { test, expect, killWorker } from './fixtures';
import type { Worker } from 'playwright-core';

const HITS = 300;

/** Burst flows the worker has acknowledged: in the ledger, or in the journal waiting for it. */
async function acknowledged(worker: Worker): Promise<{ key: string; url: string }[]> {
  return worker.evaluate(async () => {
    const chromeApi = (
      globalThis as unknown as {
        chrome: {
          storage: { session: { get(k: null): Promise<Record<string, { row?: { key: string; url: string } }>> } };
        };
      }
    ).chrome;
    const journal = Object.entries(await chromeApi.storage.session.get(null))
      .filter(([name]) => name.startsWith('ledger-journal:f:'))
      .map(([, value]) => ({ key: value.row!.key, url: value.row!.url }));
    const stored = await new Promise<{ key: string; url: string }[]>((resolve, reject) => {
      const open = indexedDB.open('shareledger');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const all = open.result.transaction('flows').objectStore('flows').getAll();
        all.onsuccess = () => {
          open.result.close();
          resolve(all.result.map((f: { key: string; url: string }) => ({ key: f.key, url: f.url })));
        };
      };
    });
    return [...journal, ...stored].filter((f) => f.url.includes('en=burst_hit'));
  });
}

const hitNumber = (url: string) => new URL(url).searchParams.get('_p');

test('stopping the worker in the middle of a burst loses no acknowledged flow and writes none twice', async ({
  store,
  ext,
}) => {
  const sent = () =>
    store.log.filter((r) => r.host === 'region1.google-analytics.com' && r.query.includes('en=burst_hit'));
  const page = await ext.context.newPage();
  await page.goto(`${store.origin}/burst?n=${HITS}&every=8`);
  await expect.poll(() => sent().length, { timeout: 10_000 }).toBeGreaterThan(HITS / 4);

  const before = await acknowledged(ext.worker);
  const restarted = ext.worker.evaluate(() => new Promise(() => undefined)).catch(() => 'stopped');
  await killWorker(ext);
  expect(await restarted).toBe('stopped');
  // Counted once the old worker is gone: on a loaded machine the stop itself takes hundreds of ms,
  // and hits sent while it is under way were in flight at the stop, not sent to the new worker.
  const sentAtStop = sent().length;
  expect(before.length).toBeGreaterThan(0);

  await expect(page.locator('#burst-status')).toHaveText('done', { timeout: 15_000 });
  await expect.poll(() => sent().length).toBe(HITS);
  // The restarted worker replays its journal and records the rest of the burst.
  const worker = () =>
    ext.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${ext.extensionId}/`))!;
  let settled: { key: string; url: string }[] = [];
  await expect
    .poll(
      async () => {
        const now = await acknowledged(worker());
        const stable = now.length === settled.length;
        settled = now;
        return stable && now.length > before.length;
      },
      { timeout: 20_000, intervals: [1000] },
    )
    .toBe(true);
  const after = await acknowledged(worker());

  // Nothing acknowledged before the stop is lost.
  const keysAfter = new Set(after.map((f) => f.key));
  expect(before.filter((f) => !keysAfter.has(f.key))).toEqual([]);
  // No request is in the ledger twice (one row per hit number), and every row is a real hit.
  const hits = after.map((f) => hitNumber(f.url));
  expect(new Set(hits).size).toBe(hits.length);
  expect(hits.every((n) => Number(n) >= 1 && Number(n) <= HITS)).toBe(true);
  // Hits in flight when the worker was stopped were never acknowledged and may be missing; every hit
  // sent once the new worker runs is recorded.
  const have = new Set(hits.map(Number));
  const missing = Array.from({ length: HITS }, (_, i) => i + 1).filter((n) => !have.has(n));
  test.info().annotations.push({
    type: 'unacknowledged at the stop',
    description: `${missing.length} of ${HITS}: ${missing.join(',')}`,
  });
  expect(missing.filter((n) => n > sentAtStop + 25)).toEqual([]);
});
