/**
 * cmp.answer_ms: median time from a cookie banner appearing to ShareLedger answering it, over the
 * demo store's CMP pages (five real CMPs from npm), in chromium with the built extension. A page
 * whose CMP is answered before its banner is drawn counts from the moment the CMP's API was ready
 * (what the answerer reports). Per-CMP medians are printed too (cmp.answer_ms.<cmp>).
 *
 * Measured in the page: a MutationObserver timestamps the banner's first visible frame; the
 * answerer's "answered" event (through the CMP's API) or autoconsent's "clicked" event (by its
 * buttons) carries the time since the CMP was found ready.
 */
import { launchWithExtension } from '../cli/browser';
import { CMP_BANNERS, CMP_IDS, CMP_PAGE_PATH } from '../demo-store/cmp-pages';
import { startDemoStore } from '../demo-store/server';
import { CMP_EVENTS } from '../utils/consent/cmp/page-world';
import { median } from './stats';

type Figures = Record<string, { value: number; unit: string }>;

const ROUNDS = 7;

/**
 * Init script (page world): when the banner first shows, and the answer's report. A string, since
 * tsx would wrap a function's inner helpers in a name-keeping call the page does not have.
 */
function watchBanner(selector: string): string {
  return `(() => {
    const selector = ${JSON.stringify(selector)};
    const visible = () => [...document.querySelectorAll(selector)].some((el) => el.getClientRects().length > 0);
    new MutationObserver(() => {
      if (window.__bannerAt === undefined && visible()) window.__bannerAt = performance.now();
    }).observe(document, { childList: true, subtree: true, attributes: true });
    for (const name of ${JSON.stringify([CMP_EVENTS.answered, CMP_EVENTS.clicked])})
      document.addEventListener(name, (event) => {
        if (!window.__answer) window.__answer = { at: performance.now(), ms: JSON.parse(event.detail).ms };
      });
  })();`;
}

export async function run(): Promise<Figures> {
  const store = await startDemoStore();
  const ext = await launchWithExtension({ hostRules: store.hostResolverRules });
  const figures: Figures = {};
  const all: number[] = [];
  try {
    for (const cmp of CMP_IDS) {
      const samples: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        await ext.context.clearCookies();
        const page = await ext.context.newPage();
        await page.addInitScript(watchBanner(CMP_BANNERS[cmp]));
        await page.goto(`${store.origin}${CMP_PAGE_PATH(cmp)}`);
        await page.waitForFunction(() => (window as unknown as { __answer?: unknown }).__answer, undefined, {
          timeout: 30_000,
        });
        const { bannerAt, answer } = await page.evaluate(() => {
          const w = window as unknown as { __bannerAt?: number; __answer: { at: number; ms: number } };
          return { bannerAt: w.__bannerAt, answer: w.__answer };
        });
        const readyAt = answer.at - answer.ms;
        const start = bannerAt !== undefined && bannerAt < answer.at ? bannerAt : readyAt;
        samples.push(answer.at - start);
        await page.close();
      }
      figures[`cmp.answer_ms.${cmp}`] = { value: median(samples), unit: 'ms' };
      all.push(...samples);
    }
    figures['cmp.answer_ms'] = { value: median(all), unit: 'ms' };
    return figures;
  } finally {
    await ext.close();
    await store.close();
  }
}
