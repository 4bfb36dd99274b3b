/**
 * The ISOLATED side of the probes: receives the MAIN world's reports, validates them, and scans the
 * DOM for scripts, pixels and frames from other sites. Anything a page can reach may be forged, so a
 * report is validated here and again in the background, and may only add observations.
 */
import type { Result } from '../result';
import {
  PROBE_EVENT,
  PROBE_LIMITS,
  SESSION_REPLAY_GLOBALS,
  isProbeApi,
  isSessionReplayGlobal,
  type ProbeReport,
  type ProbeUses,
  type ScriptUses,
  type SessionReplayGlobal,
} from './apis';
import { isHttpUrl, isPlainObject } from '../guards';

/** A report longer than this (as JSON) is not one of ours. */
export const MAX_REPORT_JSON = 64 * 1024;

function validateScript(raw: unknown, index: number): Result<ScriptUses> {
  if (!isPlainObject(raw)) return { ok: false, error: `scripts[${index}] is not an object` };
  const script = raw.script;
  if (typeof script !== 'string' || script.length > PROBE_LIMITS.scriptUrlLength) {
    return { ok: false, error: `scripts[${index}].script must be a string of at most ${PROBE_LIMITS.scriptUrlLength}` };
  }
  if (script !== 'inline' && script !== 'unknown' && !isHttpUrl(script)) {
    return { ok: false, error: `scripts[${index}].script must be an http(s) URL, "inline" or "unknown"` };
  }
  if (!isPlainObject(raw.uses)) return { ok: false, error: `scripts[${index}].uses is not an object` };
  const uses: ProbeUses = {};
  for (const [api, count] of Object.entries(raw.uses)) {
    if (!isProbeApi(api)) return { ok: false, error: `scripts[${index}].uses has an unknown API` };
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > PROBE_LIMITS.count) {
      return { ok: false, error: `scripts[${index}].uses.${api} must be an integer from 0 to ${PROBE_LIMITS.count}` };
    }
    uses[api] = count;
  }
  return { ok: true, value: { script, uses } };
}

/** Checks a report from an untrusted source: fixed API names and globals, bounded sizes. */
export function validateProbeReport(raw: unknown): Result<ProbeReport> {
  if (!isPlainObject(raw)) return { ok: false, error: 'report is not an object' };
  const { page, scripts, globals } = raw;
  if (typeof page !== 'string' || page.length > PROBE_LIMITS.pageUrlLength) {
    return { ok: false, error: `page must be a string of at most ${PROBE_LIMITS.pageUrlLength}` };
  }
  if (!Array.isArray(scripts) || scripts.length > PROBE_LIMITS.scripts) {
    return { ok: false, error: `scripts must be an array of at most ${PROBE_LIMITS.scripts}` };
  }
  if (!Array.isArray(globals) || globals.length > SESSION_REPLAY_GLOBALS.length) {
    return { ok: false, error: `globals must be an array of at most ${SESSION_REPLAY_GLOBALS.length}` };
  }
  const report: ProbeReport = { page, scripts: [], globals: [] };
  const seen = new Set<string>();
  for (let i = 0; i < scripts.length; i++) {
    const result = validateScript(scripts[i], i);
    if (!result.ok) return result;
    if (seen.has(result.value.script)) return { ok: false, error: `scripts[${i}] repeats a script` };
    seen.add(result.value.script);
    report.scripts.push(result.value);
  }
  for (const name of globals) {
    if (!isSessionReplayGlobal(name)) return { ok: false, error: 'globals has an unknown name' };
    if (!report.globals.includes(name)) report.globals.push(name as SessionReplayGlobal);
  }
  return { ok: true, value: report };
}

/**
 * Calls onReport with each valid report the MAIN-world probe dispatches on this window (identical
 * repeats skipped). Returns a function that stops listening.
 */
export function listenForProbeReports(win: Window, onReport: (report: ProbeReport) => void): () => void {
  let last = '';
  const listener = (event: Event) => {
    if (event.target !== event.currentTarget) return; // dispatched on window itself, not bubbled up
    const detail: unknown = (event as CustomEvent).detail;
    if (typeof detail !== 'string' || detail.length > MAX_REPORT_JSON || detail === last) return;
    last = detail;
    let parsed: unknown;
    try {
      parsed = JSON.parse(detail);
    } catch {
      return;
    }
    const result = validateProbeReport(parsed);
    if (result.ok) onReport(result.value);
  };
  win.addEventListener(PROBE_EVENT, listener);
  return () => win.removeEventListener(PROBE_EVENT, listener);
}

export const DOM_TRACKER_TAGS = ['script', 'img', 'iframe'] as const;
export type DomTrackerTag = (typeof DOM_TRACKER_TAGS)[number];

/** A script, pixel or frame from another site, seen in the page (the background decides if it tracks). */
export interface DomTracker {
  url: string;
  tag: DomTrackerTag;
}

export const MAX_DOM_TRACKERS = 200;
const MAX_DOM_URL = 1000;
/** An image this small (or smaller) is a pixel, not a picture. */
const PIXEL_MAX_SIZE = 2;

function isPixel(img: HTMLImageElement): boolean {
  const w = img.getAttribute('width');
  const h = img.getAttribute('height');
  if (w !== null && h !== null && Number(w) <= PIXEL_MAX_SIZE && Number(h) <= PIXEL_MAX_SIZE) return true;
  return (
    img.complete && img.naturalWidth > 0 && img.naturalWidth <= PIXEL_MAX_SIZE && img.naturalHeight <= PIXEL_MAX_SIZE
  );
}

export interface DomTrackerScanner {
  /** Scripts, pixels and frames from other hosts in root (and root itself) not reported before. */
  scan(root: ParentNode): DomTracker[];
}

/**
 * Scans pages for scripts, 1×1 pixels and iframes from other hosts. Which of them are third party
 * (registrable domain, organization) the background decides with the classifier: tldts and the
 * entity map would add ~30 kB to every page's content script. Remembers what it reported, so
 * rescans of added nodes return only new URLs. Pass document.baseURI as baseUrl where a page has a <base>.
 */
export function createDomTrackerScanner(pageUrl: string, baseUrl: string = pageUrl): DomTrackerScanner {
  let pageHost = '';
  try {
    pageHost = new URL(pageUrl).hostname;
  } catch {
    pageHost = '';
  }
  const reported = new Set<string>();

  function consider(element: Element, out: DomTracker[]): void {
    if (reported.size >= MAX_DOM_TRACKERS) return;
    const tag = element.localName;
    if (tag !== 'script' && tag !== 'img' && tag !== 'iframe') return;
    const src = element.getAttribute('src');
    if (!src || (tag === 'img' && !isPixel(element as HTMLImageElement))) return;
    let url: URL;
    try {
      url = new URL(src, baseUrl);
    } catch {
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return;
    const href = url.href.slice(0, MAX_DOM_URL);
    if (reported.has(href) || url.hostname === pageHost) return;
    reported.add(href);
    out.push({ url: href, tag });
  }

  return {
    scan(root) {
      const out: DomTracker[] = [];
      if ((root as Element).localName !== undefined) consider(root as Element, out);
      for (const element of root.querySelectorAll('script[src], img[src], iframe[src]')) consider(element, out);
      return out;
    },
  };
}

/** Checks a list of DOM trackers from a content script. */
export function validateDomTrackers(raw: unknown): Result<DomTracker[]> {
  if (!Array.isArray(raw) || raw.length > MAX_DOM_TRACKERS)
    return { ok: false, error: `trackers must be an array of at most ${MAX_DOM_TRACKERS}` };
  const out: DomTracker[] = [];
  for (const item of raw) {
    if (!isPlainObject(item)) return { ok: false, error: 'tracker is not an object' };
    const tag = DOM_TRACKER_TAGS.find((t) => t === item.tag);
    if (!tag) return { ok: false, error: 'tracker tag must be script, img or iframe' };
    if (typeof item.url !== 'string' || item.url.length > MAX_DOM_URL || !isHttpUrl(item.url)) {
      return { ok: false, error: `tracker url must be an http(s) URL of at most ${MAX_DOM_URL}` };
    }
    out.push({ url: item.url, tag });
  }
  return { ok: true, value: out };
}

/** One-shot scan of a whole document (use createDomTrackerScanner to rescan added nodes). */
export function scanDomTrackers(doc: Document): DomTracker[] {
  return createDomTrackerScanner(doc.URL, doc.baseURI).scan(doc);
}

/**
 * Runs fn once the page has loaded and the main thread is idle: DOM-seen trackers are not urgent,
 * and scanning and reporting them during the load would delay the page (measured: 3–9 % on the
 * demo store's page loads, bench/pageload.bench.ts).
 */
export function whenPageLoaded(win: Window, fn: () => void): void {
  const idle = () =>
    win.requestIdleCallback ? win.requestIdleCallback(() => fn(), { timeout: 2000 }) : win.setTimeout(fn, 50);
  if (win.document.readyState === 'complete') idle();
  else win.addEventListener('load', idle, { once: true });
}
