/**
 * Where content.js spends the page's main thread: a CDP CPU profile of the page (the content script
 * runs in the page's renderer, in its isolated world) over each load and the 2.5 s after it (late
 * rows, the idle scan, the mutation batches), samples attributed to content.js when any frame of
 * their stack is from it. Also the page's own Performance metrics (layout, style recalcs).
 * Usage: npx tsx bench/content-profile.ts [extensionDir] [loads]
 * PROFILE_SCRIPT picks another of the extension's page scripts (e.g. content-scripts/cmp-answer.js),
 * PROFILE_SETTLE_MS how long after load to keep profiling (cmp-answer looks for banners for 20 s).
 */
import { resolve } from 'node:path';
import { startDemoStore } from '../demo-store/server';
import { heavyPagePath } from '../demo-store/heavy-page';
import { launchWithExtension } from '../cli/browser';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  parent?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const dir = resolve(process.argv[2] ?? '.output/chrome-mv3');
const LOADS = Number(process.argv[3] ?? 6);
const PAGES = process.env.PROFILE_PAGES
  ? process.env.PROFILE_PAGES.split(',')
  : [heavyPagePath('trail-runner'), '/', '/product/trail-runner'];

const SCRIPT = process.env.PROFILE_SCRIPT ?? 'content-scripts/content.js';
const SETTLE_MS = Number(process.env.PROFILE_SETTLE_MS ?? 2500);

const store = await startDemoStore();
const ext = await launchWithExtension({ hostRules: store.hostResolverRules, extensionDir: dir });
const page = await ext.context.newPage();
const cdp = await ext.context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Performance.enable');

type Tally = Map<string, number>;
const add = (t: Tally, k: string, v: number) => t.set(k, (t.get(k) ?? 0) + v);
const top = (t: Tally, n: number) =>
  [...t.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `    ${(v / LOADS).toFixed(1).padStart(7)} ms  ${k}`)
    .join('\n');

for (const path of PAGES) {
  const byLeaf: Tally = new Map();
  const byOwnFn: Tally = new Map();
  let contentMs = 0;
  let busyMs = 0;
  const metrics: Tally = new Map();
  for (let i = -1; i < LOADS; i++) {
    await page.goto('about:blank');
    const before = (await cdp.send('Performance.getMetrics')).metrics;
    await cdp.send('Profiler.start');
    await page.goto(`${store.origin}${path}`, { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    const after = (await cdp.send('Performance.getMetrics')).metrics;
    if (i < 0) continue; // warm-up
    for (const m of after) {
      const b = before.find((x) => x.name === m.name)?.value ?? 0;
      if (/Duration|Count/.test(m.name)) add(metrics, m.name, (m.value - b) * (/Duration/.test(m.name) ? 1000 : 1));
    }
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    for (let s = 0; s < profile.samples.length; s++) {
      const dt = (profile.timeDeltas[s + 1] ?? 0) / 1000;
      const leaf = nodes.get(profile.samples[s])!;
      if (leaf.callFrame.functionName !== '(idle)' && leaf.callFrame.functionName !== '(program)') busyMs += dt;
      // Innermost frame of the profiled script on the stack.
      let own: ProfileNode | undefined;
      for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
        const n = nodes.get(id)!;
        if (n.callFrame.url.includes(SCRIPT)) {
          own = n;
          break;
        }
      }
      if (!own) continue;
      contentMs += dt;
      const leafName =
        leaf === own ? '(self)' : `${leaf.callFrame.functionName || '(anon)'} ${leaf.callFrame.url ? '' : '[native]'}`;
      add(byLeaf, `${own.callFrame.functionName || '(anon)'}:${own.callFrame.columnNumber} → ${leafName}`, dt);
      add(byOwnFn, `${own.callFrame.functionName || '(anon)'}:${own.callFrame.columnNumber}`, dt);
    }
  }
  console.log(
    `\n${path}: ${SCRIPT} ${(contentMs / LOADS).toFixed(1)} ms/load of ${(busyMs / LOADS).toFixed(0)} ms busy main thread`,
  );
  console.log(`  by innermost ${SCRIPT} function:\n` + top(byOwnFn, 15));
  console.log('  by function → leaf:\n' + top(byLeaf, 20));
  console.log(
    '  page metrics per load: ' +
      ['ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'TaskDuration', 'LayoutCount', 'RecalcStyleCount']
        .map((k) => `${k}=${((metrics.get(k) ?? 0) / LOADS).toFixed(1)}`)
        .join(' '),
  );
}
await ext.close();
await store.close();
