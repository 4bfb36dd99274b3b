/**
 * The one module that touches @ghostery/adblocker (MPL-2.0) and the EasyList / EasyPrivacy filter
 * lists (CC BY-SA 3.0, see README and data/tracker-lists/SOURCES.md). The lists name trackers by URL
 * (paths, parameters, first-party collection endpoints), where host data only knows hosts.
 *
 * The lists are compiled once at build time into one serialized engine (a few MB), which the worker
 * and the CLI deserialize in tens of milliseconds. EasyPrivacy's filter ids travel with it, so a match
 * says which list blocked the request: EasyPrivacy means tracking (analytics), EasyList advertising.
 */
import { FiltersEngine, NetworkFilter, Request, type RequestType } from '@ghostery/adblocker';
import type { TrackerKind } from './model';

export type TrackerListName = 'easylist' | 'easyprivacy';

export interface TrackerListMatch {
  list: TrackerListName;
  kind: TrackerKind;
  /** The filter that matched, as the engine renders it (e.g. "||beacon.walmart.com^"). */
  rule: string;
}

/** What a lookup needs; hosts and sites are the classifier's, so nothing is parsed twice. */
export interface TrackerListQuery {
  url: string;
  /** webRequest resource type (script, image, xmlhttprequest, ping, …). */
  type: string;
  host: string;
  site: string;
  /** Host and site of the tab's top-level document ('' when unknown). */
  documentHost: string;
  documentSite: string;
}

export interface TrackerLists {
  /** The blocking filter for a request, or undefined when the lists allow it (exceptions included). */
  match(query: TrackerListQuery): TrackerListMatch | undefined;
}

const KIND_BY_LIST: Record<TrackerListName, TrackerKind> = { easyprivacy: 'analytics', easylist: 'advertising' };

const MAGIC = 0x534c5432; // "SLT2": ShareLedger tracker lists, format 2

// Only network filters matter here; cosmetic, CSP and scriptlet rules are for ad blocking in pages.
// Optimizations (fused filters) save ~12% of a match; a fused filter's list is found apart.
// No integrity check: its CRC-32 over the whole engine cost ~10 ms of CPU at every worker wake, for a
// file shipped inside the extension's own package (the magic and the lengths are still checked).
const ENGINE_CONFIG = {
  loadCosmeticFilters: false,
  loadCSPFilters: false,
  loadGenericCosmeticsFilters: false,
  loadExtendedSelectors: false,
  enableOptimizations: true,
  enableCompression: false,
  guessRequestTypeFromUrl: false,
  integrityCheck: false,
} as const;

/** Changes whenever compiled bytes would differ for the same lists (build caches key on it). */
export const TRACKER_LISTS_FORMAT = `${MAGIC.toString(16)}:${JSON.stringify(ENGINE_CONFIG)}`;

function networkFilterIds(text: string): Uint32Array {
  const ids = new Set<number>();
  for (const line of text.split('\n')) {
    const filter = NetworkFilter.parse(line.trim());
    if (filter) ids.add(filter.getId() >>> 0);
  }
  return Uint32Array.from(ids).sort();
}

/**
 * Compiles both lists into the bytes loadTrackerLists reads (build time: seconds). Layout: magic,
 * counts, EasyPrivacy's and EasyList's filter ids (sorted), the engine of both lists, and an engine of
 * EasyPrivacy alone, asked only when the engine's optimizer fused filters into one no list holds.
 */
export function compileTrackerLists(lists: { easylist: string; easyprivacy: string }): Uint8Array {
  const engine = FiltersEngine.parse(`${lists.easylist}\n${lists.easyprivacy}`, ENGINE_CONFIG).serialize();
  const privacyEngine = FiltersEngine.parse(lists.easyprivacy, ENGINE_CONFIG).serialize();
  const privacyIds = networkFilterIds(lists.easyprivacy);
  const easylistIds = networkFilterIds(lists.easylist);
  const header = 16 + (privacyIds.length + easylistIds.length) * 4;
  const out = new Uint8Array(header + engine.length + privacyEngine.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC);
  view.setUint32(4, privacyIds.length);
  view.setUint32(8, easylistIds.length);
  view.setUint32(12, engine.length);
  let at = 16;
  for (const ids of [privacyIds, easylistIds])
    for (let i = 0; i < ids.length; i++, at += 4) view.setUint32(at, ids[i]!);
  out.set(engine, header);
  out.set(privacyEngine, header + engine.length);
  return out;
}

function includes(sorted: Uint32Array, id: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

// The engine knows the resource types of Chrome, Firefox, Electron, Puppeteer and Playwright.
const KNOWN_TYPES = new Set<string>([
  'main_frame',
  'sub_frame',
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'object_subrequest',
  'xmlhttprequest',
  'ping',
  'beacon',
  'csp_report',
  'media',
  'websocket',
  'imageset',
  'other',
  'document',
  'xhr',
  'fetch',
]);

/** Reads compiled lists; throws a clear error on bytes of another format or version. */
export function loadTrackerLists(bytes: Uint8Array): TrackerLists {
  if (bytes.length < 16) throw new Error('tracker lists: file too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== MAGIC) throw new Error('tracker lists: not a compiled tracker-lists file');
  const privacyCount = view.getUint32(4);
  const easylistCount = view.getUint32(8);
  const engineStart = 16 + (privacyCount + easylistCount) * 4;
  const privacyEngineStart = engineStart + view.getUint32(12);
  if (privacyEngineStart > bytes.length) throw new Error('tracker lists: truncated file');
  const readIds = (at: number, count: number) => {
    const ids = new Uint32Array(count);
    for (let i = 0; i < count; i++) ids[i] = view.getUint32(at + i * 4);
    return ids;
  };
  const privacyIds = readIds(16, privacyCount);
  const easylistIds = readIds(16 + privacyCount * 4, easylistCount);
  // The engine reads its buffer in place: a view, not a copy of megabytes (its start is 4-byte aligned).
  const engine = FiltersEngine.deserialize(bytes.subarray(engineStart, privacyEngineStart));
  let privacyEngine: FiltersEngine | undefined;
  // A few hundred filters match most traffic: their text is written once.
  const rules = new Map<number, string>();

  /**
   * The blocking decision of engine.match() without the work a blocker needs and a namer does not
   * (redirect resources, $removeparam rewrites of allowed URLs): $important filters, then normal
   * and redirect filters unless an exception allows the request. Tested against engine.match().
   */
  const exclusions = new Map<FiltersEngine, (filter: NetworkFilter) => boolean>();
  function blockingFilter(engine: FiltersEngine, request: Request): NetworkFilter | undefined {
    let excluded = exclusions.get(engine);
    if (!excluded) {
      excluded = (filter: NetworkFilter) => engine.preprocessors.isFilterExcluded(filter);
      exclusions.set(engine, excluded);
    }
    const important = engine.importants.match(request, excluded);
    if (important) return important;
    let filter = engine.filters.match(request, excluded);
    if (!filter) {
      const redirect = engine.redirects.match(request, excluded);
      if (redirect && redirect.getRedirectResource() !== 'none' && !redirect.isRedirectRule()) filter = redirect;
    }
    if (!filter || engine.exceptions.match(request, excluded)) return undefined;
    return filter;
  }

  return {
    match(query) {
      const request = new Request({
        requestId: '0',
        tabId: 0,
        url: query.url,
        hostname: query.host,
        domain: query.site,
        sourceUrl: '',
        sourceHostname: query.documentHost,
        sourceDomain: query.documentSite || query.documentHost,
        type: (KNOWN_TYPES.has(query.type) ? query.type : 'other') as RequestType,
        _originalRequestDetails: undefined,
      });
      if (!request.isSupported) return undefined;
      const filter = blockingFilter(engine, request);
      if (!filter) return undefined;
      const id = filter.getId() >>> 0;
      let list: TrackerListName;
      if (includes(privacyIds, id)) list = 'easyprivacy';
      else if (includes(easylistIds, id)) list = 'easylist';
      else {
        // A fused filter: EasyPrivacy alone decides whether this is tracking rather than advertising.
        // A copy: the engine's 32-bit views need a 4-byte-aligned start, which this one is not.
        privacyEngine ??= FiltersEngine.deserialize(bytes.slice(privacyEngineStart));
        list = blockingFilter(privacyEngine, request) ? 'easyprivacy' : 'easylist';
      }
      let rule = rules.get(id);
      if (rule === undefined) {
        rule = filter.toString();
        if (rules.size >= 4096) rules.clear();
        rules.set(id, rule);
      }
      return { list, kind: KIND_BY_LIST[list], rule };
    },
  };
}
