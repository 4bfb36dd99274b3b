/**
 * Leak detection: finds values the shopper typed (email, phone, name, postal code) in requests, in
 * clear, URL-encoded, base64 (also inside larger base64 payloads), or hashed with SHA-256, SHA-1 or
 * MD5 after vendors' normalisations. All encodings are computed once per typed-value set
 * (prepareTypedValues); matching a request is then a few indexOf calls and one scan for hex runs.
 * What it reports never contains the typed value or its hash: only which field, in which form, where.
 */
import { type Params } from '../wire/params';
import { sha256 } from '@noble/hashes/sha2.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Category } from '../categories';
import type { EvidenceWhere, TypedValues } from '../model';
import type { ParsedRequest } from '../wire/parsed-request';
import { variantsFor, type NormaliseOptions, type TypedField } from './normalise';

export type { TypedField, NormaliseOptions } from './normalise';

export type LeakEncoding = 'plain' | 'url-encoded' | 'base64' | 'sha256' | 'sha1' | 'md5' | 'sha256-base64';

export interface Leak {
  field: TypedField;
  category: Category;
  encoding: LeakEncoding;
  where: EvidenceWhere;
  /** Parameter that carried it, or "url" / "body" when it is not a single parameter. */
  key: string;
}

export interface LeakMatcher {
  /** Fields that can be matched (those given with a usable value). */
  readonly fields: readonly TypedField[];
  /** Every typed field found in the request, at most once per field and place (url, body, header). */
  find(req: ParsedRequest): Leak[];
}

interface Needle {
  text: string;
  field: TypedField;
  encoding: LeakEncoding;
  boundary: boolean | 'strict';
}

const FIELDS: readonly TypedField[] = ['email', 'phone', 'name', 'postalCode'];
const CATEGORY: Record<TypedField, Category> = {
  email: 'contact',
  phone: 'contact',
  name: 'contact',
  postalCode: 'location',
};
const ENCODER = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary);
}

/** base64 forms of text that survive being embedded at any byte offset of a larger base64 payload. */
function base64Needles(bytes: Uint8Array): string[] {
  const out: string[] = [];
  const whole = base64(bytes);
  out.push(whole.replace(/=+$/, ''));
  for (let k = 0; k < 3; k++) {
    const padded = new Uint8Array(k + bytes.length);
    padded.set(bytes, k);
    const encoded = base64(padded);
    const groups = Math.floor(padded.length / 3);
    // Group 0 mixes in the unknown prefix when k > 0; the trailing partial group depends on what follows.
    const piece = encoded.slice(k === 0 ? 0 : 4, groups * 4);
    if (piece.length >= 8) out.push(piece);
  }
  return out;
}

/** Precomputes every encoding of the typed values. Synchronous; a few hundred microseconds. */
export function prepareTypedValues(typed: TypedValues | undefined, options: NormaliseOptions = {}): LeakMatcher {
  const hex = new Map<string, { field: TypedField; encoding: LeakEncoding }>();
  const folded: Needle[] = []; // matched case-insensitively (plain, url-encoded)
  const exact: Needle[] = []; // matched case-sensitively (base64)
  const fields: TypedField[] = [];
  for (const field of FIELDS) {
    const raw = typed?.[field];
    if (typeof raw !== 'string') continue;
    const variants = variantsFor(field, raw, options);
    if (variants.length === 0) continue;
    fields.push(field);
    for (const variant of variants) {
      const bytes = ENCODER.encode(variant.text);
      hex.set(bytesToHex(sha256(bytes)), { field, encoding: 'sha256' });
      hex.set(bytesToHex(sha1(bytes)), { field, encoding: 'sha1' });
      hex.set(bytesToHex(md5(bytes)), { field, encoding: 'md5' });
      // Base64 forms cost one scan each per request: only for emails and phones, the values
      // vendors actually send that way (Google's em=tv.1~em.<base64 sha256>, payloads in data=).
      const wide = field === 'email' || (field === 'phone' && variant.text.startsWith('+'));
      if (wide) {
        const digest64 = base64(sha256(bytes)).replace(/=+$/, '');
        exact.push({ text: digest64, field, encoding: 'sha256-base64', boundary: false });
        const urlSafe = digest64.replace(/\+/g, '-').replace(/\//g, '_');
        if (urlSafe !== digest64) exact.push({ text: urlSafe, field, encoding: 'sha256-base64', boundary: false });
      }
      if (!variant.plain) continue;
      const lower = variant.text.toLowerCase();
      folded.push({ text: lower, field, encoding: 'plain', boundary: variant.boundary });
      const encoded = encodeURIComponent(variant.text).toLowerCase();
      if (encoded !== lower) {
        folded.push({ text: encoded, field, encoding: 'url-encoded', boundary: variant.boundary });
        if (encoded.includes('%20'))
          folded.push({
            text: encoded.replace(/%20/g, '+'),
            field,
            encoding: 'url-encoded',
            boundary: variant.boundary,
          });
      }
      if (wide)
        for (const text of base64Needles(bytes)) exact.push({ text, field, encoding: 'base64', boundary: false });
    }
  }
  dedupe(folded);
  dedupe(exact);
  return {
    fields,
    find(req) {
      if (fields.length === 0) return [];
      const leaks: Leak[] = [];
      const seen = new Set<string>();
      const report = (field: TypedField, encoding: LeakEncoding, where: EvidenceWhere, key: string) => {
        // One leak per field and place: the first (strongest) form found is the one reported.
        const id = `${field}|${where}`;
        if (seen.has(id)) return;
        seen.add(id);
        leaks.push({ field, category: CATEGORY[field], encoding, where, key });
      };
      scan(req.record.url, 'url', req.params, hex, folded, exact, report);
      const body = req.bodyText;
      if (body) scan(body, 'body', req.bodyForm(), hex, folded, exact, report);
      const headers = req.record.headers;
      if (headers) {
        for (const name in headers) {
          const value = headers[name];
          if (typeof value === 'string' && value.length >= 4)
            scan(value, 'header', undefined, hex, folded, exact, report, name.toLowerCase());
        }
      }
      return leaks;
    },
  };
}

function dedupe(needles: Needle[]): void {
  const seen = new Set<string>();
  let w = 0;
  for (const n of needles) {
    if (seen.has(n.text)) continue;
    seen.add(n.text);
    needles[w++] = n;
  }
  needles.length = w;
}

type Report = (field: TypedField, encoding: LeakEncoding, where: EvidenceWhere, key: string) => void;

const HEX_RUN = /[0-9a-f]{32,}/g;

function scan(
  text: string,
  where: EvidenceWhere,
  params: Params | undefined,
  hex: Map<string, { field: TypedField; encoding: LeakEncoding }>,
  folded: readonly Needle[],
  exact: readonly Needle[],
  report: Report,
  fixedKey?: string,
): void {
  const lower = text.toLowerCase();
  const keyOf = (needle: string, caseSensitive: boolean) => fixedKey ?? findKey(params, needle, caseSensitive) ?? where;
  HEX_RUN.lastIndex = 0;
  for (let m = HEX_RUN.exec(lower); m !== null; m = HEX_RUN.exec(lower)) {
    const run = m[0];
    if (run.length !== 32 && run.length !== 40 && run.length !== 64) continue;
    const hit = hex.get(run);
    if (hit) report(hit.field, hit.encoding, where, keyOf(run, false));
  }
  const decoded = lower.indexOf('%') >= 0 ? percentDecode(lower) : lower;
  for (const needle of folded) {
    if (needle.encoding !== 'plain') {
      if (indexOfBounded(lower, needle) !== undefined)
        report(needle.field, needle.encoding, where, keyOf(needle.text, false));
      continue;
    }
    // Plain text: the decoded view holds both the clear and the percent-encoded occurrences; only
    // on a hit does it matter which one it was.
    if (indexOfBounded(decoded, needle) === undefined) continue;
    const clear = decoded === lower || indexOfBounded(lower, needle) !== undefined;
    report(needle.field, clear ? 'plain' : 'url-encoded', where, keyOf(needle.text, false));
  }
  for (const needle of exact) {
    if (text.indexOf(needle.text) >= 0) report(needle.field, needle.encoding, where, keyOf(needle.text, true));
  }
}

/** Decodes %XX sequences (valid UTF-8 runs only), leaving '+' and broken escapes as they are. */
function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(?:%[0-9a-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

function isWordChar(c: number, strict: boolean): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 97 && c <= 122) ||
    c > 127 ||
    (strict && (c === 46 || c === 64 || c === 95 || c === 45))
  );
}

function indexOfBounded(haystack: string, needle: Needle): number | undefined {
  let from = 0;
  for (;;) {
    const i = haystack.indexOf(needle.text, from);
    if (i < 0) return undefined;
    if (!needle.boundary) return i;
    const before = i === 0 ? 32 : haystack.charCodeAt(i - 1);
    const after = i + needle.text.length >= haystack.length ? 32 : haystack.charCodeAt(i + needle.text.length);
    const strict = needle.boundary === 'strict';
    if (!isWordChar(before, strict) && !isWordChar(after, strict)) return i;
    from = i + 1;
  }
}

function findKey(params: Params | undefined, needle: string, caseSensitive: boolean): string | undefined {
  if (!params) return undefined;
  for (const [key, value] of params) {
    const v = caseSensitive ? value : value.toLowerCase();
    if (v.indexOf(needle) >= 0 || (!caseSensitive && encodeURIComponent(v).toLowerCase().indexOf(needle) >= 0))
      return key.length > 64 ? key.slice(0, 64) : key;
  }
  return undefined;
}

const ENCODING_LABEL: Record<LeakEncoding, string> = {
  plain: 'in clear',
  'url-encoded': 'URL-encoded',
  base64: 'base64-encoded',
  sha256: 'SHA-256 hashed',
  sha1: 'SHA-1 hashed',
  md5: 'MD5 hashed',
  'sha256-base64': 'SHA-256 hashed (base64)',
};

const FIELD_LABEL: Record<TypedField, string> = {
  email: 'email',
  phone: 'phone number',
  name: 'name',
  postalCode: 'postal code',
};

/** A redacted description for evidence: "typed email, SHA-256 hashed". Never the value. */
export function describeLeak(leak: Leak): string {
  return `typed ${FIELD_LABEL[leak.field]}, ${ENCODING_LABEL[leak.encoding]}`;
}

/** A stable cache key for a typed-value set. */
export function typedValuesKey(typed: TypedValues): string {
  return `${typed.email ?? ''}\u0000${typed.phone ?? ''}\u0000${typed.name ?? ''}\u0000${typed.postalCode ?? ''}`;
}
