/**
 * The request classifier: who received a request (recipient identity) and which data categories
 * it carried (evidence). Pure and synchronous; shared by the background worker, the CLI and tests.
 *
 * Per request: the URL is parsed once, the decoder is found through host maps built once (memoised
 * per host), bodies are parsed lazily and only when a decoder or the generic analyser reads them.
 */
import type { ClassifiedRequest, NameSource, RequestRecord, TrackerKind, TypedValues } from '../model';
import { hostOfUrl, siteOfHost } from '../recipient/site';
import { entityOfSite, looksLikeSisterSite, sameEntity } from '../recipient/entities';
import { vendorForHost } from '../vendors/lookup';
import type { TrackerDb } from '../trackerdb';
import type { TrackerListMatch, TrackerLists } from '../tracker-lists';
import { CLOAKABLE_DECODERS, DECODERS, type Decoder } from '../decoders';
import { prepareTypedValues, describeLeak, typedValuesKey, type LeakMatcher } from '../leaks';
import { parseRequest, type ParsedRequest } from '../wire/parsed-request';
import { EvidenceCollector } from '../wire/evidence';
import { analyseCarriedPageUrl, analyseGeneric } from './generic';

export interface ClassifierOptions {
  /** Tracker database; without it organizations and kinds come from our registry only. */
  trackerDb?: TrackerDb;
  /** EasyList + EasyPrivacy, consulted by URL when the host data has no tracking answer. */
  trackerLists?: TrackerLists;
  /** Country calling code assumed for typed national phone numbers in leak detection (e.g. "49"). */
  phoneCountryCode?: string;
}

export type Classifier = (record: RequestRecord) => ClassifiedRequest;

/** Kinds that answer "is this a tracker?"; any other answer from host data leaves the question to the lists. */
export const TRACKING_KINDS: ReadonlySet<TrackerKind> = new Set<TrackerKind>([
  'advertising',
  'analytics',
  'personalization',
  'session-replay',
  'social',
  'tag-manager',
  'identity',
  'customer-data',
]);

/**
 * Whether the tracker lists could change what a classifier without them said about a request: they
 * are asked only when no decoder, registry vendor or tracking kind from host data named it. The worker
 * classifies with host data while the lists load, and waits for them only for such requests.
 */
export function listsMayName(classified: Pick<ClassifiedRequest, 'nameSource' | 'kind'>): boolean {
  switch (classified.nameSource) {
    case 'decoder':
    case 'cloaked':
    case 'registry':
      return false;
    case 'trackerdb':
      return !TRACKING_KINDS.has(classified.kind);
    default:
      return true;
  }
}

const DECODERS_BY_HOST = new Map<string, Decoder[]>();
for (const decoder of DECODERS) {
  for (const host of decoder.hosts) {
    const list = DECODERS_BY_HOST.get(host) ?? [];
    list.push(decoder);
    DECODERS_BY_HOST.set(host, list);
  }
}

const MAX_HOST_CACHE = 4096;
const candidatesByHost = new Map<string, readonly Decoder[] | null>();

/** Decoders registered for the host or any parent domain of it, most specific first. */
function candidatesFor(host: string): readonly Decoder[] | null {
  let list = candidatesByHost.get(host);
  if (list === undefined) {
    const found: Decoder[] = [];
    let candidate = host;
    for (;;) {
      const hit = DECODERS_BY_HOST.get(candidate);
      if (hit) for (const d of hit) if (!found.includes(d)) found.push(d);
      const dot = candidate.indexOf('.');
      if (dot < 0) break;
      candidate = candidate.slice(dot + 1);
    }
    list = found.length ? found : null;
    if (candidatesByHost.size >= MAX_HOST_CACHE) candidatesByHost.clear();
    candidatesByHost.set(host, list);
  }
  return list;
}

function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

function decoderFor(req: ParsedRequest): Decoder | undefined {
  const candidates = candidatesFor(req.host);
  if (candidates) {
    for (const decoder of candidates) {
      try {
        if (decoder.matchesPath(req.path, req)) return decoder;
      } catch {
        /* a broken matcher matches nothing */
      }
    }
  }
  return undefined;
}

function cloakedDecoderFor(req: ParsedRequest): Decoder | undefined {
  for (const decoder of CLOAKABLE_DECODERS) {
    try {
      if (decoder.cloaked!(req)) return decoder;
    } catch {
      /* a broken signature matches nothing */
    }
  }
  return undefined;
}

/**
 * The output: the record's own fields (never `typed`) plus the classification, built with one fixed
 * shape. (An object spread of records of varying shapes costs more than the whole classification.)
 */
function output(
  record: RequestRecord,
  site: string,
  thirdParty: boolean,
  recipientSite: string,
  organization: string,
  kind: TrackerKind,
  vendor: string | undefined,
  nameSource: NameSource,
  categories: ClassifiedRequest['categories'],
  evidence: ClassifiedRequest['evidence'],
): ClassifiedRequest {
  return {
    url: record.url,
    method: record.method,
    type: record.type,
    documentUrl: record.documentUrl,
    requestBody: record.requestBody,
    bodyUnreadable: record.bodyUnreadable,
    headers: record.headers,
    site,
    thirdParty,
    recipientSite,
    organization,
    kind,
    vendor,
    nameSource,
    nameRule: undefined,
    cloaked: undefined,
    categories,
    evidence,
  };
}

export function createClassifier(options: ClassifierOptions = {}): Classifier {
  const { trackerDb, trackerLists } = options;
  const matchers = new Map<string, LeakMatcher>();

  function leakMatcher(typed: TypedValues): LeakMatcher {
    const key = typedValuesKey(typed);
    let matcher = matchers.get(key);
    if (!matcher) {
      matcher = prepareTypedValues(typed, { phoneCountryCode: options.phoneCountryCode });
      if (matchers.size >= 16) matchers.clear();
      matchers.set(key, matcher);
    }
    return matcher;
  }

  // A page's requests share its document URL: parse it once.
  let lastDocumentUrl: string | undefined;
  let documentHost = '';
  let site = '';

  return (record) => {
    const documentUrl = typeof record.documentUrl === 'string' ? record.documentUrl : undefined;
    if (documentUrl !== lastDocumentUrl) {
      lastDocumentUrl = documentUrl;
      documentHost = hostOfUrl(documentUrl);
      site = documentHost ? siteOfHost(documentHost) : '';
    }
    const req = typeof record.url === 'string' ? parseRequest(record) : undefined;
    if (!req) {
      return output(record, site, false, '', '', 'unknown', undefined, 'site', [], []);
    }
    const recipientSite = siteOfHost(req.host);
    req.site = recipientSite;
    let decoder = decoderFor(req);
    const registered = vendorForHost(req.host);
    let tracker: ReturnType<TrackerDb['lookupHost']>;
    try {
      tracker = trackerDb?.lookupHost(req.host);
    } catch {
      tracker = undefined;
    }
    let cloaked = false;
    if (!decoder && !registered) {
      decoder = cloakedDecoderFor(req);
      cloaked = decoder !== undefined;
    }

    // The lists name by URL what host data cannot: ad paths on generic hosts, first-party collectors.
    let listed: TrackerListMatch | undefined;
    if (trackerLists && !decoder && !registered && !(tracker && TRACKING_KINDS.has(tracker.kind))) {
      try {
        listed = trackerLists.match({
          url: record.url,
          type: typeof record.type === 'string' ? record.type : 'other',
          host: req.host,
          site: recipientSite,
          documentHost,
          documentSite: site,
        });
      } catch {
        listed = undefined;
      }
    }

    const known = decoder !== undefined || registered !== undefined || tracker !== undefined || listed !== undefined;
    const thirdParty =
      cloaked ||
      (site === '' ? known : !sameEntity(site, recipientSite) && (known || !looksLikeSisterSite(site, recipientSite)));
    const entity = entityOfSite(recipientSite);
    const organization = cloaked
      ? decoder!.organization
      : (decoder?.organization ?? registered?.organization ?? tracker?.organization ?? entity ?? recipientSite);
    let kind: TrackerKind = decoder?.kind ?? registered?.kind ?? listed?.kind ?? tracker?.kind ?? 'unknown';
    if (!thirdParty && !decoder && !listed) kind = 'first-party';
    // Where the name and kind came from, so a reader can weigh them (and drop a data source).
    const nameSource: NameSource = cloaked
      ? 'cloaked'
      : decoder
        ? 'decoder'
        : registered
          ? 'registry'
          : listed
            ? 'lists'
            : tracker
              ? 'trackerdb'
              : entity
                ? 'entity-map'
                : 'site';

    const collector = new EvidenceCollector();
    // Leaks first: they are the most telling evidence and must not be crowded out by the cap.
    const typed = record.typed;
    if (typed && typeof typed === 'object') {
      const leaks = safely(() => leakMatcher(typed).find(req), []);
      collector.source = 'leak';
      for (const leak of leaks) collector.describe(leak.category, leak.where, leak.key, describeLeak(leak));
    }
    // A decoder or analyser bug must cost the evidence, never the worker: never throw from here.
    if (decoder) {
      collector.source = decoder.id;
      try {
        decoder.decode(req, collector);
      } catch {
        /* keep what was found */
      }
    }
    collector.source = 'generic';
    try {
      if (record.bodyUnreadable && typeof record.documentUrl === 'string' && decoder?.carriesPageUrl?.(req)) {
        analyseCarriedPageUrl(record.documentUrl, collector);
      }
      const opaqueBody = decoder?.opaqueBody?.(req) === true;
      analyseGeneric(req, collector, {
        decoded: decoder !== undefined,
        // A first-party collector the lists name is read like a tracker, not like the shop's own page.
        firstParty: !thirdParty && !listed,
        opaqueBody,
        cdn: kind === 'cdn',
      });
    } catch {
      /* keep what was found */
    }

    const out = output(
      record,
      site,
      thirdParty,
      recipientSite,
      organization,
      kind,
      decoder?.id ?? registered?.id,
      nameSource,
      collector.sortedCategories(),
      collector.evidence,
    );
    if (cloaked) out.cloaked = true;
    if (listed) out.nameRule = `${listed.list}: ${listed.rule}`;
    return out;
  };
}

export { prepareTypedValues } from '../leaks';
export type { LeakMatcher, Leak } from '../leaks';
