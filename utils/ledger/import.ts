/**
 * Import of the JSON export: checked against schema/shareledger-export.v2.schema.json (which also
 * describes version 1 files: a version 1 document is read as version 2 without banner answers) (through the
 * generated standalone validator, since extension pages cannot compile schemas), then merged in one
 * transaction: either every row is in the ledger afterwards or none is. Flows and placements merge
 * by key (no duplicates), retailers widen their first/last seen, consent keeps the newer choice.
 * Never throws: every failure is a clear error value.
 */
import type { Flow, PlacementRecord } from '../model';
import type { ConsentRow, LedgerDb, RetailerRow } from './db';
import { mergeBannerAnswers } from './banners';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  READABLE_EXPORT_VERSIONS,
  type ExportDocument,
  type ExportTable,
} from './export';
import {
  validate,
  validateBanner,
  validateConsent,
  validateFlow,
  validatePlacement,
  validateRetailer,
  type Validator,
} from './export-validator.generated.js';
import { appendToLedger } from './write';
import type { Result } from '../result';
import { openRedactor } from './secret';

/** Larger files are refused before parsing: JSON.parse of more would need several times that in memory. */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;

export type ImportErrorCode =
  'too-large' | 'not-json' | 'not-shareledger' | 'future-version' | 'invalid' | 'write-failed' | 'cancelled';

export interface ImportError {
  code: ImportErrorCode;
  message: string;
}

export interface ImportCounts {
  flows: number;
  placements: number;
  retailers: number;
  consent: number;
  banners: number;
}

const zeroCounts = (): ImportCounts => ({ flows: 0, placements: 0, retailers: 0, consent: 0, banners: 0 });

export type ParseResult = Result<ExportDocument, ImportError>;
export type ImportResult = Result<{ added: ImportCounts; skipped: ImportCounts }, ImportError>;

/** Where a long import is: checking the file (records read so far), then writing (rows of all). */
export interface ImportProgress {
  phase: 'checking' | 'writing';
  done: number;
  total?: number;
}

export interface ImportOptions {
  maxBytes?: number;
  /** Cancels the import: a JSON import then writes nothing; an NDJSON import keeps the batches written. */
  signal?: AbortSignal;
  onProgress?(progress: ImportProgress): void;
}

export type ImportInput = string | Blob | ArrayBuffer | Uint8Array;

const fail = (code: ImportErrorCode, message: string): { ok: false; error: ImportError } => ({
  ok: false,
  error: { code, message },
});

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Reads, parses and validates an export file without touching any ledger. */
export async function parseExportFile(input: ImportInput, options: ImportOptions = {}): Promise<ParseResult> {
  const maxBytes = options.maxBytes ?? IMPORT_MAX_BYTES;
  const size = typeof input === 'string' ? input.length : input instanceof Blob ? input.size : input.byteLength;
  if (size > maxBytes) {
    return fail(
      'too-large',
      `The file is ${megabytes(size)}; ShareLedger imports files up to ${megabytes(maxBytes)}. Import a smaller export.`,
    );
  }
  let text: string;
  try {
    if (typeof input === 'string') text = input;
    else if (input instanceof Blob) text = decode(new Uint8Array(await input.arrayBuffer()));
    else text = decode(input instanceof Uint8Array ? input : new Uint8Array(input));
  } catch {
    return fail('not-json', 'The file is not UTF-8 text, so it is not a ShareLedger export.');
  }
  return parseExportText(text);
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

export function parseExportText(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : '';
    return fail('not-json', `The file is not valid JSON; it may be truncated or damaged${detail}.`);
  }
  if (
    typeof data !== 'object' ||
    data === null ||
    Array.isArray(data) ||
    (data as { format?: unknown }).format !== EXPORT_FORMAT
  ) {
    return fail(
      'not-shareledger',
      'The file is JSON but not a ShareLedger export (its "format" is not "shareledger").',
    );
  }
  const version = (data as { version?: unknown }).version;
  if (typeof version === 'number' && Number.isInteger(version) && version > EXPORT_VERSION) {
    return fail(
      'future-version',
      `The file was exported by a newer ShareLedger (format version ${version}); this version reads format version ${EXPORT_VERSION}. Update ShareLedger to import it.`,
    );
  }
  if (!validate(data)) {
    return fail('invalid', `The file does not match the ShareLedger export format: ${describeSchemaError(validate)}.`);
  }
  return {
    ok: true,
    value: migrateDocument(data as ExportDocument | (Omit<ExportDocument, 'banners' | 'version'> & { version: 1 })),
  };
}

/** A validated document of any readable version as the current version: version 1 had no banner answers. */
function migrateDocument(
  doc: ExportDocument | (Omit<ExportDocument, 'banners' | 'version'> & { version: 1; banners?: undefined }),
): ExportDocument {
  return { ...doc, version: EXPORT_VERSION, banners: doc.banners ?? [] };
}

function describeSchemaError(validator: Validator): string {
  const first = validator.errors?.[0];
  const where = first?.instancePath || '/';
  const extra = first?.keyword === 'additionalProperties' ? ` ("${String(first.params.additionalProperty)}")` : '';
  return `at ${where}, ${first?.message ?? 'invalid value'}${extra}`;
}

/** Validates and merges an export into the ledger, all or nothing. */
export async function importLedgerJson(
  db: LedgerDb,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<ImportResult> {
  options.onProgress?.({ phase: 'checking', done: 0 });
  const parsed = await parseExportFile(input, options);
  if (!parsed.ok) return parsed;
  if (options.signal?.aborted) return cancelled();
  return mergeExport(db, parsed.value, options);
}

const cancelled = () => fail('cancelled', 'Import cancelled; nothing was imported.');

const CHUNK = 5000;
/** Records between two progress reports (and cancellation checks) while an NDJSON file is checked. */
const PROGRESS_EVERY = 1000;

/** Merges a validated document in one transaction; cancelling (options.signal) rolls it back. */
export async function mergeExport(
  db: LedgerDb,
  doc: ExportDocument,
  { signal, onProgress }: ImportOptions = {},
): Promise<ImportResult> {
  const total: ImportCounts = {
    flows: doc.flows.length,
    placements: doc.placements.length,
    retailers: doc.retailers.length,
    consent: doc.consent.length,
    banners: doc.banners.length,
  };
  const rows = total.flows + total.placements;
  /** Between chunks: an abort thrown inside the transaction undoes every chunk written before it. */
  const step = (done: number) => {
    signal?.throwIfAborted();
    onProgress?.({ phase: 'writing', done, total: rows });
  };
  try {
    // An export from an older release (or another tool) must not bring raw values back: imported
    // rows are redacted as observed ones are.
    const redactor = await openRedactor(db);
    const added = await db.transaction(
      'rw',
      [db.flows, db.placements, db.retailers, db.aggregates, db.totals, db.consent, db.banners],
      async () => {
        const counts = zeroCounts();
        const knownRetailers = new Set((await db.retailers.toCollection().primaryKeys()) as string[]);
        for (let i = 0; i < doc.flows.length; i += CHUNK) {
          step(i);
          const flows = doc.flows.slice(i, i + CHUNK).map((flow) => redactor.flow(withoutId(flow)));
          counts.flows += await appendToLedger(db, flows);
        }
        for (let i = 0; i < doc.placements.length; i += CHUNK) {
          step(doc.flows.length + i);
          const placements = doc.placements.slice(i, i + CHUNK).map((row) => redactor.placement(withoutId(row)));
          counts.placements += await appendToLedger(db, [], placements);
        }
        step(rows);
        counts.retailers = await mergeRetailers(db, doc.retailers, knownRetailers);
        counts.consent = await mergeConsent(db, doc.consent);
        counts.banners = await mergeBannerAnswers(
          db,
          doc.banners.map((row) => redactor.row(row)),
        );
        return counts;
      },
    );
    const skipped: ImportCounts = {
      flows: total.flows - added.flows,
      placements: total.placements - added.placements,
      retailers: total.retailers - added.retailers,
      consent: total.consent - added.consent,
      banners: total.banners - added.banners,
    };
    return { ok: true, value: { added, skipped } };
  } catch (error) {
    if (signal?.aborted) return cancelled();
    const name = error instanceof Error ? error.name : 'Error';
    return fail('write-failed', `The ledger could not be written (${name}); nothing was imported.`);
  }
}

function withoutId<T extends Flow | PlacementRecord>(row: T): T {
  const { id: _id, ...rest } = row;
  return rest as T;
}

/** Adds unknown retailers; widens the seen span of known ones. Returns how many were new. */
async function mergeRetailers(db: LedgerDb, rows: RetailerRow[], knownBefore: Set<string>): Promise<number> {
  let added = 0;
  for (const row of rows) {
    const current = await db.retailers.get(row.site);
    if (!knownBefore.has(row.site)) added++;
    await db.retailers.put({
      site: row.site,
      firstSeen: Math.min(row.firstSeen, current?.firstSeen ?? row.firstSeen),
      lastSeen: Math.max(row.lastSeen, current?.lastSeen ?? row.lastSeen),
    });
  }
  return added;
}

/** The newer choice wins; on a tie the ledger's own stays. Returns how many rows were written. */
async function mergeConsent(db: LedgerDb, rows: ConsentRow[]): Promise<number> {
  let written = 0;
  for (const row of rows) {
    const current = await db.consent.get([row.site, row.category]);
    if (current && current.updatedAt >= row.updatedAt) continue;
    await db.consent.put({ site: row.site, category: row.category, state: row.state, updatedAt: row.updatedAt });
    written++;
  }
  return written;
}

/* ---------- NDJSON: streamed, for ledgers too large for one JSON document ---------- */

const NDJSON_TYPES: Record<string, { table: ExportTable; validator: Validator }> = {
  retailer: { table: 'retailers', validator: validateRetailer },
  flow: { table: 'flows', validator: validateFlow },
  placement: { table: 'placements', validator: validatePlacement },
  consent: { table: 'consent', validator: validateConsent },
  banner: { table: 'banners', validator: validateBanner },
};

/** No valid record comes near this (the schema's longest fields add up to about 1.5 MB). */
export const NDJSON_MAX_LINE = 4 * 1024 * 1024;

class LineTooLong extends Error {}

/** What onRecord threw (a write failed, the import was cancelled): passed on, not taken for a bad file. */
class RecordFailed extends Error {}

/** Lines of a text or file, read as a stream; the last element says whether the text ended with a newline. */
async function* ndjsonLines(input: string | Blob): AsyncGenerator<{ line: string; terminated: boolean }> {
  if (typeof input === 'string') {
    let start = 0;
    while (start < input.length) {
      const end = input.indexOf('\n', start);
      if (end === -1) {
        yield { line: input.slice(start), terminated: false };
        return;
      }
      yield { line: input.slice(start, end), terminated: true };
      start = end + 1;
    }
    return;
  }
  const reader = input
    .stream()
    .pipeThrough(new TextDecoderStream('utf-8', { fatal: true }))
    .getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n')) !== -1) {
      yield { line: buffer.slice(0, end), terminated: true };
      buffer = buffer.slice(end + 1);
    }
    // A hostile file without newlines must not grow this buffer without bound.
    if (buffer.length > NDJSON_MAX_LINE) throw new LineTooLong();
  }
  if (buffer) yield { line: buffer, terminated: false };
}

type NdjsonRecord = { table: ExportTable; row: Record<string, unknown> };

/**
 * Reads and checks every line; calls onRecord for each valid record. Returns an error for the first
 * bad line. A file whose last line has no newline was cut (the exporter ends every line with one).
 */
async function scanNdjson(
  input: string | Blob,
  onRecord?: (record: NdjsonRecord) => Promise<void>,
): Promise<ImportError | undefined> {
  let lineNumber = 0;
  let sawMeta = false;
  let version = 0;
  try {
    for await (const { line: raw, terminated } of ndjsonLines(input)) {
      lineNumber++;
      if (raw.length > NDJSON_MAX_LINE) throw new LineTooLong();
      const unbommed = lineNumber === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      const line = unbommed.endsWith('\r') ? unbommed.slice(0, -1) : unbommed;
      if (!terminated)
        return { code: 'not-json', message: `Line ${lineNumber} is incomplete: the file was cut off (truncated).` };
      if (line.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        return { code: 'not-json', message: `Line ${lineNumber} is not valid JSON; the file may be damaged.` };
      }
      if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        return { code: 'invalid', message: `Line ${lineNumber} is not a JSON object.` };
      }
      const { type, ...fields } = record as Record<string, unknown>;
      if (!sawMeta) {
        if (type !== 'meta' || fields.format !== EXPORT_FORMAT) {
          return {
            code: 'not-shareledger',
            message: 'The file is not a ShareLedger NDJSON export (its first line is not the "meta" line).',
          };
        }
        const declared = fields.version;
        if (typeof declared === 'number' && Number.isInteger(declared) && declared > EXPORT_VERSION) {
          return {
            code: 'future-version',
            message: `The file was exported by a newer ShareLedger (format version ${declared}); this version reads format version ${EXPORT_VERSION}. Update ShareLedger to import it.`,
          };
        }
        if (typeof declared !== 'number' || !READABLE_EXPORT_VERSIONS.includes(declared))
          return { code: 'invalid', message: `Line 1: unknown format version ${JSON.stringify(declared)}.` };
        version = declared;
        sawMeta = true;
        continue;
      }
      const kind = typeof type === 'string' ? NDJSON_TYPES[type] : undefined;
      if (!kind)
        return { code: 'invalid', message: `Line ${lineNumber}: unknown record type ${JSON.stringify(type)}.` };
      if (kind.table === 'banners' && version < 2)
        return {
          code: 'invalid',
          message: `Line ${lineNumber}: banner records need format version 2, the file says ${version}.`,
        };
      if (!kind.validator(fields)) {
        return {
          code: 'invalid',
          message: `Line ${lineNumber} (${String(type)}) does not match the export format: ${describeSchemaError(kind.validator)}.`,
        };
      }
      try {
        await onRecord?.({ table: kind.table, row: fields });
      } catch (cause) {
        throw new RecordFailed('record', { cause });
      }
    }
  } catch (error) {
    if (error instanceof RecordFailed) throw error.cause;
    if (error instanceof LineTooLong) {
      return {
        code: 'invalid',
        message: `Line ${lineNumber + 1} is longer than ${NDJSON_MAX_LINE / 1024 / 1024} MB; no ShareLedger record is that long.`,
      };
    }
    return { code: 'not-json', message: 'The file is not UTF-8 text, so it is not a ShareLedger export.' };
  }
  if (!sawMeta) return { code: 'not-shareledger', message: 'The file is empty or not a ShareLedger NDJSON export.' };
  return undefined;
}

/**
 * Imports an NDJSON export as a stream, so its size is not limited by memory. The whole file is
 * checked first and nothing is written unless every line is valid. Rows are then merged in batches,
 * one transaction each: if writing stops half-way (disk full), importing the same file again
 * completes it, since rows already present are skipped by key. Cancelling while checking writes nothing;
 * cancelling while writing keeps the batches already written (and says so).
 */
export async function importLedgerNdjson(
  db: LedgerDb,
  input: string | Blob,
  batchSize = CHUNK,
  { signal, onProgress }: ImportOptions = {},
): Promise<ImportResult> {
  let records = 0;
  try {
    const invalid = await scanNdjson(input, async () => {
      if (++records % PROGRESS_EVERY) return;
      signal?.throwIfAborted();
      onProgress?.({ phase: 'checking', done: records });
    });
    if (invalid) return { ok: false, error: invalid };
  } catch (error) {
    if (signal?.aborted) return cancelled();
    throw error;
  }
  const batch: Pick<ExportDocument, ExportTable> = {
    retailers: [],
    flows: [],
    placements: [],
    consent: [],
    banners: [],
  };
  let pending = 0;
  const added = zeroCounts();
  const total = zeroCounts();
  let written = 0;
  const writeBatch = async () => {
    signal?.throwIfAborted();
    const result = await mergeExport(db, { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: '', ...batch });
    if (!result.ok) throw new Error(result.error.message);
    for (const key of Object.keys(added) as (keyof ImportCounts)[]) added[key] += result.value.added[key];
    batch.retailers = [];
    batch.flows = [];
    batch.placements = [];
    batch.consent = [];
    batch.banners = [];
    written += pending;
    pending = 0;
    onProgress?.({ phase: 'writing', done: written, total: records });
  };
  onProgress?.({ phase: 'writing', done: 0, total: records });
  try {
    const error = await scanNdjson(input, async ({ table, row }) => {
      (batch[table] as unknown[]).push(row);
      total[table]++;
      if (++pending >= batchSize) await writeBatch();
    });
    if (error) return { ok: false, error }; // the file changed between the two reads
    if (pending) await writeBatch();
  } catch {
    const done = added.flows + added.placements + added.retailers + added.consent + added.banners;
    if (signal?.aborted)
      return done === 0
        ? cancelled()
        : fail(
            'cancelled',
            `Import cancelled after ${done} rows; those stay in the ledger (import the same file again to add the rest).`,
          );
    return fail(
      'write-failed',
      `The ledger could not be written after ${done} rows; import the same file again to finish (rows already imported are skipped).`,
    );
  }
  const skipped = Object.fromEntries(
    Object.keys(total).map((k) => [k, total[k as keyof ImportCounts] - added[k as keyof ImportCounts]]),
  ) as unknown as ImportCounts;
  return { ok: true, value: { added, skipped } };
}
