import type { TrackerKind } from '../model';
import type { ParsedRequest } from '../wire/parsed-request';
import type { EvidenceSink } from '../wire/evidence';
import { vendorById } from '../vendors/registry';

/** One vendor protocol. Adding a vendor = one new file exporting a Decoder + one line in decoders/index.ts. */
export interface Decoder {
  id: string;
  name: string;
  organization: string;
  kind: TrackerKind;
  /** Hosts (or registrable domains) the protocol is served from, for O(1) dispatch. */
  hosts: readonly string[];
  /** Path test for the protocol on the vendor's own hosts. */
  matchesPath(path: string, req: ParsedRequest): boolean;
  /**
   * Signature that recognises the protocol on any host: a CNAME-cloaked first-party collector
   * (metrics.retailer.com serving Adobe's /b/ss/) hides the vendor in DNS but not in its wire format.
   * Only for protocols whose path and parameters are distinctive enough to never match by accident.
   */
  cloaked?(req: ParsedRequest): boolean;
  decode(req: ParsedRequest, sink: EvidenceSink): void;
  /**
   * True when the body is a recording (session-replay event stream): the decoder has said what it
   * carries, so the generic analyser only scans it as text for contact data instead of parsing it.
   */
  opaqueBody?(req: ParsedRequest): boolean;
  /**
   * True when the protocol always sends the page's own address (session replay records it). Chrome
   * hands extensions no bytes for beacon bodies, so when the body is unreadable the classifier reads
   * the tab's page URL in its place: a search page's terms reach the vendor whether we see them or not.
   */
  carriesPageUrl?(req: ParsedRequest): boolean;
}

export type DecoderSpec = Omit<Decoder, 'name' | 'organization' | 'kind'>;

/** A decoder whose name, organization and kind come from the vendor registry (one source of truth). */
export function defineDecoder(spec: DecoderSpec): Decoder {
  const vendor = vendorById(spec.id);
  if (!vendor) throw new Error(`decoder ${spec.id} has no entry in utils/vendors/registry.ts`);
  return { ...spec, name: vendor.name, organization: vendor.organization, kind: vendor.kind };
}
