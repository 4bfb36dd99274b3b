/**
 * `shareledger export --in ledger.json --format csv|ndjson|json [--out DIR|-] [--table NAME]`
 * Converts a ledger JSON export (from the extension, or ledger.json of `shareledger audit`) into the
 * other export formats. The file is validated exactly as the extension's import validates it, then
 * formatted by the same generators the extension uses (utils/ledger/export.ts), written as streams.
 *   csv     one file per table (DIR/flows.csv, …), or only --table NAME
 *   ndjson  DIR/shareledger.ndjson
 *   json    DIR/shareledger.json (normalized: field order, no ids)
 * With --out - the one output file goes to stdout. Exit codes: 0 ok, 1 bad input file, 2 bad usage.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import {
  EXPORT_FILE_NAMES,
  EXPORT_TABLES,
  documentSource,
  exportCsv,
  exportJson,
  exportNdjson,
  type ExportTable,
} from '../utils/ledger/export';
import { IMPORT_MAX_BYTES, parseExportFile } from '../utils/ledger/import';

export interface ExportIo {
  stdout: Writable;
  /** One line of progress or error text. */
  log: (line: string) => void;
}

const defaultIo = (): ExportIo => ({ stdout: process.stdout, log: (line) => process.stderr.write(`${line}\n`) });

export const EXPORT_USAGE = `usage: shareledger export --in FILE.json --format csv|ndjson|json [--out DIR|-] [--table ${EXPORT_TABLES.join('|')}]`;

const FORMATS = ['csv', 'ndjson', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface ExportArgs {
  in: string;
  format: Format;
  out: string;
  table?: ExportTable;
}

export function parseExportArgs(args: string[]): ExportArgs | { error: string } {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (!['--in', '--format', '--out', '--table'].includes(flag)) return { error: `unknown option "${flag}"` };
    const value = args[++i];
    if (value === undefined) return { error: `${flag} needs a value` };
    values[flag.slice(2)] = value;
  }
  if (!values.in) return { error: '--in FILE.json is required' };
  const format = (values.format ?? 'csv') as Format;
  if (!FORMATS.includes(format)) return { error: `--format must be one of ${FORMATS.join(', ')}` };
  const table = values.table as ExportTable | undefined;
  if (table !== undefined && !EXPORT_TABLES.includes(table))
    return { error: `--table must be one of ${EXPORT_TABLES.join(', ')}` };
  if (table !== undefined && format !== 'csv') return { error: '--table applies to --format csv only' };
  if (values.out === '-' && format === 'csv' && table === undefined)
    return { error: 'csv to stdout (--out -) needs --table NAME' };
  return { in: values.in, format, out: values.out ?? '.', table };
}

export async function runExport(args: string[], io: ExportIo = defaultIo()): Promise<number> {
  const parsed = parseExportArgs(args);
  if ('error' in parsed) {
    io.log(`shareledger export: ${parsed.error}\n${EXPORT_USAGE}`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    const size = (await stat(parsed.in)).size;
    if (size > IMPORT_MAX_BYTES) {
      io.log(
        `shareledger export: ${parsed.in} is ${(size / 1024 / 1024).toFixed(1)} MB; the limit is ${IMPORT_MAX_BYTES / 1024 / 1024} MB`,
      );
      return 1;
    }
    bytes = await readFile(parsed.in);
  } catch (error) {
    io.log(`shareledger export: cannot read ${parsed.in}: ${(error as Error).message}`);
    return 1;
  }
  const doc = await parseExportFile(bytes);
  if (!doc.ok) {
    io.log(`shareledger export: ${parsed.in}: ${doc.error.message}`);
    return 1;
  }
  const source = documentSource(doc.value);
  const outputs: [string, AsyncIterable<string>][] =
    parsed.format === 'json'
      ? [[EXPORT_FILE_NAMES.json, exportJson(source)]]
      : parsed.format === 'ndjson'
        ? [[EXPORT_FILE_NAMES.ndjson, exportNdjson(source)]]
        : (parsed.table ? [parsed.table] : EXPORT_TABLES).map((t) => [EXPORT_FILE_NAMES.csv(t), exportCsv(source, t)]);
  try {
    if (parsed.out === '-') {
      await pipeChunks(outputs[0][1], io.stdout);
      return 0;
    }
    await mkdir(parsed.out, { recursive: true });
    for (const [name, chunks] of outputs) {
      const path = join(parsed.out, name);
      const file = createWriteStream(path);
      await pipeChunks(chunks, file);
      file.end();
      await once(file, 'finish');
      io.log(`wrote ${path}`);
    }
  } catch (error) {
    io.log(`shareledger export: cannot write: ${(error as Error).message}`);
    return 1;
  }
  return 0;
}

/** Writes chunks, waiting for the stream to drain, so memory stays at one chunk. */
export async function pipeChunks(chunks: AsyncIterable<string>, out: Writable): Promise<void> {
  for await (const chunk of chunks) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
}
