/**
 * A small model of how Chrome applies declarativeNetRequest rules to one request: enough to check in
 * node what compiled rules do (tests, CLI "what would be blocked", popup previews). It follows the
 * documented matching: highest priority wins among block/allow/redirect, allow beats block beats
 * redirect at equal priority, a redirect that changes nothing does not happen, and modifyHeaders rules
 * at or below a matching allow rule's priority are ignored. It does not model static rulesets,
 * session rules, tab ids, response-header conditions or other extensions.
 */
import { getDomain, getHostname } from 'tldts';
import { escapeRegExp } from '../guards';
import type { DnrRule, DnrRuleCondition, DnrResourceType } from './dnr';

export interface SimRequest {
  url: string;
  type: DnrResourceType;
  /** Origin (or any URL) of the document that made the request; absent for typed navigations. */
  initiator?: string;
  /** URL of the tab's top-level document (for topDomains); defaults to the initiator. */
  top?: string;
  method?: string;
}

export interface SimOutcome {
  outcome: 'allowed' | 'blocked' | 'redirected';
  /** The rule that decided block/allow/redirect, if any. */
  ruleId?: number;
  redirectUrl?: string;
  /** Request headers set by modifyHeaders rules (lower-case names). */
  setRequestHeaders: Record<string, string>;
  removedRequestHeaders: string[];
  removedResponseHeaders: string[];
  /** Ids of every rule whose condition matched. */
  matched: number[];
}

const ACTION_RANK: Record<string, number> = { allow: 4, allowAllRequests: 3, block: 2, upgradeScheme: 1, redirect: 0 };

function hostOf(url: string | undefined): string {
  if (!url) return '';
  return (getHostname(url) ?? '').toLowerCase();
}

function inList(host: string, list: readonly string[]): boolean {
  for (const d of list) if (host === d || host.endsWith(`.${d}`)) return true;
  return false;
}

const patternCache = new Map<string, RegExp>();

/** urlFilter syntax: `||` domain anchor, `|` start/end anchors, `*` wildcard, `^` separator. */
export function urlFilterToRegExp(filter: string, caseSensitive: boolean): RegExp {
  const cacheKey = `${caseSensitive ? 1 : 0}${filter}`;
  const cached = patternCache.get(cacheKey);
  if (cached) return cached;
  let f = filter;
  let prefix = '';
  let suffix = '';
  if (f.startsWith('||')) {
    prefix = '^[a-z][a-z0-9+.-]*://([^/?#]*\\.)?';
    f = f.slice(2);
  } else if (f.startsWith('|')) {
    prefix = '^';
    f = f.slice(1);
  }
  if (f.endsWith('|')) {
    suffix = '$';
    f = f.slice(0, -1);
  }
  let body = '';
  for (const ch of f) {
    if (ch === '*') body += '.*';
    else if (ch === '^') body += '(?:[^a-zA-Z0-9_.%-]|$)';
    else body += escapeRegExp(ch);
  }
  const re = new RegExp(prefix + body + suffix, caseSensitive ? '' : 'i');
  patternCache.set(cacheKey, re);
  return re;
}

function conditionMatches(
  c: DnrRuleCondition,
  req: SimRequest,
  host: string,
  initiatorHost: string,
  topHost: string,
): boolean {
  if (c.requestDomains && !inList(host, c.requestDomains)) return false;
  if (c.excludedRequestDomains && inList(host, c.excludedRequestDomains)) return false;
  if (c.initiatorDomains && (!initiatorHost || !inList(initiatorHost, c.initiatorDomains))) return false;
  if (c.excludedInitiatorDomains && initiatorHost && inList(initiatorHost, c.excludedInitiatorDomains)) return false;
  if (c.topDomains && (!topHost || !inList(topHost, c.topDomains))) return false;
  if (c.excludedTopDomains && topHost && inList(topHost, c.excludedTopDomains)) return false;
  if (c.resourceTypes) {
    if (!c.resourceTypes.includes(req.type)) return false;
  } else if (c.excludedResourceTypes) {
    if (c.excludedResourceTypes.includes(req.type)) return false;
  } else if (req.type === 'main_frame') {
    return false;
  }
  if (c.requestMethods && !c.requestMethods.includes((req.method ?? 'get').toLowerCase() as never)) return false;
  if (c.domainType) {
    const thirdParty = !initiatorHost || (getDomain(host) ?? host) !== (getDomain(initiatorHost) ?? initiatorHost);
    if ((c.domainType === 'thirdParty') !== thirdParty) return false;
  }
  const caseSensitive = c.isUrlFilterCaseSensitive === true;
  if (c.urlFilter !== undefined && !urlFilterToRegExp(c.urlFilter, caseSensitive).test(req.url)) return false;
  if (c.regexFilter !== undefined && !new RegExp(c.regexFilter, caseSensitive ? '' : 'i').test(req.url)) return false;
  return true;
}

function removeQueryParams(url: string, remove: readonly string[]): string {
  const hash = url.indexOf('#');
  const beforeHash = hash >= 0 ? url.slice(0, hash) : url;
  const fragment = hash >= 0 ? url.slice(hash) : '';
  const q = beforeHash.indexOf('?');
  if (q < 0) return url;
  const drop = new Set(remove);
  const kept = beforeHash
    .slice(q + 1)
    .split('&')
    .filter((part) => part !== '' && !drop.has(part.split('=')[0]));
  return beforeHash.slice(0, q) + (kept.length ? `?${kept.join('&')}` : '') + fragment;
}

export function simulate(rules: readonly DnrRule[], req: SimRequest): SimOutcome {
  const host = hostOf(req.url);
  const initiatorHost = hostOf(req.initiator);
  const topHost = hostOf(req.top ?? req.initiator);
  const matched = rules.filter((r) => conditionMatches(r.condition, req, host, initiatorHost, topHost));
  const out: SimOutcome = {
    outcome: 'allowed',
    setRequestHeaders: {},
    removedRequestHeaders: [],
    removedResponseHeaders: [],
    matched: matched.map((r) => r.id),
  };
  let decider: DnrRule | undefined;
  for (const r of matched) {
    if (r.action.type === 'modifyHeaders') continue;
    if (
      !decider ||
      (r.priority ?? 1) > (decider.priority ?? 1) ||
      ((r.priority ?? 1) === (decider.priority ?? 1) && ACTION_RANK[r.action.type] > ACTION_RANK[decider.action.type])
    ) {
      decider = r;
    }
  }
  if (decider?.action.type === 'block') return { ...out, outcome: 'blocked', ruleId: decider.id };
  if (decider?.action.type === 'redirect') {
    const target =
      decider.action.redirect?.url ??
      removeQueryParams(req.url, decider.action.redirect?.transform?.queryTransform?.removeParams ?? []);
    // Chrome follows the redirect with a new request; headers apply to that one.
    if (target !== req.url) return { ...out, outcome: 'redirected', ruleId: decider.id, redirectUrl: target };
  }
  if (decider?.action.type === 'allow') out.ruleId = decider.id;
  const allowPriority = decider?.action.type === 'allow' ? (decider.priority ?? 1) : 0;
  const headerRules = matched
    .filter((r) => r.action.type === 'modifyHeaders' && (r.priority ?? 1) > allowPriority)
    .sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1));
  const touched = new Set<string>();
  for (const r of headerRules) {
    for (const h of r.action.requestHeaders ?? []) {
      if (touched.has(h.header)) continue;
      touched.add(h.header);
      if (h.operation === 'remove') out.removedRequestHeaders.push(h.header);
      else if (h.value !== undefined) out.setRequestHeaders[h.header] = h.value;
    }
    for (const h of r.action.responseHeaders ?? []) {
      if (h.operation === 'remove' && !out.removedResponseHeaders.includes(h.header))
        out.removedResponseHeaders.push(h.header);
    }
  }
  return out;
}
