/**
 * Main-thread cost of the MAIN-world probe (probe.js) in real page loads, from a CDP CPU profile of
 * the page's renderer: per load, the time of every sample with a probe.js frame on its stack, so it
 * covers installing the wrappers, their bookkeeping and stack captures, and the reports (the
 * ISOLATED relay's listener and its message run inside our dispatchEvent). The whole-browser
 * difference of builds (`component.probe_*` in the page-load bench) is good to only ±20 / ±60 ms;
 * this one measures the part directly.
 * - probes.page_light_main_thread_ms / probes.page_heavy_main_thread_ms: median per load.
 * PROBE_PAGE_ROUNDS sets the loads per page (default 8). Needs `npx wxt build` first.
 */
import type { CDPSession } from 'playwright-core';
import { startDemoStore } from '../demo-store/server';
import { heavyPagePath } from '../demo-store/heavy-page';
import { launchWithExtension } from '../cli/browser';
import { median } from './stats';
import type { Figures } from './run';

const ROUNDS = Number(process.env.PROBE_PAGE_ROUNDS ?? 8);
const SAMPLING_INTERVAL_US = 50;
/** The first report goes out one second after load (utils/probes/main-world.ts): wait past it. */
const AFTER_LOAD_MS = 2500;
const PROBE_SCRIPT = /\/content-scripts\/probe\.js$/;

interface ProfileNode {
  id: number;
  callFrame: { url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds of samples whose stack has a probe.js frame. */
export function probeMs(profile: CpuProfile): number {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inProbe = new Set(profile.nodes.filter((n) => PROBE_SCRIPT.test(n.callFrame.url)).map((n) => n.id));
  const underProbe = new Map<number, boolean>();
  const isUnderProbe = (id: number): boolean => {
    let known = underProbe.get(id);
    if (known === undefined) {
      const up = parent.get(id);
      known = inProbe.has(id) || (up !== undefined && isUnderProbe(up));
      underProbe.set(id, known);
    }
    return known;
  };
  let us = 0;
  // timeDeltas[i] is the time before sample i: sample i lasts until sample i + 1.
  for (let i = 0; i < profile.samples.length; i++)
    if (isUnderProbe(profile.samples[i])) us += profile.timeDeltas[i + 1] ?? 0;
  return us / 1000;
}

async function profiledLoad(cdp: CDPSession, load: () => Promise<void>): Promise<number> {
  await cdp.send('Profiler.start');
  await load();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  return probeMs(profile);
}

export async function run(): Promise<Figures> {
  const store = await startDemoStore();
  const ext = await launchWithExtension({ hostRules: store.hostResolverRules });
  try {
    const page = await ext.context.newPage();
    // Same site throughout, so the page keeps its renderer and the profiler session sees every load.
    await page.goto(`${store.origin}/`);
    const cdp = await ext.context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    const pages = { light: '/product/trail-runner', heavy: heavyPagePath('trail-runner') };
    const ms: Record<keyof typeof pages, number[]> = { light: [], heavy: [] };
    for (let round = -1; round < ROUNDS; round++) {
      for (const [name, path] of Object.entries(pages) as [keyof typeof pages, string][]) {
        const cost = await profiledLoad(cdp, async () => {
          await page.goto(`${store.origin}${path}`, { waitUntil: 'load' });
          await page.waitForTimeout(AFTER_LOAD_MS);
        });
        if (round >= 0) ms[name].push(cost); // the first round warms up
      }
    }
    return {
      'probes.page_light_main_thread_ms': { value: median(ms.light), unit: 'ms' },
      'probes.page_heavy_main_thread_ms': { value: median(ms.heavy), unit: 'ms' },
    };
  } finally {
    await ext.close();
    await store.close();
  }
}
