/**
 * The popup and dashboard read names and explanations that utils/ keeps in English (the CLI's and the
 * reference) through message keys derived from ids: each key must exist, and the English message
 * must say what utils/ says, so the two never drift apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, CATEGORY_INFO } from '../../../utils/categories';
import { ENFORCEMENT } from '../../../utils/consent/enforcement';
import { PRESETS, PRESET_IDS } from '../../../utils/consent/presets';
import { EXPORT_KINDS, EXPORT_TABLES } from '../../../utils/ledger/export';
import { FLOW_ACTIONS } from '../../../utils/dashboard/filters';
import { composeLetter, LETTER_LAWS, type LetterTextKey } from '../../../utils/dashboard/letter';
import { EVIDENCE_WHERES, PLACEMENT_KINDS, TRACKER_KINDS } from '../../../utils/model';

type Messages = Record<string, { message: string }>;
const en = JSON.parse(readFileSync(join(__dirname, '../../../public/_locales/en/messages.json'), 'utf8')) as Messages;
const key = (prefix: string, id: string) => `${prefix}_${id.replaceAll('-', '_')}`;
const english = (k: string) => en[k]?.message;

describe('message keys derived from ids', () => {
  it('name and describe every category as utils/categories.ts does', () => {
    for (const c of CATEGORIES) {
      expect(english(key('category', c)), c).toBe(CATEGORY_INFO[c].name);
      expect(english(key('categoryCovers', c)), c).toBe(CATEGORY_INFO[c].covers);
    }
  });

  it('name and describe every preset as utils/consent/presets.ts does', () => {
    for (const id of PRESET_IDS) {
      const camel = id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
      expect(english(`preset_${camel}_name`), id).toBe(PRESETS[id].name);
      expect(english(`preset_${camel}_description`), id).toBe(PRESETS[id].description);
    }
  });

  it('name every recipient kind and placement kind', () => {
    for (const kind of TRACKER_KINDS) expect(english(key('kind', kind)), kind).toBeTruthy();
    for (const kind of PLACEMENT_KINDS) expect(english(key('placementKind', kind)), kind).toBeTruthy();
  });

  it('label every export format, Parquet tables included', () => {
    for (const kind of EXPORT_KINDS) expect(english(`ledger_kind_${kind.replace(':', '_')}`), kind).toBeTruthy();
    for (const table of EXPORT_TABLES) expect(english(`dashExport_parquet_${table}`), table).toBeTruthy();
  });

  it('name what happened to a flow and where its evidence was', () => {
    for (const action of FLOW_ACTIONS) expect(english(key('flowAction', action)), action).toBeTruthy();
    for (const where of EVIDENCE_WHERES) expect(english(key('evidenceWhere', where)), where).toBeTruthy();
  });

  it('name each law of the data-request letter and have every message the letter is made of', () => {
    for (const law of LETTER_LAWS) expect(english(key('letter_law', law)), law).toBeTruthy();
    // Every key a letter asks for, with and without observed recipients.
    const used = new Set<LetterTextKey>();
    const words = {
      text: (k: LetterTextKey) => (used.add(k), k),
      categoryName: String,
      categoryCovers: String,
      kind: String,
    };
    const recipient = {
      recipientSite: 'facebook.com',
      organization: 'Meta',
      kind: 'advertising' as const,
      requests: 1,
      blocked: 0,
      firstSeen: 0,
      lastSeen: 0,
      categories: [{ category: 'contact' as const, flows: 1, firstDay: 0, lastDay: 0 }],
    };
    for (const law of LETTER_LAWS)
      for (const recipients of [[], [recipient]]) composeLetter({ shop: 'x.test', law, recipients, now: 0 }, words);
    expect(used.size).toBeGreaterThan(25);
    for (const k of used) expect(english(k), k).toBeTruthy();
    // And no letter message that no letter uses.
    expect(Object.keys(en).filter((k) => k.startsWith('letterText_') && !used.has(k as LetterTextKey))).toEqual([]);
  });

  it('have both plural forms of every count message', () => {
    const bases = (form: string) =>
      Object.keys(en)
        .filter((k) => k.endsWith(`_${form}`))
        .map((k) => k.slice(0, -form.length - 1))
        .sort();
    expect(bases('one')).toEqual(bases('other'));
  });

  it('say line by line what revoking each category does and cannot stop, and no more', () => {
    for (const c of CATEGORIES) {
      const lines = (part: 'does' | 'cannot') =>
        Object.keys(en)
          .filter((k) => k.startsWith(`revoke_${c}_${part}`))
          .sort((a, b) => Number(/\d+$/.exec(a)![0]) - Number(/\d+$/.exec(b)![0]))
          .map(english);
      expect(lines('does'), c).toEqual(ENFORCEMENT[c].does);
      expect(lines('cannot'), c).toEqual(ENFORCEMENT[c].cannotStop);
    }
  });
});
