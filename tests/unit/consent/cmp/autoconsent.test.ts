/**
 * The worker's side of @duckduckgo/autoconsent: config and answer from the shopper's choices, the rules
 * a page gets (the real bundled rules), validation of what its content script sends, ledger rows.
 */
import { describe, expect, it } from 'vitest';
import type { IndexedCMPRuleset, AutoConsentCMPRule } from '@duckduckgo/autoconsent';
import compactRules from '@duckduckgo/autoconsent/rules/compact-rules.json';
import fullRules from '@duckduckgo/autoconsent/rules/rules.json';
import { CATEGORIES, type Category } from '../../../../utils/categories';
import type { ConsentState } from '../../../../utils/consent/model';
import {
  API_ANSWERED_RULES,
  autoconsentAnswer,
  autoconsentBannerReport,
  autoconsentConfig,
  autoconsentRules,
  autoconsentRuleSource,
  isForWorker,
  isUnknownBanner,
  validateAutoconsentMessage,
} from '../../../../utils/consent/cmp/autoconsent';
import { optInStepsOf } from '../../../../utils/consent/cmp/autoconsent-opt-in';
import { validateBannerReport } from '../../../../utils/consent/cmp/report';

function consentWith(revoked: readonly Category[]): Record<Category, ConsentState> {
  const out = {} as Record<Category, ConsentState>;
  for (const c of CATEGORIES) out[c] = revoked.includes(c) ? 'revoked' : 'granted';
  return out;
}

const COMPACT = compactRules as unknown as IndexedCMPRuleset;
const OPT_IN = optInStepsOf((fullRules as { autoconsent: AutoConsentCMPRule[] }).autoconsent);
const SHOP = 'https://www.demo-store.test/cmp/osano-cookieconsent';

describe('autoconsent config and answer', () => {
  it('accepts all only when every category is granted, refuses otherwise', () => {
    expect(autoconsentAnswer(consentWith([]))).toBe('optIn');
    for (const c of CATEGORIES) expect(autoconsentAnswer(consentWith([c])), c).toBe('optOut');
  });

  it('is disabled where banners are left to the shopper, and never answers at a guess', () => {
    expect(autoconsentConfig(null).enabled).toBe(false);
    const config = autoconsentConfig(consentWith(['contact']));
    expect(config).toMatchObject({
      enabled: true,
      // The content script answers once the banner has settled, not autoconsent by itself.
      autoAction: null,
      enableCosmeticRules: false,
      enableHeuristicDetection: false,
      heuristicMode: 'off',
    });
    expect(config.disabledCmps).toEqual([...API_ANSWERED_RULES]);
  });
});

describe('rules for a page', () => {
  it('sends the compact rules filtered for the page when refusing', () => {
    const bundle = autoconsentRules(COMPACT, SHOP, 'optOut', OPT_IN);
    expect(bundle.autoconsent).toEqual([]);
    const names = bundle.compact!.r.map((r) => r[1]);
    expect(names).toContain('Complianz optin');
    expect(names.length).toBeGreaterThan(50);
    expect(names.length).toBeLessThan(COMPACT.r.length);
  });

  it('gives each rule its opt-in steps back when accepting, as plain data', () => {
    const bundle = autoconsentRules(COMPACT, SHOP, 'optIn', OPT_IN);
    expect(bundle.compact).toBeUndefined();
    const complianz = bundle.autoconsent.find((r) => r.name === 'Complianz optin')!;
    expect(complianz.optIn).toEqual(
      (fullRules as { autoconsent: AutoConsentCMPRule[] }).autoconsent.find((r) => r.name === 'Complianz optin')!.optIn,
    );
    expect(complianz.optIn.length).toBeGreaterThan(0);
    // Survives the message to the content script: nothing read through getters is lost.
    const sent = JSON.parse(JSON.stringify(complianz)) as AutoConsentCMPRule;
    expect(sent.detectCmp.length).toBeGreaterThan(0);
    expect(sent.detectPopup.length).toBeGreaterThan(0);
    expect(sent.optOut.length).toBeGreaterThan(0);
    expect(sent.prehideSelectors).toEqual(complianz.prehideSelectors);
  });

  it('leaves a rule without opt-in steps without any, so it cannot "succeed" by doing nothing', () => {
    // Some site rules say only how to refuse (this one applies on theguardian.com).
    const bundle = autoconsentRules(COMPACT, 'https://www.theguardian.com/uk', 'optIn', OPT_IN);
    const without = bundle.autoconsent.filter((r) => !OPT_IN[r.name]);
    expect(without.map((r) => r.name)).toContain('theguardian.com');
    expect(without.length).toBeGreaterThan(0);
    for (const rule of without) expect('optIn' in rule, rule.name).toBe(false);
  });

  it('decodes each rule once for the worker and gives every page the same rules as a fresh decode', () => {
    const rulesFor = autoconsentRuleSource(COMPACT, OPT_IN);
    const first = rulesFor(SHOP, 'optIn');
    const guardian = rulesFor('https://www.theguardian.com/uk', 'optIn');
    expect(guardian).toEqual(autoconsentRules(COMPACT, 'https://www.theguardian.com/uk', 'optIn', OPT_IN));
    expect(rulesFor(SHOP, 'optIn')).toEqual(autoconsentRules(COMPACT, SHOP, 'optIn', OPT_IN));
    // A generic rule the two pages share is the object decoded for the first.
    const shared = first.autoconsent.find((r) => r.name === 'Complianz optin')!;
    expect(guardian.autoconsent.find((r) => r.name === 'Complianz optin')).toBe(shared);
    expect(rulesFor(SHOP, 'optOut')).toEqual(autoconsentRules(COMPACT, SHOP, 'optOut', OPT_IN));
  });

  it('keeps only rules with steps in the opt-in table', () => {
    const steps = optInStepsOf([
      { name: 'a', detectCmp: [], detectPopup: [], optOut: [], optIn: [{ click: '.ok' }] },
      { name: 'b', detectCmp: [], detectPopup: [], optOut: [], optIn: [] },
    ]);
    expect(steps).toEqual({ a: [{ click: '.ok' }] });
  });
});

describe('messages from the content script', () => {
  it('passes on only what the worker acts on', () => {
    expect(isForWorker({ type: 'init' })).toBe(true);
    expect(isForWorker({ type: 'optOutResult' })).toBe(true);
    // State reports come on every change; the content script sends one only for an unknown banner.
    expect(isForWorker({ type: 'report' })).toBe(false);
    expect(isForWorker({ type: 'popupFound' })).toBe(false);
  });

  it('validates each message type and refuses the rest', () => {
    expect(validateAutoconsentMessage({ type: 'init', url: SHOP })).toEqual({
      ok: true,
      value: { type: 'init', url: SHOP },
    });
    expect(
      validateAutoconsentMessage({ type: 'optInResult', cmp: 'Complianz optin', result: true, url: SHOP }),
    ).toEqual({
      ok: true,
      value: { type: 'optInResult', cmp: 'Complianz optin', result: true },
    });
    const state = { lifecycle: 'nothingDetected', detectedCmps: [], heuristicPatterns: ['/accept all/gi'] };
    expect(validateAutoconsentMessage({ type: 'report', state })).toEqual({
      ok: true,
      value: { type: 'report', detectedCmps: [], heuristic: true, lifecycle: 'nothingDetected' },
    });
    for (const bad of [
      null,
      'init',
      { type: 'init' },
      { type: 'optOutResult', cmp: 'x', result: 'yes' },
      { type: 'optOutResult', cmp: 'x'.repeat(81), result: true },
      { type: 'report', state: { lifecycle: 'done' } },
      { type: 'eval', id: 'x'.repeat(101) },
      { type: 'autoconsentDone' },
    ])
      expect(validateAutoconsentMessage(bad).ok, JSON.stringify(bad)).toBe(false);
  });
});

describe('an unknown banner', () => {
  const wording = { detectedCmps: [], heuristicPatterns: ['/we use cookies/gi'] };
  it('is cookie wording with no CMP found, still looking or given up, and nothing answered otherwise', () => {
    expect(isUnknownBanner({ ...wording, lifecycle: 'started' }, false)).toBe(true);
    expect(isUnknownBanner({ ...wording, lifecycle: 'nothingDetected' }, false)).toBe(true);
    expect(isUnknownBanner({ ...wording, lifecycle: 'started' }, true)).toBe(false);
    expect(isUnknownBanner({ ...wording, lifecycle: 'cmpDetected' }, false)).toBe(false);
    expect(isUnknownBanner({ ...wording, detectedCmps: ['Onetrust'], lifecycle: 'started' }, false)).toBe(false);
    expect(isUnknownBanner({ ...wording, heuristicPatterns: [], lifecycle: 'started' }, false)).toBe(false);
  });
});

describe('what the ledger records', () => {
  it('an answer by clicks carries the rule name and all or nothing', () => {
    expect(autoconsentBannerReport({ type: 'optInResult', cmp: 'Complianz optin', result: true })).toEqual({
      cmp: 'Complianz optin',
      status: 'answered',
      how: 'clicks',
      accepted: ['all'],
      refused: [],
    });
    expect(autoconsentBannerReport({ type: 'optOutResult', cmp: 'didomi', result: true })).toMatchObject({
      accepted: [],
      refused: ['all'],
    });
  });

  it('a banner a rule found but could not answer is not recognised, with the rule named', () => {
    const report = autoconsentBannerReport({ type: 'optOutResult', cmp: 'Sourcepoint-frame', result: false });
    expect(report).toEqual({
      cmp: 'Sourcepoint-frame',
      status: 'unrecognised',
      how: 'none',
      accepted: [],
      refused: [],
    });
    expect(validateBannerReport(report).ok).toBe(true);
  });

  it('cookie-banner wording that no rule knows is not recognised; no wording, or a rule found it, is nothing', () => {
    const report = (heuristic: boolean, detectedCmps: string[], lifecycle = 'nothingDetected') =>
      autoconsentBannerReport({ type: 'report', heuristic, detectedCmps, lifecycle });
    expect(report(true, [])).toEqual({ cmp: '', status: 'unrecognised', how: 'none', accepted: [], refused: [] });
    expect(validateBannerReport(report(true, [])).ok).toBe(true);
    expect(report(false, [])).toBeUndefined();
    expect(report(true, ['Onetrust'])).toBeUndefined();
    expect(report(true, [], 'started')).toMatchObject({ status: 'unrecognised' });
    expect(report(true, [], 'optOutSucceeded')).toBeUndefined();
    expect(autoconsentBannerReport({ type: 'init', url: SHOP })).toBeUndefined();
  });
});
