/**
 * Ledger rows for what the probes found. A verdict becomes a Flow whose recipient is the script's
 * host (requestType 'probe', method 'DOM', evidence where 'dom'); a DOM-seen tracker becomes a
 * RequestRecord for the ordinary classifier. Keys are stable per page, script and kind, so the
 * cumulative re-reports of one page never add rows twice.
 */
import type { Category } from '../categories';
import type { ClassifiedRequest, Evidence, Flow, FlowAction, RequestRecord, TrackerKind } from '../model';
import type { ProbeKind, ProbeVerdict } from './apis';
import type { DomTracker } from './relay';
import { withoutHash } from './stack';

export const PROBE_REQUEST_TYPE = 'probe';
export const PROBE_METHOD = 'DOM';

export const CATEGORIES_BY_PROBE_KIND: Record<ProbeKind, Category[]> = {
  fingerprinting: ['device'],
  'session-replay': ['behavior'],
  'keystroke-capture': ['behavior'],
};

/**
 * The tracker kind a finding implies, and the kinds it overrides: what the script was seen doing says
 * more than a generic label (the tracker database files Fingerprint Pro under "utilities").
 */
const GENERIC_KINDS: readonly TrackerKind[] = ['unknown', 'first-party', 'cdn', 'tag-manager', 'essential', 'consent'];
const KIND_BY_PROBE_KIND: Record<ProbeKind, { kind: TrackerKind; overrides: readonly TrackerKind[] }> = {
  fingerprinting: { kind: 'identity', overrides: GENERIC_KINDS },
  'session-replay': { kind: 'session-replay', overrides: [...GENERIC_KINDS, 'analytics'] },
  'keystroke-capture': { kind: 'session-replay', overrides: GENERIC_KINDS },
};

/** The URL that stands for a verdict's script: the script itself, or the page for inline code (the page's own). */
export function probeScriptUrl(verdict: Pick<ProbeVerdict, 'script'>, pageUrl: string): string {
  return verdict.script.startsWith('http') ? verdict.script : pageUrl;
}

/**
 * A request record for the verdict's script, to run through the classifier for the recipient's
 * identity (site, organization, kind, vendor, third party) exactly as for a request.
 */
export function probeScriptRecord(verdict: ProbeVerdict, pageUrl: string): RequestRecord {
  return { url: probeScriptUrl(verdict, pageUrl), method: 'GET', type: 'script', documentUrl: pageUrl };
}

export type RecipientIdentity = Pick<
  ClassifiedRequest,
  'site' | 'thirdParty' | 'recipientSite' | 'organization' | 'kind' | 'vendor' | 'nameSource'
>;

export function probeFlowKey(pageUrl: string, verdict: Pick<ProbeVerdict, 'kind' | 'script'>): string {
  return `probe:${withoutHash(pageUrl)}#${verdict.kind}:${verdict.script}`;
}

function evidenceOf(verdict: ProbeVerdict, categories: Category[]): Evidence[] {
  const evidence: Evidence[] = [];
  for (const category of categories) {
    for (const signal of verdict.signals) {
      const eq = signal.indexOf('=');
      const key = eq < 0 ? signal : signal.slice(0, eq);
      const sample = eq < 0 ? 'present' : `${signal.slice(eq + 1)}×`;
      evidence.push({ category, where: 'dom', key, sample, source: `probe:${verdict.kind}` });
    }
  }
  return evidence;
}

/**
 * The ledger row for a verdict, or undefined when the script is the retailer's own (first party and
 * no known vendor): the ledger shows what goes to others.
 * @param identity the classifier's answer for probeScriptRecord(verdict, pageUrl)
 */
export function probeVerdictToFlow(
  verdict: ProbeVerdict,
  identity: RecipientIdentity,
  at: { pageUrl: string; ts: number },
): Flow | undefined {
  if (!identity.thirdParty && !identity.vendor) return undefined;
  const url = probeScriptUrl(verdict, at.pageUrl);
  let recipient: string;
  try {
    recipient = new URL(url).hostname;
  } catch {
    return undefined;
  }
  const categories = CATEGORIES_BY_PROBE_KIND[verdict.kind];
  const implied = KIND_BY_PROBE_KIND[verdict.kind];
  const kind = implied.overrides.includes(identity.kind) ? implied.kind : identity.kind;
  return {
    key: probeFlowKey(at.pageUrl, verdict),
    ts: at.ts,
    site: identity.site,
    pageUrl: at.pageUrl,
    url,
    method: PROBE_METHOD,
    requestType: PROBE_REQUEST_TYPE,
    recipient,
    recipientSite: identity.recipientSite,
    organization: identity.organization,
    kind,
    vendor: identity.vendor,
    thirdParty: identity.thirdParty,
    categories,
    evidence: evidenceOf(verdict, categories),
    action: 'allowed',
    nameSource: identity.nameSource,
  };
}

const RESOURCE_TYPE: Record<DomTracker['tag'], string> = { script: 'script', img: 'image', iframe: 'sub_frame' };

/** A DOM-seen tracker as a request record, so the classifier decodes pixels (e.g. noscript Meta pixels) as usual. */
export function domTrackerRecord(tracker: DomTracker, pageUrl: string): RequestRecord {
  return { url: tracker.url, method: 'GET', type: RESOURCE_TYPE[tracker.tag], documentUrl: pageUrl };
}

/** Kinds that are not tracking: a DOM-seen URL of these kinds is not reported as a tracker. */
const NOT_TRACKING_KINDS: readonly TrackerKind[] = ['cdn', 'essential', 'first-party', 'consent', 'unknown'];

/**
 * Whether a DOM-seen URL, once classified (classify(domTrackerRecord(...))), is a tracker: a third
 * party (after the entity map) that our registry or the tracker database knows as tracking.
 */
export function isDomTracker(classified: Pick<ClassifiedRequest, 'thirdParty' | 'kind'>): boolean {
  return classified.thirdParty && !NOT_TRACKING_KINDS.includes(classified.kind);
}

/** Stable key for a DOM-seen tracker on a page. */
export function domTrackerKey(tracker: DomTracker, pageUrl: string): string {
  return `dom:${withoutHash(pageUrl)}#${tracker.tag}:${tracker.url}`;
}

/** requestType of DOM-seen rows: apart from webRequest's types, so views can count them separately. */
export const DOM_REQUEST_TYPES: Record<DomTracker['tag'], string> = {
  script: 'dom-script',
  img: 'dom-img',
  iframe: 'dom-iframe',
};

/**
 * The ledger row for a tracker seen in the page whose URL carries data (a noscript pixel's or an ad
 * frame's parameters), as the classifier found it; undefined when it is not a tracker (isDomTracker)
 * or its URL carries nothing (a flow is a request that carried data, as in rows.ts toFlow). The
 * browser usually fetched the same URL, which webRequest recorded too: the 'dom-*' requestType and
 * 'DOM' method keep the two apart.
 * @param classified classify(domTrackerRecord(tracker, at.pageUrl))
 * @param at.action what enforcement does to that URL (the element is in the DOM even when its
 *   request was blocked); 'allowed' when not given
 */
export function domTrackerToFlow(
  tracker: DomTracker,
  classified: ClassifiedRequest,
  at: { pageUrl: string; ts: number; action?: FlowAction },
): Flow | undefined {
  if (!isDomTracker(classified) || classified.categories.length === 0) return undefined;
  let recipient: string;
  try {
    recipient = new URL(tracker.url).hostname;
  } catch {
    return undefined;
  }
  return {
    key: domTrackerKey(tracker, at.pageUrl),
    ts: at.ts,
    site: classified.site,
    pageUrl: at.pageUrl,
    url: tracker.url,
    method: PROBE_METHOD,
    requestType: DOM_REQUEST_TYPES[tracker.tag],
    recipient,
    recipientSite: classified.recipientSite,
    organization: classified.organization,
    kind: classified.kind,
    vendor: classified.vendor,
    thirdParty: classified.thirdParty,
    categories: classified.categories,
    evidence: classified.evidence,
    action: at.action ?? 'allowed',
    nameSource: classified.nameSource,
  };
}
