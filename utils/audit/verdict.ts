/**
 * The audit's compliance verdict for one site, from the flows its visit recorded. Pure: the CLI
 * gathers the facts (flows, GPC signals, banner answer, times) and this module words what was
 * observed. Verdicts say "observed", never "illegal": the audit sees what a browser sees.
 */
import type { Category } from '../categories';
import type { Flow, TrackerKind } from '../model';
import { TRACKER_KINDS_ENFORCED } from '../consent/enforcement';
import { isDomSeen } from '../ledger/aggregates';

export const AUDIT_PROFILES = ['observe', 'gpc', 'revoke-all'] as const;
export type AuditProfile = (typeof AUDIT_PROFILES)[number];

export const VIOLATION_RULES = [
  'tracking-after-opt-out',
  'contact-to-third-party',
  'tracking-before-consent',
  'no-gpc-support-declared',
] as const;
export type ViolationRule = (typeof VIOLATION_RULES)[number];

export type VerdictStatus = 'no-violation-observed' | 'violations-observed' | 'inconclusive';
export type BannerAnswer = 'accepted' | 'rejected' | 'per-purpose' | 'none';

export interface GpcObservation {
  /** /.well-known/gpc.json as fetched through the audited browser; absent or unreadable: present false, gpc null. */
  wellKnown: { present: boolean; gpc: boolean | null };
  /** navigator.globalPrivacyControl as the page's own scripts saw it. */
  jsProperty: boolean;
  /** Sec-GPC: 1 on the site's top-level navigation. */
  headerSent: boolean;
}

export interface BannerObservation {
  cmp: string | null;
  answer: BannerAnswer;
}

export interface ViolationEvidence {
  url: string;
  key: string;
  sample: string;
}

export interface Violation {
  rule: ViolationRule;
  recipientSite: string | null;
  organization: string | null;
  categories: Category[];
  evidence: ViolationEvidence[];
  /** Milliseconds since the site's first navigation started. */
  at: number;
}

export interface Verdict {
  status: VerdictStatus;
  violations: Violation[];
}

/**
 * Kinds whose data after an opt-out counts as tracking. Analytics, session replay and
 * personalization are left out on purpose: an opt-out of sale/sharing does not forbid them.
 */
const NOT_COUNTED_AFTER_OPT_OUT: ReadonlySet<TrackerKind> = new Set<TrackerKind>([
  'analytics',
  'session-replay',
  'personalization',
  'essential',
  'cdn',
  'consent',
  'first-party',
]);
const TRACKING_CATEGORIES: readonly Category[] = ['browsing', 'purchases', 'identifiers'];
/** Before any consent every tracker counts, whatever it received. */
const TRACKERS_BEFORE_CONSENT: ReadonlySet<TrackerKind> = new Set(TRACKER_KINDS_ENFORCED);
const MAX_EVIDENCE = 5;

export function countsAfterOptOut(kind: TrackerKind): boolean {
  return !NOT_COUNTED_AFTER_OPT_OUT.has(kind);
}

export interface VerdictInput {
  profile: AuditProfile;
  /** The site's visit ended in an error or a timeout: nothing is concluded from it. */
  failed: boolean;
  /** Flows the site's own pages caused during its visit (the CLI gives each site a fresh browser). */
  flows: readonly Flow[];
  /** Date.now() when the site's first navigation started. */
  startedAt: number;
  gpc: GpcObservation;
  banner: BannerObservation;
  /** Date.now() when the banner was answered, if it was. */
  bannerAnsweredAt?: number;
  /** URL of /.well-known/gpc.json as it was asked for (evidence of its absence). */
  gpcResourceUrl: string;
}

/** A request that left the browser carrying data: blocked requests and DOM-only sightings never did. */
function reachedRecipient(flow: Flow): boolean {
  return flow.action !== 'blocked' && !isDomSeen(flow) && flow.requestType !== 'probe';
}

/**
 * When the opt-out was in force: under gpc and revoke-all the signal goes with the first request, and
 * a banner found is refused as well, so the opt-out is complete once the banner is answered.
 * Undefined under observe (no opt-out is sent).
 */
function optOutAt(input: VerdictInput): number | undefined {
  if (input.profile === 'observe') return undefined;
  if (input.banner.cmp !== null && input.bannerAnsweredAt !== undefined) return input.bannerAnsweredAt;
  return input.startedAt;
}

/**
 * Until when data went "before consent": until the banner was answered, or, with no banner answered,
 * until GPC was sent (never, under observe: the whole visit).
 */
function consentAskedAt(input: VerdictInput): number {
  if (input.banner.answer !== 'none' && input.bannerAnsweredAt !== undefined) return input.bannerAnsweredAt;
  return input.profile === 'observe' ? Number.POSITIVE_INFINITY : input.startedAt;
}

class ViolationBuilder {
  private readonly byKey = new Map<string, Violation>();
  constructor(private readonly startedAt: number) {}

  add(rule: ViolationRule, flow: Flow, categories: readonly Category[]): void {
    const key = `${rule}|${flow.recipientSite}`;
    let violation = this.byKey.get(key);
    if (!violation) {
      violation = {
        rule,
        recipientSite: flow.recipientSite,
        organization: flow.organization,
        categories: [],
        evidence: [],
        at: Math.max(0, flow.ts - this.startedAt),
      };
      this.byKey.set(key, violation);
    }
    for (const c of categories) if (!violation.categories.includes(c)) violation.categories.push(c);
    for (const e of flow.evidence) {
      if (violation.evidence.length >= MAX_EVIDENCE) break;
      if (categories.includes(e.category)) violation.evidence.push({ url: flow.url, key: e.key, sample: e.sample });
    }
  }

  list(): Violation[] {
    return [...this.byKey.values()];
  }
}

const RULE_ORDER = new Map(VIOLATION_RULES.map((rule, i) => [rule, i]));

export function computeVerdict(input: VerdictInput): Verdict {
  // An error or a timeout leaves too little seen to say anything, either way.
  if (input.failed) return { status: 'inconclusive', violations: [] };
  const violations = new ViolationBuilder(input.startedAt);
  const optOut = optOutAt(input);
  const consentAsked = consentAskedAt(input);
  const flows = input.flows.filter((f) => reachedRecipient(f) && f.categories.length > 0).sort((a, b) => a.ts - b.ts);
  for (const flow of flows) {
    if (flow.ts < consentAsked && TRACKERS_BEFORE_CONSENT.has(flow.kind))
      violations.add('tracking-before-consent', flow, flow.categories);
    if (optOut === undefined || flow.ts < optOut) continue;
    const tracking = flow.categories.filter((c) => TRACKING_CATEGORIES.includes(c));
    if (tracking.length > 0 && countsAfterOptOut(flow.kind)) violations.add('tracking-after-opt-out', flow, tracking);
    if (flow.thirdParty && flow.categories.includes('contact'))
      violations.add('contact-to-third-party', flow, ['contact']);
  }
  const list = violations
    .list()
    .sort(
      (a, b) =>
        RULE_ORDER.get(a.rule)! - RULE_ORDER.get(b.rule)! || a.at - b.at || cmp(a.recipientSite, b.recipientSite),
    );
  if (input.gpc.wellKnown.gpc !== true) {
    list.push({
      rule: 'no-gpc-support-declared',
      recipientSite: null,
      organization: null,
      categories: [],
      evidence: [
        {
          url: input.gpcResourceUrl,
          key: 'gpc',
          sample: input.gpc.wellKnown.present ? `gpc: ${String(input.gpc.wellKnown.gpc)}` : 'absent or unreadable',
        },
      ],
      at: 0,
    });
  }
  const observed = list.some((v) => v.rule !== 'no-gpc-support-declared');
  return { status: observed ? 'violations-observed' : 'no-violation-observed', violations: list };
}

function cmp(a: string | null, b: string | null): number {
  return (a ?? '').localeCompare(b ?? '');
}

/** One sentence a regulator or a retailer reads, per violation. */
export function describeViolation(v: Violation): string {
  const who = v.organization ? `${v.organization} (${v.recipientSite})` : v.recipientSite;
  const what = v.categories.join(', ');
  switch (v.rule) {
    case 'tracking-after-opt-out':
      return `Observed: ${who} received ${what} after the opt-out was sent.`;
    case 'contact-to-third-party':
      return `Observed: contact data reached ${who}, a third party, after the opt-out was sent.`;
    case 'tracking-before-consent':
      return `Observed: ${who} received ${what} before any consent was given.`;
    case 'no-gpc-support-declared':
      return 'Observed: the site declares no Global Privacy Control support (/.well-known/gpc.json).';
  }
}
