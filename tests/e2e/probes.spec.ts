import { test, expect, readLedger } from './fixtures';
import type { Flow } from '../../utils/model';
import {
  CHART_SCRIPT,
  DOM_PIXEL_URL,
  FINGERPRINT_COLLECTOR_HOST,
  LATE_CAROUSEL,
  PROBE_PAGE_PATHS,
} from '../../demo-store/probe-pages';
import { PROBE_EVENT } from '../../utils/probes/apis';

const probeRows = (flows: Flow[]) => flows.filter((f) => f.requestType === 'probe' && f.site === 'demo-store.test');

test('fingerprinting and session replay become ledger rows; a chart library reading its canvas does not', async ({
  store,
  ext,
}) => {
  const page = await ext.context.newPage();
  await page.goto(`${store.origin}${PROBE_PAGE_PATHS.login}`, { waitUntil: 'load' });
  // The agent ran to the end under our wrappers: its collector received the visitor hash.
  await expect
    .poll(() => store.log.some((r) => r.host === FINGERPRINT_COLLECTOR_HOST && r.body.includes('visitorId')), {
      timeout: 10_000,
    })
    .toBe(true);
  await expect
    .poll(async () => probeRows((await readLedger(ext)).flows).some((f) => f.recipientSite === 'fpnpmcdn.net'), {
      timeout: 10_000,
    })
    .toBe(true);

  await page.goto(`${store.origin}${PROBE_PAGE_PATHS.deals}`, { waitUntil: 'load' });
  // The wrapped APIs read as native to the page.
  expect(
    await page.evaluate(() => [
      HTMLCanvasElement.prototype.toDataURL.toString(),
      EventTarget.prototype.addEventListener.toString(),
      Function.prototype.toString.toString(),
      Object.getOwnPropertyDescriptor(Navigator.prototype, 'hardwareConcurrency')!.get!.toString(),
    ]),
  ).toEqual([
    'function toDataURL() { [native code] }',
    'function addEventListener() { [native code] }',
    'function toString() { [native code] }',
    'function get hardwareConcurrency() { [native code] }',
  ]);
  // The page behaves as without us: the chart's printable copy is a PNG data URL, the late row renders.
  await expect(page.locator('#price-chart-print')).toHaveAttribute('src', /^data:image\/png;base64,/);
  await expect(page.getByRole('heading', { name: LATE_CAROUSEL.heading })).toBeVisible();
  await expect
    .poll(
      async () =>
        (await readLedger(ext)).placements.some(
          (p) => p.label === LATE_CAROUSEL.heading && p.site === 'demo-store.test',
        ),
      { timeout: 10_000 },
    )
    .toBe(true);
  // Leave the page so its last report is sent, then let the ledger flush.
  await page.goto(`${store.origin}/`, { waitUntil: 'load' });
  await expect
    .poll(
      async () =>
        probeRows((await readLedger(ext)).flows).some(
          (f) => f.recipientSite === 'fullstory.com' && f.pageUrl.endsWith(PROBE_PAGE_PATHS.deals),
        ),
      {
        timeout: 10_000,
      },
    )
    .toBe(true);
  await page.waitForTimeout(500);

  const rows = probeRows((await readLedger(ext)).flows);
  const fingerprinting = rows.find((f) => f.recipientSite === 'fpnpmcdn.net');
  expect(fingerprinting).toMatchObject({
    method: 'DOM',
    url: `https://fpnpmcdn.net/v3/DemoPublicKey01/loader_v3.js`,
    pageUrl: `${store.origin}${PROBE_PAGE_PATHS.login}`,
    thirdParty: true,
    categories: ['device'],
  });
  const signals = new Set(fingerprinting?.evidence.map((e) => e.key));
  for (const key of ['canvas.readback-text', 'audio.offline-render', 'font.measure', 'navigator.read'])
    expect(signals).toContain(key);
  expect(fingerprinting?.evidence.every((e) => e.where === 'dom' && e.category === 'device')).toBe(true);

  const replay = rows.filter((f) => f.recipientSite === 'fullstory.com');
  expect(replay.length).toBeGreaterThanOrEqual(2); // login and deals pages, one row each
  for (const row of replay)
    expect(row).toMatchObject({
      categories: ['behavior'],
      kind: 'session-replay',
      organization: 'FullStory',
      thirdParty: true,
    });
  expect(new Set(replay.map((f) => f.key)).size).toBe(replay.length);
  expect(replay[0].evidence.map((e) => e.key)).toEqual(
    expect.arrayContaining(['global:FS', 'listen.mousemove', 'listen.key-global']),
  );

  // The chart library drew text and read its canvas back once: not fingerprinting.
  expect(rows.filter((f) => f.recipient === CHART_SCRIPT.host)).toEqual([]);
  // Only the two scripts that do something are named: nothing for the shop's own code or the ad tags.
  expect([...new Set(rows.map((f) => f.recipientSite))].sort()).toEqual(['fpnpmcdn.net', 'fullstory.com']);
});

test('a page can forge probe reports: they can only add observations, and malformed ones are dropped', async ({
  store,
  ext,
}) => {
  const page = await ext.context.newPage();
  await page.goto(`${store.origin}/`, { waitUntil: 'load' });
  // The page's real report (FullStory) is in: the pipeline is up.
  await expect
    .poll(async () => probeRows((await readLedger(ext)).flows).some((f) => f.recipientSite === 'fullstory.com'), {
      timeout: 20_000,
    })
    .toBe(true);
  await page.waitForTimeout(1000);
  const before = await readLedger(ext);

  await page.evaluate((event) => {
    const send = (detail: unknown) =>
      window.dispatchEvent(
        new CustomEvent(event, { detail: typeof detail === 'string' ? detail : JSON.stringify(detail) }),
      );
    const uses = { 'canvas.readback-text': 1, 'webgl.renderer': 1 };
    // Malformed: not a report, an unknown API, a script that is not a web URL, broken JSON.
    send({ type: 'forget', site: 'demo-store.test' });
    send({
      page: location.href,
      scripts: [{ script: 'https://malformed.example/x.js', uses: { ...uses, 'consent.revoke': 1 } }],
      globals: [],
    });
    send({ page: location.href, scripts: [{ script: 'javascript:void 0', uses }], globals: [] });
    send('{"page": ');
    // Well-formed: indistinguishable from ours, so it may add an observation, and nothing more.
    send({
      page: location.href,
      scripts: [{ script: 'https://forged.example/fp.js', uses }],
      globals: [],
      consent: { 'demo-store.test': 'granted' },
    });
  }, PROBE_EVENT);
  await expect
    .poll(async () => probeRows((await readLedger(ext)).flows).some((f) => f.recipientSite === 'forged.example'), {
      timeout: 10_000,
    })
    .toBe(true);
  const after = await readLedger(ext);

  // Nothing removed or changed; the malformed reports added nothing; the forged one added one device row.
  const afterByKey = new Map(after.flows.map((f) => [f.key, f]));
  for (const flow of before.flows) expect(afterByKey.get(flow.key)).toEqual(flow);
  expect(after.flows.some((f) => f.recipientSite === 'malformed.example')).toBe(false);
  expect(
    probeRows(after.flows)
      .filter((f) => f.recipientSite === 'forged.example')
      .map((f) => f.categories),
  ).toEqual([['device']]);
  expect(after.placements.length).toBeGreaterThanOrEqual(before.placements.length);
});

test('trackers seen in the page whose URLs carry data (a noscript-style pixel, a hidden ad frame) are dom-* rows; CDNs and the shop are not', async ({
  store,
  ext,
}) => {
  const page = await ext.context.newPage();
  await page.goto(`${store.origin}${PROBE_PAGE_PATHS.deals}`, { waitUntil: 'load' });
  const domRows = async () =>
    (await readLedger(ext)).flows.filter(
      (f) => f.requestType.startsWith('dom-') && f.pageUrl.endsWith(PROBE_PAGE_PATHS.deals),
    );
  await expect
    .poll(async () => (await domRows()).map((f) => `${f.requestType} ${f.recipientSite}`).sort(), { timeout: 10_000 })
    .toEqual(expect.arrayContaining(['dom-iframe doubleclick.net', 'dom-img facebook.com']));
  const rows = await domRows();
  const pixel = rows.find((f) => f.requestType === 'dom-img');
  expect(pixel).toMatchObject({
    url: DOM_PIXEL_URL,
    method: 'DOM',
    vendor: 'meta-pixel',
    thirdParty: true,
    site: 'demo-store.test',
  });
  expect(pixel?.categories).toContain('browsing');
  // Not trackers: the public CDN of the chart library, the shop's sister CDN, the shop itself. Tag
  // scripts (gtag.js, fs.js) are trackers, but their URLs carry no data: not flows.
  const sites = new Set(rows.map((f) => f.recipientSite));
  for (const site of [
    'jsdelivr.net',
    'demo-store-cdn.test',
    'demo-store.test',
    'googletagmanager.com',
    'fullstory.com',
  ])
    expect(sites.has(site)).toBe(false);
});
