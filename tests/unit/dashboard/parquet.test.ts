import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { exportParquet, parquetColumns } from '../../../utils/dashboard/parquet';
import { CSV_COLUMNS, documentFromRows, documentSource, EXPORT_TABLES } from '../../../utils/ledger/export';
import { ga4Flow, metaPurchaseFlow, placement, T0 } from '../ledger/sample-rows';

const dir = mkdtempSync(join(tmpdir(), 'shareledger-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeParquet(
  name: string,
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ path: string; chunks: number }> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat(parts));
  return { path, chunks: parts.length };
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(sql);
  const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
  connection.closeSync();
  instance.closeSync();
  return rows;
}

describe('Parquet export', () => {
  const flows = [
    ga4Flow({ ts: T0, vendor: undefined }),
    metaPurchaseFlow({ ts: T0 + 1000, action: 'blocked' }),
    ga4Flow({ ts: T0 + 2000, url: 'https://x.test/?q="quoted",comma\nnewline', site: 'other-shop.test' }),
  ];
  const doc = documentFromRows({ flows, placements: [placement()] });

  it('writes typed columns that DuckDB reads back, one file per table, the CSV columns in order', async () => {
    for (const table of EXPORT_TABLES) {
      const { path } = await writeParquet(`${table}.parquet`, exportParquet(documentSource(doc), table));
      const described = await query(`DESCRIBE SELECT * FROM '${path}'`);
      expect(described.map((c) => c.column_name)).toEqual(CSV_COLUMNS[table].map((c) => c.name));
      const count = await query(`SELECT count(*)::INTEGER AS n FROM '${path}'`);
      expect(count[0].n).toBe(doc[table].length);
    }
    const path = join(dir, 'flows.parquet');
    const types = Object.fromEntries(
      (await query(`DESCRIBE SELECT * FROM '${path}'`)).map((c) => [c.column_name, c.column_type]),
    );
    expect(types).toMatchObject({
      ts: 'BIGINT',
      time: 'TIMESTAMP',
      thirdParty: 'BOOLEAN',
      category_contact: 'BOOLEAN',
      evidenceCount: 'INTEGER',
      url: 'VARCHAR',
    });
    const rows = await query(
      `SELECT key, ts, epoch_ms(time) AS ms, vendor, action, category_contact, url FROM '${path}' ORDER BY ts`,
    );
    expect(rows.map((r) => [r.ts, r.ms])).toEqual(flows.map((f) => [BigInt(f.ts), BigInt(f.ts)]));
    expect(rows[0].vendor).toBeNull();
    expect(rows[1]).toMatchObject({ action: 'blocked', category_contact: true });
    expect(rows[2].url).toBe(flows[2].url);
  });

  it('streams one chunk per row group, and an empty table is still a valid file', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => ga4Flow({ key: `p-${i}`, ts: T0 + i }));
    const manyDoc = documentFromRows({ flows: many, placements: [] });
    const { path, chunks } = await writeParquet(
      'many.parquet',
      exportParquet(documentSource(manyDoc, 300), 'flows', 1000),
    );
    expect(chunks).toBe(4); // three row groups, then the footer
    expect((await query(`SELECT count(*)::INTEGER AS n FROM '${path}'`))[0].n).toBe(2500);
    const empty = await writeParquet('empty.parquet', exportParquet(documentSource(manyDoc), 'consent'));
    expect((await query(`SELECT count(*)::INTEGER AS n FROM '${empty.path}'`))[0].n).toBe(0);
  });

  it('types every column', () => {
    const types = new Map(parquetColumns('flows').map((c) => [c.name, c.type]));
    expect(types.get('categories')).toBe('STRING');
    expect(types.get('category_behavior')).toBe('BOOLEAN');
    expect(types.get('time')).toBe('TIMESTAMP');
  });
});
