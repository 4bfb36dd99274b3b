/**
 * Export (contract of DESIGN.md, format version 2: version 1 plus the cookie-banner answers): JSON, NDJSON and CSV, as async generators of string chunks.
 * Rows are read a page at a time from a LedgerSource (IndexedDB by primary key, or a parsed export
 * document for the CLI), so memory depends on the page size, not on the number of rows.
 * The same formatting code serves the extension and the CLI.
 */
import { CATEGORIES, type Category } from '../categories';
import { provenanceOf, type Flow, type PlacementRecord } from '../model';
import type { BannerAnswerRecord } from './banners';
import { researcherRows, type ExportAudience } from './share';
import type { ConsentRow, LedgerDb, RetailerRow } from './db';

export const EXPORT_FORMAT = 'shareledger';
export const EXPORT_VERSION = 2;
/** Versions import reads: a version 1 document is version 2 without banner answers. */
export const READABLE_EXPORT_VERSIONS: readonly number[] = [1, 2];

export const EXPORT_TABLES = ['retailers', 'flows', 'placements', 'consent', 'banners'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** The NDJSON "type" of each table's records. */
export const RECORD_TYPE: Record<ExportTable, 'retailer' | 'flow' | 'placement' | 'consent' | 'banner'> = {
  retailers: 'retailer',
  flows: 'flow',
  placements: 'placement',
  consent: 'consent',
  banners: 'banner',
};

export interface ExportRows {
  retailers: RetailerRow;
  flows: Flow;
  placements: PlacementRecord;
  consent: ConsentRow;
  banners: BannerAnswerRecord;
}

/** The JSON export document. */
export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  /** Who it was made for; absent in exports older than the choice ("me"). */
  audience?: ExportAudience;
  retailers: RetailerRow[];
  flows: Flow[];
  placements: PlacementRecord[];
  consent: ConsentRow[];
  banners: BannerAnswerRecord[];
}

/** Where exported rows come from, a page at a time, in a stable order. */
export interface LedgerSource {
  pages<T extends ExportTable>(table: T): AsyncIterable<ExportRows[T][]>;
}

export const EXPORT_PAGE_SIZE = 1000;

/**
 * Reads the ledger in pages by primary key, each page its own short transaction, so an export never
 * holds more than one page and never blocks the writer for long. Rows written during the export
 * appear if their key sorts after the page being read (flows and placements: always, ids grow).
 */
export function dexieSource(db: LedgerDb, pageSize = EXPORT_PAGE_SIZE): LedgerSource {
  return {
    async *pages(table) {
      const t = db.table(table);
      let last: unknown = undefined;
      for (;;) {
        const query = last === undefined ? t.orderBy(':id') : t.where(':id').above(last);
        const page = (await query.limit(pageSize).toArray()) as ExportRows[typeof table][];
        if (page.length === 0) return;
        last = primaryKeyOf(table, page[page.length - 1]);
        yield page;
        if (page.length < pageSize) return;
      }
    },
  };
}

function primaryKeyOf(table: ExportTable, row: unknown): unknown {
  const r = row as Record<string, unknown>;
  if (table === 'retailers') return r.site;
  if (table === 'consent') return [r.site, r.category];
  if (table === 'banners') return r.key; // the ledger row's key, derived from its fields (not exported)
  return r.id;
}

/** A parsed (and validated) export document as a source: the CLI's path. */
export function documentSource(doc: Pick<ExportDocument, ExportTable>, pageSize = EXPORT_PAGE_SIZE): LedgerSource {
  return {
    async *pages(table) {
      const rows = doc[table] as ExportRows[typeof table][];
      for (let i = 0; i < rows.length; i += pageSize) yield rows.slice(i, i + pageSize);
    },
  };
}

/**
 * An export document built from raw ledger rows (e.g. the audit command's dump of a browser's
 * IndexedDB). Retailers are derived from the rows when not given. Rows keep the order given.
 */
export function documentFromRows(
  rows: {
    flows: Flow[];
    placements: PlacementRecord[];
    retailers?: RetailerRow[];
    consent?: ConsentRow[];
    banners?: BannerAnswerRecord[];
  },
  now = Date.now(),
): ExportDocument {
  let retailers = rows.retailers;
  if (!retailers) {
    const spans = new Map<string, RetailerRow>();
    for (const { site, ts } of [...rows.flows, ...rows.placements]) {
      if (!site) continue;
      const span = spans.get(site);
      if (!span) spans.set(site, { site, firstSeen: ts, lastSeen: ts });
      else {
        span.firstSeen = Math.min(span.firstSeen, ts);
        span.lastSeen = Math.max(span.lastSeen, ts);
      }
    }
    retailers = [...spans.values()].sort((a, b) => (a.site < b.site ? -1 : a.site > b.site ? 1 : 0));
  }
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date(now).toISOString(),
    retailers,
    flows: rows.flows.map((f) => exportRecord('flows', f) as unknown as Flow),
    placements: rows.placements.map((p) => exportRecord('placements', p) as unknown as PlacementRecord),
    consent: rows.consent ?? [],
    banners: (rows.banners ?? []).map((b) => exportRecord('banners', b) as unknown as BannerAnswerRecord),
  };
}

/* ---------- record shapes: a fixed field order, internal ids left out ---------- */

export function exportRecord<T extends ExportTable>(table: T, row: ExportRows[T]): Record<string, unknown> {
  switch (table) {
    case 'retailers': {
      const r = row as RetailerRow;
      return { site: r.site, firstSeen: r.firstSeen, lastSeen: r.lastSeen };
    }
    case 'consent': {
      const c = row as ConsentRow;
      return { site: c.site, category: c.category, state: c.state, updatedAt: c.updatedAt };
    }
    case 'banners': {
      const b = row as BannerAnswerRecord;
      return {
        site: b.site,
        cmp: b.cmp,
        status: b.status,
        how: b.how,
        accepted: b.accepted,
        refused: b.refused,
        firstSeen: b.firstSeen,
        lastSeen: b.lastSeen,
        times: b.times,
      };
    }
    case 'placements': {
      const p = row as PlacementRecord;
      return withoutUndefined({
        key: p.key,
        ts: p.ts,
        site: p.site,
        pageUrl: p.pageUrl,
        kind: p.kind,
        label: p.label,
        vendor: p.vendor,
        why: p.why,
        categories: p.categories,
      });
    }
    default: {
      const f = row as Flow;
      return withoutUndefined({
        key: f.key,
        ts: f.ts,
        site: f.site,
        pageUrl: f.pageUrl,
        url: f.url,
        method: f.method,
        requestType: f.requestType,
        recipient: f.recipient,
        recipientSite: f.recipientSite,
        organization: f.organization,
        kind: f.kind,
        vendor: f.vendor,
        thirdParty: f.thirdParty,
        categories: f.categories,
        evidence: f.evidence.map((e) =>
          withoutUndefined({ category: e.category, where: e.where, key: e.key, sample: e.sample, source: e.source }),
        ),
        action: f.action,
        nameSource: f.nameSource,
        provenance: provenanceOf(f),
      });
    }
  }
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(record)) if (record[k] === undefined) delete record[k];
  return record;
}

export interface ExportOptions {
  /** The export's timestamp; tests pass a fixed one. */
  now?: () => number;
  /** "me" (default): everything the ledger keeps; "researcher": see share.ts. */
  audience?: ExportAudience;
}

/** The rows of a source as the audience receives them. */
export function forAudience(source: LedgerSource, audience: ExportAudience = 'me'): LedgerSource {
  if (audience === 'me') return source;
  const rows = researcherRows();
  return {
    async *pages(table) {
      for await (const page of source.pages(table)) {
        if (table === 'flows') yield (page as Flow[]).map(rows.flow) as typeof page;
        else if (table === 'placements') yield (page as PlacementRecord[]).map(rows.placement) as typeof page;
        else yield page;
      }
    },
  };
}

/** The JSON document, streamed: one row a line inside each array. */
export async function* exportJson(ledger: LedgerSource, options: ExportOptions = {}): AsyncGenerator<string> {
  const exportedAt = new Date(options.now?.() ?? Date.now()).toISOString();
  const audience = options.audience ?? 'me';
  const source = forAudience(ledger, audience);
  yield `{"format":"${EXPORT_FORMAT}","version":${EXPORT_VERSION},"exportedAt":${JSON.stringify(exportedAt)},"audience":"${audience}"`;
  for (const table of EXPORT_TABLES) {
    yield `,\n${JSON.stringify(table)}:[`;
    let first = true;
    for await (const page of source.pages(table)) {
      let chunk = '';
      for (const row of page) {
        chunk += (first ? '\n' : ',\n') + JSON.stringify(exportRecord(table, row));
        first = false;
      }
      yield chunk;
    }
    yield first ? ']' : '\n]';
  }
  yield '}\n';
}

/**
 * NDJSON order: the small tables before the flows, so readers that infer columns from the first
 * lines (DuckDB samples 20,480) see the fields of every record type.
 */
export const NDJSON_ORDER: readonly ExportTable[] = ['retailers', 'consent', 'banners', 'placements', 'flows'];

/** NDJSON: a "meta" line with format and version, then one record a line with its "type". */
export async function* exportNdjson(ledger: LedgerSource, options: ExportOptions = {}): AsyncGenerator<string> {
  const exportedAt = new Date(options.now?.() ?? Date.now()).toISOString();
  const audience = options.audience ?? 'me';
  const source = forAudience(ledger, audience);
  yield JSON.stringify({ type: 'meta', format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt, audience }) + '\n';
  for (const table of NDJSON_ORDER) {
    const type = RECORD_TYPE[table];
    for await (const page of source.pages(table)) {
      let chunk = '';
      for (const row of page) chunk += JSON.stringify({ type, ...exportRecord(table, row) }) + '\n';
      yield chunk;
    }
  }
}

/* ---------- CSV (RFC 4180) ---------- */

type Cell = string | number | boolean | undefined;
interface CsvColumn<T> {
  name: string;
  value: (row: T) => Cell;
}

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : '');
const joined = (values: readonly string[]): string => values.join(';');

/** The CSV columns of each table: the one list the column dictionary (docs/ledger-columns.md) documents. */
export const CSV_COLUMNS: { [T in ExportTable]: CsvColumn<ExportRows[T]>[] } = {
  retailers: [
    { name: 'site', value: (r) => r.site },
    { name: 'firstSeen', value: (r) => r.firstSeen },
    { name: 'firstSeenTime', value: (r) => iso(r.firstSeen) },
    { name: 'lastSeen', value: (r) => r.lastSeen },
    { name: 'lastSeenTime', value: (r) => iso(r.lastSeen) },
  ],
  flows: [
    { name: 'key', value: (f) => f.key },
    { name: 'ts', value: (f) => f.ts },
    { name: 'time', value: (f) => iso(f.ts) },
    { name: 'site', value: (f) => f.site },
    { name: 'pageUrl', value: (f) => f.pageUrl },
    { name: 'url', value: (f) => f.url },
    { name: 'method', value: (f) => f.method },
    { name: 'requestType', value: (f) => f.requestType },
    { name: 'recipient', value: (f) => f.recipient },
    { name: 'recipientSite', value: (f) => f.recipientSite },
    { name: 'organization', value: (f) => f.organization },
    { name: 'kind', value: (f) => f.kind },
    { name: 'vendor', value: (f) => f.vendor },
    { name: 'thirdParty', value: (f) => f.thirdParty },
    { name: 'action', value: (f) => f.action },
    { name: 'provenance', value: (f) => provenanceOf(f) },
    { name: 'categories', value: (f) => joined(f.categories) },
    ...CATEGORIES.map((category: Category) => ({
      name: `category_${category}`,
      value: (f: Flow) => f.categories.includes(category),
    })),
    { name: 'evidenceCount', value: (f) => f.evidence.length },
    { name: 'evidence', value: (f) => JSON.stringify(exportRecord('flows', f).evidence) },
    // Added after the v1 columns, so readers that count columns keep working.
    { name: 'nameSource', value: (f) => f.nameSource },
  ],
  placements: [
    { name: 'key', value: (p) => p.key },
    { name: 'ts', value: (p) => p.ts },
    { name: 'time', value: (p) => iso(p.ts) },
    { name: 'site', value: (p) => p.site },
    { name: 'pageUrl', value: (p) => p.pageUrl },
    { name: 'kind', value: (p) => p.kind },
    { name: 'label', value: (p) => p.label },
    { name: 'vendor', value: (p) => p.vendor },
    { name: 'why', value: (p) => p.why },
    { name: 'categories', value: (p) => joined(p.categories) },
  ],
  consent: [
    { name: 'site', value: (c) => c.site },
    { name: 'category', value: (c) => c.category },
    { name: 'state', value: (c) => c.state },
    { name: 'updatedAt', value: (c) => c.updatedAt },
    { name: 'updatedAtTime', value: (c) => iso(c.updatedAt) },
  ],
  banners: [
    { name: 'site', value: (b) => b.site },
    { name: 'cmp', value: (b) => b.cmp },
    { name: 'status', value: (b) => b.status },
    { name: 'how', value: (b) => b.how },
    { name: 'accepted', value: (b) => joined(b.accepted) },
    { name: 'refused', value: (b) => joined(b.refused) },
    { name: 'firstSeen', value: (b) => b.firstSeen },
    { name: 'firstSeenTime', value: (b) => iso(b.firstSeen) },
    { name: 'lastSeen', value: (b) => b.lastSeen },
    { name: 'lastSeenTime', value: (b) => iso(b.lastSeen) },
    { name: 'times', value: (b) => b.times },
  ],
};

// C0 controls other than TAB, LF, CR, and DEL: no CSV reader agrees on them; they only come from hostile pages.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const NEEDS_QUOTES = /[",\r\n]/;

/** A spreadsheet reads a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field: quoted when it holds a quote, comma, CR or LF, quotes doubled. A text cell
 * that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR: a page title is the
 * page's to choose) gets a leading apostrophe, as OWASP recommends; numbers and booleans are left alone.
 */
export function csvField(value: Cell): string {
  if (value === undefined) return '';
  let text = typeof value === 'string' ? value.replace(CONTROL, '\uFFFD') : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One table as CSV: a header row, CRLF line ends, no byte order mark. */
export async function* exportCsv<T extends ExportTable>(
  ledger: LedgerSource,
  table: T,
  options: Pick<ExportOptions, 'audience'> = {},
): AsyncGenerator<string> {
  const source = forAudience(ledger, options.audience);
  const columns = CSV_COLUMNS[table] as CsvColumn<ExportRows[T]>[];
  yield columns.map((c) => csvField(c.name)).join(',') + '\r\n';
  for await (const page of source.pages(table)) {
    let chunk = '';
    for (const row of page) {
      for (let i = 0; i < columns.length; i++) chunk += (i ? ',' : '') + csvField(columns[i].value(row));
      chunk += '\r\n';
    }
    yield chunk;
  }
}

/** File names the extension and the CLI give each export. */
export const EXPORT_FILE_NAMES = {
  json: 'shareledger.json',
  ndjson: 'shareledger.ndjson',
  csv: (table: ExportTable) => `${table}.csv`,
} as const;

export type ExportKind = 'json' | 'ndjson' | `csv:${ExportTable}`;

export const EXPORT_KINDS: readonly ExportKind[] = ['json', 'ndjson', ...EXPORT_TABLES.map((t) => `csv:${t}` as const)];

/** For messages from other contexts: is this a kind of export we make? */
export function isExportKind(value: unknown): value is ExportKind {
  return typeof value === 'string' && (EXPORT_KINDS as readonly string[]).includes(value);
}

/** Everything a download needs: file name, MIME type and the chunks. */
export function exportFile(
  source: LedgerSource,
  kind: ExportKind,
  options: ExportOptions = {},
): { name: string; type: string; chunks: AsyncGenerator<string> } {
  if (kind === 'json')
    return { name: EXPORT_FILE_NAMES.json, type: 'application/json', chunks: exportJson(source, options) };
  if (kind === 'ndjson')
    return { name: EXPORT_FILE_NAMES.ndjson, type: 'application/x-ndjson', chunks: exportNdjson(source, options) };
  const table = kind.slice(4) as ExportTable;
  return {
    name: EXPORT_FILE_NAMES.csv(table),
    type: 'text/csv;charset=utf-8',
    chunks: exportCsv(source, table, options),
  };
}

/** Encodes a chunk generator as a byte stream, for a download (Blob via Response) or a file handle. */
export function toByteStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
