/**
 * Page-load time of the demo store with and without the built extension, in one run:
 * - pageload.median_ms_without / pageload.median_ms_with: median Navigation Timing duration
 *   (loadEventEnd - startTime) over the home and a product page, after warm-up.
 * - pageload.overhead_pct: median over adjacent pairs (same page, one load in each browser) of
 *   (with - without) / without. Pairing cancels the drift of a shared machine. Target ≤ 3 %.
 * - pageload.overhead_of_medians_pct: the same from the two medians, for comparison.
 * Two chromium instances with the same flags (one with the extension) load the same pages in
 * alternating order, so drift on the machine hits both alike. Needs `npx wxt build` first.
 * PAGELOAD_ROUNDS sets the number of loads per page and browser (default 25). To find which part
 * of the extension costs what, PAGELOAD_BASELINE_EXTENSION_DIR loads another build (e.g. one without
 * a content script) in the baseline browser instead of none; the same build on both sides is an
 * A/A control that shows the noise floor (on a shared 2-core machine it varied from 4 % to 18 %).
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoStore } from '../demo-store/server';
import { CHROMIUM_PATH, chromiumArgs, launchWithExtension } from '../cli/browser';

const ROUNDS = Number(process.env.PAGELOAD_ROUNDS ?? 25);
const WARMUP = 3;
const PATHS = ['/', '/product/trail-runner'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
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

export async function run(): Promise<Record<string, { value: number; unit: string }>> {
  const store = await startDemoStore();
  const profile = mkdtempSync(join(tmpdir(), 'shareledger-bench-plain-'));
  let plain: BrowserContext | undefined;
  let withExtension: Awaited<ReturnType<typeof launchWithExtension>> | undefined;
  let baseline: Awaited<ReturnType<typeof launchWithExtension>> | undefined;
  try {
    withExtension = await launchWithExtension({ hostRules: store.hostResolverRules });
    const baselineExtension = process.env.PAGELOAD_BASELINE_EXTENSION_DIR;
    baseline = baselineExtension
      ? await launchWithExtension({ hostRules: store.hostResolverRules, extensionDir: baselineExtension })
      : undefined;
    plain =
      baseline?.context ??
      (await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: chromiumArgs({ hostRules: store.hostResolverRules }), // the same command line, minus the extension
        viewport: { width: 1280, height: 800 },
      }));
    const pages = { without: await plain.newPage(), with: await withExtension.context.newPage() };
    const times = { without: [] as number[], with: [] as number[] };
    const pairOverheads: number[] = [];

    for (let round = -WARMUP; round < ROUNDS; round++) {
      for (const path of PATHS) {
        const order = round % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const);
        const pair = { without: 0, with: 0 };
        for (const which of order) pair[which] = await loadTime(pages[which], `${store.origin}${path}`);
        if (round < 0) continue;
        times.without.push(pair.without);
        times.with.push(pair.with);
        pairOverheads.push(((pair.with - pair.without) / pair.without) * 100);
      }
    }

    const without = median(times.without);
    const withExt = median(times.with);
    return {
      'pageload.median_ms_without': { value: without, unit: 'ms' },
      'pageload.median_ms_with': { value: withExt, unit: 'ms' },
      'pageload.overhead_pct': { value: median(pairOverheads), unit: '%' },
      'pageload.overhead_of_medians_pct': { value: ((withExt - without) / without) * 100, unit: '%' },
      'pageload.loads_per_browser': { value: times.with.length, unit: 'loads' },
    };
  } finally {
    await (baseline ?? plain)?.close();
    await withExtension?.close();
    rmSync(profile, { recursive: true, force: true });
    await store.close();
  }
}
