import type { Page } from '@playwright/test';
import { test, expect, readLedger } from './fixtures';
import type { DemoStore } from '../../demo-store/server';
import type { ExtensionBrowser } from '../../cli/browser';
import type { Flow } from '../../utils/model';
import { LIBRARY_PAGES, LIBRARY_PAGE_PATH, libraryScriptUrl, type LibraryRole } from '../../demo-store/library-pages';
import { PROBE_EVENT, type ProbeReport } from '../../utils/probes/apis';
import { REPORT_EVERY_MS } from '../../utils/probes/main-world';
import { scoreProbeReport } from '../../utils/probes/score';

const probeRows = (flows: Flow[]) => flows.filter((f) => f.requestType === 'probe' && f.site === 'demo-store.test');
const pagesOf = (role: LibraryRole) => LIBRARY_PAGES.filter((p) => p.role === role);

/** What each library returned: fingerprints look like fingerprints, the others finished their work. */
const RESULTS: Record<string, RegExp> = {
  fingerprintjs: /^[0-9a-f]{32}$/,
  clientjs: /^\d+$/,
  fingerprintjs2: /^[0-9a-f]{32}$/,
  three: /^frames 30$/,
  chartjs: /^chart$/,
  howler: /^loaded 0\.20$/,
  leaflet: /^map$/,
  cropper: /^exported$/,
};

declare global {
  interface Window {
    probeReportsSeen?: string[];
  }
}

/**
 * Opens a library's page, keeping the probe reports the page world dispatches (the ones our content
 * script relays), and waits until the library has finished and a report after that has gone out.
 */
async function visit(
  ext: ExtensionBrowser,
  store: DemoStore,
  id: string,
): Promise<{ page: Page; report: ProbeReport }> {
  const page = await ext.context.newPage();
  await page.addInitScript((event) => {
    window.probeReportsSeen = [];
    window.addEventListener(event, (e) => window.probeReportsSeen!.push(String((e as CustomEvent).detail)));
  }, PROBE_EVENT);
  await page.goto(`${store.origin}${LIBRARY_PAGE_PATH(id)}`, { waitUntil: 'load' });
  await expect(page.locator('body')).toHaveAttribute('data-library-done', RESULTS[id], { timeout: 60_000 });
  // Reports are throttled (one at most every REPORT_EVERY_MS, when something new was seen).
  await page.waitForTimeout(REPORT_EVERY_MS * 2);
  const reports = await page.evaluate(() => window.probeReportsSeen ?? []);
  expect(reports.length).toBeGreaterThan(0); // the store's own tags always give the probes something
  return { page, report: JSON.parse(reports[reports.length - 1]) as ProbeReport };
}

test('FingerprintJS v3, ClientJS and fingerprintjs2 from npm are caught, each a device row for its script', async ({
  store,
  ext,
}) => {
  test.setTimeout(180_000);
  for (const library of pagesOf('fingerprinter')) {
    const { page, report } = await visit(ext, store, library.id);
    const script = libraryScriptUrl(library);
    expect(
      scoreProbeReport(report)
        .filter((v) => v.kind === 'fingerprinting')
        .map((v) => v.script),
    ).toEqual([script]);
    await expect
      .poll(async () => probeRows((await readLedger(ext)).flows).some((f) => f.url === script), { timeout: 20_000 })
      .toBe(true);
    await page.close();
  }
  const rows = probeRows((await readLedger(ext)).flows);
  for (const library of pagesOf('fingerprinter')) {
    const row = rows.find((f) => f.url === libraryScriptUrl(library));
    expect(row, library.id).toMatchObject({
      pageUrl: `${store.origin}${LIBRARY_PAGE_PATH(library.id)}`,
      categories: ['device'],
      thirdParty: true,
    });
    expect(row?.evidence.every((e) => e.source === 'probe:fingerprinting' && e.category === 'device')).toBe(true);
  }
  // ClientJS draws one canvas and enumerates fonts by span widths: the layout signal is what catches it.
  const clientjs = rows.find((f) => f.url === libraryScriptUrl(pagesOf('fingerprinter')[1]));
  expect(new Set(clientjs?.evidence.map((e) => e.key))).toEqual(new Set(['canvas.readback-text', 'font.layout']));
});

test('three.js, Chart.js, howler.js, Leaflet and an image editor export are not fingerprinting', async ({
  store,
  ext,
}) => {
  test.setTimeout(240_000);
  for (const library of pagesOf('ordinary')) {
    const { page, report } = await visit(ext, store, library.id);
    expect(
      scoreProbeReport(report).filter((v) => v.kind === 'fingerprinting'),
      library.id,
    ).toEqual([]);
    // The page's report reached the ledger (FullStory records every store page), with no device row.
    const pageUrl = `${store.origin}${LIBRARY_PAGE_PATH(library.id)}`;
    await expect
      .poll(
        async () =>
          probeRows((await readLedger(ext)).flows).some(
            (f) => f.pageUrl === pageUrl && f.recipientSite === 'fullstory.com',
          ),
        { timeout: 20_000 },
      )
      .toBe(true);
    await page.close();
  }
  const rows = probeRows((await readLedger(ext)).flows);
  expect(rows.filter((f) => f.categories.includes('device'))).toEqual([]);
});
