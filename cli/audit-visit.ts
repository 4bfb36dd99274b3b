/**
 * One site's visit, in a fresh browser profile with the extension: the profile applied once the
 * extension is ready, the page loaded the way a shopper's browser loads it, the network let settle,
 * the page scrolled, up to `pages` same-site pages visited (a product, a search), GPC support asked
 * for, and the ledger read out. Everything here is facts; the verdict is utils/audit/verdict.ts.
 */
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { flushLedger, readLedger, type LedgerDump } from './ledger-dump';
import { HUMAN_LIKE_ARGS, readAutomationSignals, signalsCleared, useHeadedUserAgent } from './human-like';
import { readBannerAnswer, watchBannerAnswers } from './banner-watch';
import { gpcEverywhereRule } from '../utils/consent/compile';
import type { AuditProfile, BannerObservation, GpcObservation } from '../utils/audit/verdict';
import { pickSameSitePages, type PageLink } from '../utils/audit/links';
import { siteOfUrl } from '../utils/recipient/site';

export interface VisitOptions {
  profile: AuditProfile;
  hostRules?: string;
  insecure: boolean;
  /** Pages of the site in all, the first included. */
  pages: number;
  /** Per-page navigation timeout (ms). */
  navigationTimeoutMs: number;
  /** The built extension to load (a copy without some tracker data for --tracker-data). */
  extensionDir?: string;
}

export interface VisitFacts {
  startedAt: number;
  visited: string[];
  gpc: GpcObservation;
  banner: BannerObservation;
  bannerAnsweredAt?: number;
  gpcResourceUrl: string;
  automationSignalsCleared: boolean;
  userAgent: string;
  browserVersion: string;
  dump: LedgerDump;
}

/** A visit in progress; `abort` closes its browser (a per-site timeout). */
export interface RunningVisit {
  done: Promise<VisitFacts>;
  abort(): Promise<void>;
}

/** The extension APIs the profile setup calls from the extension's own page. */
interface ExtensionApis {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  declarativeNetRequest: {
    updateSessionRules(update: { removeRuleIds: number[]; addRules: unknown[] }): Promise<void>;
  };
  scripting: { registerContentScripts(scripts: unknown[]): Promise<void> };
}

const GPC_RULE_ID = 1;
const SEARCH_TERM = 'shoes';

/**
 * Waits until the extension answers from its own page (its listeners are registered by then), then
 * puts the browser in the profile's state, as a shopper would through the popup.
 */
async function prepareExtension(ext: ExtensionBrowser, profile: AuditProfile): Promise<void> {
  const page = await ext.context.newPage();
  try {
    await page.goto(`chrome-extension://${ext.extensionId}/popup.html`);
    const status = await page.evaluate(() => {
      const { chrome } = globalThis as unknown as { chrome: ExtensionApis };
      return chrome.runtime.sendMessage({ type: 'ledger-status' });
    });
    if (!(status as { ok?: boolean })?.ok) throw new Error(`extension not ready: ${JSON.stringify(status)}`);
    // revoke-all: everything revoked and enforced (banners refused from those choices where the
    // extension answers them); observe: enforcement paused, so the extension blocks nothing and
    // answers no banner; gpc: every category granted (nothing blocked) and banners refused, the
    // opt-out a shopper sends with GPC.
    const changes =
      profile === 'revoke-all'
        ? [{ op: 'apply-preset', site: null, preset: 'revoke-all' }]
        : profile === 'gpc'
          ? [
              { op: 'apply-preset', site: null, preset: 'allow-all' },
              { op: 'set-banners', site: null, mode: 'refuse' },
            ]
          : [{ op: 'set-paused', paused: true }];
    for (const change of changes) {
      const reply = await page.evaluate((change) => {
        const { chrome } = globalThis as unknown as { chrome: ExtensionApis };
        return chrome.runtime.sendMessage({ type: 'consent', change });
      }, change);
      if (!(reply as { ok?: boolean })?.ok) throw new Error(`could not set the profile: ${JSON.stringify(reply)}`);
    }
    if (profile === 'gpc') {
      // GPC alone, nothing blocked: the signal a shopper's browser sends, to see what the site does with it.
      await page.evaluate(
        async ({ rule }) => {
          const { chrome } = globalThis as unknown as { chrome: ExtensionApis };
          await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: [rule.id], addRules: [rule] });
          await chrome.scripting.registerContentScripts([
            {
              id: 'audit-gpc',
              js: ['gpc-signal.js'],
              matches: ['<all_urls>'],
              runAt: 'document_start',
              world: 'MAIN',
              allFrames: true,
              persistAcrossSessions: false,
            },
          ]);
        },
        { rule: gpcEverywhereRule(GPC_RULE_ID) },
      );
    }
  } finally {
    await page.close();
  }
}

/**
 * Lets the page's network settle, then scrolls as a reader does. Bounded: session-replay and
 * analytics tags beacon every few hundred milliseconds, so many pages never go quiet.
 */
async function settleAndScroll(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 2500 }).catch(() => undefined);
  for (let i = 0; i < 4; i++) {
    await page.mouse.wheel(0, 700);
    await page.waitForTimeout(150);
  }
  await page.waitForLoadState('networkidle', { timeout: 1000 }).catch(() => undefined);
}

/** Links, and the site's search form as a link, in document order. */
function readPageLinks(page: Page, searchTerm: string): Promise<PageLink[]> {
  return page.evaluate((term) => {
    const links: { url: string; search: boolean }[] = [];
    for (const form of Array.from(document.querySelectorAll('form'))) {
      const input = form.querySelector<HTMLInputElement>(
        'input[type=search], input[name=q], input[name=s], input[name=query]',
      );
      const isSearch = form.getAttribute('role') === 'search' || /search/i.test(form.action) || !!input;
      if (!isSearch || !input?.name || (form.method || 'get').toLowerCase() !== 'get') continue;
      const url = new URL(form.action || location.href, location.href);
      url.searchParams.set(input.name, term);
      links.push({ url: url.href, search: true });
    }
    for (const a of Array.from(document.querySelectorAll<HTMLAnchorElement>('a[href]')))
      links.push({ url: a.href, search: false });
    return links;
  }, searchTerm);
}

/** /.well-known/gpc.json, fetched by the page itself so host rules, certificates and the extension apply. */
async function fetchGpcSupport(page: Page, url: string): Promise<GpcObservation['wellKnown']> {
  const body = await page
    .evaluate(async (u) => {
      const response = await fetch(u, { credentials: 'omit', cache: 'no-store', redirect: 'follow' });
      return response.ok ? response.text() : undefined;
    }, url)
    .catch(() => undefined);
  if (body === undefined) return { present: false, gpc: null };
  try {
    const parsed = JSON.parse(body) as { gpc?: unknown };
    if (!parsed || typeof parsed !== 'object') return { present: false, gpc: null };
    return { present: true, gpc: typeof parsed.gpc === 'boolean' ? parsed.gpc : null };
  } catch {
    return { present: false, gpc: null };
  }
}

/** Waits until the worker has written what it observed: the flow count stops moving (bounded). */
async function ledgerSettled(ext: ExtensionBrowser): Promise<LedgerDump> {
  // A count that stops moving is not enough alone: a worker still starting writes nothing for a while.
  await flushLedger(ext.context, ext.extensionId);
  let dump = await readLedger(ext.worker);
  for (let round = 0; round < 8; round++) {
    await new Promise((r) => setTimeout(r, 500));
    await flushLedger(ext.context, ext.extensionId);
    const next = await readLedger(ext.worker);
    const settled = next.flows.length === dump.flows.length && next.placements.length === dump.placements.length;
    dump = next;
    if (settled && round >= 1) break;
  }
  return dump;
}

async function visit(ext: ExtensionBrowser, url: string, options: VisitOptions): Promise<VisitFacts> {
  await prepareExtension(ext, options.profile);
  await watchBannerAnswers(ext.context);
  const page = await ext.context.newPage();
  const browser = await useHeadedUserAgent(ext.context, page);
  page.setDefaultTimeout(options.navigationTimeoutMs);

  const startedAt = Date.now();
  const response = await page.goto(url, { waitUntil: 'load', timeout: options.navigationTimeoutMs });
  const sent = response ? await response.request().allHeaders() : {};
  const headerSent = sent['sec-gpc'] === '1';
  const visited = [page.url()];
  const jsProperty = await page.evaluate(
    () => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true,
  );
  const signals = await readAutomationSignals(page);
  await settleAndScroll(page);
  // Banners are answered by the extension (where it finds one) while the first page settles.
  const { banner, answeredAt: bannerAnsweredAt } = await readBannerAnswer(page);

  const site = siteOfUrl(url);
  const candidates = await readPageLinks(page, SEARCH_TERM);
  for (const next of pickSameSitePages(candidates, site, visited, options.pages - 1)) {
    try {
      await page.goto(next, { waitUntil: 'load', timeout: options.navigationTimeoutMs });
      visited.push(page.url());
      await settleAndScroll(page);
    } catch {
      // A link that does not load is one page fewer, not a failed site.
    }
  }
  const gpcResourceUrl = new URL('/.well-known/gpc.json', visited[0]).href;
  const wellKnown = await fetchGpcSupport(page, gpcResourceUrl);
  await page.close({ runBeforeUnload: true });
  const dump = await ledgerSettled(ext);
  return {
    startedAt,
    visited,
    gpc: { wellKnown, jsProperty, headerSent },
    banner,
    bannerAnsweredAt,
    gpcResourceUrl,
    automationSignalsCleared: signalsCleared(signals),
    userAgent: browser.userAgent,
    browserVersion: browser.version,
    dump,
  };
}

/** Starts a site's visit in a fresh profile; the browser is closed when it ends, however it ends. */
export function startVisit(url: string, options: VisitOptions): RunningVisit {
  let ext: ExtensionBrowser | undefined;
  let aborted = false;
  const done = (async () => {
    ext = await launchWithExtension({
      hostRules: options.hostRules,
      extensionDir: options.extensionDir,
      acceptInsecureCerts: options.insecure,
      extraArgs: HUMAN_LIKE_ARGS,
    });
    if (aborted) throw new Error('aborted');
    try {
      return await visit(ext, url, options);
    } finally {
      await ext.close().catch(() => undefined);
    }
  })();
  return {
    done,
    async abort() {
      aborted = true;
      await ext?.close().catch(() => undefined);
    },
  };
}
