/**
 * The service worker's wake: MV3 stops an idle worker, and the next request of a shop's page starts
 * it again. Measured in chromium with the built extension: the worker is stopped (CDP closes its
 * target), a product page is loaded, and the new worker's own clock says when it classified its
 * first request with the tracker data loaded (User Timing marks, milliseconds since the worker
 * started; utils/worker-timing.ts):
 *   worker.wake_ms              worker start → first request classified with tracker data (median)
 *   worker.wake_p90_ms          the same, 90th percentile
 *   worker.wake_script_ms       worker start → its script evaluated, the wiring begins (median)
 *   worker.wake_tracker_data_ms    worker start → tracker data loaded: database and lists (median)
 *   worker.wake_enforcer_ms     worker start → consent rules compiled and the simulator ready (median)
 * WAKE_ROUNDS sets the number of wakes (default 15). Needs `npx wxt build` first.
 */
import type { Worker } from 'playwright-core';
import { startDemoStore } from '../demo-store/server';
import { launchWithExtension, type ExtensionBrowser } from '../cli/browser';
import { WORKER_MARKS } from '../utils/worker-timing';
import { median } from './stats';
import type { Figures } from './run';

const ROUNDS = Number(process.env.WAKE_ROUNDS ?? 15);

async function stopWorker(ext: ExtensionBrowser): Promise<void> {
  const page = ext.context.pages().find((p) => p.url().startsWith('https://')) ?? (await ext.context.newPage());
  const cdp = await ext.context.newCDPSession(page);
  const workerTarget = async () =>
    (await cdp.send('Target.getTargets')).targetInfos.find(
      (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${ext.extensionId}/`),
    );
  const target = await workerTarget();
  if (!target) throw new Error('the extension worker is not running');
  await cdp.send('Target.closeTarget', { targetId: target.targetId });
  for (let i = 0; i < 200 && (await workerTarget()); i++) await new Promise((r) => setTimeout(r, 25));
  await cdp.detach();
}

/**
 * The marks of a worker started after `previousOrigin`, once it has classified a request. Playwright
 * keeps one Worker handle for the extension's worker target across restarts, so the new worker is
 * told apart by its time origin.
 */
async function readMarks(worker: Worker, previousOrigin: number): Promise<Record<string, number>> {
  for (let i = 0; i < 400; i++) {
    const state = (await worker
      .evaluate(
        `({ origin: performance.timeOrigin, marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])) })`,
      )
      .catch(() => undefined)) as { origin: number; marks: Record<string, number> } | undefined;
    if (state && state.origin !== previousOrigin && state.marks[WORKER_MARKS.firstClassified] !== undefined)
      return state.marks;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the woken worker classified no request within 10 s');
}

const timeOrigin = (worker: Worker) => worker.evaluate(`performance.timeOrigin`) as Promise<number>;

export async function run(): Promise<Figures> {
  const store = await startDemoStore();
  const ext = await launchWithExtension({ hostRules: store.hostResolverRules });
  try {
    const page = await ext.context.newPage();
    const url = `${store.origin}/product/trail-runner`;
    // A first visit, so the ledger knows recipients and the compiler has rules to build at wake.
    await page.goto(url, { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, 1500));
    const samples: Record<string, number[]> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const origin = await timeOrigin(ext.worker);
      await stopWorker(ext);
      await page.goto(url, { waitUntil: 'load' });
      const marks = await readMarks(ext.worker, origin);
      for (const [name, ms] of Object.entries(marks)) (samples[name] ??= []).push(ms);
    }
    const at = (name: string) => samples[name] ?? [];
    const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];
    return {
      'worker.wake_ms': { value: median(at(WORKER_MARKS.firstClassified)), unit: 'ms' },
      'worker.wake_p90_ms': { value: p90(at(WORKER_MARKS.firstClassified)), unit: 'ms' },
      'worker.wake_script_ms': { value: median(at(WORKER_MARKS.scriptRun)), unit: 'ms' },
      'worker.wake_tracker_data_ms': { value: median(at(WORKER_MARKS.trackerDataLoaded)), unit: 'ms' },
      'worker.wake_enforcer_ms': { value: median(at(WORKER_MARKS.enforcerReady)), unit: 'ms' },
    };
  } finally {
    await ext.close();
    await store.close();
  }
}
