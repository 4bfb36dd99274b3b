/**
 * The export "to share with a researcher": on top of what the ledger already redacts, it drops
 * query values (parameter names stay), page paths beyond the site, search terms and the samples that
 * can carry them, so a researcher learns who received which category, never what the shopper looked at.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Evidence, Flow, PlacementRecord } from '../model';

export const EXPORT_AUDIENCES = ['me', 'researcher'] as const;
export type ExportAudience = (typeof EXPORT_AUDIENCES)[number];

export function isExportAudience(value: unknown): value is ExportAudience {
  return value === 'me' || value === 'researcher';
}

/** Categories whose samples say what the shopper looked at, searched or bought, or where they are. */
const REVEALING = new Set(['browsing', 'search', 'purchases', 'location']);
const OMITTED = '[omitted]';

/** Scheme, host and path, with each query parameter's name and no value; the fragment goes. */
export function urlWithoutValues(url: string): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt < 0 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  if (queryAt < 0) return beforeHash;
  const names = beforeHash
    .slice(queryAt + 1)
    .split('&')
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? part : part.slice(0, eq);
    });
  return beforeHash.slice(0, queryAt) + (names.length ? '?' + names.join('&') : '');
}

/** The site of a page (scheme and host), nothing of its path, query or fragment. */
export function pageOrigin(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)/i.exec(url);
  return match ? match[1]! : '';
}

function evidenceForResearcher(item: Evidence): Evidence {
  return REVEALING.has(item.category) && item.sample !== OMITTED ? { ...item, sample: OMITTED } : item;
}

/**
 * Rewrites rows for a researcher. A row key that names a page (probe and DOM rows, placements) becomes
 * a digest keyed with a secret of this export only: still unique, so the file imports without
 * duplicates, but a plain hash of a page address could be guessed back from a list of addresses.
 */
export function researcherRows(exportSecret: Uint8Array = crypto.getRandomValues(new Uint8Array(32))) {
  const key = (raw: string): string =>
    raw.includes('://')
      ? `r:${bytesToHex(hmac(sha256, exportSecret, new TextEncoder().encode(raw))).slice(0, 32)}`
      : raw;
  return {
    flow: (flow: Flow): Flow => ({
      ...flow,
      key: key(flow.key),
      pageUrl: pageOrigin(flow.pageUrl),
      url: urlWithoutValues(flow.url),
      evidence: flow.evidence.map(evidenceForResearcher),
    }),
    placement: (placement: PlacementRecord): PlacementRecord => ({
      ...placement,
      key: key(placement.key),
      pageUrl: pageOrigin(placement.pageUrl),
    }),
  };
}
