/** Small helpers shared by decoders; each decoder stays a table plus a few lines. */
import { parseQuery, type Params } from '../wire/params';
import type { Category } from '../categories';
import type { EvidenceWhere } from '../model';
import type { EvidenceSink } from '../wire/evidence';
import { isEmptyish, parseJsonSafely, previewJson, walkJson } from '../wire/json';
import { decodeBase64Text, safeDecode } from '../wire/shapes';

export type Table = Readonly<Record<string, Category>>;

/** Google tags' user-agent client hints (architecture, bitness, model, platform, versions). */
export const GOOGLE_CLIENT_HINTS: Table = {
  uaa: 'device',
  uab: 'device',
  uam: 'device',
  uap: 'device',
  uapv: 'device',
  uafvl: 'device',
};

/** Adds a category for every non-empty parameter named in the table. */
export function addParams(
  params: Iterable<[string, string]>,
  table: Table,
  where: EvidenceWhere,
  sink: EvidenceSink,
): void {
  for (const [key, value] of params) {
    if (value === '') continue;
    const category = table[key];
    if (category) sink.add(category, where, key, value);
  }
}

/** Adds the category of an event name, when the table knows it. */
export function addEvent(
  name: string | null | undefined,
  table: Table,
  where: EvidenceWhere,
  key: string,
  sink: EvidenceSink,
): void {
  if (!name) return;
  const category = table[name];
  if (category) sink.add(category, where, key, name);
}

/**
 * Walks JSON and adds a category for every property named in the table (by its exact name).
 * Objects and arrays under a named property count as present when non-empty.
 */
export function addJsonKeys(
  json: unknown,
  table: Table,
  where: EvidenceWhere,
  sink: EvidenceSink,
  events?: { key: string; table: Table },
): void {
  if (json === undefined || json === null) return;
  walkJson(json, (key, value, parent) => {
    if (events && key === events.key && typeof value === 'string') {
      addEvent(value, events.table, where, key, sink);
      return;
    }
    const category = table[key];
    if (!category || isEmptyish(value, 0)) return;
    const preview = previewJson(value);
    if (preview === '[0 items]') return;
    sink.add(category, where, parent ? `${parent}.${key}` : key, preview);
  });
}

/** JSON from a parameter value that may be plain, percent-encoded or base64. */
export function jsonParam(value: string | null | undefined): unknown {
  if (!value) return undefined;
  const first = value.charCodeAt(0);
  if (first === 123 || first === 91) return parseJsonSafely(value);
  if (first === 37 /* % */) return parseJsonSafely(safeDecode(value));
  const decoded = decodeBase64Text(value);
  return decoded === undefined ? undefined : parseJsonSafely(decoded);
}

/** Parameters of a query-string-shaped value ("e=vp&p=123"). */
export function nestedParams(value: string): Params {
  return parseQuery(value.length > 8192 ? value.slice(0, 8192) : value);
}

/** True when path starts with one of the prefixes. */
export function pathStarts(path: string, prefixes: readonly string[]): boolean {
  for (const p of prefixes) if (path.startsWith(p)) return true;
  return false;
}

const SEARCH_EVENT = /search|query|keyword/;
const PURCHASE_EVENT = /purchase|order|checkout|cart|basket|payment|transaction|refund|coupon|wishlist|buy|subscribe/;
const BROWSING_EVENT = /view|page|visit|impression|product|categor|list|content|screen/;

/**
 * Category of a free-form event name ("Product Added", "add_to_cart", "Viewed Product", "PURCHASE"),
 * for vendors whose customers name their own events. Search wins over purchase over browsing.
 */
export function eventCategory(name: string): Category | undefined {
  if (!name || name.length > 120) return undefined;
  const lower = name.toLowerCase();
  if (SEARCH_EVENT.test(lower)) return 'search';
  if (
    PURCHASE_EVENT.test(lower) ||
    lower === 'add' ||
    lower.startsWith('add ') ||
    lower.startsWith('add_') ||
    lower.startsWith('added')
  )
    return 'purchases';
  if (BROWSING_EVENT.test(lower)) return 'browsing';
  return undefined;
}

/** Adds the category of a free-form event name (see eventCategory). Returns it. */
export function addEventName(
  name: unknown,
  where: EvidenceWhere,
  key: string,
  sink: EvidenceSink,
): Category | undefined {
  if (typeof name !== 'string') return undefined;
  const category = eventCategory(name);
  if (category) sink.add(category, where, key, name);
  return category;
}
