/**
 * @duckduckgo/autoconsent (MPL-2.0) for banners our page-world adapters do not answer per purpose:
 * its content script detects a CMP among its ~800 rules and clicks accept-all or reject-all. This
 * module is the worker's side, pure: the config it is given from the shopper's choices, the rules it
 * is given for a page, the messages it may send (validated: it runs beside the page), and what goes
 * in the ledger. Its rules are bundled at build time, filtered per page, never fetched.
 */
import {
  decodeRules,
  filterCompactRules,
  type AutoConsentCMPRule,
  type Config,
  type IndexedCMPRuleset,
  type RuleBundle,
} from '@duckduckgo/autoconsent';
import type { Category } from '../../categories';
import { isPlainObject } from '../../guards';
import { err, ok, type Result } from '../../result';
import type { ConsentState } from '../model';
import type { OptInSteps } from './autoconsent-opt-in';
import { acceptsAll } from './purposes';
import type { BannerReport } from './report';

/**
 * autoconsent's rule names for the CMPs the page-world adapters answer per purpose (adapters.ts):
 * left to them, or autoconsent would click "reject all" over a per-purpose answer.
 */
export const API_ANSWERED_RULES: readonly string[] = [
  'Klaro',
  'cookieconsent3',
  'tarteaucitron.js',
  'tarteaucitron deny',
  'Onetrust',
  'Cybotcookiebot',
  'didomi',
  'usercentrics-api',
  'usercentrics-button',
  // Complianz's own banner; its older banners built on Osano's library ('Complianz optin', …) have
  // no per-purpose API and stay with autoconsent.
  'Complianz banner',
];

export type AutoconsentAnswer = 'optIn' | 'optOut';

/** All or nothing: accept only when every category is granted (the contract's last row). */
export function autoconsentAnswer(consent: Readonly<Record<Category, ConsentState>>): AutoconsentAnswer {
  return acceptsAll(consent) ? 'optIn' : 'optOut';
}

/**
 * The config autoconsent runs with on a page; disabled when banners are left to the shopper there.
 * It never answers by itself: the content script sends the answer once the banner has settled.
 */
export function autoconsentConfig(consent: Readonly<Record<Category, ConsentState>> | null): Config {
  return {
    enabled: consent !== null,
    autoAction: null,
    disabledCmps: [...API_ANSWERED_RULES],
    enablePrehide: true,
    // Cosmetic rules only hide a banner: the CMP records nothing, which is not an answer.
    enableCosmeticRules: false,
    enableGeneratedRules: false,
    detectRetries: 20,
    isMainWorld: false,
    prehideTimeout: 2000,
    // Detection only: a banner no rule knows is recorded as unrecognised, never clicked at a guess.
    // Off in autoconsent's looks (each reads the whole page's innerText and runs ~100 regexes, up to
    // 20 times a page): the content script checks the wording once (checkWordingOnce).
    enableHeuristicDetection: false,
    heuristicMode: 'off',
    heuristicPopupSearchTimeout: 100,
    enablePopupMutationObserver: false,
    visualTest: false,
    logs: {
      lifecycle: false,
      rulesteps: false,
      detectionsteps: false,
      evals: false,
      errors: false,
      messages: false,
      waits: false,
    },
    performanceLoggingEnabled: false,
  };
}

/**
 * The rules autoconsent gets for a page. Opting out runs on the compact rules as they are; opting in
 * needs each rule's opt-in steps, which the compact format drops, so the page's rules are decoded and
 * given their steps back. A rule with no opt-in steps keeps none (undefined, not []: autoconsent would
 * count an empty list as a successful answer), so its banner is recorded as seen but not answered.
 */
export function autoconsentRules(
  compact: IndexedCMPRuleset,
  url: string,
  answer: AutoconsentAnswer,
  optIn: OptInSteps,
): RuleBundle {
  return autoconsentRuleSource(compact, optIn)(url, answer);
}

/**
 * autoconsentRules for the worker's lifetime: each rule decoded for opting in is kept by name, since
 * decoding is slow (~0.3 ms a rule, ~200 rules a page, every page load) and the bundled rules never
 * change while the worker runs.
 */
export function autoconsentRuleSource(
  compact: IndexedCMPRuleset,
  optIn: OptInSteps,
): (url: string, answer: AutoconsentAnswer) => RuleBundle {
  const decoded = new Map<string, AutoConsentCMPRule | undefined>();
  return (url, answer) => {
    const forPage = filterCompactRules(compact, { url, mainFrame: true });
    if (answer !== 'optIn') return { autoconsent: [], compact: forPage };
    const missing = forPage.r.filter((rule) => !decoded.has(rule[1]));
    if (missing.length > 0) {
      // A rule autoconsent cannot run (a newer step version) decodes to nothing: kept as undefined.
      for (const rule of missing) decoded.set(rule[1], undefined);
      for (const rule of decodeRules({ ...forPage, r: missing })) decoded.set(rule.name, withOptIn(rule, optIn));
    }
    const rules = forPage.r.map((rule) => decoded.get(rule[1])).filter((rule) => rule !== undefined);
    return { autoconsent: rules, compact: undefined };
  };
}

function withOptIn(rule: AutoConsentCMPRule, optIn: OptInSteps): AutoConsentCMPRule {
  // Decoded rules are read through getters; the message to the content script needs plain data.
  const plain = {
    name: rule.name,
    minimumRuleStepVersion: rule.minimumRuleStepVersion,
    cosmetic: rule.cosmetic,
    runContext: rule.runContext,
    prehideSelectors: rule.prehideSelectors,
    intermediate: rule.intermediate,
    detectCmp: rule.detectCmp,
    detectPopup: rule.detectPopup,
    optOut: rule.optOut,
    test: rule.test,
  };
  const steps = optIn[rule.name];
  return (steps ? { ...plain, optIn: steps } : plain) as AutoConsentCMPRule;
}

/** The messages of autoconsent's content script the worker acts on, as validated. */
export type AutoconsentMessage =
  | { type: 'init'; url: string }
  | { type: 'eval'; id: string }
  | { type: 'optOutResult' | 'optInResult'; cmp: string; result: boolean }
  | { type: 'report'; detectedCmps: string[]; heuristic: boolean; lifecycle: string };

const short = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length <= max;

export function validateAutoconsentMessage(raw: unknown): Result<AutoconsentMessage> {
  if (!isPlainObject(raw) || typeof raw.type !== 'string')
    return err('autoconsent message must be an object with a type');
  switch (raw.type) {
    case 'init':
      return short(raw.url, 4096) ? ok({ type: 'init', url: raw.url }) : err('init needs the page url');
    case 'eval':
      return short(raw.id, 100) ? ok({ type: 'eval', id: raw.id }) : err('eval needs its id');
    case 'optOutResult':
    case 'optInResult':
      return short(raw.cmp, 80) && typeof raw.result === 'boolean'
        ? ok({ type: raw.type, cmp: raw.cmp, result: raw.result })
        : err(`${raw.type} needs cmp and result`);
    case 'report': {
      if (!isPlainObject(raw.state)) return err('report needs its state');
      const { detectedCmps, heuristicPatterns, lifecycle } = raw.state;
      if (!Array.isArray(detectedCmps) || !Array.isArray(heuristicPatterns) || !short(lifecycle, 40))
        return err('report state needs detectedCmps, heuristicPatterns and lifecycle');
      return ok({
        type: 'report',
        detectedCmps: detectedCmps.filter((c): c is string => short(c, 80)).slice(0, 20),
        heuristic: heuristicPatterns.length > 0,
        lifecycle,
      });
    }
    default:
      return err(`autoconsent message type ${raw.type.slice(0, 40)} is not one the worker takes`);
  }
}

/** The content script passes these to the worker as they come; state reports only as unknownBanner says. */
export function isForWorker(message: { type?: unknown }): boolean {
  return ['init', 'eval', 'optOutResult', 'optInResult'].includes(String(message.type));
}

/** How long after autoconsent starts a page's cookie wording with no CMP found counts as an unknown banner. */
export const UNKNOWN_BANNER_AFTER_MS = 5000;

/** Lifecycles in which autoconsent has found no CMP: still looking, or given up. */
const NO_CMP_LIFECYCLES = ['started', 'nothingDetected'];

/**
 * Whether autoconsent's state shows a banner no rule knows: cookie-banner wording on the page, no CMP
 * found, and no banner answered on the page some other way. autoconsent itself gives up only after a
 * minute without DOM changes, so the content script asks this once UNKNOWN_BANNER_AFTER_MS have passed.
 */
export function isUnknownBanner(
  state: { lifecycle?: unknown; detectedCmps?: unknown; heuristicPatterns?: unknown },
  answeredOtherwise: boolean,
): boolean {
  return (
    !answeredOtherwise &&
    NO_CMP_LIFECYCLES.includes(String(state.lifecycle)) &&
    Array.isArray(state.detectedCmps) &&
    state.detectedCmps.length === 0 &&
    Array.isArray(state.heuristicPatterns) &&
    state.heuristicPatterns.length > 0
  );
}

/**
 * What the ledger records for a message, if anything. A banner a rule found but could not answer,
 * and cookie-banner wording on a page where no rule found a CMP (the content script's report, see
 * isUnknownBanner), are both "not recognised": left to the shopper (the first names the rule).
 */
export function autoconsentBannerReport(message: AutoconsentMessage): BannerReport | undefined {
  if (message.type === 'optOutResult' || message.type === 'optInResult') {
    if (!message.result) return { cmp: message.cmp, status: 'unrecognised', how: 'none', accepted: [], refused: [] };
    const optIn = message.type === 'optInResult';
    return {
      cmp: message.cmp,
      status: 'answered',
      how: 'clicks',
      accepted: optIn ? ['all'] : [],
      refused: optIn ? [] : ['all'],
    };
  }
  if (
    message.type === 'report' &&
    message.heuristic &&
    message.detectedCmps.length === 0 &&
    NO_CMP_LIFECYCLES.includes(message.lifecycle)
  )
    return { cmp: '', status: 'unrecognised', how: 'none', accepted: [], refused: [] };
  return undefined;
}
