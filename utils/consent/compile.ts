/**
 * Compile a consent policy into declarativeNetRequest dynamic rules (pure: plain data in, plain data out).
 *
 * Scoping. Every rule is scoped to the retailer the shopper revoked on:
 * - initiator scope (default): `initiatorDomains: [site]` covers the shop's pages and its same-site
 *   frames. A third-party iframe the shop embeds is its own initiator: tracker iframes are blocked
 *   outright (sub_frame is among the blocked types), but a non-tracker widget's own tracker calls
 *   follow the defaults, not the shop's choices. With `scope: 'top'` (Chrome 141+,
 *   RuleCondition.topDomains; see scopeForChrome) rules match on the tab's top-level site instead,
 *   which is DESIGN.md's definition of the retailer and covers those iframes too. Checked in
 *   Chromium 156: a reviews iframe calling the Meta pixel is judged by the shop only in top scope.
 * - first party is never blocked: tracker rules carry `domainType: 'thirdParty'`, the retailer's own
 *   site and its organization's sites (options.retailerOrganizations) are left out of requestDomains,
 *   and recipients of kind essential/cdn/consent/first-party never enter a list.
 * - global defaults apply to retailers not seen yet: one "default" rule per action with no
 *   initiatorDomains and `excludedInitiatorDomains` = the sites whose choices differ from the defaults
 *   (they get their own rules) plus the recipients' own sites (a tracker company's site is not a shop),
 *   so every request is matched by rules of exactly one scope.
 *
 * Rule count. One rule per (action, retailer) with requestDomains listing all recipients. When that is
 * over budget (rules, regex rules, redirect/header rules or total domain entries), retailers sharing an
 * identical rule are merged into one rule with several initiatorDomains, and a warning says so.
 * Nothing is dropped silently: if even merged rules do not fit, the least important are dropped and
 * each is reported.
 *
 * Ids are a hash of what a rule is for (scope, retailer, action), so they are stable across compiles
 * and diffRules sends Chrome only what changed (checked against Chromium's getDynamicRules output).
 * Chrome rejects a whole updateDynamicRules call when one rule is invalid: checkRule (dnr.ts) says
 * what it would refuse.
 */
import { CATEGORIES, isCategory, type Category } from '../categories';
import { TRACKER_KINDS, type TrackerKind } from '../model';
import { CHROME_LIMITS, DNR_RESOURCE_TYPES, type DnrRule, type DnrRuleAction, type DnrRuleCondition } from './dnr';
import { ENFORCEMENT, ESSENTIAL_ALLOW_URL_FILTERS, NEVER_BLOCKED_KINDS, TRACKER_KINDS_ENFORCED } from './enforcement';
import { defaultRevokedCategories, knownSites, normalizeSite, revokedCategories, type ConsentPolicy } from './policy';
import { escapeRegExp } from '../guards';

export interface KnownRecipient {
  /** Registrable domain of the recipient (requestDomains also matches its subdomains). */
  site: string;
  kind: TrackerKind;
  organization: string;
  vendor?: string;
  /** Categories the ledger (or the built-in list) has seen this recipient receive. */
  categories: Category[];
  /**
   * Retailers it was seen on. Informational: blocking is proactive, a recipient seen on one shop is
   * blocked on every shop where its category is revoked, before its first request there.
   */
  retailers?: string[];
}

export interface CompileOptions {
  /** Rule budget; 5,000 (the dynamic+session cap of older Chrome) unless told otherwise. */
  maxRules?: number;
  /** Regex rule budget; Chrome's MAX_NUMBER_OF_REGEX_RULES is 1,000. */
  maxRegexRules?: number;
  /**
   * Budget for "unsafe" rules (redirect, modifyHeaders): Chrome 120+ caps them at 5,000
   * (MAX_NUMBER_OF_UNSAFE_DYNAMIC_RULES) whatever the overall limit.
   */
  maxUnsafeRules?: number;
  /**
   * Our own cap on domain names listed across all rules, to keep the indexed ruleset small (per-retailer
   * rules repeat the recipient list once per retailer). Not a Chrome limit.
   */
  maxDomainEntries?: number;
  /** 'initiator' (any Chrome with DNR domains, 101+) or 'top' (Chrome 141+ topDomains). */
  scope?: 'initiator' | 'top';
  /** 'auto': per retailer, merged when over budget; 'always': merged; 'never': per retailer, drop with warnings. */
  merge?: 'auto' | 'always' | 'never';
  /** Organization of a retailer site, so its own organization's domains are never blocked on it. */
  retailerOrganizations?: Record<string, string>;
  /** Sites known to be retailers: never excluded from default rules even if they are also recipients. */
  retailers?: string[];
  /** Lowest rule id we use; ids below are left to other features. */
  minRuleId?: number;
}

export type RulePurpose =
  | 'allow-essential'
  | `block:${Category}`
  | 'block-endpoint'
  | 'block-contact-fields'
  | 'strip-params'
  | 'strip-landing-params'
  | 'tracker-headers'
  | 'gpc-initiated'
  | 'gpc-site';

export interface RuleMeta {
  purpose: RulePurpose;
  /** Categories whose revocation the rule enforces (empty for allow rules). */
  categories: Category[];
  /** 'all': global; 'default': sites following the defaults; 'sites': the listed sites. */
  scope: 'all' | 'default' | 'sites';
  sites: string[];
}

export interface CompileResult {
  rules: DnrRule[];
  warnings: string[];
  /** What each rule is for, by id: lets the ledger say which revocation blocked a request. */
  meta: Record<number, RuleMeta>;
  stats: { rules: number; regexRules: number; unsafeRules: number; domainEntries: number; merged: boolean };
}

export const DEFAULT_MIN_RULE_ID = 1000;

/**
 * The scope to compile for a Chrome major version: 'top' (RuleCondition.topDomains) from Chrome 141,
 * where it exists; older Chrome would refuse the whole rule update over the unknown key.
 */
export function scopeForChrome(majorVersion: number | undefined): 'initiator' | 'top' {
  return typeof majorVersion === 'number' && majorVersion >= 141 ? 'top' : 'initiator';
}

/** Chrome/Chromium major version from a user agent string (navigator.userAgent); undefined elsewhere (Firefox). */
export function chromeMajorFromUserAgent(userAgent: string | undefined): number | undefined {
  const m = /\bChrom(?:e|ium)\/(\d{2,4})\./.exec(userAgent ?? '');
  return m ? Number(m[1]) : undefined;
}
const MAX_RULE_ID = 2 ** 31 - 1;

/**
 * Priorities. Allow rules outrank blocks and redirects so essential endpoints always load, and outrank
 * cookie removal (Chrome ignores modifyHeaders rules at or below a matching allow rule) so they keep
 * their cookies. GPC outranks allow rules: the opt-out signal goes everywhere.
 */
export const RULE_PRIORITY = {
  gpc: 40,
  allowEssential: 30,
  block: 20,
  redirect: 10,
  headers: 5,
} as const;

const GPC_SITE_TYPES = ['main_frame', 'sub_frame', 'xmlhttprequest'] as const;

// ---------------------------------------------------------------------------------------------
// Recipients

interface RecipientLists {
  block: Record<Category, string[]>;
  trackers: string[];
  /** Every valid recipient site (for default-scope exclusions and self-exclusion checks). */
  all: Set<string>;
  byOrganization: Map<string, Set<string>>;
}

function prepareRecipients(recipients: readonly KnownRecipient[], warnings: string[]): RecipientLists {
  const kindSet: ReadonlySet<string> = new Set(TRACKER_KINDS);
  const trackerKinds: ReadonlySet<TrackerKind> = new Set(TRACKER_KINDS_ENFORCED);
  const block = {} as Record<Category, Set<string>>;
  for (const c of CATEGORIES) {
    block[c] = new Set();
    for (const host of ENFORCEMENT[c].blockHosts) block[c].add(host);
  }
  const trackers = new Set<string>();
  const all = new Set<string>();
  const byOrganization = new Map<string, Set<string>>();
  const invalid: string[] = [];
  for (const r of Array.isArray(recipients) ? recipients : []) {
    const site = normalizeSite(r?.site);
    if (!site) {
      invalid.push(String(r?.site).slice(0, 60));
      continue;
    }
    all.add(site);
    const org = typeof r.organization === 'string' ? r.organization : '';
    if (org) {
      let set = byOrganization.get(org);
      if (!set) byOrganization.set(org, (set = new Set()));
      set.add(site);
    }
    const kind: TrackerKind = kindSet.has(r.kind) ? r.kind : 'unknown';
    if (NEVER_BLOCKED_KINDS.has(kind)) continue;
    if (trackerKinds.has(kind)) trackers.add(site);
    const seen = new Set(Array.isArray(r.categories) ? r.categories.filter(isCategory) : []);
    for (const c of CATEGORIES) {
      const e = ENFORCEMENT[c].block;
      if (e.alwaysKinds.includes(kind) || (seen.has(c) && e.seenKinds.includes(kind))) block[c].add(site);
    }
  }
  if (invalid.length) {
    warnings.push(
      `Skipped ${invalid.length} recipient(s) whose site is not a domain name: ${invalid.slice(0, 5).join(', ')}`,
    );
  }
  const sorted = (s: Set<string>) => [...s].sort();
  const blockLists = {} as Record<Category, string[]>;
  for (const c of CATEGORIES) blockLists[c] = sorted(block[c]);
  return { block: blockLists, trackers: sorted(trackers), all, byOrganization };
}

// ---------------------------------------------------------------------------------------------
// Specs: a rule without its scope (which sites it applies to) and without an id

interface Spec {
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
 * The rules a scope needs for a set of revoked categories. `drop` removes the scope's own sites from
 * recipient lists; `dropKey` names that filtering in signatures ('' when nothing is filtered).
 */
function buildSpecs(
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
      specs.push({
        name: 'strip-params',
        sig: `strip-params|${stripCats.join(',')}|${dropKey}`,
        purpose: 'strip-params',
        categories: stripCats,
        priority: RULE_PRIORITY.redirect,
        scopeOn: 'initiator',
        // One rule for all categories: Chrome applies only the top redirect rule to a request.
        action: {
          type: 'redirect',
          redirect: {
            transform: {
              queryTransform: { removeParams: uniqueInOrder(stripCats.map((c) => ENFORCEMENT[c].stripParams)) },
            },
          },
        },
        condition: { requestDomains: trackers, domainType: 'thirdParty' },
        regex: false,
      });
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
    specs.push({
      name: 'strip-landing-params',
      sig: `strip-landing-params|${landingCats.join(',')}`,
      purpose: 'strip-landing-params',
      categories: landingCats,
      priority: RULE_PRIORITY.redirect,
      scopeOn: 'request',
      action: {
        type: 'redirect',
        redirect: {
          transform: {
            queryTransform: { removeParams: uniqueInOrder(landingCats.map((c) => ENFORCEMENT[c].stripLandingParams)) },
          },
        },
      },
      condition: { resourceTypes: ['main_frame'], requestMethods: ['get'] },
      regex: false,
    });
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

// ---------------------------------------------------------------------------------------------
// Ids

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

class IdAllocator {
  private used = new Set<number>();
  constructor(private min: number) {}
  /** Same key, same id (unless an earlier key of this compile hashed to it: then the next probe). */
  id(key: string): number {
    const span = MAX_RULE_ID - this.min;
    for (let n = 0; ; n++) {
      const id = this.min + (fnv1a(n === 0 ? key : `${key}#${n}`) % span);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Scoping a spec into a rule

interface Draft {
  key: string;
  spec: Spec;
  rule: Omit<DnrRule, 'id'>;
  meta: RuleMeta;
  domainEntries: number;
}

type ScopeKeys = readonly [keyof DnrRuleCondition, keyof DnrRuleCondition];
const SCOPE_KEYS: Record<'request' | 'initiator' | 'top', ScopeKeys> = {
  request: ['requestDomains', 'excludedRequestDomains'],
  initiator: ['initiatorDomains', 'excludedInitiatorDomains'],
  top: ['topDomains', 'excludedTopDomains'],
};

/** The spec's condition with its scope: `only` these sites (null: any) `except` these. */
function scopedCondition(
  spec: Spec,
  mode: 'initiator' | 'top',
  only: string[] | null,
  except: string[],
): DnrRuleCondition {
  const [onlyKey, exceptKey] = SCOPE_KEYS[spec.scopeOn === 'request' ? 'request' : mode];
  const c: Record<string, unknown> = {};
  if (only) c[onlyKey] = only;
  if (except.length) c[exceptKey] = except;
  return Object.assign(c, spec.condition) as DnrRuleCondition;
}

function draft(
  key: string,
  spec: Spec,
  condition: DnrRuleCondition,
  scope: RuleMeta['scope'],
  sites: string[],
  scopeEntries: number,
): Draft {
  return {
    key,
    spec,
    rule: { priority: spec.priority, action: spec.action, condition },
    meta: { purpose: spec.purpose, categories: spec.categories, scope, sites },
    // Only tracker rules list domains before scoping (requestDomains).
    domainEntries: (spec.condition.requestDomains?.length ?? 0) + scopeEntries,
  };
}

/** Drop order when even merged rules do not fit: last entries go first. */
const IMPORTANCE: readonly RulePurpose[] = [
  'allow-essential',
  ...CATEGORIES.map((c) => `block:${c}` as const),
  'block-contact-fields',
  'block-endpoint',
  'gpc-initiated',
  'gpc-site',
  'tracker-headers',
  'strip-params',
  'strip-landing-params',
];

// ---------------------------------------------------------------------------------------------

export function compileRules(
  policy: ConsentPolicy,
  recipients: readonly KnownRecipient[],
  opts: CompileOptions = {},
): CompileResult {
  const warnings: string[] = [];
  const maxRules = Math.max(1, Math.floor(opts.maxRules ?? CHROME_LIMITS.SAFE_DYNAMIC_RULES));
  const maxRegex = Math.max(0, Math.floor(opts.maxRegexRules ?? CHROME_LIMITS.MAX_NUMBER_OF_REGEX_RULES));
  const maxEntries = Math.max(1, Math.floor(opts.maxDomainEntries ?? 250_000));
  const maxUnsafe = Math.max(0, Math.floor(opts.maxUnsafeRules ?? CHROME_LIMITS.MAX_NUMBER_OF_UNSAFE_DYNAMIC_RULES));
  const mode = opts.scope === 'top' ? 'top' : 'initiator';
  const merge = opts.merge ?? 'auto';
  const minId = Math.max(1, Math.floor(opts.minRuleId ?? DEFAULT_MIN_RULE_ID));
  const empty: CompileResult = {
    rules: [],
    warnings,
    meta: {},
    stats: { rules: 0, regexRules: 0, unsafeRules: 0, domainEntries: 0, merged: false },
  };
  if (policy.paused) return empty;

  const lists = prepareRecipients(recipients, warnings);
  const defaultRevoked = defaultRevokedCategories(policy);
  const defaultKey = defaultRevoked.join(',');

  // Sites whose enforced categories differ from the defaults get rules of their own.
  // So do subdomains whose choices differ from their parent's, to be carved out of the parent's rules.
  const overrideKey = new Map<string, string>();
  const overrides: { site: string; revoked: Category[] }[] = [];
  const byDepth = knownSites(policy).sort((a, b) => a.split('.').length - b.split('.').length || (a < b ? -1 : 1));
  for (const site of byDepth) {
    const revoked = revokedCategories(policy, site);
    const key = revoked.join(',');
    let differs = key !== defaultKey;
    // The nearest ancestor with rules of its own decides.
    for (let dot = site.indexOf('.'); !differs && dot >= 0; dot = site.indexOf('.', dot + 1)) {
      const parentKey = overrideKey.get(site.slice(dot + 1));
      if (parentKey === undefined) continue;
      differs = parentKey !== key;
      break;
    }
    if (differs) {
      overrides.push({ site, revoked });
      overrideKey.set(site, key);
    }
  }
  overrides.sort((a, b) => (a.site < b.site ? -1 : 1));
  const overrideSites = overrides.map((o) => o.site);
  if (defaultRevoked.length === 0 && overrides.every((o) => o.revoked.length === 0)) return empty;

  // Nested overrides (shop.example and eu.shop.example): the parent's rules must skip the child.
  const nested = new Map<string, string[]>();
  const overrideSet = new Set(overrideSites);
  for (const site of overrideSites) {
    for (let dot = site.indexOf('.'); dot >= 0; dot = site.indexOf('.', dot + 1)) {
      const parent = site.slice(dot + 1);
      if (!overrideSet.has(parent)) continue;
      const inner = nested.get(parent);
      if (inner) inner.push(site);
      else nested.set(parent, [site]);
    }
  }

  const specCache = new Map<string, Spec[]>();
  const specsFor = (revoked: Category[], site: string | null): Spec[] => {
    let drop: Set<string> | null = null;
    if (site) {
      const org = opts.retailerOrganizations?.[site];
      const orgSites = org ? lists.byOrganization.get(org) : undefined;
      if (lists.all.has(site) || (orgSites && orgSites.size)) drop = new Set([site, ...(orgSites ?? [])]);
    }
    const dropKey = drop ? `-${site}` : '';
    const cacheKey = `${revoked.join(',')}|${dropKey}|${site === null}`;
    let specs = specCache.get(cacheKey);
    if (!specs) specCache.set(cacheKey, (specs = buildSpecs(revoked, lists, drop, dropKey, site === null)));
    return specs;
  };

  const fixed: Draft[] = [];
  // Default scope: every initiator except overriding sites and recipients' own sites.
  if (defaultRevoked.length > 0) {
    const retailers = new Set([
      ...knownSites(policy),
      ...(opts.retailers ?? []).map(normalizeSite).filter((s): s is string => !!s),
    ]);
    const except = [...new Set([...overrideSites, ...[...lists.all].filter((s) => !retailers.has(s))])].sort();
    for (const spec of specsFor(defaultRevoked, null)) {
      fixed.push(
        draft(`default|${spec.name}`, spec, scopedCondition(spec, mode, null, except), 'default', [], except.length),
      );
    }
  }

  // Per-site drafts.
  const perSite: Draft[] = [];
  for (const { site, revoked } of overrides) {
    const except = nested.get(site) ?? [];
    for (const spec of specsFor(revoked, site)) {
      perSite.push(
        draft(
          `site|${site}|${spec.name}`,
          spec,
          scopedCondition(spec, mode, [site], except),
          'sites',
          [site],
          1 + except.length,
        ),
      );
    }
  }

  // Allow rules for essential endpoints, first, whenever anything can block, redirect or strip.
  if ([...fixed, ...perSite].some((d) => d.spec.purpose !== 'gpc-initiated' && d.spec.purpose !== 'gpc-site')) {
    const allows = ESSENTIAL_ALLOW_URL_FILTERS.map((filter) => {
      const spec: Spec = {
        name: `allow:${filter}`,
        sig: `allow:${filter}`,
        purpose: 'allow-essential',
        categories: [],
        priority: RULE_PRIORITY.allowEssential,
        scopeOn: 'request',
        action: { type: 'allow' },
        condition: { urlFilter: filter, isUrlFilterCaseSensitive: false },
        regex: false,
      };
      return draft(`allow|${filter}`, spec, { ...spec.condition }, 'all', [], 0);
    });
    fixed.unshift(...allows);
  }

  const tally = (drafts: Draft[]) => {
    const t = { rules: drafts.length, regex: 0, unsafe: 0, entries: 0 };
    for (const d of drafts) {
      if (d.spec.regex) t.regex++;
      if (isUnsafe(d)) t.unsafe++;
      t.entries += d.domainEntries;
    }
    return t;
  };
  const fits = (t: ReturnType<typeof tally>) =>
    t.rules <= maxRules && t.regex <= maxRegex && t.unsafe <= maxUnsafe && t.entries <= maxEntries;

  let drafts = [...fixed, ...perSite];
  let merged = false;
  const before = tally(drafts);
  if (merge === 'always' || (merge === 'auto' && !fits(before))) {
    merged = true;
    drafts = [...fixed, ...mergeSites(perSite, mode, nested)];
    if (merge === 'auto') {
      const after = tally(drafts);
      warnings.push(
        `Rules for ${overrides.length} retailers need ${before.rules} rules (${before.regex} regex, ${before.unsafe} redirect/header, ${before.entries} domain entries), ` +
          `over the budget of ${maxRules} rules, ${maxRegex} regex, ${maxUnsafe} redirect/header rules and ${maxEntries} domain entries: ` +
          `retailers sharing an identical rule were merged, ${after.rules} rules now.`,
      );
    }
  }

  // Still over budget: drop the least important rules, each one reported.
  let t = tally(drafts);
  if (!fits(t)) {
    const rank = (d: Draft) => IMPORTANCE.indexOf(d.spec.purpose);
    const order = drafts.map((d, i) => ({ d, i })).sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i);
    const kept = new Set<Draft>();
    let rules = 0;
    let regex = 0;
    let unsafe = 0;
    let entries = 0;
    const dropped: string[] = [];
    for (const { d } of order) {
      const r = d.spec.regex ? 1 : 0;
      const u = isUnsafe(d) ? 1 : 0;
      if (
        rules + 1 <= maxRules &&
        regex + r <= maxRegex &&
        unsafe + u <= maxUnsafe &&
        entries + d.domainEntries <= maxEntries
      ) {
        kept.add(d);
        rules++;
        regex += r;
        unsafe += u;
        entries += d.domainEntries;
      } else {
        dropped.push(`${d.spec.name} for ${d.meta.scope === 'sites' ? d.meta.sites.join(', ') : d.meta.scope}`);
      }
    }
    drafts = drafts.filter((d) => kept.has(d));
    warnings.push(
      `Over budget${merged ? ' even after merging' : ''}: ${dropped.length} rule(s) not installed, their revocations are NOT enforced: ${dropped.slice(0, 20).join('; ')}${dropped.length > 20 ? '; …' : ''}`,
    );
    t = tally(drafts);
  }

  const ids = new IdAllocator(minId);
  const rules: DnrRule[] = [];
  const meta: Record<number, RuleMeta> = {};
  for (const d of drafts) {
    const id = ids.id(d.key);
    rules.push({ id, ...d.rule });
    meta[id] = d.meta;
  }
  return {
    rules,
    warnings,
    meta,
    stats: { rules: t.rules, regexRules: t.regex, unsafeRules: t.unsafe, domainEntries: t.entries, merged },
  };
}

/** Chrome counts redirect and modifyHeaders rules against a separate, smaller limit. */
function isUnsafe(d: Draft): boolean {
  return d.spec.action.type === 'redirect' || d.spec.action.type === 'modifyHeaders';
}

/** One rule per distinct (action, content) with every site that needs it in its scope list. */
function mergeSites(perSite: Draft[], mode: 'initiator' | 'top', nested: Map<string, string[]>): Draft[] {
  const groups = new Map<string, { spec: Spec; sites: string[] }>();
  for (const d of perSite) {
    let g = groups.get(d.spec.sig);
    if (!g) groups.set(d.spec.sig, (g = { spec: d.spec, sites: [] }));
    g.sites.push(...d.meta.sites);
  }
  const out: Draft[] = [];
  for (const { spec, sites } of groups.values()) {
    const members = [...new Set(sites)].sort();
    const memberSet = new Set(members);
    const except = [...new Set(members.flatMap((s) => nested.get(s) ?? []))].filter((s) => !memberSet.has(s)).sort();
    out.push(
      draft(
        `merged|${spec.name}|${members[0]}`,
        spec,
        scopedCondition(spec, mode, members, except),
        'sites',
        members,
        members.length + except.length,
      ),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Diff for updateDynamicRules

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What to pass to updateDynamicRules to go from the installed rules to the compiled ones. A rule whose
 * content changed is removed and added under the same id (Chrome applies removals first). Installed
 * rules with ids outside ours (below minRuleId) are left alone.
 */
export function diffRules(
  oldRules: readonly DnrRule[],
  newRules: readonly DnrRule[],
  opts: { minRuleId?: number } = {},
): { removeRuleIds: number[]; addRules: DnrRule[] } {
  const minId = opts.minRuleId ?? DEFAULT_MIN_RULE_ID;
  const oldById = new Map<number, string>();
  for (const r of oldRules) if (r.id >= minId) oldById.set(r.id, canonical({ ...r, priority: r.priority ?? 1 }));
  const removeRuleIds: number[] = [];
  const addRules: DnrRule[] = [];
  const wanted = new Set<number>();
  for (const r of newRules) {
    wanted.add(r.id);
    const old = oldById.get(r.id);
    if (old === canonical(r)) continue;
    if (old !== undefined) removeRuleIds.push(r.id);
    addRules.push(r);
  }
  for (const id of oldById.keys()) if (!wanted.has(id)) removeRuleIds.push(id);
  removeRuleIds.sort((a, b) => a - b);
  return { removeRuleIds, addRules };
}

// ---------------------------------------------------------------------------------------------
// For the popup

/**
 * The recipients revoking blocks outright on a site, with the revoked categories that block each.
 * Sorted by recipient site. Empty when paused or nothing is revoked.
 */
export function blockedRecipients(
  policy: ConsentPolicy,
  site: string,
  recipients: readonly KnownRecipient[],
): { site: string; organization: string; categories: Category[] }[] {
  const revoked = revokedCategories(policy, site);
  if (revoked.length === 0) return [];
  const lists = prepareRecipients(recipients, []);
  const own = normalizeSite(site);
  const byRecipient = new Map<string, { site: string; organization: string; categories: Category[] }>();
  const orgOf = new Map<string, string>();
  for (const r of recipients) {
    const s = normalizeSite(r?.site);
    if (s && !orgOf.has(s)) orgOf.set(s, r.organization);
  }
  for (const c of revoked) {
    for (const s of lists.block[c]) {
      if (s === own) continue;
      let entry = byRecipient.get(s);
      if (!entry) byRecipient.set(s, (entry = { site: s, organization: orgOf.get(s) ?? '', categories: [] }));
      entry.categories.push(c);
    }
  }
  return [...byRecipient.values()].sort((a, b) => (a.site < b.site ? -1 : a.site > b.site ? 1 : 0));
}

/**
 * Sec-GPC: 1 on every request of every site, top-level navigations included (a rule without
 * resourceTypes leaves main_frame out): the signal alone, nothing blocked, as the audit's gpc profile sends it.
 */
export function gpcEverywhereRule(id: number): DnrRule {
  return {
    id,
    priority: RULE_PRIORITY.gpc,
    action: { type: 'modifyHeaders', requestHeaders: [{ header: 'sec-gpc', operation: 'set', value: '1' }] },
    condition: { resourceTypes: [...DNR_RESOURCE_TYPES] },
  };
}
