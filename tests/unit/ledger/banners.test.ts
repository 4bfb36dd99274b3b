import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { BannerReport } from '../../../utils/consent/cmp/report';
import {
  bannerAnswersOf,
  MAX_BANNER_ROWS_PER_SITE,
  mergeBannerAnswers,
  recordBannerAnswer,
} from '../../../utils/ledger/banners';
import { declareLedgerSchema, LEDGER_SCHEMA_VERSION, openLedger, type LedgerDb } from '../../../utils/ledger/db';
import { eraseEverything, forgetRetailer } from '../../../utils/ledger/erase';
import { freshLedger, ga4Flow, T0 } from './sample-rows';

const dbs: LedgerDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});
const ledger = () => {
  const db = freshLedger();
  dbs.push(db);
  return db;
};

const refusedMarketing: BannerReport = {
  cmp: 'vanilla-cookieconsent',
  status: 'answered',
  how: 'api',
  accepted: ['necessary', 'functional', 'analytics'],
  refused: ['marketing'],
};
const unrecognised: BannerReport = { cmp: '', status: 'unrecognised', how: 'none', accepted: [], refused: [] };

describe('the cookie-banner record', () => {
  it('keeps one row per distinct answer, widened by each visit that gives it again', async () => {
    const db = ledger();
    await recordBannerAnswer(db, 'demo-store.test', refusedMarketing, T0);
    await recordBannerAnswer(db, 'demo-store.test', refusedMarketing, T0 + 1000);
    await recordBannerAnswer(
      db,
      'demo-store.test',
      { ...refusedMarketing, accepted: [...refusedMarketing.accepted, 'marketing'], refused: [] },
      T0 + 2000,
    );
    await recordBannerAnswer(db, 'demo-store.test', unrecognised, T0 + 3000);
    await recordBannerAnswer(db, 'other-shop.test', refusedMarketing, T0);
    const rows = await bannerAnswersOf(db, 'demo-store.test');
    expect(rows.map((r) => [r.status, r.refused, r.firstSeen - T0, r.lastSeen - T0, r.times])).toEqual([
      ['unrecognised', [], 3000, 3000, 1],
      ['answered', [], 2000, 2000, 1],
      ['answered', ['marketing'], 0, 1000, 2],
    ]);
  });

  it('bounds what a page inventing CMP names can add to a shop, oldest first', async () => {
    const db = ledger();
    for (let i = 0; i < MAX_BANNER_ROWS_PER_SITE + 5; i++)
      await recordBannerAnswer(db, 'evil.test', { ...refusedMarketing, cmp: `cmp-${i}` }, T0 + i);
    const rows = await bannerAnswersOf(db, 'evil.test');
    expect(rows).toHaveLength(MAX_BANNER_ROWS_PER_SITE);
    expect(rows.at(-1)!.cmp).toBe('cmp-5');
  });

  it('is forgotten with its shop, and erased with everything', async () => {
    const db = ledger();
    await recordBannerAnswer(db, 'demo-store.test', refusedMarketing, T0);
    await recordBannerAnswer(db, 'other-shop.test', refusedMarketing, T0);
    await forgetRetailer(db, 'demo-store.test');
    expect(await bannerAnswersOf(db, 'demo-store.test')).toEqual([]);
    expect(await bannerAnswersOf(db, 'other-shop.test')).toHaveLength(1);
    await eraseEverything(db);
    expect(await db.banners.count()).toBe(0);
  });

  it('merges imported answers without duplicates, widening known ones', async () => {
    const db = ledger();
    const row = await recordBannerAnswer(db, 'demo-store.test', refusedMarketing, T0 + 5000);
    const { key: _key, ...record } = row;
    expect(await mergeBannerAnswers(db, [{ ...record, firstSeen: T0, lastSeen: T0 + 1000, times: 3 }])).toBe(0);
    expect(await bannerAnswersOf(db, 'demo-store.test')).toEqual([
      { ...row, firstSeen: T0, lastSeen: T0 + 5000, times: 3 },
    ]);
    expect(await mergeBannerAnswers(db, [{ ...record, site: 'other-shop.test' }])).toBe(1);
  });

  it('arrives with schema v5: a v3 ledger keeps its rows and gains an empty banner table', async () => {
    const name = `banners-migrate-${Math.random()}`;
    const v3 = new Dexie(name) as unknown as LedgerDb;
    declareLedgerSchema(v3, 3);
    await v3.table('flows').add(ga4Flow());
    v3.close();
    const db = openLedger(name);
    dbs.push(db);
    await db.open();
    expect(db.verno).toBe(LEDGER_SCHEMA_VERSION);
    expect(await db.flows.count()).toBe(1);
    expect(await db.banners.count()).toBe(0);
    await recordBannerAnswer(db, 'demo-store.test', refusedMarketing, T0);
    expect(await bannerAnswersOf(db, 'demo-store.test')).toHaveLength(1);
  });
});
