import type { RequestRecord } from '../model';
import { parseJsonSafely } from './json';
import { parseQuery, type Params } from './params';

/** Bodies longer than this are analysed on their first MAX_BODY_CHARS characters only. */
export const MAX_BODY_CHARS = 512 * 1024;
/** Most body lines (NDJSON, batched beacons) analysed one by one. */
export const MAX_BODY_LINES = 256;

/** A request parsed once, shared by every decoder and the generic analyser. */
export interface ParsedRequest {
  record: RequestRecord;
  /** Lower-case host name. */
  host: string;
  /** Registrable domain of host (filled by the classifier). */
  site: string;
  path: string;
  /** Raw query string without '?'. */
  query: string;
  params: Params;
  /** Body text (capped at MAX_BODY_CHARS); undefined when there is no readable body. */
  bodyText: string | undefined;
  /** Body as a form (key=value&…), when it looks like one. */
  bodyForm(): Params | undefined;
  /** Body as JSON (object or array), when it parses. */
  bodyJson(): unknown;
  /** Non-empty body lines, for newline-delimited beacons (at most MAX_BODY_LINES). */
  bodyLines(): readonly string[];
}

const NOT_PARSED: unique symbol = Symbol('not parsed');

export interface UrlParts {
  host: string;
  path: string;
  /** The query with its '?', or ''. */
  search: string;
}

function isHostChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

/**
 * Host, path and query of a plain http(s) URL without `new URL` (which costs as much as the rest of
 * a classification). Returns undefined for anything unusual (upper case, IPv6, userinfo, percent or
 * non-ASCII in host or path, dot segments, whitespace…): those go through the WHATWG parser.
 * For the URLs it accepts, the result equals new URL's hostname, pathname and (decoded) query.
 */
export function splitPlainUrl(url: string): UrlParts | undefined {
  let i: number;
  if (url.startsWith('https://')) i = 8;
  else if (url.startsWith('http://')) i = 7;
  else return undefined;
  const n = url.length;
  // new URL drops tabs and newlines anywhere and trims trailing spaces: leave those to it. Every other
  // character of a query decodes to itself either way, so the query needs no scan of its own.
  if (
    n > 8192 ||
    url.charCodeAt(n - 1) <= 32 ||
    url.indexOf('\n') >= 0 ||
    url.indexOf('\t') >= 0 ||
    url.indexOf('\r') >= 0
  )
    return undefined;
  const hostStart = i;
  let lastDot = -1;
  while (i < n) {
    const c = url.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) break;
    if (c === 58) {
      // Port: digits only, up to the end of the authority.
      let j = i + 1;
      while (j < n && url.charCodeAt(j) >= 48 && url.charCodeAt(j) <= 57) j++;
      const end = url.charCodeAt(j);
      if (j === i + 1 || !(j === n || end === 47 || end === 63 || end === 35)) return undefined;
      break;
    }
    if (!isHostChar(c)) return undefined;
    if (c === 46) {
      if (i === hostStart || lastDot === i - 1) return undefined;
      lastDot = i;
    }
    i++;
  }
  const host = url.slice(hostStart, i);
  if (host === '' || lastDot === i - 1) return undefined;
  // Numeric last label: only plain dotted quads (new URL rewrites "0x7f.1", "127.1", …).
  const last = url.charCodeAt(lastDot < 0 ? hostStart : lastDot + 1);
  if (last >= 48 && last <= 57 && !/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return undefined;
  while (i < n && url.charCodeAt(i) !== 47 && url.charCodeAt(i) !== 63 && url.charCodeAt(i) !== 35) i++; // skip port
  const pathStart = i;
  while (i < n) {
    const c = url.charCodeAt(i);
    if (c === 63 || c === 35) break;
    // Characters new URL would percent-encode or reinterpret in a path.
    if (
      c <= 32 ||
      c >= 127 ||
      c === 34 ||
      c === 60 ||
      c === 62 ||
      c === 96 ||
      c === 123 ||
      c === 125 ||
      c === 92 ||
      c === 37
    )
      return undefined;
    if (c === 46 && url.charCodeAt(i - 1) === 47) return undefined; // "/." and "/.." segments
    i++;
  }
  const path = pathStart === i ? '/' : url.slice(pathStart, i);
  let search = '';
  if (i < n && url.charCodeAt(i) === 63) {
    const hash = url.indexOf('#', i);
    const end = hash < 0 ? n : hash;
    search = end - i > 1 ? url.slice(i, end) : '';
  }
  return { host, path, search };
}

function urlParts(raw: string): UrlParts | undefined {
  const fast = splitPlainUrl(raw);
  if (fast) return fast;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:' && url.protocol !== 'wss:' && url.protocol !== 'ws:')
    return undefined;
  return { host: url.hostname, path: url.pathname, search: url.search };
}

/** The lazily parsed views of one request; a class so that no closures are allocated per request. */
class Request implements ParsedRequest {
  site = '';
  readonly params: Params;
  private form: Params | undefined | typeof NOT_PARSED = NOT_PARSED;
  private json: unknown = NOT_PARSED;
  private lines: readonly string[] | undefined;

  constructor(
    readonly record: RequestRecord,
    readonly host: string,
    readonly path: string,
    readonly query: string,
    readonly bodyText: string | undefined,
  ) {
    this.params = parseQuery(query);
  }

  bodyForm(): Params | undefined {
    if (this.form === NOT_PARSED)
      this.form = this.bodyText && looksLikeForm(this.bodyText) ? parseQuery(this.bodyText) : undefined;
    return this.form;
  }

  bodyJson(): unknown {
    if (this.json === NOT_PARSED) this.json = this.bodyText ? parseJsonSafely(this.bodyText) : undefined;
    return this.json;
  }

  bodyLines(): readonly string[] {
    if (!this.lines) {
      const body = this.bodyText;
      if (!body || body.indexOf('\n') < 0) this.lines = body ? [body] : [];
      else {
        const out: string[] = [];
        let start = 0;
        while (start < body.length && out.length < MAX_BODY_LINES) {
          let end = body.indexOf('\n', start);
          if (end < 0) end = body.length;
          const line = body.slice(start, end).trim();
          if (line) out.push(line);
          start = end + 1;
        }
        this.lines = out;
      }
    }
    return this.lines;
  }
}

export function parseRequest(record: RequestRecord): ParsedRequest | undefined {
  const url = urlParts(record.url);
  if (!url) return undefined;
  const raw = typeof record.requestBody === 'string' && record.requestBody !== '' ? record.requestBody : undefined;
  const bodyText = raw !== undefined && raw.length > MAX_BODY_CHARS ? raw.slice(0, MAX_BODY_CHARS) : raw;
  return new Request(record, url.host, url.path, url.search.length > 1 ? url.search.slice(1) : '', bodyText);
}

/** Forms have key=value before any whitespace and do not start like JSON. */
export function looksLikeForm(text: string): boolean {
  const first = text.charCodeAt(0);
  if (first === 123 || first === 91) return false;
  const eq = text.indexOf('=');
  if (eq <= 0 || eq > 256) return false;
  for (let i = 0; i < eq; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32 || c === 123 || c === 34) return false;
  }
  return true;
}
