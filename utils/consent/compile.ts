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
import type { Category } from '../categories';
import { CHROME_LIMITS, DNR_RESOURCE_TYPES } from './dnr';
import type { DnrRule } from './dnr';
import { ESSENTIAL_ALLOW_URL_FILTERS } from './enforcement';
import type { ConsentPolicy } from './model';
import { defaultRevokedCategories, knownSites, revokedCategories } from './policy';
import { prepareRecipients } from './recipient-lists';
import { dropToBudget, fits, tally, type Budget } from './rule-budget';
import { DEFAULT_MIN_RULE_ID, IdAllocator } from './rule-ids';
import { draft, mergeSites, scopedCondition, type Draft } from './rule-scope';
import { buildSpecs, type Spec } from './rule-specs';
import { RULE_PRIORITY, type KnownRecipient, type RuleMeta } from './rule-types';
import { normalizeSite } from './sites';

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

export interface CompileResult {
  rules: DnrRule[];
  warnings: string[];
  /** What each rule is for, by id: lets the ledger say which revocation blocked a request. */
  meta: Record<number, RuleMeta>;
  stats: { rules: number; regexRules: number; unsafeRules: number; domainEntries: number; merged: boolean };
}

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

  const budget: Budget = { maxRules, maxRegex, maxUnsafe, maxEntries };
  let drafts = [...fixed, ...perSite];
  let merged = false;
  const before = tally(drafts);
  if (merge === 'always' || (merge === 'auto' && !fits(before, budget))) {
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
  if (!fits(t, budget)) {
    const { kept, dropped } = dropToBudget(drafts, budget);
    drafts = kept;
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
