/**
 * `shareledger audit URL... [--urls FILE] [--profile observe|gpc|revoke-all] [--out DIR]
 *  [--host-rules RULES] [--insecure] [--concurrency N] [--pages N] [--timeout S] [--shard I/N] [--resume]
 *  [--tracker-data all|lists|none]`
 * (contract v2). Each site gets a fresh browser profile with the extension, a visit that looks like a
 * shopper's, and a verdict worded as observations. Sites that err or time out are recorded and the
 * crawl goes on. Exit 0 when the crawl ran (whatever the verdicts), 2 on a usage error, 1 otherwise.
 * `--demo` serves the bundled demo store and audits its three shops (default, compliant, non-compliant).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { assertChromium, EXTENSION_DIR } from './browser';
import { extensionWithTrackerData, parseTrackerDataChoice, type TrackerDataChoice } from './tracker-data';
import { recipientRows } from './report';
import { startVisit, type VisitFacts, type VisitOptions } from './audit-visit';
import {
  OUTPUT_FILES,
  REPORT_VERSION,
  readFinished,
  SiteWriter,
  writeOutputs,
  type AuditReport,
  type BrowserInfo,
  type SiteReport,
} from './audit-output';
import { CrawlProgress, type ProgressSink } from './progress';
import { AUDIT_PROFILES, computeVerdict, type AuditProfile } from '../utils/audit/verdict';
import { dedupe, invalidUrl, parseShard, parseUrlList, selectShard, type Shard } from '../utils/audit/crawl-list';
import { siteOfUrl } from '../utils/recipient/site';
import { startDemoStore } from '../demo-store/server';
import { STORE_HOST } from '../demo-store/pages';
import { storeModeHost } from '../demo-store/modes';

export { AUDIT_PROFILES, type AuditProfile };
export type { AuditReport, SiteReport };

export const AUDIT_USAGE = `usage: shareledger audit URL... [--urls FILE] [--profile ${AUDIT_PROFILES.join('|')}] [--out DIR]
         [--host-rules RULES] [--insecure] [--concurrency N] [--pages N] [--timeout S]
         [--shard I/N] [--resume] [--demo] [--tracker-data all|lists|none]
  --tracker-data lists: EasyList/EasyPrivacy only, without the CC-BY-NC-SA tracker database`;

interface AuditOptions {
  urls: string[];
  profile: AuditProfile;
  out: string;
  hostRules?: string;
  insecure: boolean;
  concurrency: number;
  pages: number;
  timeoutS: number;
  shard?: Shard;
  resume: boolean;
  demo: boolean;
  trackerData: TrackerDataChoice;
}

function positiveInteger(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number ≥ 1, not "${text}"`);
  return n;
}

async function parseArgs(args: string[]): Promise<AuditOptions | string> {
  const options: AuditOptions = {
    urls: [],
    profile: 'observe',
    out: 'audit-out',
    insecure: false,
    concurrency: availableParallelism(),
    pages: 3,
    timeoutS: 90,
    resume: false,
    demo: false,
    trackerData: 'all',
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    try {
      if (arg === '--urls') {
        const file = value();
        const text = await readFile(file, 'utf8').catch((error: Error) => {
          throw new Error(`cannot read ${file}: ${error.message}`);
        });
        options.urls.push(...parseUrlList(text));
      } else if (arg === '--profile') {
        const profile = value();
        if (!(AUDIT_PROFILES as readonly string[]).includes(profile)) return `unknown profile "${profile}"`;
        options.profile = profile as AuditProfile;
      } else if (arg === '--out') options.out = value();
      else if (arg === '--host-rules') options.hostRules = value();
      else if (arg === '--insecure') options.insecure = true;
      else if (arg === '--concurrency') options.concurrency = positiveInteger(arg, value());
      else if (arg === '--pages') options.pages = positiveInteger(arg, value());
      else if (arg === '--timeout') options.timeoutS = positiveInteger(arg, value());
      else if (arg === '--shard') {
        const shard = parseShard(value());
        if (typeof shard === 'string') return shard;
        options.shard = shard;
      } else if (arg === '--resume') options.resume = true;
      else if (arg === '--demo') options.demo = true;
      else if (arg === '--tracker-data') {
        const choice = parseTrackerDataChoice(value());
        if ('error' in choice) return choice.error;
        options.trackerData = choice.choice;
      } else if (arg.startsWith('--')) return `unknown option ${arg}`;
      else options.urls.push(arg);
    } catch (error) {
      return (error as Error).message;
    }
  }
  const invalid = invalidUrl(options.urls);
  if (invalid) return invalid;
  if (options.urls.length === 0 && !options.demo) return 'no URLs to audit';
  return options;
}

const FAILED_GPC = { wellKnown: { present: false, gpc: null }, jsProperty: false, headerSent: false };

function siteReport(url: string, profile: AuditProfile, facts: VisitFacts): SiteReport {
  const site = siteOfUrl(url);
  // Each site has its own browser, so every flow is this visit's; a redirect to another domain is still this site.
  const retailerSites = new Set([site, ...facts.visited.map(siteOfUrl)]);
  const flows = facts.dump.flows.filter((f) => retailerSites.has(f.site));
  return {
    site,
    url,
    status: 'ok',
    gpc: facts.gpc,
    banner: facts.banner,
    verdict: computeVerdict({
      profile,
      failed: false,
      flows,
      startedAt: facts.startedAt,
      gpc: facts.gpc,
      banner: facts.banner,
      bannerAnsweredAt: facts.bannerAnsweredAt,
      gpcResourceUrl: facts.gpcResourceUrl,
    }),
    recipients: recipientRows(
      flows.map((f) => ({ ...f, site })),
      site,
    ).map(({ recipientSite, organization, kind, categories, requests, blocked }) => ({
      recipientSite,
      organization,
      kind,
      categories,
      requests,
      blocked,
    })),
    placements: facts.dump.placements
      .filter((p) => retailerSites.has(p.site))
      .map(({ kind, label, vendor }) => ({ kind, label, vendor })),
    visited: facts.visited,
  };
}

function failedReport(url: string, status: 'error' | 'timeout', error: string): SiteReport {
  return {
    site: siteOfUrl(url),
    url,
    status,
    error,
    gpc: FAILED_GPC,
    banner: { cmp: null, answer: 'none' },
    verdict: computeVerdict({
      profile: 'observe',
      failed: true,
      flows: [],
      startedAt: 0,
      gpc: FAILED_GPC,
      banner: { cmp: null, answer: 'none' },
      gpcResourceUrl: '',
    }),
    recipients: [],
    placements: [],
    visited: [],
  };
}

class SiteTimeout extends Error {}

/** One site, start to end; never throws: an error or a timeout is the site's status. */
async function auditSite(
  url: string,
  options: AuditOptions,
  visitOptions: VisitOptions,
): Promise<{ report: SiteReport; facts?: VisitFacts }> {
  const visit = startVisit(url, visitOptions);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SiteTimeout(`no result within ${options.timeoutS} s`)),
      options.timeoutS * 1000,
    );
  });
  try {
    const facts = await Promise.race([visit.done, timeout]);
    return { report: siteReport(url, options.profile, facts), facts };
  } catch (error) {
    if (error instanceof SiteTimeout) {
      await visit.abort();
      visit.done.catch(() => undefined);
      return { report: failedReport(url, 'timeout', error.message) };
    }
    return { report: failedReport(url, 'error', ((error as Error).message ?? String(error)).split('\n')[0]) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `work` over `items` with at most `concurrency` at once, in list order. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(runners);
}

async function previousBrowser(dir: string): Promise<BrowserInfo | undefined> {
  try {
    return (JSON.parse(await readFile(join(dir, OUTPUT_FILES.json), 'utf8')) as AuditReport).browser;
  } catch {
    return undefined;
  }
}

export interface AuditIo {
  log: (line: string) => void;
  progress: ProgressSink;
}

const defaultIo = (): AuditIo => ({
  log: (line) => process.stderr.write(`${line}\n`),
  progress: { write: (text) => process.stderr.write(text), isTTY: process.stderr.isTTY },
});

export async function runAudit(args: string[], io: AuditIo = defaultIo()): Promise<number> {
  const { log, progress } = io;
  const parsed = await parseArgs(args);
  if (typeof parsed === 'string') {
    log(`shareledger audit: ${parsed}\n${AUDIT_USAGE}`);
    return 2;
  }
  const options = parsed;
  try {
    assertChromium();
    if (!existsSync(join(EXTENSION_DIR, 'manifest.json')))
      throw new Error(`No built extension in ${EXTENSION_DIR}: run \`npx wxt build\` first.`);
  } catch (error) {
    log(`shareledger audit: ${(error as Error).message}`);
    return 1;
  }
  const startedAt = new Date().toISOString();
  const store = options.demo ? await startDemoStore() : undefined;
  const extension = extensionWithTrackerData(EXTENSION_DIR, options.trackerData);
  try {
    if (store) {
      options.insecure = true;
      options.hostRules ??= store.hostResolverRules;
      if (options.urls.length === 0)
        options.urls = [STORE_HOST, storeModeHost('compliant'), storeModeHost('non-compliant')].map(
          (host) => `https://${host}/`,
        );
    }
    const list = selectShard(dedupe(options.urls), options.shard);
    const out = resolve(options.out);
    await mkdir(out, { recursive: true });
    const writer = new SiteWriter(out);
    const finished = options.resume ? await readFinished(out) : new Map<string, SiteReport>();
    if (!options.resume) await writer.reset();
    const todo = list.filter((url) => !finished.has(url));

    const visitOptions: VisitOptions = {
      profile: options.profile,
      hostRules: options.hostRules,
      insecure: options.insecure,
      pages: options.pages,
      navigationTimeoutMs: Math.min(30_000, options.timeoutS * 1000),
      extensionDir: extension.dir,
    };
    const bar = new CrawlProgress(todo.length, progress, list.length - todo.length);
    bar.start();
    const seen: VisitFacts[] = [];
    await pool(todo, options.concurrency, async (url) => {
      const began = Date.now();
      const { report, facts } = await auditSite(url, options, visitOptions);
      if (facts) seen.push(facts);
      await writer.write(report, facts ? facts.dump : { flows: [], placements: [] });
      finished.set(url, report);
      bar.siteFinished(report.site || url, report.status, (Date.now() - began) / 1000);
    });

    const order = new Map(list.map((url, i) => [url, i]));
    const sites = [...finished.values()].sort(
      (a, b) => (order.get(a.url) ?? Infinity) - (order.get(b.url) ?? Infinity),
    );
    const browser: BrowserInfo = seen.length
      ? {
          name: 'chromium',
          version: seen[0].browserVersion,
          automationSignalsCleared: seen.every((f) => f.automationSignalsCleared),
          userAgent: seen[0].userAgent,
        }
      : ((await previousBrowser(out)) ?? { name: 'chromium', version: 'unknown', automationSignalsCleared: false });
    const report: AuditReport = {
      tool: 'shareledger-audit',
      version: REPORT_VERSION,
      profile: options.profile,
      startedAt,
      finishedAt: new Date().toISOString(),
      browser,
      sites,
    };
    await writeOutputs(out, report);
    for (const site of sites) {
      const rules = site.verdict.violations.map((v) => `${v.rule}${v.recipientSite ? ` (${v.recipientSite})` : ''}`);
      log(`${site.site}: ${site.status}, ${site.verdict.status}${rules.length ? `: ${rules.join(', ')}` : ''}`);
    }
    log(`wrote ${out}/report.json, report.ndjson, report.html, ledger.json and flows.csv`);
    return 0;
  } catch (error) {
    log(`shareledger audit: ${(error as Error).message}`);
    return 1;
  } finally {
    extension.dispose();
    await store?.close();
  }
}
