import type { Category } from '../categories';
import type { EvidenceWhere, TrackerKind } from '../model';
import type { ParsedRequest } from '../classify/parsed-request';

/** Collects evidence for one request; decoders call add() for each category signal they find. */
export interface EvidenceSink {
  add(category: Category, where: EvidenceWhere, key: string, value: string): void;
}

/** One vendor protocol. Adding a vendor = one new file exporting a Decoder + one line in decoders/index.ts. */
export interface Decoder {
  id: string;
  name: string;
  organization: string;
  kind: TrackerKind;
  /** Hosts (or registrable domains) the protocol is served from, for O(1) dispatch. */
  hosts: readonly string[];
  /** Path test for the protocol, also used to recognise CNAME-cloaked first-party collectors. */
  matchesPath(path: string, req: ParsedRequest): boolean;
  decode(req: ParsedRequest, sink: EvidenceSink): void;
}
