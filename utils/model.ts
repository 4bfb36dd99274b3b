/**
 * Plain data shapes shared by the extension, the CLI and the tests.
 * Field names of RequestRecord and ClassifiedRequest are the CLI contract of DESIGN.md.
 */
import type { Category } from './categories';

export const TRACKER_KINDS = [
  'advertising',
  'analytics',
  'personalization',
  'session-replay',
  'social',
  'tag-manager',
  'identity',
  'customer-data',
  'consent',
  'essential',
  'cdn',
  'first-party',
  'unknown',
] as const;
export type TrackerKind = (typeof TRACKER_KINDS)[number];

export const EVIDENCE_WHERES = ['url', 'body', 'header', 'cookie', 'dom'] as const;
export type EvidenceWhere = (typeof EVIDENCE_WHERES)[number];

/** Why a request carries a category. `sample` is always redacted (never a typed value in clear). */
export interface Evidence {
  category: Category;
  where: EvidenceWhere;
  key: string;
  sample: string;
  /** The decoder or analyser that found it, e.g. "ga4", "generic", "leak". */
  source?: string;
}

/** Values the shopper typed into the page, used only to find them in requests. Never stored. */
export interface TypedValues {
  email?: string;
  phone?: string;
  name?: string;
  postalCode?: string;
}

/** One observed request, as webRequest, a HAR entry or an NDJSON line gives it. */
export interface RequestRecord {
  url: string;
  method: string;
  /** webRequest resource type: script, image, xmlhttprequest, ping, sub_frame, main_frame, ... */
  type: string;
  /** URL of the top-level document of the tab (decides the retailer). */
  documentUrl?: string;
  /** Request body as text (decompressed), when there was one and it could be read. */
  requestBody?: string;
  /** True when a body existed but could not be read (binary, lossy HAR text). */
  bodyUnreadable?: boolean;
  headers?: Record<string, string>;
  typed?: TypedValues;
}

export interface Recipient {
  /** Host name that received the request. */
  host: string;
  /** Registrable domain (eTLD+1) of the host. */
  site: string;
  organization: string;
  kind: TrackerKind;
  /** Our vendor id when a decoder or registry entry knows it (e.g. "ga4", "meta-pixel"). */
  vendor?: string;
  thirdParty: boolean;
}

export interface ClassifiedRequest extends RequestRecord {
  /** Retailer site (registrable domain of documentUrl), empty when unknown. */
  site: string;
  thirdParty: boolean;
  recipientSite: string;
  organization: string;
  kind: TrackerKind;
  vendor?: string;
  /**
   * True when the host looks first-party but the request speaks a vendor's protocol (a CNAME-cloaked
   * collector such as metrics.<retailer> serving Adobe's /b/ss/): organization and kind are the vendor's.
   */
  cloaked?: boolean;
  /**
   * Where organization and kind came from: a vendor decoder, a cloaked protocol signature, our
   * registry, EasyList/EasyPrivacy by URL, the tracker database by host, our entity map, or the
   * recipient's own site name.
   */
  nameSource?: NameSource;
  /** For names from the lists: the list and the filter that matched ("easyprivacy: ||beacon.walmart.com^"). */
  nameRule?: string;
  categories: Category[];
  evidence: Evidence[];
}

export type NameSource = 'decoder' | 'cloaked' | 'registry' | 'lists' | 'trackerdb' | 'entity-map' | 'site';

export type FlowAction = 'allowed' | 'blocked' | 'modified';

/** One ledger row: a request that carried data. */
/**
 * Who reported a row: the browser, which saw the request on the network (webRequest), or the page
 * itself (probes, DOM-seen trackers), which a page can forge.
 */
export const PROVENANCES = ['network', 'page'] as const;
export type Provenance = (typeof PROVENANCES)[number];

export interface Flow {
  id?: number;
  /** Stable key used to write each observed request exactly once. */
  key: string;
  ts: number;
  site: string;
  pageUrl: string;
  url: string;
  method: string;
  requestType: string;
  recipient: string;
  recipientSite: string;
  organization: string;
  kind: TrackerKind;
  vendor?: string;
  thirdParty: boolean;
  categories: Category[];
  evidence: Evidence[];
  action: FlowAction;
  /** Where organization and kind came from (see ClassifiedRequest); absent on rows written before it was kept. */
  nameSource?: NameSource;
  /** Absent on rows written before schema v6: derive it with provenanceOf(). */
  provenance?: Provenance;
}

/** Rows the page reported are 'probe' or 'dom-*' requests; every other row was seen on the network. */
export function provenanceOf(flow: Pick<Flow, 'requestType' | 'provenance'>): Provenance {
  return flow.provenance ?? (flow.requestType === 'probe' || flow.requestType.startsWith('dom-') ? 'page' : 'network');
}

/**
 * `content-recommendation`: articles or videos picked for the reader (a news site's "Recommended for
 * you"): personalized too, but never a shop's product row.
 */
export const PLACEMENT_KINDS = [
  'recommendation',
  'recently-viewed',
  'personalized-offer',
  'retargeting-ad',
  'content-recommendation',
] as const;
export type PlacementKind = (typeof PLACEMENT_KINDS)[number];

/** A personalized placement found on a page. */
export interface Placement {
  kind: PlacementKind;
  /** The heading or vendor text that marks it, as the shopper sees it. */
  label: string;
  vendor?: string;
  /** Why we think it is personalized, e.g. 'heading:"Recommended for you"' or 'vendor:dynamic-yield'. */
  why: string;
  categories: Category[];
}

/** A placement as the ledger keeps it, with where it was seen. */
export interface PlacementRecord extends Placement {
  id?: number;
  key: string;
  ts: number;
  site: string;
  pageUrl: string;
}
