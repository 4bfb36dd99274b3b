/**
 * Specs: the rules a set of revoked categories needs, without their scope (which sites they apply to)
 * and without ids. One spec per action; the compiler scopes them per site or as defaults.
 */
import type { Category } from '../categories';
import { escapeRegExp } from '../guards';
import { MAX_REGEX_SOURCE, type DnrRuleAction, type DnrRuleCondition } from './dnr';
import { ENFORCEMENT } from './enforcement';
import type { RecipientLists } from './recipient-lists';
import { RULE_PRIORITY, type RulePurpose } from './rule-types';

const GPC_SITE_TYPES = ['main_frame', 'sub_frame', 'xmlhttprequest'] as const;

export interface Spec {
  /** Unique within one scope, part of the rule id. */
  name: string;
  /** Content signature: equal signatures mean equal rules up to scope (used to merge retailers). */
  sig: string;
  purpose: RulePurpose;
  categories: Category[];
  priority: number;
  /** Whether the scope goes on the initiator (or top frame) or on the request's own domain. */
  scopeOn: 'initiator' | 'request';
  action: DnrRuleAction;
  condition: DnrRuleCondition;
  regex: boolean;
}

/**
 * Regexes for a list of query keys: `[?&](p1|p2)(\[|%5B)(i1|i2)(\]|%5D)=` for keys shaped
 * `prefix[inner]` (a slight over-approximation that keeps it short; brackets also match their
 * percent-encoded forms) and `[?&](k1|k2|…)=` for plain keys. Two separate regexes because RE2's
 * 2 KB program limit is tight: Chromium 156's isRegexSupported refused the two as one alternation
 * (138 characters, memoryLimitExceeded) and accepted each alone. Built once at load.
 */
function queryKeyRegexes(keys: readonly string[]): string[] {
  const prefixes = new Set<string>();
  const inners = new Set<string>();
  const plain: string[] = [];
  for (const k of keys) {
    const m = /^([^[\]]+)\[([^[\]]+)\]$/.exec(k);
    if (m) {
      prefixes.add(escapeRegExp(m[1]));
      inners.add(escapeRegExp(m[2]));
    } else plain.push(escapeRegExp(k));
  }
  const out: string[] = [];
  if (prefixes.size) out.push(`[?&](${[...prefixes].join('|')})(\\[|%5B)(${[...inners].join('|')})(\\]|%5D)=`);
  if (plain.length) out.push(`[?&](${plain.join('|')})=`);
  return out;
}

/**
 * Regexes that together match a URL carrying any of `keys` as a query parameter: `[?&](k1|k2|…)=`,
 * keys packed greedily so that each stays within MAX_REGEX_SOURCE (RE2's 2 KB program limit in
 * Chrome). Keys are matched case-insensitively (as every URL pattern of ours), so keys equal but for
 * case are listed once.
 */
export function queryKeyPresenceRegexes(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const escaped: string[] = [];
  for (const key of keys) {
    if (seen.has(key.toLowerCase())) continue;
    seen.add(key.toLowerCase());
    escaped.push(escapeRegExp(key));
  }
  const wrap = (alternatives: string[]) => `[?&](${alternatives.join('|')})=`;
  const out: string[] = [];
  let chunk: string[] = [];
  for (const key of escaped) {
    if (chunk.length && wrap([...chunk, key]).length > MAX_REGEX_SOURCE) {
      out.push(wrap(chunk));
      chunk = [];
    }
    chunk.push(key);
  }
  if (chunk.length) out.push(wrap(chunk));
  return out;
}

export const CONTACT_REGEXES: readonly string[] = queryKeyRegexes(ENFORCEMENT.contact.blockQueryKeys);

function uniqueInOrder(lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of lists)
    for (const item of list) {
      if (seen.has(item)) continue;
      seen.add(item);
      out.push(item);
    }
  return out;
}

/**
 * Redirect rules that remove `removeParams`, one per presence regex: each matches only URLs carrying
 * one of the parameters and removes all of them (Chrome applies only the top redirect rule to a
 * request). Matching only such URLs is a workaround for Firefox 153, where a matching redirect rule,
 * even one that changes nothing, suppresses the Sec-GPC header rule and overrides the body veto's
 * cancel: elsewhere those now apply.
 */
function stripSpecs(
  purpose: 'strip-params' | 'strip-landing-params',
  sigKey: string,
  categories: Category[],
  removeParams: string[],
  scopeOn: Spec['scopeOn'],
  condition: DnrRuleCondition,
): Spec[] {
  const action: DnrRuleAction = { type: 'redirect', redirect: { transform: { queryTransform: { removeParams } } } };
  return queryKeyPresenceRegexes(removeParams).map((regexFilter, i) => ({
    name: `${purpose}:${i + 1}`,
    sig: `${purpose}:${i + 1}|${sigKey}`,
    purpose,
    categories,
    priority: RULE_PRIORITY.redirect,
    scopeOn,
    action,
    condition: { regexFilter, isUrlFilterCaseSensitive: false, ...condition },
    regex: true,
  }));
}

/**
 * The rules a scope needs for a set of revoked categories. `drop` removes the scope's own sites from
 * recipient lists; `dropKey` names that filtering in signatures ('' when nothing is filtered).
 */
export function buildSpecs(
  revoked: readonly Category[],
  lists: RecipientLists,
  drop: Set<string> | null,
  dropKey: string,
  isDefault: boolean,
): Spec[] {
  const specs: Spec[] = [];
  if (revoked.length === 0) return specs;
  const keep = (list: string[]) => (drop ? list.filter((d) => !drop.has(d)) : list);
  for (const c of revoked) {
    const domains = keep(lists.block[c]);
    if (domains.length === 0) continue;
    specs.push({
      name: `block:${c}`,
      sig: `block:${c}|${dropKey}`,
      purpose: `block:${c}`,
      categories: [c],
      priority: RULE_PRIORITY.block,
      scopeOn: 'initiator',
      action: { type: 'block' },
      condition: { requestDomains: domains, domainType: 'thirdParty' },
      regex: false,
    });
  }
  const endpointCats = new Map<string, Category[]>();
  for (const c of revoked) {
    for (const f of ENFORCEMENT[c].blockUrlFilters) endpointCats.set(f, [...(endpointCats.get(f) ?? []), c]);
  }
  for (const [filter, cats] of endpointCats) {
    specs.push({
      name: `block-endpoint:${filter}`,
      sig: `block-endpoint:${filter}`,
      purpose: 'block-endpoint',
      categories: cats,
      priority: RULE_PRIORITY.block,
      scopeOn: 'initiator',
      action: { type: 'block' },
      condition: { urlFilter: filter, isUrlFilterCaseSensitive: false, domainType: 'thirdParty' },
      regex: false,
    });
  }
  const trackers = keep(lists.trackers);
  if (trackers.length > 0) {
    if (revoked.includes('contact')) {
      CONTACT_REGEXES.forEach((regexFilter, i) => {
        specs.push({
          name: `block-contact-fields:${i + 1}`,
          sig: `block-contact-fields:${i + 1}|${dropKey}`,
          purpose: 'block-contact-fields',
          categories: ['contact'],
          priority: RULE_PRIORITY.block,
          scopeOn: 'initiator',
          action: { type: 'block' },
          condition: {
            regexFilter,
            isUrlFilterCaseSensitive: false,
            requestDomains: trackers,
            domainType: 'thirdParty',
          },
          regex: true,
        });
      });
    }
    const stripCats = revoked.filter((c) => ENFORCEMENT[c].stripParams.length > 0);
    if (stripCats.length > 0) {
      const removeParams = uniqueInOrder(stripCats.map((c) => ENFORCEMENT[c].stripParams));
      specs.push(
        ...stripSpecs('strip-params', `${stripCats.join(',')}|${dropKey}`, stripCats, removeParams, 'initiator', {
          requestDomains: trackers,
          domainType: 'thirdParty',
        }),
      );
    }
    const headerCats = revoked.filter(
      (c) => ENFORCEMENT[c].removeRequestHeaders.length + ENFORCEMENT[c].removeResponseHeaders.length > 0,
    );
    if (headerCats.length > 0) {
      const req = uniqueInOrder(headerCats.map((c) => ENFORCEMENT[c].removeRequestHeaders));
      const res = uniqueInOrder(headerCats.map((c) => ENFORCEMENT[c].removeResponseHeaders));
      const action: DnrRuleAction = { type: 'modifyHeaders' };
      if (req.length) action.requestHeaders = req.map((header) => ({ header, operation: 'remove' as const }));
      if (res.length) action.responseHeaders = res.map((header) => ({ header, operation: 'remove' as const }));
      specs.push({
        name: 'tracker-headers',
        sig: `tracker-headers|${headerCats.join(',')}|${dropKey}`,
        purpose: 'tracker-headers',
        categories: headerCats,
        priority: RULE_PRIORITY.headers,
        scopeOn: 'initiator',
        action,
        condition: { requestDomains: trackers, domainType: 'thirdParty' },
        regex: false,
      });
    }
  }
  const landingCats = revoked.filter((c) => ENFORCEMENT[c].stripLandingParams.length > 0);
  if (landingCats.length > 0) {
    const removeParams = uniqueInOrder(landingCats.map((c) => ENFORCEMENT[c].stripLandingParams));
    specs.push(
      ...stripSpecs('strip-landing-params', landingCats.join(','), landingCats, removeParams, 'request', {
        resourceTypes: ['main_frame'],
        requestMethods: ['get'],
      }),
    );
  }
  const gpc: DnrRuleAction = {
    type: 'modifyHeaders',
    requestHeaders: [{ header: 'sec-gpc', operation: 'set', value: '1' }],
  };
  specs.push({
    name: 'gpc-initiated',
    sig: 'gpc-initiated',
    purpose: 'gpc-initiated',
    categories: [...revoked],
    priority: RULE_PRIORITY.gpc,
    scopeOn: 'initiator',
    action: gpc,
    condition: {},
    regex: false,
  });
  // The default scope has no site list to name, only exclusions: there, frames and XHRs would reach
  // any embedded third party (also on a shop that granted everything), so it covers navigations only;
  // the site's own frames and XHRs are covered by gpc-initiated.
  specs.push({
    name: 'gpc-site',
    sig: 'gpc-site',
    purpose: 'gpc-site',
    categories: [...revoked],
    priority: RULE_PRIORITY.gpc,
    scopeOn: 'request',
    action: gpc,
    condition: { resourceTypes: isDefault ? ['main_frame'] : [...GPC_SITE_TYPES] },
    regex: false,
  });
  return specs;
}
