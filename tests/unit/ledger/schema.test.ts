import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildValidatorSource, SCHEMA_PATH, VALIDATOR_PATH } from '../../../schema/build-validator';
import { CATEGORIES } from '../../../utils/categories';
import { CSV_COLUMNS, EXPORT_TABLES } from '../../../utils/ledger/export';
import { PLACEMENT_KINDS, TRACKER_KINDS } from '../../../utils/model';
import { BANNER_HOWS, BANNER_STATUSES } from '../../../utils/consent/cmp/report';

const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));

describe('the export JSON Schema', () => {
  it('lists exactly the categories, tracker kinds and placement kinds of the code', () => {
    expect(schema.$defs.category.enum).toEqual([...CATEGORIES]);
    expect(schema.$defs.flow.properties.kind.enum).toEqual([...TRACKER_KINDS]);
    expect(schema.$defs.placement.properties.kind.enum).toEqual([...PLACEMENT_KINDS]);
    expect(schema.$defs.banner.properties.status.enum).toEqual([...BANNER_STATUSES]);
    expect(schema.$defs.banner.properties.how.enum).toEqual([...BANNER_HOWS]);
  });

  it('has the top-level members of the export contract', () => {
    // banners came with format version 2: required there, absent from version 1 files.
    expect(schema.required).toEqual([
      'format',
      'version',
      'exportedAt',
      ...EXPORT_TABLES.filter((t) => t !== 'banners'),
    ]);
    expect(schema.properties.version.enum).toEqual([1, 2]);
    expect(schema.if.properties.version.const).toBe(2);
    expect(schema.then.required).toEqual(['banners']);
    expect(Object.keys(schema.properties)).toEqual(['format', 'version', 'exportedAt', ...EXPORT_TABLES, 'audience']);
  });

  it('ships a generated validator that is up to date with it (run `npx tsx schema/build-validator.ts`)', () => {
    expect(readFileSync(VALIDATOR_PATH, 'utf8')).toBe(buildValidatorSource());
  });
});

describe('the column dictionary (docs/ledger-columns.md)', () => {
  const doc = readFileSync(new URL('../../../docs/ledger-columns.md', import.meta.url), 'utf8');
  it('documents every CSV column of every table', () => {
    for (const table of EXPORT_TABLES) {
      const section = doc.split(/^## /m).find((s) => s.startsWith(`${table}.csv`)) ?? '';
      expect(section, `${table}.csv section`).not.toBe('');
      for (const column of CSV_COLUMNS[table]) {
        const name = column.name.startsWith('category_') ? 'category_<name>' : column.name;
        expect(section, `${table}.${column.name}`).toContain(`| \`${name}\``);
      }
    }
  });
});
