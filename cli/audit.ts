/**
 * `shareledger audit URL... [--urls FILE] [--profile observe|revoke-all|gpc] [--out DIR]
 *  [--host-rules RULES] [--concurrency N] [--settle MS] [--demo]`
 * Runs the built extension in headless chromium over a list of pages and writes DIR/report.json,
 * DIR/ledger.json (the export format) and DIR/report.html. Retailers use it to check their own
 * compliance: does a page stop sharing once the shopper revokes everything, or sends GPC?
 * --demo serves the bundled demo store and audits its pages (no network needed).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { readLedger, type LedgerDump } from './ledger-dump';
import { recipientRows, formatRecipientTable, type RecipientRow } from './report';
import { startDemoStore } from '../demo-store/server';
import { documentFromRows, documentSource, exportJson } from '../utils/ledger/export';
import { siteOfUrl } from '../utils/recipient/site';

export const AUDIT_PROFILES = ['observe', 'revoke-all', 'gpc'] as const;
export type AuditProfile = (typeof AUDIT_PROFILES)[number];

export const AUDIT_USAGE = `usage: shareledger audit URL... [--urls FILE] [--profile ${AUDIT_PROFILES.join('|')}] [--out DIR]
                        [--host-rules RULES] [--concurrency N] [--settle MS] [--demo]`;

interface AuditOptions {
  urls: string[];
  profile: AuditProfile;
  out: string;
  hostRules?: string;
  concurrency: number;
  settleMs: number;
  demo: boolean;
}

export interface PageResult {
  url: string;
  finalUrl?: string;
  site: string;
  status: 'ok' | 'error';
  error?: string;
  gpc?: { jsProperty: boolean };
  recipients: RecipientRow[];
  placements: { kind: string; label: string; vendor?: string }[];
}

export interface AuditReport {
  tool: 'shareledger-audit';
  version: 1;
  profile: AuditProfile;
  startedAt: string;
  finishedAt: string;
  pages: PageResult[];
}

async function parseArgs(args: string[]): Promise<AuditOptions | string> {
  const options: AuditOptions = {
    urls: [],
    profile: 'observe',
    out: 'audit-out',
    concurrency: 1,
    settleMs: 3000,
    demo: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    try {
      if (arg === '--urls')
        options.urls.push(
          ...(await readFile(value(), 'utf8'))
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => l && !l.startsWith('#')),
        );
      else if (arg === '--profile') {
        const profile = value();
        if (!(AUDIT_PROFILES as readonly string[]).includes(profile)) return `unknown profile "${profile}"`;
        options.profile = profile as AuditProfile;
      } else if (arg === '--out') options.out = value();
      else if (arg === '--host-rules') options.hostRules = value();
      else if (arg === '--concurrency') options.concurrency = Math.max(1, Math.min(4, Number(value()) || 1));
      else if (arg === '--settle') options.settleMs = Math.max(0, Number(value()) || 0);
      else if (arg === '--demo') options.demo = true;
      else if (arg.startsWith('--')) return `unknown option ${arg}`;
      else options.urls.push(arg);
    } catch (error) {
      return (error as Error).message;
    }
  }
  for (const url of options.urls) {
    if (!/^https?:\/\//.test(url)) return `not an http(s) URL: ${url}`;
  }
  if (options.urls.length === 0 && !options.demo) return 'no URLs to audit';
  return options;
}

/** The extension APIs the profile setup calls from the extension's own page. */
interface ExtensionApis {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  declarativeNetRequest: {
    updateSessionRules(update: { removeRuleIds: number[]; addRules: unknown[] }): Promise<void>;
  };
  scripting: { registerContentScripts(scripts: unknown[]): Promise<void> };
}

/** Puts the browser in the profile's state through the extension's own page, as a shopper would. */
async function applyProfile(ext: ExtensionBrowser, profile: AuditProfile): Promise<void> {
  if (profile === 'observe') return;
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  if (profile === 'revoke-all') {
    const reply = await page.evaluate(() => {
      const { chrome } = globalThis as unknown as { chrome: ExtensionApis };
      return chrome.runtime.sendMessage({
        type: 'consent',
        change: { op: 'apply-preset', site: null, preset: 'revoke-all' },
      });
    });
    if (!(reply as { ok?: boolean })?.ok) throw new Error(`could not revoke: ${JSON.stringify(reply)}`);
  } else {
    // GPC alone, nothing blocked: the signal a shopper's browser sends, to test the site's response to it.
    await page.evaluate(async () => {
      const { chrome } = globalThis as unknown as { chrome: ExtensionApis };
      await chrome.declarativeNetRequest.updateSessionRules({
        removeRuleIds: [1],
        addRules: [
          {
            id: 1,
            priority: 1,
            action: { type: 'modifyHeaders', requestHeaders: [{ header: 'sec-gpc', operation: 'set', value: '1' }] },
            condition: {},
          },
        ],
      });
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
    });
  }
  await page.close();
}

async function auditChunk(
  urls: string[],
  options: AuditOptions,
  hostRules: string | undefined,
): Promise<{ results: PageResult[]; dump: LedgerDump }> {
  const ext = await launchWithExtension({ hostRules });
  const results: PageResult[] = [];
  try {
    await applyProfile(ext, options.profile);
    for (const url of urls) {
      const page = await ext.context.newPage();
      try {
        await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
        await page.mouse.wheel(0, 2000); // late rows and lazy tags load on scroll
        await page.waitForTimeout(options.settleMs);
        const jsProperty = await page.evaluate(
          () => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true,
        );
        results.push({
          url,
          finalUrl: page.url(),
          site: siteOfUrl(page.url()),
          status: 'ok',
          gpc: { jsProperty },
          recipients: [],
          placements: [],
        });
      } catch (error) {
        results.push({
          url,
          site: siteOfUrl(url),
          status: 'error',
          error: (error as Error).message.split('\n')[0],
          recipients: [],
          placements: [],
        });
      } finally {
        await page.close();
      }
    }
    await new Promise((r) => setTimeout(r, 1500)); // the writer's last batch
    return { results, dump: await readLedger(ext.worker) };
  } finally {
    await ext.close();
  }
}

function attachLedger(results: PageResult[], dump: LedgerDump): void {
  for (const result of results) {
    if (result.status !== 'ok' || !result.finalUrl) continue;
    result.recipients = recipientRows(
      dump.flows.filter((f) => f.pageUrl === result.finalUrl),
      result.site,
    );
    result.placements = dump.placements
      .filter((p) => p.pageUrl === result.finalUrl)
      .map(({ kind, label, vendor }) => ({ kind, label, vendor }));
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderHtml(report: AuditReport): string {
  const sections = report.pages.map((p) => {
    const rows = p.recipients
      .map(
        (r) =>
          `<tr><td>${escapeHtml(r.organization)}</td><td>${escapeHtml(r.recipientSite)}</td><td>${escapeHtml(r.kind)}</td><td>${r.requests}</td><td>${r.blocked}</td><td>${escapeHtml(r.categories.join(', '))}</td></tr>`,
      )
      .join('');
    const body =
      p.status === 'error'
        ? `<p class="error">Could not load: ${escapeHtml(p.error ?? '')}</p>`
        : `<table><thead><tr><th>Recipient</th><th>Site</th><th>Kind</th><th>Requests</th><th>Blocked</th><th>Data received</th></tr></thead><tbody>${rows || '<tr><td colspan="6">Nothing shared with third parties.</td></tr>'}</tbody></table>
<p>Personalized placements: ${p.placements.length}${p.placements.length ? ` (${p.placements.map((x) => `“${escapeHtml(x.label)}”`).join(', ')})` : ''}. navigator.globalPrivacyControl: ${p.gpc?.jsProperty ? 'true' : 'false'}.</p>`;
    return `<section><h2>${escapeHtml(p.url)}</h2>${body}</section>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ShareLedger audit (${report.profile})</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}.error{color:#b03226}</style></head>
<body><h1>ShareLedger audit — profile “${report.profile}”</h1><p>${report.startedAt} to ${report.finishedAt}, ${report.pages.length} pages.</p>${sections.join('\n')}</body></html>\n`;
}

export async function runAudit(
  args: string[],
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  const parsed = await parseArgs(args);
  if (typeof parsed === 'string') {
    log(`shareledger audit: ${parsed}\n${AUDIT_USAGE}`);
    return 2;
  }
  const options = parsed;
  const startedAt = new Date().toISOString();
  const store = options.demo ? await startDemoStore() : undefined;
  try {
    const hostRules = options.hostRules ?? store?.hostResolverRules;
    if (store && options.urls.length === 0) {
      options.urls = ['/', '/product/trail-runner', '/search?q=rain+jacket', '/checkout', '/stores'].map(
        (path) => `${store.origin}${path}`,
      );
    }
    const chunks: string[][] = Array.from({ length: Math.min(options.concurrency, options.urls.length) }, () => []);
    options.urls.forEach((url, i) => chunks[i % chunks.length].push(url));
    const done = await Promise.all(chunks.map((urls) => auditChunk(urls, options, hostRules)));
    const pages: PageResult[] = [];
    const dump: LedgerDump = { flows: [], placements: [] };
    for (const chunk of done) {
      attachLedger(chunk.results, chunk.dump);
      pages.push(...chunk.results);
      dump.flows.push(...chunk.dump.flows);
      dump.placements.push(...chunk.dump.placements);
    }
    pages.sort((a, b) => options.urls.indexOf(a.url) - options.urls.indexOf(b.url));
    const report: AuditReport = {
      tool: 'shareledger-audit',
      version: 1,
      profile: options.profile,
      startedAt,
      finishedAt: new Date().toISOString(),
      pages,
    };

    const out = resolve(options.out);
    await mkdir(out, { recursive: true });
    await writeFile(resolve(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(resolve(out, 'report.html'), renderHtml(report));
    let ledger = '';
    for await (const chunk of exportJson(documentSource(documentFromRows(dump)))) ledger += chunk;
    await writeFile(resolve(out, 'ledger.json'), ledger);

    for (const page of pages) {
      log(`\n${page.url} (${page.status}${page.error ? `: ${page.error}` : ''})`);
      if (page.recipients.length) log(formatRecipientTable(page.recipients));
    }
    log(`\nwrote ${out}/report.json, report.html and ledger.json`);
    return pages.some((p) => p.status === 'error') ? 1 : 0;
  } finally {
    await store?.close();
  }
}
