import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger, type LedgerDb } from '../../../utils/ledger/db';
import { hasStoredDefaults, loadPolicy, savePolicy } from '../../../utils/consent-store';
import { applyPreset, setCategory } from '../../../utils/consent/changes';
import { FIRST_RUN_POLICY } from '../../../utils/consent/first-run';
import { allCategories, type ConsentPolicy } from '../../../utils/consent/model';
import { PolicyKeeper } from '../../../utils/worker/policy-keeper';
import { handleInstalled, ONBOARDING_PATH, PROTECTIVE_MARK_KEY } from '../../../utils/worker/first-run';
import { EXTENSION_ORIGIN, fakeBrowser } from './fake-browser';

let db: LedgerDb | undefined;
afterEach(async () => db?.delete());

/** A worker start: the policy keeper over the ledger's stored consent, and onInstalled's handler. */
function start(ledger: LedgerDb, browser = fakeBrowser()) {
  const enforced: ConsentPolicy[] = [];
  const policies = new PolicyKeeper(
    { load: () => loadPolicy(ledger), save: (p) => savePolicy(ledger, p) },
    async (p) => void enforced.push(p),
  );
  const installed = (reason: string) =>
    handleInstalled(reason, {
      local: browser.local,
      defaultsStored: () => hasStoredDefaults(ledger),
      policies,
      platform: browser,
    });
  return { browser, policies, enforced, installed };
}

describe('onInstalled', () => {
  it('install: the recommended defaults apply from the start and the onboarding page opens', async () => {
    db = openLedger(`fr-${Math.random()}`);
    const { browser, policies, enforced, installed } = start(db);
    await policies.ready;
    expect(enforced).toEqual([FIRST_RUN_POLICY]);
    await installed('install');
    expect(browser.openedTabs).toEqual([`${EXTENSION_ORIGIN}${ONBOARDING_PATH}`]);
    expect(await policies.policy).toEqual(FIRST_RUN_POLICY);
    expect(browser.localItems.get(PROTECTIVE_MARK_KEY)).toBe(true);
  });

  it('update of an older install that never chose: everything stays granted, as before', async () => {
    db = openLedger(`fr-${Math.random()}`);
    const { browser, policies, enforced, installed } = start(db);
    await installed('update');
    expect(browser.openedTabs).toEqual([]);
    const policy = await policies.policy;
    expect(policy.defaults).toEqual(allCategories('granted'));
    expect(enforced.at(-1)).toEqual(policy);
    // Stored: the next worker start and the popup read the same.
    expect(await loadPolicy(db)).toEqual(policy);
  });

  it('update of an older install with choices: every choice is kept as it was', async () => {
    db = openLedger(`fr-${Math.random()}`);
    let chosen = setCategory(applyPreset(FIRST_RUN_POLICY, 'allow-all'), null, 'behavior', 'revoked');
    chosen = applyPreset(chosen, 'revoke-all', 'shop.example');
    await savePolicy(db, chosen);
    const { browser, policies, installed } = start(db);
    await installed('update');
    expect(await policies.policy).toEqual(chosen);
    expect(await loadPolicy(db)).toEqual(chosen);
    expect(browser.openedTabs).toEqual([]);
  });

  it('update after install (and after "erase everything"): the protective defaults stay', async () => {
    db = openLedger(`fr-${Math.random()}`);
    const first = start(db);
    await first.installed('install');
    // Erase everything empties the ledger database, consent included; storage.local keeps the mark.
    await db.consent.clear();
    await db.meta.clear();
    const second = start(db, first.browser);
    await second.installed('update');
    expect(await second.policies.policy).toEqual(FIRST_RUN_POLICY);
    expect(await hasStoredDefaults(db)).toBe(false);
  });

  it('a browser update changes nothing and opens nothing', async () => {
    db = openLedger(`fr-${Math.random()}`);
    const { browser, policies, installed } = start(db);
    await installed('chrome_update');
    expect(await policies.policy).toEqual(FIRST_RUN_POLICY);
    expect(browser.openedTabs).toEqual([]);
    expect(browser.localItems.size).toBe(0);
  });
});
