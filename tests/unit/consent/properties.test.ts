/** Properties over random policies: every compile is valid for Chrome and scoped to the right shops. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../utils/categories';
import { compileRules } from '../../../utils/consent/compile';
import { diffRules } from '../../../utils/consent/rule-diff';
import { checkRule } from '../../../utils/consent/dnr';
import { BANNER_MODES, CONSENT_STATES, type ConsentPolicy } from '../../../utils/consent/model';
import { parseConsentPolicy } from '../../../utils/consent/parse';
import { revokedCategories } from '../../../utils/consent/policy';
import { simulate } from '../../../utils/consent/simulate';
import { RECIPIENTS } from './fixtures';

const SITES = ['shop-a.example', 'shop-b.example', 'shop-c.example', 'eu.shop-a.example', 'criteo.com'];
const state = fc.constantFrom(...CONSENT_STATES);
const siteConsent = fc.dictionary(fc.constantFrom(...CATEGORIES), state, { maxKeys: 8 });
const policyArb: fc.Arbitrary<ConsentPolicy> = fc.record({
  defaults: fc.record(
    Object.fromEntries(CATEGORIES.map((c) => [c, state])) as Record<
      (typeof CATEGORIES)[number],
      fc.Arbitrary<'granted' | 'revoked'>
    >,
  ),
  perSite: fc.dictionary(fc.constantFrom(...SITES), siteConsent, { maxKeys: SITES.length }),
  paused: fc.boolean(),
  // Shops paused on their own: "touch nothing where nothing is revoked" then covers them too.
  pausedSites: fc.dictionary(fc.constantFrom(...SITES), fc.option(fc.nat(), { nil: null }), { maxKeys: 2 }),
  hidePlacementsWhenBrowsingRevoked: fc.boolean(),
  banners: fc.record({
    default: fc.constantFrom(...BANNER_MODES),
    perSite: fc.dictionary(fc.constantFrom(...SITES), fc.constantFrom(...BANNER_MODES), { maxKeys: 3 }),
  }),
});

const PROBES = [
  { url: 'https://www.facebook.com/tr?id=1&ud[em]=x', type: 'image' as const },
  { url: 'https://static.hotjar.com/c/hotjar-1.js', type: 'script' as const },
  { url: 'https://www.google-analytics.com/g/collect?cid=1&lat=2&sr=3', type: 'ping' as const },
  { url: 'https://api.fpjs.io/', type: 'xmlhttprequest' as const },
];

describe('random policies', () => {
  it('always compile to rules Chrome accepts, with unique ids', () => {
    fc.assert(
      fc.property(policyArb, fc.constantFrom('initiator', 'top'), (policy, scope) => {
        const { rules } = compileRules(policy, RECIPIENTS, { scope: scope as 'initiator' | 'top' });
        for (const r of rules) expect(checkRule(r)).toEqual([]);
        expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
      }),
      { numRuns: 200 },
    );
  });

  it('touch nothing on a shop where nothing is revoked', () => {
    fc.assert(
      fc.property(policyArb, fc.constantFrom(...SITES, 'unlisted.example'), (policy, site) => {
        fc.pre(revokedCategories(policy, site).length === 0);
        const { rules } = compileRules(policy, RECIPIENTS);
        for (const probe of PROBES) {
          const out = simulate(rules, { ...probe, initiator: `https://${site}` });
          expect(out.outcome).toBe('allowed');
          expect(out.setRequestHeaders).toEqual({});
          expect(out.removedRequestHeaders).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('send GPC exactly where something is revoked', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.constantFrom('shop-a.example', 'shop-b.example', 'eu.shop-a.example', 'unlisted.example'),
        (policy, site) => {
          const { rules } = compileRules(policy, RECIPIENTS);
          const out = simulate(rules, {
            url: `https://${site}/`,
            type: 'main_frame',
            initiator: 'https://search.example',
          });
          expect(out.setRequestHeaders['sec-gpc'] === '1').toBe(revokedCategories(policy, site).length > 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('block the session-replay vendor exactly where behavior or browsing is revoked', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.constantFrom('shop-a.example', 'shop-c.example', 'eu.shop-a.example', 'unlisted.example'),
        (policy, site) => {
          const { rules } = compileRules(policy, RECIPIENTS);
          const out = simulate(rules, {
            url: 'https://static.hotjar.com/c/hotjar-1.js',
            type: 'script',
            initiator: `https://www.${site}`,
          });
          const revoked = revokedCategories(policy, site);
          expect(out.outcome === 'blocked').toBe(revoked.includes('behavior') || revoked.includes('browsing'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('survive a JSON round trip through parseConsentPolicy unchanged', () => {
    fc.assert(
      fc.property(policyArb, (policy) => {
        const parsed = parseConsentPolicy(JSON.parse(JSON.stringify(policy)));
        expect(parsed.ok).toBe(true);
        if (parsed.ok)
          expect(compileRules(parsed.value, RECIPIENTS).rules).toEqual(compileRules(policy, RECIPIENTS).rules);
      }),
      { numRuns: 100 },
    );
  });

  it('diff from any policy to any other lands on the new rules', () => {
    fc.assert(
      fc.property(policyArb, policyArb, (a, b) => {
        const before = compileRules(a, RECIPIENTS).rules;
        const after = compileRules(b, RECIPIENTS).rules;
        const { removeRuleIds, addRules } = diffRules(before, after);
        const removed = new Set(removeRuleIds);
        const result = [...before.filter((r) => !removed.has(r.id)), ...addRules];
        const byId = (x: { id: number }, y: { id: number }) => x.id - y.id;
        expect(result.sort(byId)).toEqual([...after].sort(byId));
      }),
      { numRuns: 150 },
    );
  });

  it('parseConsentPolicy never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const r = parseConsentPolicy(value);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
