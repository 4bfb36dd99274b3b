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

export function parseRequest(record: RequestRecord): ParsedRequest | undefined {
  let url: URL;
  try {
    url = new URL(record.url);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:' && url.protocol !== 'wss:' && url.protocol !== 'ws:') return undefined;
  const raw = typeof record.requestBody === 'string' && record.requestBody !== '' ? record.requestBody : undefined;
  const bodyText = raw !== undefined && raw.length > MAX_BODY_CHARS ? raw.slice(0, MAX_BODY_CHARS) : raw;
  let form: Params | undefined | typeof NOT_PARSED = NOT_PARSED;
  let json: unknown = NOT_PARSED;
  let lines: readonly string[] | undefined;
  const search = url.search;
  return {
    record,
    host: url.hostname,
    site: '',
    path: url.pathname,
    query: search.length > 1 ? search.slice(1) : '',
    params: parseQuery(search.length > 1 ? search.slice(1) : ''),
    bodyText,
    bodyForm() {
      if (form === NOT_PARSED) form = bodyText && looksLikeForm(bodyText) ? parseQuery(bodyText) : undefined;
      return form;
    },
    bodyJson() {
      if (json === NOT_PARSED) json = bodyText ? parseJsonSafely(bodyText) : undefined;
      return json;
    },
    bodyLines() {
      if (!lines) {
        if (!bodyText || bodyText.indexOf('\n') < 0) lines = bodyText ? [bodyText] : [];
        else {
          const out: string[] = [];
          let start = 0;
          while (start < bodyText.length && out.length < MAX_BODY_LINES) {
            let end = bodyText.indexOf('\n', start);
            if (end < 0) end = bodyText.length;
            const line = bodyText.slice(start, end).trim();
            if (line) out.push(line);
            start = end + 1;
          }
          lines = out;
        }
      }
      return lines;
    },
  };
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
