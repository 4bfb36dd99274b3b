import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../utils/consent/model';
import { setCategory } from '../../../utils/consent/changes';
import { recipientsFromRegistry } from '../../../utils/consent/recipients';
import { VENDORS } from '../../../utils/vendors/registry';
import { Enforcer } from '../../../utils/worker/enforcer';
import { FIRST_RUN_RULESET, compileFirstRunRules } from '../../../utils/consent/first-run-rules';
import { FIRST_RUN_POLICY } from '../../../utils/consent/first-run';
import { checkRule } from '../../../utils/consent/dnr';
import { fakeBrowser } from './fake-browser';

const SHOP = 'demo-store.test';
const recipients = recipientsFromRegistry(VENDORS);
const PIXEL = 'https://www.facebook.com/tr?id=1&ev=Purchase';
const request = {
  url: PIXEL,
  type: 'image',
  initiator: `https://www.${SHOP}`,
  top: `https://www.${SHOP}/`,
  method: 'GET',
};

describe('enforcer', () => {
  it('installs the compiled rules and page scripts, and simulates them on requests', async () => {
    const browser = fakeBrowser();
    const enforcer = new Enforcer(browser);
    expect(enforcer.outcome(request).action).toBe('allowed');
    const policy = setCategory(
      setCategory(DEFAULT_POLICY, SHOP, 'identifiers', 'revoked'),
      SHOP,
      'location',
      'revoked',
    );
    await enforcer.apply(policy, recipients, [SHOP]);
    expect(browser.installedRules.length).toBeGreaterThan(0);
    expect(browser.pageScripts.map((s) => s.id).sort()).toEqual(['shareledger-deny-geolocation', 'shareledger-gpc']);
    expect(enforcer.outcome(request).action).not.toBe('allowed');
    // Granted again: rules and page scripts go away.
    await enforcer.apply(DEFAULT_POLICY, recipients, [SHOP]);
    expect(browser.installedRules).toEqual([]);
    expect(browser.pageScripts).toEqual([]);
    expect(enforcer.outcome(request).action).toBe('allowed');
  });

  it('in Firefox before 147 only, lets webRequest see keepalive fetches where GPC goes', async () => {
    const policy = setCategory(DEFAULT_POLICY, SHOP, 'contact', 'revoked');
    const ids = async (userAgent: string) => {
      const browser = Object.assign(fakeBrowser(), { userAgent });
      await new Enforcer(browser).apply(policy, recipients, [SHOP]);
      return browser.pageScripts.map((s) => s.id).sort();
    };
    const esr = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
    const fixed = 'Mozilla/5.0 (X11; Linux x86_64; rv:147.0) Gecko/20100101 Firefox/147.0';
    const chrome =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
    expect(await ids(esr)).toEqual(['shareledger-gpc', 'shareledger-keepalive-visible']);
    expect(await ids(fixed)).toEqual(['shareledger-gpc']);
    expect(await ids(chrome)).toEqual(['shareledger-gpc']);
  });

  it('simulates the first-run ruleset while the browser enforces it, and retires it once its own rules apply', async () => {
    const browser = fakeBrowser();
    browser.enabledRulesets = [FIRST_RUN_RULESET.id]; // a fresh install: the manifest enables it
    const firstRun = compileFirstRunRules();
    const enforcer = new Enforcer(browser, async () => firstRun);
    await enforcer.adoptInstalled();
    // Before the worker has read its ledger, FullStory's script and Meta's pixel are already blocked.
    const fromShop = { type: 'script', initiator: `https://www.${SHOP}`, top: `https://www.${SHOP}/`, method: 'GET' };
    expect(enforcer.outcome({ ...fromShop, url: 'https://edge.fullstory.com/s/fs.js' }).action).toBe('blocked');
    expect(enforcer.outcome(request).action).toBe('blocked');
    // The shopper picked "allow all": the worker's rules (none) apply and the static ruleset goes.
    await enforcer.apply(DEFAULT_POLICY, recipients, [SHOP]);
    expect(browser.enabledRulesets).toEqual([]);
    expect(enforcer.outcome(request).action).toBe('allowed');
  });

  it('ships first-run rules the browser accepts, equal to what a fresh worker installs for the recommended default', async () => {
    const rules = compileFirstRunRules();
    expect(rules.length).toBeGreaterThan(10);
    expect(rules.flatMap(checkRule)).toEqual([]);
    const browser = Object.assign(fakeBrowser(), {
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
    });
    await new Enforcer(browser).apply(FIRST_RUN_POLICY, recipients, []);
    expect(browser.installedRules).toEqual(rules);
  });

  it('rejects when the browser refuses the rules, and keeps simulating the rules still in force', async () => {
    const browser = fakeBrowser();
    const enforcer = new Enforcer(browser);
    browser.refuseRules = true;
    const policy = setCategory(DEFAULT_POLICY, SHOP, 'identifiers', 'revoked');
    await expect(enforcer.apply(policy, recipients, [SHOP])).rejects.toThrow(/refused the rules/);
    expect(enforcer.outcome(request).action).toBe('allowed');
  });

  it('simulates the rules a previous worker installed from its start, until it applies its own', async () => {
    const browser = fakeBrowser();
    const revoked = setCategory(DEFAULT_POLICY, SHOP, 'identifiers', 'revoked');
    await new Enforcer(browser).apply(revoked, recipients, [SHOP]);
    const revokedRules = structuredClone(browser.installedRules);
    // The worker restarts: a new enforcer, the browser still holds the rules.
    const woken = new Enforcer(browser);
    expect(woken.outcome(request).action).toBe('allowed');
    await woken.adoptInstalled();
    expect(woken.outcome(request).action).not.toBe('allowed');
    // Once it applied a policy, what it compiled is what it simulates, whatever an adoption reads late.
    await woken.apply(DEFAULT_POLICY, recipients, [SHOP]);
    browser.installedRules = revokedRules;
    await woken.adoptInstalled();
    expect(woken.outcome(request).action).toBe('allowed');
  });
});
