/**
 * What an audit writes in its folder (contract v2): report.ndjson (one site a line, appended as each
 * site finishes, so shards concatenate and `--resume` knows what is done), report.json (every site),
 * ledger.json (export format), flows.csv (one row per ledger flow) and report.html (self-contained).
 * `.ledger-rows.ndjson` holds each finished site's ledger rows between runs of a resumed crawl.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { documentFromRows, documentSource, exportCsv, exportJson } from '../utils/ledger/export';
import type { Flow, PlacementRecord } from '../utils/model';
import {
  describeViolation,
  type AuditProfile,
  type BannerObservation,
  type GpcObservation,
  type Verdict,
} from '../utils/audit/verdict';
import { pipeChunks } from './export';

export const REPORT_VERSION = 2;

export interface SiteRecipient {
  recipientSite: string;
  organization: string;
  kind: string;
  categories: string[];
  requests: number;
  blocked: number;
}

export interface SiteReport {
  site: string;
  url: string;
  status: 'ok' | 'error' | 'timeout';
  error?: string;
  gpc: GpcObservation;
  banner: BannerObservation;
  verdict: Verdict;
  recipients: SiteRecipient[];
  placements: { kind: string; label: string; vendor?: string }[];
  /** The pages the visit loaded, the first included. */
  visited: string[];
}

export interface BrowserInfo {
  name: 'chromium';
  version: string;
  automationSignalsCleared: boolean;
  userAgent?: string;
}

export interface AuditReport {
  tool: 'shareledger-audit';
  version: typeof REPORT_VERSION;
  profile: AuditProfile;
  startedAt: string;
  finishedAt: string;
  browser: BrowserInfo;
  sites: SiteReport[];
}

interface LedgerRowsLine {
  url: string;
  flows: Flow[];
  placements: PlacementRecord[];
}

export const OUTPUT_FILES = {
  ndjson: 'report.ndjson',
  json: 'report.json',
  html: 'report.html',
  ledger: 'ledger.json',
  flows: 'flows.csv',
  ledgerRows: '.ledger-rows.ndjson',
} as const;

/** Lines of an NDJSON file that parse; a torn last line (a crawl killed mid-write) is skipped. */
async function readNdjson<T>(path: string): Promise<T[]> {
  if (!existsSync(path)) return [];
  const out: T[] = [];
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // skipped: the site is audited again
    }
  }
  return out;
}

/** The sites already finished in DIR (by URL, the last line of each). */
export async function readFinished(dir: string): Promise<Map<string, SiteReport>> {
  const finished = new Map<string, SiteReport>();
  for (const site of await readNdjson<SiteReport>(join(dir, OUTPUT_FILES.ndjson))) finished.set(site.url, site);
  return finished;
}

/** Appends, one at a time: parallel sites finishing together must not interleave their lines. */
export class SiteWriter {
  private queue: Promise<void> = Promise.resolve();
  constructor(private readonly dir: string) {}

  /** Starts a fresh crawl in DIR: earlier lines are dropped. */
  async reset(): Promise<void> {
    await writeFile(join(this.dir, OUTPUT_FILES.ndjson), '');
    await writeFile(join(this.dir, OUTPUT_FILES.ledgerRows), '');
  }

  /** Ledger rows first, then the report line: a site whose line is written has its rows. */
  write(site: SiteReport, rows: { flows: Flow[]; placements: PlacementRecord[] }): Promise<void> {
    const line: LedgerRowsLine = { url: site.url, ...rows };
    this.queue = this.queue.then(async () => {
      await appendFile(join(this.dir, OUTPUT_FILES.ledgerRows), `${JSON.stringify(line)}\n`);
      await appendFile(join(this.dir, OUTPUT_FILES.ndjson), `${JSON.stringify(site)}\n`);
    });
    return this.queue;
  }
}

/** Rewrites report.ndjson without duplicates and writes report.json, ledger.json, flows.csv and report.html. */
export async function writeOutputs(dir: string, report: AuditReport): Promise<void> {
  await writeFile(join(dir, OUTPUT_FILES.ndjson), report.sites.map((s) => `${JSON.stringify(s)}\n`).join(''));
  await writeFile(join(dir, OUTPUT_FILES.json), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(dir, OUTPUT_FILES.html), renderHtml(report));

  const wanted = new Set(report.sites.map((s) => s.url));
  const byUrl = new Map<string, LedgerRowsLine>();
  for (const line of await readNdjson<LedgerRowsLine>(join(dir, OUTPUT_FILES.ledgerRows)))
    if (wanted.has(line.url)) byUrl.set(line.url, line);
  const flows: Flow[] = [];
  const placements: PlacementRecord[] = [];
  for (const site of report.sites) {
    const line = byUrl.get(site.url);
    if (line) {
      flows.push(...line.flows);
      placements.push(...line.placements);
    }
  }
  const source = documentSource(documentFromRows({ flows, placements }));
  await writeChunks(join(dir, OUTPUT_FILES.ledger), exportJson(source));
  await writeChunks(join(dir, OUTPUT_FILES.flows), exportCsv(source, 'flows'));
}

async function writeChunks(path: string, chunks: AsyncIterable<string>): Promise<void> {
  const file = createWriteStream(path);
  await pipeChunks(chunks, file);
  file.end();
  await once(file, 'finish');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STATUS_TEXT: Record<Verdict['status'], string> = {
  'no-violation-observed': 'No violation observed',
  'violations-observed': 'Violations observed',
  inconclusive: 'Inconclusive',
};

function yesNo(value: boolean | null): string {
  return value === null ? 'unknown' : value ? 'yes' : 'no';
}

function renderSite(s: SiteReport): string {
  const failure = s.status === 'ok' ? '' : `<p class="error">${escapeHtml(s.status)}: ${escapeHtml(s.error ?? '')}</p>`;
  const violations = s.verdict.violations
    .map(
      (v) => `<li><strong>${escapeHtml(v.rule)}</strong>: ${escapeHtml(describeViolation(v))} (at ${v.at} ms)
<ul>${v.evidence.map((e) => `<li><code>${escapeHtml(e.key)}</code> = ${escapeHtml(e.sample)} <small>${escapeHtml(e.url.slice(0, 160))}</small></li>`).join('')}</ul></li>`,
    )
    .join('');
  const recipients = s.recipients
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.organization)}</td><td>${escapeHtml(r.recipientSite)}</td><td>${escapeHtml(r.kind)}</td><td>${r.requests}</td><td>${r.blocked}</td><td>${escapeHtml(r.categories.join(', '))}</td></tr>`,
    )
    .join('');
  return `<section id="${escapeHtml(s.site)}"><h2>${escapeHtml(s.site)} <span class="status ${s.verdict.status}">${STATUS_TEXT[s.verdict.status]}</span></h2>
<p><a href="${escapeHtml(s.url)}">${escapeHtml(s.url)}</a>; pages visited: ${s.visited.length}.</p>${failure}
<p>GPC: header sent ${yesNo(s.gpc.headerSent)}, navigator.globalPrivacyControl ${yesNo(s.gpc.jsProperty)}, /.well-known/gpc.json ${s.gpc.wellKnown.present ? `present (gpc: ${String(s.gpc.wellKnown.gpc)})` : 'absent'}. Banner: ${s.banner.cmp ? escapeHtml(s.banner.cmp) : 'none found'}, answer ${s.banner.answer}.</p>
${violations ? `<ul class="violations">${violations}</ul>` : ''}
<table><thead><tr><th>Recipient</th><th>Site</th><th>Kind</th><th>Requests</th><th>Blocked</th><th>Data received</th></tr></thead><tbody>${recipients || '<tr><td colspan="6">Nothing shared with third parties was observed.</td></tr>'}</tbody></table>
<p>Personalized placements: ${s.placements.length}${s.placements.length ? ` (${s.placements.map((p) => `“${escapeHtml(p.label)}”`).join(', ')})` : ''}.</p></section>`;
}

/** One file, no remote fonts, scripts or images: it opens the same offline and in an archive. */
export function renderHtml(report: AuditReport): string {
  const summary = report.sites
    .map(
      (s) =>
        `<tr><td><a href="#${escapeHtml(s.site)}">${escapeHtml(s.site)}</a></td><td>${s.status}</td><td class="${s.verdict.status}">${STATUS_TEXT[s.verdict.status]}</td><td>${s.verdict.violations.map((v) => escapeHtml(v.rule)).join(', ')}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ShareLedger audit (${report.profile})</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:75rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}.error{color:#b03226}.violations-observed{color:#b03226}.no-violation-observed{color:#1d6b35}.inconclusive{color:#8a6100}.status{font-size:.8em}small{color:#666;word-break:break-all}</style></head>
<body><h1>ShareLedger audit — profile “${report.profile}”</h1>
<p>${escapeHtml(report.startedAt)} to ${escapeHtml(report.finishedAt)}, ${report.sites.length} sites, chromium ${escapeHtml(report.browser.version)}; automation signals ${report.browser.automationSignalsCleared ? 'cleared (the sites saw no navigator.webdriver and no headless user agent)' : 'not cleared: sites could tell the browser was automated'}.</p>
<p>Verdicts are observations of what this browser saw, not legal findings.</p>
<table><thead><tr><th>Site</th><th>Visit</th><th>Verdict</th><th>Rules</th></tr></thead><tbody>${summary}</tbody></table>
${report.sites.map(renderSite).join('\n')}</body></html>\n`;
}
