/**
 * Scoping a spec into a rule: to the listed sites (per retailer or merged retailers) or to every site
 * but some (the defaults), on the initiator or, from Chrome 141, the tab's top-level site.
 */
import type { DnrRule, DnrRuleCondition } from './dnr';
import type { Spec } from './rule-specs';
import type { RuleMeta } from './rule-types';

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
export interface Draft {
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
export function scopedCondition(
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

export function draft(
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

/** One rule per distinct (action, content) with every site that needs it in its scope list. */
export function mergeSites(perSite: Draft[], mode: 'initiator' | 'top', nested: Map<string, string[]>): Draft[] {
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
