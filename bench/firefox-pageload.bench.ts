/**
 * Firefox's page-load cost of ShareLedger, in one run of alternating loads (bench/pageload.bench.ts
 * measures chromium the same way). In Firefox the worker's webRequest listener is blocking: it holds
 * every request until it is classified, to veto bodies that carry a revoked category.
 *
 * Three firefox-esr browsers with the same prefs load the same demo pages in turn, the order rotated
 * every round: `none` (no extension), `none-aa` (no extension either: the A/A control) and
 * `shareledger` (the Firefox build, installed as a temporary add-on). Per load: wall time (Navigation
 * Timing, navigation start to load end) and CPU time of the browser's whole process tree from /proc,
 * from this load's start to the same browser's next load. Overheads against `none`: wall as the
 * median over pairs of (x - none) / none, CPU as the trimmed ratio of sums. FIREFOX_PAGELOAD_ROUNDS
 * sets the rounds (default 15). Needs `npx wxt build -b firefox --mv3` first.
 */
import type { Page } from 'puppeteer-core';
import { startDemoStore } from '../demo-store/server';
import { launchFirefox, type FirefoxBrowser } from '../cli/firefox';
import { browserCpu, readAllProcStats } from './proc-cpu';
import { median, pairedMedianPct, trimmedRatioPct } from './stats';
import type { Figures } from './run';

const ROUNDS = Number(process.env.FIREFOX_PAGELOAD_ROUNDS ?? 15);
const WARMUP = 2;
const PATHS = ['/', '/product/trail-runner'];
const NAMES = ['none', 'none-aa', 'shareledger'] as const;
type Name = (typeof NAMES)[number];

interface Runner {
  name: Name;
  ff: FirefoxBrowser;
  page: Page;
  pid: number;
}

interface Load {
  round: number;
  path: string;
  name: Name;
  wallMs: number;
  cpuStart: number;
  cpuMs?: number;
}

async function loadTime(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load' });
  // loadEventEnd is set just after the load handlers return: wait for it (a string: no bundler helpers).
  return page.evaluate(`new Promise((resolve) => {
    const read = () => {
      const nav = performance.getEntriesByType('navigation')[0];
      if (nav && nav.loadEventEnd > 0) resolve(nav.loadEventEnd - nav.startTime);
      else setTimeout(read, 5);
    };
    read();
  })`) as Promise<number>;
}

export async function run(): Promise<Figures> {
  const store = await startDemoStore();
  const runners: Runner[] = [];
  try {
    for (const name of NAMES) {
      const ff = await launchFirefox({ storePort: store.port, withExtension: name === 'shareledger' });
      const pid = ff.pid;
      if (!pid) throw new Error('no Firefox process id');
      runners.push({ name, ff, page: await ff.newPage(), pid });
    }
    const loads: Load[] = [];
    for (let round = -WARMUP; round < ROUNDS; round++) {
      for (const path of PATHS) {
        const order = runners.map((_, i) => runners[(i + round + WARMUP) % runners.length]);
        for (const r of order) {
          const cpuStart = browserCpu(r.pid, readAllProcStats()).totalMs;
          const wallMs = await loadTime(r.page, `${store.origin}${path}`);
          if (round >= 0) loads.push({ round, path, name: r.name, wallMs, cpuStart });
        }
      }
    }
    // CPU of a load runs until that browser's next load starts (deferred work counts).
    const stats = readAllProcStats();
    const byBrowser = new Map<Name, Load[]>();
    for (const load of loads) byBrowser.set(load.name, [...(byBrowser.get(load.name) ?? []), load]);
    for (const [name, list] of byBrowser) {
      const pid = runners.find((r) => r.name === name)!.pid;
      list.forEach((load, i) => {
        load.cpuMs = (list[i + 1]?.cpuStart ?? browserCpu(pid, stats).totalMs) - load.cpuStart;
      });
    }
    const series = (name: Name, key: 'wallMs' | 'cpuMs') =>
      loads
        .filter((l) => l.name === name)
        .sort((a, b) => a.round - b.round || a.path.localeCompare(b.path))
        .map((l) => l[key]!);
    const pct = (value: number) => ({ value, unit: '%' });
    const ms = (value: number) => ({ value, unit: 'ms' });
    return {
      'pageload.firefox_overhead_pct': pct(pairedMedianPct(series('shareledger', 'wallMs'), series('none', 'wallMs'))),
      'pageload.firefox_cpu_overhead_pct': pct(
        trimmedRatioPct(series('shareledger', 'cpuMs'), series('none', 'cpuMs')),
      ),
      'pageload.firefox_aa_pct': pct(pairedMedianPct(series('none-aa', 'wallMs'), series('none', 'wallMs'))),
      'pageload.firefox_aa_cpu_pct': pct(trimmedRatioPct(series('none-aa', 'cpuMs'), series('none', 'cpuMs'))),
      'pageload.firefox_median_ms_without': ms(median(series('none', 'wallMs'))),
      'pageload.firefox_median_ms_with': ms(median(series('shareledger', 'wallMs'))),
      'pageload.firefox_cpu_ms_without': ms(median(series('none', 'cpuMs'))),
      'pageload.firefox_cpu_ms_with': ms(median(series('shareledger', 'cpuMs'))),
      'pageload.firefox_rounds': { value: ROUNDS, unit: 'rounds' },
    };
  } finally {
    for (const r of runners) await r.ff.close();
    await store.close();
  }
}
