/**
 * The rule budget: Chrome's limits on rules, regex rules and redirect/header rules, and our own cap on
 * domain entries. When merged rules still do not fit, the least important are dropped, each reported.
 */
import { CATEGORIES } from '../categories';
import type { Draft } from './rule-scope';
import type { RulePurpose } from './rule-types';

export interface Budget {
  maxRules: number;
  maxRegex: number;
  maxUnsafe: number;
  maxEntries: number;
}

export interface Tally {
  rules: number;
  regex: number;
  unsafe: number;
  entries: number;
}

/** Drop order when even merged rules do not fit: last entries go first. */
export const IMPORTANCE: readonly RulePurpose[] = [
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

/** Chrome counts redirect and modifyHeaders rules against a separate, smaller limit. */
export function isUnsafe(d: Draft): boolean {
  return d.spec.action.type === 'redirect' || d.spec.action.type === 'modifyHeaders';
}

export function tally(drafts: readonly Draft[]): Tally {
  const t = { rules: drafts.length, regex: 0, unsafe: 0, entries: 0 };
  for (const d of drafts) {
    if (d.spec.regex) t.regex++;
    if (isUnsafe(d)) t.unsafe++;
    t.entries += d.domainEntries;
  }
  return t;
}

export function fits(t: Tally, b: Budget): boolean {
  return t.rules <= b.maxRules && t.regex <= b.maxRegex && t.unsafe <= b.maxUnsafe && t.entries <= b.maxEntries;
}

/** The most important drafts that fit the budget, in their original order, and what was dropped. */
export function dropToBudget(drafts: readonly Draft[], b: Budget): { kept: Draft[]; dropped: string[] } {
  const rank = (d: Draft) => IMPORTANCE.indexOf(d.spec.purpose);
  const order = drafts.map((d, i) => ({ d, i })).sort((a, c) => rank(a.d) - rank(c.d) || a.i - c.i);
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
      rules + 1 <= b.maxRules &&
      regex + r <= b.maxRegex &&
      unsafe + u <= b.maxUnsafe &&
      entries + d.domainEntries <= b.maxEntries
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
  return { kept: drafts.filter((d) => kept.has(d)), dropped };
}
