/**
 * The long-tail analyser: finds categories in any request from parameter names and value shapes,
 * in query strings, form bodies, JSON (nested, or as a parameter value), base64-encoded JSON,
 * newline-delimited beacons and text/plain bodies. Work per request is bounded (see json.ts).
 */
import { parseQuery } from '../wire/params';
import type { EvidenceWhere } from '../model';
import type { EvidenceSink } from '../wire/evidence';
import type { ParsedRequest } from '../wire/parsed-request';
import { looksLikeForm } from '../wire/parsed-request';
import { MAX_JSON_CHARS, isEmptyish, parseJsonSafely, previewJson, walkJson } from '../wire/json';
import { rulesForKey, valueFits } from './keys';
import {
  containsEmail,
  decodeBase64Text,
  looksLikeHttpUrl,
  isStaticAssetPath,
  isUserAgent,
  looksLikeBase64Json,
  safeDecode,
} from '../wire/shapes';

export interface GenericOptions {
  /** A vendor decoder already read this request: apply only unambiguous names and value shapes. */
  decoded: boolean;
  /**
   * The request goes to the retailer itself: its own APIs use ambiguous names (lang, q, page) for
   * their own purposes, so only unambiguous names and value shapes count.
   */
  firstParty?: boolean;
  /** The body is a session recording the decoder has classified: scan it as text only. */
  opaqueBody?: boolean;
  /** The host is a CDN (fonts, libraries, images): its parameters are asset options. */
  cdn?: boolean;
}

/** Click ids and search keys looked for inside URLs that a request carries (page URL, referrer). */
const EMBEDDED_ID_KEYS = new Set([
  'gclid',
  'gbraid',
  'wbraid',
  'dclid',
  'fbclid',
  'ttclid',
  'msclkid',
  'twclid',
  'li_fat_id',
  'epik',
  'sccid',
  'sc_click_id',
  'rdt_cid',
  'irclickid',
  'yclid',
  'srsltid',
  'mc_eid',
  '_kx',
]);
const EMBEDDED_SEARCH_KEYS = new Set([
  'q',
  'query',
  'search',
  'searchterm',
  'search_term',
  'search_query',
  'keyword',
  'keywords',
  'kw',
  'term',
  'ntt',
  'text',
  's',
  'k',
]);
const EMBEDDED_CONTACT_KEYS = new Set(['email', 'e', 'mail', 'phone']);

// Headers that give away more about the device than the default User-Agent.
const HIGH_ENTROPY_HINTS = [
  'sec-ch-ua-full-version-list',
  'sec-ch-ua-model',
  'sec-ch-ua-platform-version',
  'sec-ch-ua-arch',
  'sec-ch-ua-bitness',
];

interface Context {
  sink: EvidenceSink;
  decoded: boolean;
  /** Weak names are ignored: decoded request, or a static asset whose `q` is image quality. */
  strongOnly: boolean;
}

export function analyseGeneric(
  req: ParsedRequest,
  sink: EvidenceSink,
  options: GenericOptions = { decoded: false },
): void {
  const type = req.record.type;
  const asset = isStaticAssetPath(req.path) || type === 'font' || type === 'stylesheet' || type === 'media';
  const ctx: Context = {
    sink,
    decoded: options.decoded,
    strongOnly: options.decoded || options.firstParty === true || options.cdn === true || asset,
  };

  if (req.query) {
    for (const [key, value] of req.params) analyseField(ctx, key, value, 'url', 0);
  }
  if (options.opaqueBody) {
    if (req.bodyText && containsEmail(req.bodyText)) sink.add('contact', 'body', 'recording', 'email address');
  } else analyseBody(ctx, req);
  analyseHeaders(ctx, req);
}

/**
 * The page URL a protocol is known to carry in a body we could not read: the same reading as for a
 * page URL found in a request (search terms, click IDs, emails in its query), marked as inferred.
 */
export function analyseCarriedPageUrl(pageUrl: string, sink: EvidenceSink): void {
  sink.add('browsing', 'body', 'page URL (inferred)', pageUrl);
  analyseEmbeddedUrl({ sink, decoded: true, strongOnly: true }, 'page URL (inferred)', pageUrl, 'body');
}

function analyseBody(ctx: Context, req: ParsedRequest): void {
  const body = req.bodyText;
  if (!body) return;
  const json = req.bodyJson();
  if (json !== undefined) {
    analyseJson(ctx, json, 'body', 0);
    return;
  }
  const lines = req.bodyLines();
  if (lines.length > 1) {
    for (const line of lines) analyseText(ctx, line, 'body');
    return;
  }
  const form = req.bodyForm();
  if (form) {
    for (const [key, value] of form) analyseField(ctx, key, value, 'body', 0);
    return;
  }
  analyseText(ctx, body, 'body');
}

/** One piece of text of unknown structure: JSON, a form line, base64 JSON, or free text. */
function analyseText(ctx: Context, text: string, where: EvidenceWhere): void {
  const json = parseJsonSafely(text);
  if (json !== undefined) return analyseJson(ctx, json, where, 0);
  if (looksLikeForm(text)) {
    for (const [key, value] of parseQuery(text)) analyseField(ctx, key, value, where, 0);
    return;
  }
  if (looksLikeBase64Json(text)) {
    const decoded = decodeBase64Text(text);
    const inner = decoded === undefined ? undefined : parseJsonSafely(decoded);
    if (inner !== undefined) return analyseJson(ctx, inner, where, 1);
  }
  if (containsEmail(text)) ctx.sink.add('contact', where, 'text', text);
}

/**
 * One key/value pair from a query string or form. `level` counts how deep we are in values that
 * contain further documents (JSON or base64 JSON inside a parameter), to bound the recursion.
 */
function analyseField(ctx: Context, key: string, rawValue: string, where: EvidenceWhere, level: number): void {
  if (rawValue === '' || key.length > 256) return;
  const value = rawValue;
  const rules = rulesForKey(key);
  let matched = false;
  if (rules) {
    for (const rule of rules) {
      if (ctx.strongOnly && !rule.strong) continue;
      if (valueFits(rule.shape, value)) {
        ctx.sink.add(rule.category, where, key, value);
        matched = true;
      }
    }
  }
  analyseShape(ctx, key, value, where, level, matched);
}

/** Value shapes that matter whatever the key is called. */
function analyseShape(
  ctx: Context,
  key: string,
  value: string,
  where: EvidenceWhere,
  level: number,
  matched: boolean,
): void {
  const n = value.length;
  if (n < 6) return;
  const first = value.charCodeAt(0);
  if (first === 123 /* { */ || first === 91 /* [ */) {
    if (level < 2 && n <= MAX_JSON_CHARS) {
      const json = parseJsonSafely(value);
      if (json !== undefined) return analyseJson(ctx, json, where, level + 1);
    }
  } else if (first === 104 /* h */ && looksLikeHttpUrl(value)) {
    analyseEmbeddedUrl(ctx, key, value, where);
    return;
  } else if (level < 2 && looksLikeBase64Json(value)) {
    const decoded = decodeBase64Text(value);
    const json = decoded === undefined ? undefined : parseJsonSafely(decoded);
    if (json !== undefined) return analyseJson(ctx, json, where, level + 1);
  }
  if (!matched && value.indexOf('@') > 0 && containsEmail(value)) ctx.sink.add('contact', where, key, value);
  else if (!matched && first === 77 /* M */ && isUserAgent(value)) ctx.sink.add('device', where, key, value);
}

/** A URL carried as a value (page URL, referrer): click ids, search terms and emails in its query. */
function analyseEmbeddedUrl(ctx: Context, key: string, url: string, where: EvidenceWhere): void {
  const q = url.indexOf('?');
  if (q < 0) return;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? Math.min(url.length, q + 4096) : hash);
  if (query.length < 3) return;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) continue;
    const name = part.slice(0, eq).toLowerCase();
    if (EMBEDDED_ID_KEYS.has(name)) {
      ctx.sink.add('identifiers', where, `${key}→${name}`, part.slice(eq + 1));
    } else if (EMBEDDED_SEARCH_KEYS.has(name)) {
      const term = safeDecode(part.slice(eq + 1));
      if (valueFits('search', term)) ctx.sink.add('search', where, `${key}→${name}`, term);
    } else if (EMBEDDED_CONTACT_KEYS.has(name)) {
      const v = safeDecode(part.slice(eq + 1));
      if (valueFits('email-or-hash', v)) ctx.sink.add('contact', where, `${key}→${name}`, v);
    }
  }
}

function analyseJson(ctx: Context, root: unknown, where: EvidenceWhere, level: number): void {
  walkJson(root, (key, value, parent) => {
    if (value === null || value === undefined) return;
    const t = typeof value;
    // {"Email": [{"id": "…"}]} or {"email": {"value": "…"}}: the parent names the field.
    const name = key === 'id' || key === 'value' || key === 'values' ? parent || key : key;
    const rules = rulesForKey(name);
    if (rules === null && t !== 'string') return;
    const label = parent && parent !== name ? `${parent}.${name}` : name;
    if (t === 'object') {
      if (rules && !isEmptyish(value, 0)) {
        for (const rule of rules) {
          if (rule.shape !== 'any' || (ctx.strongOnly && !rule.strong)) continue;
          ctx.sink.add(rule.category, where, label, previewJson(value));
        }
      }
      return;
    }
    if (t !== 'string' && t !== 'number') return;
    const text = t === 'string' ? (value as string) : String(value);
    let matched = false;
    if (rules) {
      for (const rule of rules) {
        if (ctx.strongOnly && !rule.strong) continue;
        if (valueFits(rule.shape, text)) {
          ctx.sink.add(rule.category, where, label, text);
          matched = true;
        }
      }
    }
    if (t === 'string') analyseShape(ctx, label, text, where, level, matched);
  });
}

function analyseHeaders(ctx: Context, req: ParsedRequest): void {
  const headers = req.record.headers;
  if (!headers) return;
  for (const name in headers) {
    const lower = name.toLowerCase();
    const value = headers[name];
    if (typeof value !== 'string' || value === '') continue;
    if (lower === 'cookie')
      ctx.sink.add('identifiers', 'cookie', 'cookie', value.slice(0, value.indexOf('=') > 0 ? value.indexOf('=') : 16));
    else if (HIGH_ENTROPY_HINTS.includes(lower)) ctx.sink.add('device', 'header', lower, value);
  }
}
