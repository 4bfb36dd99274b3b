/**
 * Page-load cost of ShareLedger, in one run of alternating loads. Five browsers with the same
 * command line load the same pages in turn, the order rotated every round so no browser always goes
 * first: `none` (no extension), `none-aa` (no extension either: the A/A control), `shareledger`,
 * `floor` (an extension with only an empty webRequest listener, written by the bench) and
 * `protected` (ShareLedger with "Only what the shop needs" applied through the popup's message).
 * Pages: the light demo pages (home, product) and the heavy product page (demo-store/heavy-page.ts).
 *
 * Per load, two figures:
 * - wall: Navigation Timing, navigation start to load end;
 * - CPU: utime + stime of the browser's whole process tree from /proc (browser, renderers, the
 *   extension's process, network service, GPU), from the start of this load to the start of the same
 *   browser's next load, so deferred work (content-script scans after load, ledger flushes) counts.
 *
 * Overheads against `none`: wall as the median over pairs (same page and round) of (x - none) / none;
 * CPU as the ratio of sums over pairs, 10 % of pairs trimmed each side. The A/A control (`none-aa`
 * against `none`) is computed the same way and printed beside. PAGELOAD_ROUNDS sets the rounds
 * (default 30); PAGELOAD_RAW=FILE writes every load as JSON. Needs `npx wxt build` first.
 *
 * PAGELOAD_COMPONENTS=1 adds three builds of ShareLedger without some content scripts and the floor
 * with empty content scripts, to cost each part by difference (CPU ms per load, heavy and light
 * pages): `component.dispatch_*` (empty listener against none), `component.worker_*` (ShareLedger
 * without content scripts against the empty listener), `component.content_script_*` (content.js),
 * `component.cookie_banner_scripts_*` (cmp.js, cmp-answer.js, autoconsent.js), `component.probe_*` (probe.js) and
 * `component.empty_content_scripts_*` (the floor with three content scripts that do nothing, where
 * ShareLedger has its own, against the floor: what any content script costs).
 *
 * PAGELOAD_BASELINE_EXTENSION_DIR=DIR adds another build of ShareLedger (e.g. main's before a change) as
 * `baseline`, loaded in the same rounds: `pageload.change_*` is ShareLedger against it (negative: the
 * change made loads cheaper), `change_*_cpu_ms` the CPU ms per load by difference.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoStore, type DemoStore } from '../demo-store/server';
import { heavyPagePath } from '../demo-store/heavy-page';
import { CHROMIUM_PATH, EXTENSION_DIR, chromiumArgs, launchWithExtension, type ExtensionBrowser } from '../cli/browser';
import { browserCpu, findBrowserPid, readAllProcStats } from './proc-cpu';
import { writeBuildWithout, writeFloorExtension } from './extension-variants';
import { median, pairedMedianPct, trimmedMeanDifference, trimmedRatioPct } from './stats';
import type { Figures } from './run';

const ROUNDS = Number(process.env.PAGELOAD_ROUNDS ?? 30);
const WARMUP = 3;
const LIGHT = ['/', '/product/trail-runner'];
const HEAVY = [heavyPagePath('trail-runner')];
const COMPONENTS = process.env.PAGELOAD_COMPONENTS === '1';
const BASELINE_DIR = process.env.PAGELOAD_BASELINE_EXTENSION_DIR;
type BrowserName =
  | 'none'
  | 'none-aa'
  | 'shareledger'
  | 'floor'
  | 'protected'
  | 'no-probe'
  | 'no-page-scripts'
  | 'no-content-scripts'
  | 'floor-content-scripts'
  | 'baseline';

interface BenchBrowser {
  name: BrowserName;
  context: BrowserContext;
  page: Page;
  pid: number;
  close(): Promise<void>;
}

interface Load {
  round: number;
  path: string;
  browser: BrowserName;
  wallMs: number;
  cpuStart: number;
  cpuMs?: number;
}

async function loadTime(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load' });
  // loadEventEnd is set just after the load handlers return: wait for it. (A string, so the bundler's
  // helpers, e.g. tsx's __name, are not shipped into the page.)
  return page.evaluate<number>(`new Promise((resolve) => {
    const read = () => {
      const nav = performance.getEntriesByType('navigation')[0];
      if (nav && nav.loadEventEnd > 0) resolve(nav.loadEventEnd - nav.startTime);
      else setTimeout(read, 5);
    };
    read();
  })`);
}

function browserPid(profileDir: string): number {
  const pid = findBrowserPid(profileDir);
  if (pid === undefined) throw new Error(`no chromium process found for profile ${profileDir}`);
  return pid;
}

async function launchPlain(name: BrowserName, store: DemoStore): Promise<BenchBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'shareledger-bench-plain-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs({ hostRules: store.hostResolverRules }), // the same command line, minus the extension
    viewport: { width: 1280, height: 800 },
  });
  return {
    name,
    context,
    page: await context.newPage(),
    pid: browserPid(profile),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function launchExtension(
  name: BrowserName,
  store: DemoStore,
  extensionDir = EXTENSION_DIR,
): Promise<BenchBrowser> {
  const ext: ExtensionBrowser = await launchWithExtension({ hostRules: store.hostResolverRules, extensionDir });
  if (name === 'protected') await applyOnlyNeeded(ext);
  return {
    name,
    context: ext.context,
    page: await ext.context.newPage(),
    pid: browserPid(ext.profileDir),
    close: () => ext.close(),
  };
}

/** "Only what the shop needs" as the defaults, sent from an extension page exactly as the popup does. */
async function applyOnlyNeeded(ext: ExtensionBrowser): Promise<void> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  const reply = await page.evaluate(`chrome.runtime.sendMessage({
    type: 'consent',
    change: { op: 'apply-preset', site: null, preset: 'only-needed', clearSiteChoices: true },
  })`);
  if (!(reply as { ok?: boolean } | undefined)?.ok)
    throw new Error(`applying "Only what the shop needs" failed: ${JSON.stringify(reply)}`);
  await page.close();
}

/** Each browser's loads of one page set, in round order, as [wall], [cpu]. */
function series(loads: Load[], browser: BrowserName, paths: string[]): { wall: number[]; cpu: number[] } {
  const mine = loads.filter((l) => l.browser === browser && paths.includes(l.path) && l.round >= 0);
  mine.sort((a, b) => a.round - b.round || paths.indexOf(a.path) - paths.indexOf(b.path));
  return { wall: mine.map((l) => l.wallMs), cpu: mine.map((l) => l.cpuMs ?? Number.NaN) };
}

function overheads(loads: Load[], paths: string[], browser: BrowserName, base: BrowserName = 'none') {
  const x = series(loads, browser, paths);
  const b = series(loads, base, paths);
  return { wall: pairedMedianPct(x.wall, b.wall), cpu: trimmedRatioPct(x.cpu, b.cpu) };
}

/** Extra CPU ms per load of each part, by difference of builds (trimmed mean over pairs). */
function componentFigures(loads: Load[]): Figures {
  const parts: [string, BrowserName, BrowserName][] = [
    ['dispatch', 'floor', 'none'],
    ['worker', 'no-content-scripts', 'floor'],
    ['content_script', 'no-page-scripts', 'no-content-scripts'],
    ['cookie_banner_scripts', 'no-probe', 'no-page-scripts'],
    ['probe', 'shareledger', 'no-probe'],
    ['empty_content_scripts', 'floor-content-scripts', 'floor'],
  ];
  const out: Figures = {};
  for (const [part, x, base] of parts) {
    for (const [pages, suffix] of [
      [LIGHT, 'light'],
      [HEAVY, 'heavy'],
    ] as const) {
      const cpu = (b: BrowserName) => series(loads, b, pages).cpu;
      out[`component.${part}_${suffix}_cpu_ms`] = { value: trimmedMeanDifference(cpu(x), cpu(base)), unit: 'ms' };
    }
  }
  return out;
}

/** ShareLedger against another build of it, loaded in the same rounds (PAGELOAD_BASELINE_EXTENSION_DIR). */
function changeFigures(loads: Load[]): Figures {
  const out: Figures = {};
  for (const [pages, prefix] of [
    [LIGHT, 'pageload.change'],
    [HEAVY, 'pageload.heavy_change'],
  ] as const) {
    const change = overheads(loads, pages, 'shareledger', 'baseline');
    const cpu = (b: BrowserName) => series(loads, b, pages).cpu;
    out[`${prefix}_pct`] = { value: change.wall, unit: '%' };
    out[`${prefix}_cpu_pct`] = { value: change.cpu, unit: '%' };
    out[`${prefix}_cpu_ms`] = { value: trimmedMeanDifference(cpu('shareledger'), cpu('baseline')), unit: 'ms' };
  }
  return out;
}

/** Requests and third-party hosts of one heavy-page load, counted by the server, late rows included. */
async function heavyPageShape(page: Page, store: DemoStore): Promise<{ requests: number; thirdPartyHosts: number }> {
  store.log.length = 0;
  await loadTime(page, `${store.origin}${HEAVY[0]}`);
  await new Promise((r) => setTimeout(r, 1500));
  const own = /(^|\.)demo-store(-cdn)?\.test$/;
  // Chromium's own background traffic reaches the server too.
  const browsers = /(^|\.)(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)$/;
  const received = store.log.filter((r) => !browsers.test(r.host));
  const hosts = new Set(received.filter((r) => !own.test(r.host)).map((r) => r.host));
  return { requests: received.length, thirdPartyHosts: hosts.size };
}

export async function run(): Promise<Figures> {
  const store = await startDemoStore();
  const variantDirs = [writeFloorExtension()];
  const browsers: BenchBrowser[] = [];
  try {
    browsers.push(await launchPlain('none', store));
    browsers.push(await launchPlain('none-aa', store));
    browsers.push(await launchExtension('shareledger', store));
    browsers.push(await launchExtension('floor', store, variantDirs[0]));
    browsers.push(await launchExtension('protected', store));
    if (COMPONENTS) {
      const variants: [BrowserName, string][] = [
        ['no-probe', writeBuildWithout(EXTENSION_DIR, /\/probe\.js$/)],
        // content.js alone: the probe and the cookie-banner scripts left out.
        ['no-page-scripts', writeBuildWithout(EXTENSION_DIR, /\/(probe|cmp|cmp-answer|autoconsent)\.js$/)],
        ['no-content-scripts', writeBuildWithout(EXTENSION_DIR, /content-scripts\//)],
        ['floor-content-scripts', writeFloorExtension({ emptyContentScripts: true })],
      ];
      for (const [name, dir] of variants) {
        variantDirs.push(dir);
        browsers.push(await launchExtension(name, store, dir));
      }
    }
    if (BASELINE_DIR) browsers.push(await launchExtension('baseline', store, BASELINE_DIR));

    const loads: Load[] = [];
    const lastLoad = new Map<BrowserName, Load>();
    const pages = [...LIGHT, ...HEAVY];
    for (let round = -WARMUP; round < ROUNDS; round++) {
      for (const [p, path] of pages.entries()) {
        const shift = (((round + p) % browsers.length) + browsers.length) % browsers.length;
        const order = [...browsers.slice(shift), ...browsers.slice(0, shift)];
        for (const b of order) {
          const cpuStart = browserCpu(b.pid, readAllProcStats()).totalMs;
          const previous = lastLoad.get(b.name);
          if (previous) previous.cpuMs = cpuStart - previous.cpuStart;
          const wallMs = await loadTime(b.page, `${store.origin}${path}`);
          const load: Load = { round, path, browser: b.name, wallMs, cpuStart };
          loads.push(load);
          lastLoad.set(b.name, load);
        }
      }
      store.log.length = 0;
      process.stderr.write(`pageload round ${round + 1}/${ROUNDS}\n`);
    }
    // The last loads' deferred work (flushes one second after) ends in this window.
    await new Promise((r) => setTimeout(r, 2000));
    const stats = readAllProcStats();
    for (const b of browsers) {
      const last = lastLoad.get(b.name)!;
      last.cpuMs = browserCpu(b.pid, stats).totalMs - last.cpuStart;
    }

    if (process.env.PAGELOAD_RAW) writeFileSync(process.env.PAGELOAD_RAW, JSON.stringify(loads));
    const aa = overheads(loads, LIGHT, 'none-aa');
    const aaHeavy = overheads(loads, HEAVY, 'none-aa');
    const light = overheads(loads, LIGHT, 'shareledger');
    const heavy = overheads(loads, HEAVY, 'shareledger');
    const floorLight = overheads(loads, LIGHT, 'shareledger', 'floor');
    const floorHeavy = overheads(loads, HEAVY, 'shareledger', 'floor');
    const floorVsNone = overheads(loads, LIGHT, 'floor');
    const floorVsNoneHeavy = overheads(loads, HEAVY, 'floor');
    const protectedHeavy = overheads(loads, HEAVY, 'protected');
    const shape = await heavyPageShape(browsers[0].page, store);
    const ms = (b: BrowserName, paths: string[], kind: 'wall' | 'cpu') => median(series(loads, b, paths)[kind]);
    const pct = (value: number) => ({ value, unit: '%' });
    const msFigure = (value: number) => ({ value, unit: 'ms' });
    return {
      'pageload.aa_pct': pct(aa.wall),
      'pageload.aa_cpu_pct': pct(aa.cpu),
      'pageload.overhead_pct': pct(light.wall),
      'pageload.cpu_overhead_pct': pct(light.cpu),
      'pageload.heavy_aa_pct': pct(aaHeavy.wall),
      'pageload.heavy_aa_cpu_pct': pct(aaHeavy.cpu),
      'pageload.heavy_overhead_pct': pct(heavy.wall),
      'pageload.heavy_cpu_overhead_pct': pct(heavy.cpu),
      'pageload.floor_pct': pct(floorLight.wall),
      'pageload.floor_cpu_pct': pct(floorLight.cpu),
      'pageload.heavy_floor_pct': pct(floorHeavy.wall),
      'pageload.heavy_floor_cpu_pct': pct(floorHeavy.cpu),
      'pageload.empty_listener_pct': pct(floorVsNone.wall),
      'pageload.empty_listener_cpu_pct': pct(floorVsNone.cpu),
      'pageload.heavy_empty_listener_pct': pct(floorVsNoneHeavy.wall),
      'pageload.heavy_empty_listener_cpu_pct': pct(floorVsNoneHeavy.cpu),
      'pageload.protected_pct': pct(protectedHeavy.wall),
      'pageload.protected_cpu_pct': pct(protectedHeavy.cpu),
      'pageload.median_ms_without': msFigure(ms('none', LIGHT, 'wall')),
      'pageload.median_ms_with': msFigure(ms('shareledger', LIGHT, 'wall')),
      'pageload.heavy_median_ms_without': msFigure(ms('none', HEAVY, 'wall')),
      'pageload.heavy_median_ms_with': msFigure(ms('shareledger', HEAVY, 'wall')),
      'pageload.cpu_ms_without': msFigure(ms('none', LIGHT, 'cpu')),
      'pageload.cpu_ms_with': msFigure(ms('shareledger', LIGHT, 'cpu')),
      'pageload.heavy_cpu_ms_without': msFigure(ms('none', HEAVY, 'cpu')),
      'pageload.heavy_cpu_ms_with': msFigure(ms('shareledger', HEAVY, 'cpu')),
      'pageload.rounds': { value: ROUNDS, unit: 'rounds' },
      'pageload.heavy_requests': { value: shape.requests, unit: 'requests' },
      'pageload.heavy_third_party_hosts': { value: shape.thirdPartyHosts, unit: 'hosts' },
      ...(COMPONENTS ? componentFigures(loads) : {}),
      ...(BASELINE_DIR ? changeFigures(loads) : {}),
    };
  } finally {
    for (const b of browsers) await b.close().catch(() => undefined);
    for (const dir of variantDirs) rmSync(dir, { recursive: true, force: true });
    await store.close();
  }
}
