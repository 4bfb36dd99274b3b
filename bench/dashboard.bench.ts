/**
 * Dashboard figures with 1,000,000 synthetic flows in chromium's IndexedDB (the built extension's
 * own database, loaded through the dashboard page):
 *   dashboard.first_paint_ms_1m   navigation start to the overview's charts and tables on screen (median of 5 loads)
 *   dashboard.timeline_ms_1m      navigation start to the timeline drawn (it reads every daily row, after first paint)
 *   dashboard.filter_ms_1m        a filtered first page of the flow table: query start to rows on screen
 *                                 (median over typical filters: shop+category, recipient+action, category, kind, dates)
 *   dashboard.filter_rare_ms_1m   a filter that matches nothing within a 30-day window (every row of the window is read)
 *   ledger.parquet_s_1m           Parquet export of the flows table from the dashboard: click to download
 *   ledger.parquet_peak_mb_1m     the page's JS heap during that export above its level before (CDP, sampled
 *                                 every 200 ms, garbage included: an upper bound of what the export retains)
 *   ledger.parquet_peak_mb_100k   the same with 100,000 flows, loaded first: equal within noise = flat in rows
 * The synthetic history: a year, three shops a day out of 60, 30 recipients. Daily aggregates and
 * totals are built in node with the writer's own fold (buildAggregates/buildTotals).
 * DASHBOARD_BENCH_FLOWS changes the size (e.g. 200000 for a quick run); DASHBOARD_BENCH_PARQUET=0 leaves the
 * Parquet exports out (minutes at 1M) while iterating on the views. Needs `npx wxt build` first.
 */
import type { CDPSession, Page } from 'playwright-core';
import { launchWithExtension } from '../cli/browser';
import { buildAggregates, buildTotals } from '../utils/ledger/aggregates';
import type { Flow } from '../utils/model';
import { flowMatcher, parseFilter } from '../utils/dashboard/filters';
import { median } from './stats';
import type { Figures } from './run';

/** The flow table's page size (components/DashboardFlows.tsx). */
const FLOW_PAGE_SIZE = 50;
const LARGE = Number(process.env.DASHBOARD_BENCH_FLOWS) || 1_000_000;
const SMALL = Math.min(100_000, LARGE);
const T0 = Date.UTC(2025, 10, 1);
const PARQUET = process.env.DASHBOARD_BENCH_PARQUET !== '0';

/**
 * Flow n of the synthetic ledger. Self-contained (no closures, no helpers) because the same source
 * also runs inside the page, where the flows are generated without crossing the CDP pipe.
 */
function syntheticFlow(n: number, total: number, t0: number): Flow {
  const recipients = [
    ['google-analytics.com', 'Google', 'analytics', 'browsing,identifiers'],
    ['facebook.com', 'Meta', 'advertising', 'browsing,purchases,contact'],
    ['criteo.com', 'Criteo', 'advertising', 'browsing,identifiers'],
    ['tiktok.com', 'ByteDance', 'advertising', 'browsing,device'],
    ['fullstory.com', 'FullStory', 'session-replay', 'behavior,device'],
    ['dynamicyield.com', 'Dynamic Yield', 'personalization', 'browsing,search'],
  ];
  const r =
    n % 30 < 6 ? recipients[n % 30] : [`tracker-${n % 30}.test`, `Tracker ${n % 30}`, 'advertising', 'identifiers'];
  const day = Math.floor((n / total) * 365);
  const site = `shop-${(day * 7 + (n % 3)) % 60}.test`;
  const categories = r[3].split(',');
  const evidence = [];
  for (const category of categories) evidence.push({ category, where: 'url', key: 'cid', sample: '12…77' });
  return {
    key: `bench:${n}`,
    ts: t0 + Math.floor((n / total) * 365 * 86_400_000),
    site,
    pageUrl: `https://www.${site}/p/item-${n % 5000}`,
    url: `https://www.${r[0]}/collect?v=2&cid=${n}.${n % 977}&dl=https%3A%2F%2Fwww.${site}%2Fp%2Fitem-${n % 5000}`,
    method: 'GET',
    requestType: 'image',
    recipient: `www.${r[0]}`,
    recipientSite: r[0],
    organization: r[1],
    kind: r[2],
    thirdParty: true,
    categories,
    evidence,
    action: n % 10 === 0 ? 'blocked' : 'allowed',
  } as Flow;
}

function* flows(from: number, to: number): Generator<Flow> {
  for (let n = from; n < to; n++) yield syntheticFlow(n, LARGE, T0);
}

/** Puts rows into one object store of the extension's database, from the page. */
async function putRows(page: Page, store: string, rows: unknown[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000)
    await page.evaluate(
      ({ store, rows }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('shareledger');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(store, 'readwrite');
            for (const row of rows) tx.objectStore(store).put(row);
            tx.oncomplete = () => (open.result.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        }),
      { store, rows: rows.slice(i, i + 5000) },
    );
}

/** Generates flows [from, to) inside the page and writes them in batches of 10,000. */
async function loadFlows(page: Page, from: number, to: number): Promise<void> {
  await page.evaluate(
    async ({ source, from, to, total, t0 }) => {
      const make = new Function(`return (${source})`)() as (n: number, total: number, t0: number) => unknown;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('shareledger');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (let start = from; start < to; start += 10_000) {
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('flows', 'readwrite');
          const store = tx.objectStore('flows');
          for (let n = start; n < Math.min(to, start + 10_000); n++) store.add(make(n, total, t0));
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
    },
    { source: syntheticFlow.toString(), from, to, total: LARGE, t0: T0 },
  );
}

/** Rewrites the derived tables for flows [0, to) as the writer would have kept them. */
async function loadDerived(page: Page, to: number): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('shareledger');
        open.onsuccess = () => {
          const tx = open.result.transaction(['totals', 'aggregates', 'retailers'], 'readwrite');
          for (const store of ['totals', 'aggregates', 'retailers']) tx.objectStore(store).clear();
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
  const aggregates = [...buildAggregates(flows(0, to)).values()];
  const retailers = new Map<string, { site: string; firstSeen: number; lastSeen: number }>();
  for (const a of aggregates) {
    const r = retailers.get(a.site) ?? { site: a.site, firstSeen: a.firstSeen, lastSeen: a.lastSeen };
    r.firstSeen = Math.min(r.firstSeen, a.firstSeen);
    r.lastSeen = Math.max(r.lastSeen, a.lastSeen);
    retailers.set(a.site, r);
  }
  await putRows(page, 'totals', [...buildTotals(flows(0, to)).values()]);
  await putRows(page, 'aggregates', aggregates);
  await putRows(page, 'retailers', [...retailers.values()]);
}

async function markTime(page: Page, name: string, timeout = 120_000): Promise<number> {
  await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { timeout });
  return page.evaluate((n) => {
    const entry = performance.getEntriesByName(n)[0];
    return entry.entryType === 'measure' ? entry.duration : entry.startTime;
  }, name);
}

async function heapUsed(cdp: CDPSession): Promise<number> {
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/** Exports flows as Parquet from the dashboard; seconds and peak heap growth in MB. */
async function parquetExport(page: Page, base: string): Promise<{ seconds: number; peakMb: number; bytes: number }> {
  await page.goto(base);
  await page.getByTestId('overview-shops').waitFor({ timeout: 120_000 });
  await page.getByLabel('Format').selectOption('parquet:flows');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const baseline = await heapUsed(cdp);
  let peak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, (await heapUsed(cdp)) - baseline);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const started = performance.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 600_000 }),
    page.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  const path = await download.path();
  const { statSync } = await import('node:fs');
  const bytes = statSync(path).size;
  await cdp.detach();
  return { seconds, peakMb: peak / 1024 / 1024, bytes };
}

const FILTERS = [
  'shop=shop-5.test&category=contact',
  'recipient=google-analytics.com&action=blocked',
  'category=behavior',
  'kind=session-replay',
  'from=2026-03-01&to=2026-03-31',
];
const RARE = 'from=2026-03-01&to=2026-03-30&org=nobody';

export async function run(): Promise<Figures> {
  const figures: Figures = {};
  const ext = await launchWithExtension();
  try {
    const page = await ext.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const base = `chrome-extension://${ext.extensionId}/dashboard.html`;
    await page.goto(base);
    await page.waitForTimeout(500); // the worker has opened (and if need be created) the database

    const started = performance.now();
    await loadFlows(page, 0, SMALL);
    await loadDerived(page, SMALL);
    process.stderr.write(`  loaded ${SMALL} flows in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    if (PARQUET) {
      const small = await parquetExport(page, base);
      figures['ledger.parquet_peak_mb_100k'] = { value: small.peakMb, unit: 'MB' };
    }
    await loadFlows(page, SMALL, LARGE);
    await loadDerived(page, LARGE);
    process.stderr.write(`  loaded ${LARGE} flows in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);

    const paints: number[] = [];
    let timeline = 0;
    for (let i = 0; i < 5; i++) {
      await page.goto(base);
      paints.push(await markTime(page, 'shareledger:overview-painted'));
      if (i === 0) {
        await page.getByTestId('overview-timeline').waitFor({ timeout: 300_000 });
        timeline = await page.evaluate(() => performance.now());
      }
      const shops = await page.getByTestId('overview-shops').locator('tbody tr').count();
      if (shops !== 60) throw new Error(`overview shows ${shops} shops, expected 60`);
    }
    figures['dashboard.first_paint_ms_1m'] = { value: median(paints), unit: 'ms' };
    figures['dashboard.timeline_ms_1m'] = { value: timeline, unit: 'ms' };

    // The first page each filter must show, from the same flows and the dashboard's own predicate.
    const expectedRows = new Map<string, number>();
    for (const query of FILTERS) {
      const matches = flowMatcher(parseFilter(new URLSearchParams(query)).filter);
      let n = 0;
      for (const flow of flows(0, LARGE)) if (matches(flow) && ++n === FLOW_PAGE_SIZE) break;
      expectedRows.set(query, n);
    }
    const filters: number[] = [];
    for (let round = 0; round < 3; round++)
      for (const query of FILTERS) {
        await page.goto(`${base}?view=flows&${query}`);
        filters.push(await markTime(page, 'shareledger:filter'));
        const rows = await page.getByTestId('flow-table').locator('tbody tr').count();
        if (rows !== expectedRows.get(query))
          throw new Error(`filter ${query} showed ${rows} rows, expected ${expectedRows.get(query)}`);
      }
    figures['dashboard.filter_ms_1m'] = { value: median(filters), unit: 'ms' };
    await page.goto(`${base}?view=flows&${RARE}`);
    figures['dashboard.filter_rare_ms_1m'] = { value: await markTime(page, 'shareledger:filter', 300_000), unit: 'ms' };

    if (PARQUET) {
      const large = await parquetExport(page, base);
      figures['ledger.parquet_s_1m'] = { value: large.seconds, unit: 's' };
      figures['ledger.parquet_peak_mb_1m'] = { value: large.peakMb, unit: 'MB' };
      figures['ledger.parquet_mb_1m'] = { value: large.bytes / 1024 / 1024, unit: 'MB (output)' };
    }
  } finally {
    await ext.close();
  }
  return figures;
}
