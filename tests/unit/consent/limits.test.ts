import { describe, expect, it } from 'vitest';
import { CATEGORIES, type Category } from '../../../utils/categories';
import { compileRules, type CompileResult } from '../../../utils/consent/compile';
import type { KnownRecipient } from '../../../utils/consent/rule-types';
import { CHROME_LIMITS, checkRule, type DnrResourceType } from '../../../utils/consent/dnr';
import { applyPreset, setCategory } from '../../../utils/consent/changes';
import { DEFAULT_POLICY, type ConsentPolicy } from '../../../utils/consent/model';
import { simulate } from '../../../utils/consent/simulate';
import { RECIPIENTS, retailerNames } from './fixtures';

/** Deterministic mix of choices: presets and single revocations, so retailers differ. */
function manyRetailers(n: number): ConsentPolicy {
  let p = DEFAULT_POLICY;
  retailerNames(n).forEach((site, i) => {
    if (i % 4 !== 3) p = applyPreset(p, i % 2 ? 'only-needed' : 'revoke-all', site);
    else p = setCategory(setCategory(p, site, CATEGORIES[i % 8], 'revoked'), site, CATEGORIES[(i * 5) % 8], 'revoked');
  });
  return p;
}

function expectWithinChromeLimits(result: CompileResult, maxRules: number) {
  expect(result.rules.length).toBeLessThanOrEqual(maxRules);
  expect(result.rules.filter((r) => r.condition.regexFilter !== undefined).length).toBeLessThanOrEqual(
    CHROME_LIMITS.MAX_NUMBER_OF_REGEX_RULES,
  );
  const ids = result.rules.map((r) => r.id);
  expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  for (const rule of result.rules) expect(checkRule(rule)).toEqual([]);
  expect(result.stats.rules).toBe(result.rules.length);
}

const PROBES: [string, DnrResourceType][] = [
  ['https://www.facebook.com/tr?id=1&ev=PageView&fbp=fb.1.2', 'image'],
  ['https://www.google-analytics.com/g/collect?v=2&cid=1.2&sr=1x1&lat=1&en=page_view', 'ping'],
  ['https://www.google-analytics.com/g/collect?v=2&en=purchase&em=tv.1~em.x', 'ping'],
  ['https://static.hotjar.com/c/hotjar-1.js', 'script'],
  ['https://idsync.rlcdn.com/1.gif', 'image'],
  ['https://api.fpjs.io/', 'xmlhttprequest'],
  ['https://connect.facebook.net/signals/plugins/identity.js', 'script'],
];

describe('500 retailers with revocations', () => {
  const policy = manyRetailers(500);

  it('would need more than the 5,000-rule budget one rule per retailer and action', () => {
    const perRetailer = compileRules(policy, RECIPIENTS, { maxRules: 30_000, merge: 'never' });
    expect(perRetailer.rules.length).toBeGreaterThan(CHROME_LIMITS.SAFE_DYNAMIC_RULES);
    expect(perRetailer.stats.merged).toBe(false);
    expectWithinChromeLimits(perRetailer, 30_000);
    // every per-retailer rule names exactly one retailer
    for (const r of perRetailer.rules) {
      const scope = r.condition.initiatorDomains ?? r.condition.requestDomains;
      if (perRetailer.meta[r.id].scope === 'sites') expect(scope).toHaveLength(1);
    }
  });

  it('fits the default budget by merging retailers that share a rule, and says so', () => {
    const merged = compileRules(policy, RECIPIENTS);
    expect(merged.stats.merged).toBe(true);
    expect(merged.warnings.some((w) => /merged/.test(w))).toBe(true);
    expect(merged.warnings.some((w) => /NOT enforced/.test(w))).toBe(false);
    expectWithinChromeLimits(merged, CHROME_LIMITS.SAFE_DYNAMIC_RULES);
  });

  it('merged rules do exactly what per-retailer rules do', () => {
    const merged = compileRules(policy, RECIPIENTS).rules;
    // The reference keeps every rule (nothing dropped for Chrome's caps): it is compared, not installed.
    const perRetailer = compileRules(policy, RECIPIENTS, {
      maxRules: 30_000,
      maxRegexRules: 30_000,
      maxUnsafeRules: 30_000,
      merge: 'never',
    }).rules;
    const sites = [...retailerNames(500).filter((_, i) => i % 7 === 0), 'not-a-customer.example'];
    for (const site of sites) {
      for (const [url, type] of PROBES) {
        const req = { url, type, initiator: `https://www.${site}` };
        const a = simulate(merged, req);
        const b = simulate(perRetailer, req);
        expect({
          site,
          url,
          o: a.outcome,
          r: a.redirectUrl,
          h: a.setRequestHeaders,
          x: a.removedRequestHeaders,
        }).toEqual({
          site,
          url,
          o: b.outcome,
          r: b.redirectUrl,
          h: b.setRequestHeaders,
          x: b.removedRequestHeaders,
        });
      }
      const nav = {
        url: `https://www.${site}/?gclid=1&q=2`,
        type: 'main_frame' as const,
        initiator: 'https://www.google.com',
      };
      expect(simulate(merged, nav).redirectUrl).toBe(simulate(perRetailer, nav).redirectUrl);
    }
  });

  it('is deterministic', () => {
    expect(compileRules(manyRetailers(500), RECIPIENTS)).toEqual(compileRules(manyRetailers(500), RECIPIENTS));
  });
});

describe('other budgets', () => {
  it("merges when regex rules would pass Chrome's 1,000 limit, even with rules to spare", () => {
    let p = DEFAULT_POLICY;
    for (const site of retailerNames(1_200)) p = setCategory(p, site, 'contact', 'revoked');
    const r = compileRules(p, RECIPIENTS, { maxRules: 30_000 });
    expect(r.stats.merged).toBe(true);
    expect(r.stats.regexRules).toBe(2);
    expectWithinChromeLimits(r, 30_000);
  });

  it("merges when redirect/header rules would pass Chrome's separate 5,000 limit", () => {
    let p = DEFAULT_POLICY;
    for (const site of retailerNames(1_100)) p = setCategory(p, site, 'identifiers', 'revoked');
    const perRetailer = compileRules(p, RECIPIENTS, {
      maxRules: 30_000,
      merge: 'never',
      maxUnsafeRules: 30_000,
      maxRegexRules: 30_000,
    });
    expect(perRetailer.stats.unsafeRules).toBeGreaterThan(CHROME_LIMITS.MAX_NUMBER_OF_UNSAFE_DYNAMIC_RULES);
    const r = compileRules(p, RECIPIENTS, { maxRules: 30_000 });
    expect(r.stats.merged).toBe(true);
    expect(r.stats.unsafeRules).toBeLessThanOrEqual(CHROME_LIMITS.MAX_NUMBER_OF_UNSAFE_DYNAMIC_RULES);
    expect(r.warnings[0]).toMatch(/redirect\/header/);
  });

  it('merges when the recipient list repeated per retailer grows too large', () => {
    const big: KnownRecipient[] = Array.from({ length: 2_000 }, (_, i) => ({
      site: `tracker-${i}.example`,
      kind: 'advertising',
      organization: `Ad ${i}`,
      categories: ['browsing'] as Category[],
    }));
    let p = DEFAULT_POLICY;
    for (const site of retailerNames(200)) p = setCategory(p, site, 'browsing', 'revoked');
    const r = compileRules(p, big);
    expect(r.stats.merged).toBe(true);
    expect(r.stats.domainEntries).toBeLessThan(250_000);
    expect(r.warnings[0]).toMatch(/domain entries/);
  });

  it('drops the least important rules, each reported, when even merged rules do not fit', () => {
    const r = compileRules(manyRetailers(50), RECIPIENTS, { maxRules: 20 });
    expect(r.rules.length).toBeLessThanOrEqual(20);
    // The least important go first: URL stripping (the warning lists the first 20 dropped by name).
    expect(r.warnings.some((w) => /NOT enforced/.test(w) && /strip-params:\d/.test(w))).toBe(true);
    expect(r.rules.some((x) => /^strip-/.test(r.meta[x.id].purpose))).toBe(false);
    // essential allow rules and blocks survive first
    expect(r.rules.some((x) => r.meta[x.id].purpose === 'allow-essential')).toBe(true);
  });

  it("with merge: 'never' over budget, drops with warnings instead of merging", () => {
    const r = compileRules(manyRetailers(500), RECIPIENTS, { merge: 'never' });
    expect(r.stats.merged).toBe(false);
    expect(r.rules.length).toBeLessThanOrEqual(CHROME_LIMITS.SAFE_DYNAMIC_RULES);
    expect(r.warnings.some((w) => /NOT enforced/.test(w))).toBe(true);
  });

  it('keeps a subdomain carve-out when merging', () => {
    let p = applyPreset(DEFAULT_POLICY, 'revoke-all', 'shop.example');
    p = applyPreset(p, 'revoke-all', 'other.example');
    p = applyPreset(p, 'allow-all', 'eu.shop.example');
    const r = compileRules(p, RECIPIENTS, { merge: 'always' });
    const fb = (from: string) =>
      simulate(r.rules, { url: 'https://www.facebook.com/tr', type: 'image', initiator: `https://${from}` }).outcome;
    expect(fb('shop.example')).toBe('blocked');
    expect(fb('other.example')).toBe('blocked');
    expect(fb('eu.shop.example')).toBe('allowed');
  });
});
