/**
 * autoconsent's compact rules carry no opt-in steps, and its full rules (rules.json, ~700 KB) are too
 * big to parse at every wake of the worker: the build keeps only each rule's opt-in steps, by rule
 * name, as the virtual module `virtual:autoconsent-opt-in` (wxt.config.ts). No runtime import of
 * autoconsent here, so the build config can use it in node.
 */
import type { AutoConsentCMPRule, AutoConsentRuleStep } from '@duckduckgo/autoconsent';

export type OptInSteps = Readonly<Record<string, readonly AutoConsentRuleStep[]>>;

export const OPT_IN_MODULE = 'virtual:autoconsent-opt-in';

/** The opt-in steps of every rule that has some. */
export function optInStepsOf(rules: readonly AutoConsentCMPRule[]): Record<string, AutoConsentRuleStep[]> {
  const steps: Record<string, AutoConsentRuleStep[]> = {};
  for (const rule of rules) if (rule.optIn?.length) steps[rule.name] = rule.optIn;
  return steps;
}
