/**
 * The service worker's wake: MV3 stops an idle worker, and the next request of a shop's page starts
 * it again. Measured in chromium with the built extension: the worker is stopped (CDP closes its
 * target), a product page is loaded, and the new worker's own clock says when it classified its
 * first request with the tracker data that request needs (User Timing marks, milliseconds since the
 * worker started; utils/worker-timing.ts). Beside it, alternating round by round, the same wake of
 * the floor: an extension whose only code is an empty webRequest listener that marks its first event,
 * i.e. what any observing extension's worker costs to start on this machine at this load.
 *   worker.wake_ms              worker start → first request classified (median)
 *   worker.wake_p90_ms          the same, 90th percentile
 *   worker.wake_script_ms       worker start → its script evaluated, the wiring begins (median)
 *   worker.wake_host_data_ms    worker start → host data loaded (the tracker database's host table)
 *   worker.wake_tracker_data_ms worker start → all tracker data loaded, the lists included (median)
 *   worker.wake_enforcer_ms     worker start → the simulator of the installed rules ready (median)
 *   worker.wake_policy_ms       worker start → the stored policy compiled from the ledger and installed (median)
 *   worker.wake_floor_ms        the floor's worker start → its first event (median)
 *   worker.wake_over_floor_ms   wake_ms − wake_floor_ms
 *   worker.wake_load_avg        the machine's 1-minute load average during the run
 *   worker.wake_baseline_ms     with WAKE_BASELINE_EXTENSION_DIR=DIR (another build of ShareLedger, e.g.
 *                               main's before a change): its wake, a third subject in the same rounds
 * WAKE_ROUNDS sets the number of wakes (default 15). Needs `npx wxt build` first.
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Page, Worker } from 'playwright-core';
import { startDemoStore, type DemoStore } from '../demo-store/server';
import { launchWithExtension, type ExtensionBrowser } from '../cli/browser';
import { WORKER_MARKS } from '../utils/worker-timing';
import { writeFloorExtension } from './extension-variants';
import { median } from './stats';
import type { Figures } from './run';

const ROUNDS = Number(process.env.WAKE_ROUNDS ?? 15);
const PAGE = '/product/trail-runner';
const BASELINE_DIR = process.env.WAKE_BASELINE_EXTENSION_DIR;

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

interface WakeSubject {
  ext: ExtensionBrowser;
  page: Page;
  samples: Record<string, number[]>;
}

async function openSubject(store: DemoStore, extensionDir?: string): Promise<WakeSubject> {
  const ext = await launchWithExtension({ hostRules: store.hostResolverRules, extensionDir });
  const page = await ext.context.newPage();
  // A first visit, so the ledger knows recipients and the compiler has rules to build at wake.
  await page.goto(`${store.origin}${PAGE}`, { waitUntil: 'load' });
  await new Promise((r) => setTimeout(r, 1500));
  return { ext, page, samples: {} };
}

async function wake(subject: WakeSubject, store: DemoStore): Promise<void> {
  const origin = await timeOrigin(subject.ext.worker);
  await stopWorker(subject.ext);
  await subject.page.goto(`${store.origin}${PAGE}`, { waitUntil: 'load' });
  const marks = await readMarks(subject.ext.worker, origin);
  for (const [name, ms] of Object.entries(marks)) (subject.samples[name] ??= []).push(ms);
}

export async function run(): Promise<Figures> {
  const load = () => loadavg()[0]!;
  const loadBefore = load();
  const store = await startDemoStore();
  const floorDir = writeFloorExtension({ markFirstEvent: WORKER_MARKS.firstClassified });
  const shareledger = await openSubject(store);
  const floor = await openSubject(store, floorDir);
  const baseline = BASELINE_DIR ? await openSubject(store, BASELINE_DIR) : undefined;
  const subjects = baseline ? [shareledger, floor, baseline] : [shareledger, floor];
  try {
    // Alternating, the order rotated every round: all wake under the same load.
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < subjects.length; k++) await wake(subjects[(round + k) % subjects.length]!, store);
    }
    const at = (name: string, subject = shareledger) => subject.samples[name] ?? [];
    const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;
    const wakeMs = median(at(WORKER_MARKS.firstClassified));
    const floorMs = median(at(WORKER_MARKS.firstClassified, floor));
    return {
      'worker.wake_ms': { value: wakeMs, unit: 'ms' },
      'worker.wake_p90_ms': { value: p90(at(WORKER_MARKS.firstClassified)), unit: 'ms' },
      'worker.wake_script_ms': { value: median(at(WORKER_MARKS.scriptRun)), unit: 'ms' },
      'worker.wake_host_data_ms': { value: median(at(WORKER_MARKS.hostDataLoaded)), unit: 'ms' },
      'worker.wake_tracker_data_ms': { value: median(at(WORKER_MARKS.trackerDataLoaded)), unit: 'ms' },
      'worker.wake_enforcer_ms': { value: median(at(WORKER_MARKS.enforcerReady)), unit: 'ms' },
      'worker.wake_policy_ms': { value: median(at(WORKER_MARKS.policyEnforced)), unit: 'ms' },
      'worker.wake_floor_ms': { value: floorMs, unit: 'ms' },
      'worker.wake_over_floor_ms': { value: wakeMs - floorMs, unit: 'ms' },
      'worker.wake_load_avg': { value: (loadBefore + load()) / 2, unit: 'load' },
      ...(baseline && {
        'worker.wake_baseline_ms': { value: median(at(WORKER_MARKS.firstClassified, baseline)), unit: 'ms' },
      }),
    };
  } finally {
    await shareledger.ext.close();
    await floor.ext.close();
    await baseline?.ext.close();
    await store.close();
    rmSync(floorDir, { recursive: true, force: true });
  }
}
