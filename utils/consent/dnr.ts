/**
 * Plain types mirroring chrome.declarativeNetRequest.Rule (the subset we emit), and a checker that
 * says what Chrome would reject. Kept free of browser types so the compiler runs in node and tests.
 */

export const DNR_RESOURCE_TYPES = [
  'main_frame',
  'sub_frame',
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'xmlhttprequest',
  'ping',
  'csp_report',
  'media',
  'websocket',
  'webtransport',
  'webbundle',
  'other',
] as const;
export type DnrResourceType = (typeof DNR_RESOURCE_TYPES)[number];

export const DNR_REQUEST_METHODS = [
  'connect',
  'delete',
  'get',
  'head',
  'options',
  'patch',
  'post',
  'put',
  'other',
] as const;
export type DnrRequestMethod = (typeof DNR_REQUEST_METHODS)[number];

export type DnrActionType = 'block' | 'allow' | 'modifyHeaders' | 'redirect';

export interface DnrModifyHeaderInfo {
  /** Lower case, as Chrome's own examples write them. */
  header: string;
  operation: 'set' | 'remove' | 'append';
  /** Required for set and append, forbidden for remove. */
  value?: string;
}

export interface DnrQueryTransform {
  removeParams?: string[];
  addOrReplaceParams?: { key: string; value: string; replaceOnly?: boolean }[];
}

export interface DnrRuleAction {
  type: DnrActionType;
  requestHeaders?: DnrModifyHeaderInfo[];
  responseHeaders?: DnrModifyHeaderInfo[];
  redirect?: { transform?: { queryTransform?: DnrQueryTransform }; url?: string };
}

export interface DnrRuleCondition {
  urlFilter?: string;
  regexFilter?: string;
  isUrlFilterCaseSensitive?: boolean;
  requestDomains?: string[];
  excludedRequestDomains?: string[];
  initiatorDomains?: string[];
  excludedInitiatorDomains?: string[];
  /** Chrome 141+: the tab's top-level site, which covers the retailer's third-party iframes too. */
  topDomains?: string[];
  excludedTopDomains?: string[];
  domainType?: 'firstParty' | 'thirdParty';
  resourceTypes?: DnrResourceType[];
  excludedResourceTypes?: DnrResourceType[];
  requestMethods?: DnrRequestMethod[];
}

export interface DnrRule {
  id: number;
  priority: number;
  action: DnrRuleAction;
  condition: DnrRuleCondition;
}

/** Chrome's limits (chrome.declarativeNetRequest constants). */
export const CHROME_LIMITS = {
  /** MAX_NUMBER_OF_DYNAMIC_RULES on current Chrome. */
  MAX_NUMBER_OF_DYNAMIC_RULES: 30_000,
  /** The dynamic + session cap of older Chrome (MAX_NUMBER_OF_DYNAMIC_AND_SESSION_RULES): our default budget. */
  SAFE_DYNAMIC_RULES: 5_000,
  MAX_NUMBER_OF_REGEX_RULES: 1_000,
  /** Chrome 120+: redirect and modifyHeaders ("unsafe") dynamic rules, whatever the overall limit. */
  MAX_NUMBER_OF_UNSAFE_DYNAMIC_RULES: 5_000,
} as const;

const DOMAIN = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const ASCII = /^[\x20-\x7e]*$/;
const RESOURCE_TYPE_SET: ReadonlySet<string> = new Set(DNR_RESOURCE_TYPES);
const METHOD_SET: ReadonlySet<string> = new Set(DNR_REQUEST_METHODS);
const DOMAIN_LIST_KEYS = [
  'requestDomains',
  'excludedRequestDomains',
  'initiatorDomains',
  'excludedInitiatorDomains',
  'topDomains',
  'excludedTopDomains',
] as const;

/**
 * Our own cap on a regexFilter's source length. Chrome refuses regexes whose RE2 program exceeds 2 KB,
 * and that comes fast: a 138-character alternation of 20 keys was refused by Chromium 156. Length is
 * only a proxy; every regex we ship was checked with isRegexSupported.
 */
export const MAX_REGEX_SOURCE = 110;

/**
 * Problems Chrome would refuse a rule for (or that break our own conventions: lower-case header names,
 * explicit case-insensitivity on URL patterns). Empty when the rule is fine.
 */
export function checkRule(rule: DnrRule): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(rule.id) || rule.id < 1) problems.push(`id ${rule.id} is not a positive integer`);
  if (!Number.isInteger(rule.priority) || rule.priority < 1)
    problems.push(`priority ${rule.priority} is not a positive integer`);
  const c = rule.condition;
  const a = rule.action;
  for (const key of DOMAIN_LIST_KEYS) {
    const list = c[key];
    if (list === undefined) continue;
    if (list.length === 0) problems.push(`${key} is empty`);
    for (const d of list) if (!DOMAIN.test(d)) problems.push(`${key} has an invalid domain "${d}"`);
    if (new Set(list).size !== list.length) problems.push(`${key} has duplicates`);
  }
  if (c.urlFilter !== undefined && c.regexFilter !== undefined) problems.push('urlFilter and regexFilter together');
  if (c.urlFilter !== undefined) {
    if (c.urlFilter === '' || !ASCII.test(c.urlFilter)) problems.push('urlFilter is empty or not ASCII');
    if (c.urlFilter.startsWith('||*')) problems.push('urlFilter starts with ||*');
  }
  if (c.regexFilter !== undefined) {
    if (c.regexFilter === '' || !ASCII.test(c.regexFilter)) problems.push('regexFilter is empty or not ASCII');
    if (c.regexFilter.length > MAX_REGEX_SOURCE) problems.push(`regexFilter is longer than ${MAX_REGEX_SOURCE}`);
    try {
      new RegExp(c.regexFilter);
    } catch {
      problems.push('regexFilter does not compile');
    }
  }
  if ((c.urlFilter !== undefined || c.regexFilter !== undefined) && c.isUrlFilterCaseSensitive !== false) {
    problems.push('URL pattern without isUrlFilterCaseSensitive: false');
  }
  if (c.resourceTypes && c.excludedResourceTypes) problems.push('resourceTypes and excludedResourceTypes together');
  for (const list of [c.resourceTypes, c.excludedResourceTypes]) {
    if (!list) continue;
    if (list.length === 0) problems.push('resource type list is empty');
    for (const t of list) if (!RESOURCE_TYPE_SET.has(t)) problems.push(`unknown resource type "${t}"`);
  }
  if (c.requestMethods) {
    if (c.requestMethods.length === 0) problems.push('requestMethods is empty');
    for (const m of c.requestMethods) if (!METHOD_SET.has(m)) problems.push(`unknown request method "${m}"`);
  }
  if (c.domainType !== undefined && c.domainType !== 'firstParty' && c.domainType !== 'thirdParty') {
    problems.push(`unknown domainType "${String(c.domainType)}"`);
  }
  switch (a.type) {
    case 'block':
    case 'allow':
      if (a.requestHeaders || a.responseHeaders || a.redirect) problems.push(`${a.type} rule with extra action fields`);
      break;
    case 'modifyHeaders': {
      if (a.redirect) problems.push('modifyHeaders rule with a redirect');
      const all = [...(a.requestHeaders ?? []), ...(a.responseHeaders ?? [])];
      if (all.length === 0) problems.push('modifyHeaders rule modifies no header');
      if (a.requestHeaders?.length === 0 || a.responseHeaders?.length === 0) problems.push('empty header list');
      for (const h of all) {
        if (!HEADER_NAME.test(h.header)) problems.push(`header name "${h.header}" is not a lower-case token`);
        if (h.operation === 'remove' && h.value !== undefined) problems.push(`remove of ${h.header} has a value`);
        if ((h.operation === 'set' || h.operation === 'append') && (h.value === undefined || h.value === '')) {
          problems.push(`${h.operation} of ${h.header} has no value`);
        }
      }
      break;
    }
    case 'redirect': {
      if (a.requestHeaders || a.responseHeaders) problems.push('redirect rule with header changes');
      const qt = a.redirect?.transform?.queryTransform;
      if (!a.redirect || (!a.redirect.url && !qt)) problems.push('redirect rule without a target');
      if (qt?.removeParams && qt.removeParams.length === 0) problems.push('removeParams is empty');
      break;
    }
    default:
      problems.push(`unknown action type "${String((a as { type: unknown }).type)}"`);
  }
  return problems;
}
