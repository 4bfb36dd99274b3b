/**
 * What the rule compiler takes and says about its rules: the recipients it knows, what each rule is
 * for, and the priorities that order rules against each other in Chrome.
 */
import type { Category } from '../categories';
import type { TrackerKind } from '../model';

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
