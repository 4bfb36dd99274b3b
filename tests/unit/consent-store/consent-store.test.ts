import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger, type LedgerDb } from '../../../utils/ledger/db';
import { hasStoredDefaults, loadPolicy, policyFromRows, savePolicy } from '../../../utils/consent-store';
import { applyPreset, setBannerMode, setCategory, setPaused } from '../../../utils/consent/changes';
import { DEFAULT_POLICY } from '../../../utils/consent/model';
import { FIRST_RUN_POLICY } from '../../../utils/consent/first-run';

let db: LedgerDb | undefined;
afterEach(async () => db?.delete());

describe('consent store', () => {
  it('starts from the protective first-run policy on a fresh install', async () => {
    db = openLedger(`c-${Math.random()}`);
    expect(await loadPolicy(db)).toEqual(FIRST_RUN_POLICY);
    expect(await hasStoredDefaults(db)).toBe(false);
    await savePolicy(db, DEFAULT_POLICY);
    expect(await loadPolicy(db)).toEqual(DEFAULT_POLICY);
    expect(await hasStoredDefaults(db)).toBe(true);
  });

  it('round-trips defaults, per-site choices and switches', async () => {
    db = openLedger(`c-${Math.random()}`);
    let policy = applyPreset(DEFAULT_POLICY, 'revoke-all', 'demo-store.test');
    policy = setCategory(policy, 'other.example', 'contact', 'revoked');
    policy = setCategory(policy, null, 'behavior', 'revoked');
    policy = setPaused(policy, true);
    policy = setBannerMode(setBannerMode(policy, null, 'leave'), 'demo-store.test', 'answer');
    await savePolicy(db, policy);
    expect(await loadPolicy(db)).toEqual(policy);
    // Granting a site back to the defaults removes its rows.
    const back = setCategory(policy, 'other.example', 'contact', null);
    await savePolicy(db, back);
    expect(await loadPolicy(db)).toEqual(back);
    expect(await db.consent.where('site').equals('other.example').count()).toBe(0);
  });

  it('refuses a corrupt stored row rather than half-applying it', () => {
    const { policy, error } = policyFromRows(
      [{ site: 'bad site!', category: 'contact', state: 'revoked', updatedAt: 0 }],
      [],
    );
    expect(error).toMatch(/site/);
    expect(policy).toEqual(FIRST_RUN_POLICY);
  });
});
