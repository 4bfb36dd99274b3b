/**
 * Parquet export, one file per table, streamed: rows are read a page at a time, written as row groups
 * by hyparquet-writer, and each row group's bytes are handed on as soon as it is written, so memory
 * depends on the row-group size, not on the number of rows. The columns are the CSV export's (one
 * column dictionary, docs/ledger-columns.md), typed: timestamps as TIMESTAMP(MILLIS) beside the raw
 * millisecond numbers, flags as BOOLEAN, counts as integers, the rest as UTF-8 strings. Plain
 * Parquet (no nested types, Snappy): DuckDB, pandas/pyarrow and Spark read it without options.
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import {
  CSV_COLUMNS,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportRows,
  type ExportTable,
  type LedgerSource,
} from '../ledger/export';

type ParquetType = 'STRING' | 'INT32' | 'INT64' | 'BOOLEAN' | 'TIMESTAMP';
type Value = string | number | bigint | boolean | null;
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

const SCHEMA_ELEMENT: Record<ParquetType, Omit<SchemaElement, 'name'>> = {
  STRING: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  INT32: { type: 'INT32' },
  INT64: { type: 'INT64' },
  BOOLEAN: { type: 'BOOLEAN' },
  TIMESTAMP: { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' },
};

/** Columns that are not strings; the ISO time columns become timestamps read from their millisecond twin. */
const NUMERIC: Record<string, ParquetType> = {
  ts: 'INT64',
  firstSeen: 'INT64',
  lastSeen: 'INT64',
  updatedAt: 'INT64',
  evidenceCount: 'INT32',
  times: 'INT32',
  thirdParty: 'BOOLEAN',
};
const TIMESTAMP_OF: Record<string, string> = {
  time: 'ts',
  firstSeenTime: 'firstSeen',
  lastSeenTime: 'lastSeen',
  updatedAtTime: 'updatedAt',
};

interface ParquetColumn<T> {
  name: string;
  type: ParquetType;
  value(row: T): Value;
}

/** The Parquet columns of a table, derived from its CSV columns. */
export function parquetColumns<T extends ExportTable>(table: T): ParquetColumn<ExportRows[T]>[] {
  const csv = CSV_COLUMNS[table] as { name: string; value(row: ExportRows[T]): unknown }[];
  const byName = new Map(csv.map((c) => [c.name, c]));
  return csv.map((column) => {
    const twin = TIMESTAMP_OF[column.name];
    if (twin) {
      const source = byName.get(twin)!;
      return { name: column.name, type: 'TIMESTAMP', value: (row) => finiteOrNull(source.value(row)) };
    }
    const type: ParquetType = column.name.startsWith('category_') ? 'BOOLEAN' : (NUMERIC[column.name] ?? 'STRING');
    const read = column.value;
    if (type === 'INT64')
      return {
        name: column.name,
        type,
        value: (row) => {
          const n = finiteOrNull(read(row));
          return n === null ? null : BigInt(Math.trunc(n));
        },
      };
    if (type === 'STRING')
      return { name: column.name, type, value: (row) => (read(row) === undefined ? null : String(read(row))) };
    return { name: column.name, type, value: (row) => (read(row) as Value | undefined) ?? null };
  });
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function parquetSchema(columns: { name: string; type: ParquetType }[]): SchemaElement[] {
  return [
    { name: 'root', num_children: columns.length },
    ...columns.map((c) => ({ name: c.name, ...SCHEMA_ELEMENT[c.type], repetition_type: 'OPTIONAL' as const })),
  ];
}

/** A ByteWriter that hands its bytes on after each row group instead of keeping the whole file. */
class ChunkWriter extends ByteWriter {
  readonly ready: Uint8Array[] = [];
  flush(): void {
    if (this.index === 0) return;
    this.ready.push(this.getBytes().slice());
    this.index = 0;
  }
  finish(): void {
    this.flush();
  }
}

export const PARQUET_ROW_GROUP = 10_000;

/** One table as a Parquet file, as a stream of byte chunks (one per row group, then the footer). */
export async function* exportParquet<T extends ExportTable>(
  source: LedgerSource,
  table: T,
  rowGroupRows = PARQUET_ROW_GROUP,
): AsyncGenerator<Uint8Array> {
  const columns = parquetColumns(table);
  const sink = new ChunkWriter();
  const writer = new ParquetWriter({
    writer: sink,
    schema: parquetSchema(columns),
    createdBy: 'ShareLedger',
    kvMetadata: [
      { key: 'shareledger.format', value: EXPORT_FORMAT },
      { key: 'shareledger.version', value: String(EXPORT_VERSION) },
      { key: 'shareledger.table', value: table },
    ],
  });
  const writeGroup = (rows: ExportRows[T][]) =>
    writer.write({
      columnData: columns.map((c) => ({ name: c.name, data: rows.map((row) => c.value(row)) })),
      rowGroupSize: rows.length,
    });
  let batch: ExportRows[T][] = [];
  for await (const page of source.pages(table)) {
    for (const row of page) batch.push(row);
    if (batch.length < rowGroupRows) continue;
    await writeGroup(batch);
    batch = [];
    yield* sink.ready.splice(0);
  }
  if (batch.length) await writeGroup(batch);
  await writer.finish();
  yield* sink.ready.splice(0);
}

export const PARQUET_FILE_NAME = (table: ExportTable) => `${table}.parquet`;
