/**
 * The request classifier: who received a request (recipient identity) and which data categories
 * it carried (evidence). Pure and synchronous; shared by the background worker, the CLI and tests.
 */
import type { ClassifiedRequest, RequestRecord, TrackerKind } from '../model';
import { sortCategories } from '../categories';
import { siteOfHost, siteOfUrl } from '../recipient/site';
import { entityOfSite, sameEntity } from '../recipient/entities';
import { vendorForHost } from '../vendors/lookup';
import type { TrackerDb } from '../trackerdb';
import { DECODERS } from '../decoders';
import type { Decoder } from '../decoders/types';
import { parseRequest, type ParsedRequest } from './parsed-request';
import { EvidenceCollector } from './evidence';
import { analyseGeneric } from './generic';

export interface ClassifierOptions {
  /** Tracker database; without it organizations and kinds come from our registry only. */
  trackerDb?: TrackerDb;
}

export type Classifier = (record: RequestRecord) => ClassifiedRequest;

const DECODERS_BY_HOST = new Map<string, Decoder[]>();
for (const decoder of DECODERS) {
  for (const host of decoder.hosts) {
    const list = DECODERS_BY_HOST.get(host) ?? [];
    list.push(decoder);
    DECODERS_BY_HOST.set(host, list);
  }
}

function decoderFor(req: ParsedRequest, site: string): Decoder | undefined {
  const candidates = DECODERS_BY_HOST.get(req.host) ?? DECODERS_BY_HOST.get(site);
  if (candidates) {
    for (const decoder of candidates) if (decoder.matchesPath(req.path, req)) return decoder;
  }
  return undefined;
}

export function createClassifier(options: ClassifierOptions = {}): Classifier {
  const { trackerDb } = options;
  return (record) => {
    const site = siteOfUrl(record.documentUrl);
    const req = parseRequest(record);
    if (!req) {
      return { ...record, site, thirdParty: false, recipientSite: '', organization: '', kind: 'unknown', categories: [], evidence: [] };
    }
    const recipientSite = siteOfHost(req.host);
    const thirdParty = site !== '' && !sameEntity(site, recipientSite);
    const decoder = decoderFor(req, recipientSite);
    const registered = vendorForHost(req.host);
    const tracker = trackerDb?.lookupHost(req.host);

    const organization =
      decoder?.organization ?? registered?.organization ?? tracker?.organization ?? entityOfSite(recipientSite) ?? recipientSite;
    let kind: TrackerKind = decoder?.kind ?? registered?.kind ?? tracker?.kind ?? 'unknown';
    if (!thirdParty && !decoder) kind = 'first-party';

    const collector = new EvidenceCollector();
    if (decoder) {
      collector.source = decoder.id;
      decoder.decode(req, collector);
    }
    collector.source = 'generic';
    analyseGeneric(req, collector);

    return {
      ...record,
      site,
      thirdParty,
      recipientSite,
      organization,
      kind,
      vendor: decoder?.id ?? registered?.id,
      categories: sortCategories(collector.categories),
      evidence: collector.evidence,
    };
  };
}
