/**
 * Redaction at write time: what the ledger keeps never identifies the shopper. Applied to every
 * string of every row before it is stored (journal, IndexedDB), by the migration to rows stored
 * before, and to what an import brings in.
 * - Values the shopper typed (contact), plain, encoded or hashed, become a description:
 *   `[email]`, `[email:sha256]`, `[phone:sha256]`, `[email:base64]`.
 * - Identifiers (parameters and cookies the classifier marks as identifiers, click ids, unknown
 *   digests) become `[id:…]`, a short HMAC-SHA-256 keyed with a per-install secret: one id can be
 *   followed across rows of one ledger, never matched against another ledger or a vendor's logs.
 * - Search terms and page paths stay: they are what the shopper wants to see.
 * Redacting twice changes nothing (descriptions and digests are left as they are).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Category } from '../categories';
import { rulesForKey, valueFits } from '../classify/keys';
import { provenanceOf, type Evidence, type Flow, type PlacementRecord } from '../model';

/** Digest hex characters kept: 48 bits tell one shopper's ids apart, and say nothing more. */
const DIGEST_CHARS = 12;
const MAX_DIGEST_CACHE = 4096;
const MAX_PAGE_URL_CACHE = 256;
const MAX_PART_CACHE = 8192;
const MAX_CACHED_PART = 512;
const REDACTED = /^\[[a-z0-9:]+\]$/;
/** A character without which text() has nothing to rewrite in text shorter than a digest. */
const TEXT_TRIGGER = /[:@%]/;
const ELLIPSIS = 0x2026;
const HTTP_URL = /^https?:\/\//i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const EMAIL_ANYWHERE = /[a-z0-9._%+-]+(?:@|%40)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}/gi;
const EMAIL_INSIDE = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}/i;
const DIGEST_ANYWHERE = /(?<![0-9a-f])(?:[0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})(?![0-9a-f])/gi;
const URL_INSIDE = /https?:\/\/[^\s"'<>]+/gi;
const HEX_DIGEST = /^(?:[0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})$/i;
const BASE64_SHA256 = /^[A-Za-z0-9+/_-]{43}=?$/;
const BASE64ISH = /^[A-Za-z0-9+/_-]{8,}={0,2}$/;
const PHONE = /^\+?[\d\s().-]{7,20}$/;
/** A contact sample with a number or a hex string in it may be the value rather than its description. */
const MAY_BE_CONTACT_VALUE = /\d{5}|[0-9a-f]{16}/i;
const HASH_NAME: Record<number, string> = { 64: 'sha256', 40: 'sha1', 32: 'md5' };

type ContactKind = 'email' | 'phone' | 'contact';

/** Fields flow() and placement() redact by what they are; every other field is scrubbed as text. */
const FLOW_FIELDS_REDACTED_APART: ReadonlySet<string> = new Set(['url', 'pageUrl', 'evidence', 'provenance']);
const PLACEMENT_FIELDS_REDACTED_APART: ReadonlySet<string> = new Set(['pageUrl', 'key']);
const NOTHING_LEAKED: ReadonlyMap<string, string> = new Map();

export interface Redactor {
  flow(flow: Flow): Flow;
  placement(placement: PlacementRecord): PlacementRecord;
  /** Any other row: every string in it scrubbed (a future row type is covered before it is known). */
  row<T>(row: T): T;
  /** A URL with its query values redacted (contact described, identifiers digested). */
  url(url: string, hints?: ReadonlyMap<string, Category>): string;
  /** Free text: emails, digests and shortened base64 payloads removed. */
  text(value: string): string;
}

/** A fresh per-install secret (32 random bytes). */
export function newRedactionSecret(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

export function createRedactor(secret: Uint8Array): Redactor {
  // The key's two padded blocks are hashed once; each digest continues from a copy of that state.
  const keyed = hmac.create(sha256, secret);
  const encoder = new TextEncoder();
  const digests = new Map<string, string>();
  const digest = (value: string): string => {
    let out = digests.get(value);
    if (out === undefined) {
      out = `[id:${bytesToHex(keyed.clone().update(encoder.encode(value)).digest()).slice(0, DIGEST_CHARS)}]`;
      if (digests.size >= MAX_DIGEST_CACHE) digests.clear();
      digests.set(value, out);
    }
    return out;
  };

  /** Removes what identifies the shopper from free text (a page title, a sample, a label). */
  const text = (value: string): string => {
    if (value.length < 4 || (value.charCodeAt(0) === 91 /* [ */ && REDACTED.test(value))) return value;
    // Every rewrite below needs a ':' (a URL), '@' or '%' (an email, plain or %40), 32 characters
    // (a digest) or a final '…' (a shortened sample): text with none of them stays as it is.
    if (value.length < 32 && !TEXT_TRIGGER.test(value) && value.charCodeAt(value.length - 1) !== ELLIPSIS) return value;
    if (HTTP_URL.test(value)) return url(value);
    // A URL inside text (a probe or DOM row's key names its page): its query is redacted as a URL's.
    let out = value.includes('://') ? value.replace(URL_INSIDE, (inner) => url(inner)) : value;
    if (out.includes('@') || out.includes('%40')) out = out.replace(EMAIL_ANYWHERE, '[email]');
    out = digestsIn(out);
    // A shortened sample of a base64 payload decodes to the start of what it carries (a typed email).
    if (out.endsWith('…') && isShortenedBase64(out.slice(0, -1))) return '[encoded]';
    return out;
  };

  /** Hex digests in text become keyed digests (text without a run of 32 hex digits has none). */
  const digestsIn = (value: string): string =>
    value.length >= 32 && hasHexRun(value, 32)
      ? value.replace(DIGEST_ANYWHERE, (hex) => digest(hex.toLowerCase()))
      : value;

  const contactDescription = (kind: ContactKind, value: string): string => {
    const v = value.trim();
    if (HEX_DIGEST.test(v)) return `[${kind}:${HASH_NAME[v.length]}]`;
    if (BASE64_SHA256.test(v)) return `[${kind}:sha256]`;
    if (kind === 'contact' && EMAIL.test(v)) return '[email]';
    if (kind === 'contact' && PHONE.test(v)) return '[phone]';
    return `[${kind}]`;
  };

  /** What a query value becomes, given its parameter name and what the classifier said of that name. */
  const value = (name: string, raw: string, hint: Category | undefined): string => {
    if (raw.length === 0 || REDACTED.test(raw)) return raw;
    const decoded = raw.includes('%') || raw.includes('+') ? safeDecode(raw) : raw;
    // A page address in a parameter keeps its path; what its own query carries is redacted.
    if (/^https?:\/\//i.test(decoded)) {
      const nested = url(decoded);
      return nested === decoded ? raw : encodeURIComponent(nested);
    }
    if (EMAIL.test(decoded.trim())) return '[email]';
    if (decodesToEmail(decoded)) return '[email:base64]';
    const contact = hint === 'contact' ? contactKindOf(name) : contactRule(name, decoded);
    if (contact) return contactDescription(contact, decoded);
    if (hint === 'identifiers' || identifierRule(name, decoded) || HEX_DIGEST.test(decoded)) return digest(decoded);
    if (decoded.includes('@') || decoded.length >= 32) {
      const scrubbed = text(decoded);
      return scrubbed === decoded ? raw : encodeURIComponent(scrubbed);
    }
    return raw;
  };

  // Most query parameters repeat from request to request (tracking ids, event names, the page's own
  // address, a shopper's client id): each distinct `name=value` is redacted once for each hint the
  // classifier can give its name. Memory only, bounded.
  const partsByHint = new Map<Category | undefined, Map<string, string>>();
  let cachedParts = 0;
  const cachedPart = (part: string, eq: number, hint: Category | undefined): string => {
    if (part.length > MAX_CACHED_PART) return redactedPart(part, eq, hint);
    let byPart = partsByHint.get(hint);
    let out = byPart?.get(part);
    if (out === undefined) {
      out = redactedPart(part, eq, hint);
      if (cachedParts >= MAX_PART_CACHE) {
        partsByHint.clear();
        cachedParts = 0;
        byPart = undefined;
      }
      if (!byPart) partsByHint.set(hint, (byPart = new Map()));
      byPart.set(part, out);
      cachedParts++;
    }
    return out;
  };

  /** `name=value` (`eq` is where its '=' is) with the value redacted; the part itself when nothing changes. */
  const redactedPart = (part: string, eq: number, hint: Category | undefined): string => {
    const rawName = part.slice(0, eq);
    const raw = part.slice(eq + 1);
    const redacted = value(decodedName(rawName), raw, hint);
    return redacted === raw ? part : `${rawName}=${redacted}`;
  };

  /**
   * A URL with its query values redacted. `rawValues`, when given, receives the raw value of each
   * hinted parameter (first occurrence), so an identifier's evidence can be digested from its full value.
   */
  const url = (input: string, hints?: ReadonlyMap<string, Category>, rawValues?: Map<string, string>): string => {
    const hashAt = input.indexOf('#');
    const beforeHash = hashAt < 0 ? input : input.slice(0, hashAt);
    const fragment = hashAt < 0 ? undefined : input.slice(hashAt + 1);
    const queryAt = beforeHash.indexOf('?');
    const path = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
    let out = pathText(path);
    if (queryAt >= 0) out += '?' + query(beforeHash.slice(queryAt + 1), hints, rawValues);
    if (fragment !== undefined) out += '#' + (fragment.includes('=') ? query(fragment, hints) : text(fragment));
    return out;
  };

  /** A path keeps its words; an email or a digest in it does not stay. */
  const pathText = (path: string): string => {
    let out = path;
    if (out.includes('@') || out.includes('%40')) out = out.replace(EMAIL_ANYWHERE, '[email]');
    return digestsIn(out);
  };

  const query = (
    q: string,
    hints: ReadonlyMap<string, Category> | undefined,
    rawValues?: Map<string, string>,
  ): string => {
    const hinted = hints !== undefined && hints.size > 0;
    // Parts are read in place; the redacted query is built only from the first part that changes.
    let out: string | undefined;
    let copied = 0;
    for (let start = 0; start <= q.length;) {
      let end = q.indexOf('&', start);
      if (end < 0) end = q.length;
      const eq = q.indexOf('=', start);
      if (eq >= 0 && eq < end) {
        const rawName = q.slice(start, eq);
        let hint: Category | undefined;
        if (hinted) {
          const name = decodedName(rawName);
          hint = hints.get(name);
          if (hint !== undefined && rawValues && !rawValues.has(name)) rawValues.set(name, q.slice(eq + 1, end));
        }
        const plain = isPlainPageAddress(q, eq + 1, end) || (hint === undefined && staysAsIs(rawName, q, eq + 1, end));
        if (!plain) {
          const part = q.slice(start, end);
          const redacted = cachedPart(part, eq - start, hint);
          if (redacted !== part) {
            out = (out ?? '') + q.slice(copied, start) + redacted;
            copied = end;
          }
        }
      }
      start = end + 1;
    }
    return out === undefined ? q : out + q.slice(copied);
  };

  /** A contact sample as stored: descriptions stay, anything that may be a value is described. */
  const contactSample = (sample: string): string =>
    sample.includes('@') || MAY_BE_CONTACT_VALUE.test(sample) ? contactDescription('contact', sample) : sample;

  const evidence = (
    item: Evidence,
    urlValue: (key: string) => string | undefined,
    leaked: ReadonlyMap<string, string>,
  ): Evidence => {
    let sample = item.sample;
    const arrow = item.key.indexOf('→');
    const field = arrow < 0 ? item.key : item.key.slice(0, arrow);
    const leak = item.category === 'contact' ? undefined : (leaked.get(item.key) ?? leaked.get(field));
    if (leak !== undefined) {
      // A typed value was found in this very field: any other sample of it (a shortened base64
      // identifier "Um93YW…" decodes to the start of the typed email) becomes the description.
      sample = leak;
    } else if (item.category === 'contact') {
      // Descriptions ("typed email, SHA-256 hashed", "sha256 hash") stay; anything else is replaced.
      sample = contactSample(sample);
    } else if (item.category === 'identifiers') {
      const full = item.where === 'url' ? urlValue(item.key) : undefined;
      if (!REDACTED.test(sample)) sample = digest(full ?? sample.replace(/…$/, ''));
    } else {
      sample = text(sample);
    }
    return sample === item.sample ? item : { ...item, sample };
  };

  const flow = (row: Flow): Flow => {
    const items = row.evidence ?? [];
    let hints: Map<string, Category> | undefined;
    let leaked: Map<string, string> | undefined;
    for (const item of items) {
      if (item.category === 'contact' && !leaked?.has(item.key))
        (leaked ??= new Map()).set(item.key, contactSample(item.sample));
      if (item.where !== 'url' && item.where !== 'cookie') continue;
      // Contact wins over identifiers when one parameter carries both signals.
      if (item.category === 'contact' || (item.category === 'identifiers' && hints?.get(item.key) !== 'contact'))
        (hints ??= new Map()).set(item.key, item.category);
    }
    const rawValues = hints && new Map<string, string>();
    const redactedUrl = url(row.url, hints, rawValues);
    const urlValue = (key: string) => {
      const raw = rawValues?.get(key);
      return raw === undefined ? queryValue(row.url, key) : safeDecode(raw);
    };
    const out = scrubbedCopy(row, FLOW_FIELDS_REDACTED_APART);
    out.url = redactedUrl;
    out.pageUrl = pageUrl(row.pageUrl);
    out.evidence = items.map((item) => evidence(item, urlValue, leaked ?? NOTHING_LEAKED));
    out.provenance = provenanceOf(row);
    return out;
  };

  // A page's flows come in runs with one page URL: its redaction is remembered. An address without
  // query or fragment is only its path, cheaper to scan again than to look up.
  const pageUrls = new Map<string, string>();
  const pageUrl = (input: string): string => {
    if (!input.includes('?') && !input.includes('#')) return url(input);
    let out = pageUrls.get(input);
    if (out === undefined) {
      out = url(input);
      if (pageUrls.size >= MAX_PAGE_URL_CACHE) pageUrls.clear();
      pageUrls.set(input, out);
    }
    return out;
  };

  const placement = (row: PlacementRecord): PlacementRecord => {
    // The key starts with the page URL: redacted the same way, so it stays stable across writes.
    const hashAt = row.key.indexOf('#');
    const key = hashAt < 0 ? text(row.key) : url(row.key.slice(0, hashAt)) + row.key.slice(hashAt);
    const out = scrubbedCopy(row, PLACEMENT_FIELDS_REDACTED_APART);
    out.pageUrl = pageUrl(row.pageUrl);
    out.key = key;
    return out;
  };

  /**
   * `{ ...row }` with every string field (and strings nested in arrays and objects) scrubbed but those
   * `apart`, which the caller sets. Built field by field: the same own enumerable fields in the same
   * order, copied as data (a '__proto__' or 'toString' field stays a field). V8 (node 20) gives a
   * spread copy a map outside its transition tree: adding a field the row lacks (provenance) cost ~1.3 µs.
   */
  const scrubbedCopy = <T extends object>(row: T, apart: ReadonlySet<string>): T => {
    const out = {} as Record<PropertyKey, unknown>;
    const from = row as Record<PropertyKey, unknown>;
    for (const key of Object.keys(from)) {
      const field = apart.has(key) ? from[key] : deep(from[key], 0);
      if (key in out)
        Object.defineProperty(out, key, { value: field, enumerable: true, writable: true, configurable: true });
      else out[key] = field;
    }
    for (const symbol of Object.getOwnPropertySymbols(from))
      if (Object.prototype.propertyIsEnumerable.call(from, symbol)) out[symbol] = from[symbol];
    return out as T;
  };

  /** Scrubs every string in a value; arrays and objects are copied only where something changed. */
  const deep = (input: unknown, depth: number): unknown => {
    if (typeof input === 'string') return text(input);
    if (depth > 8 || input === null || typeof input !== 'object') return input;
    if (Array.isArray(input)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < input.length; i++) {
        const item = deep(input[i], depth + 1);
        if (item !== input[i]) (out ??= input.slice())[i] = item;
      }
      return out ?? input;
    }
    let out: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(input)) {
      const scrubbed = deep(item, depth + 1);
      if (scrubbed !== item) (out ??= { ...(input as Record<string, unknown>) })[key] = scrubbed;
    }
    return out ?? input;
  };

  return { flow, placement, row: (row) => deep(row, 0) as typeof row, url, text };
}

/**
 * Whether text holds `min` hex digits in a row. DIGEST_ANYWHERE matches only whole runs of 32, 40
 * or 64 hex digits, so text without a run of 32 cannot hold one: the regular expression is skipped.
 * Every `min`-th character is probed (a run of `min` covers one); only a hex probe is measured.
 */
function hasHexRun(value: string, min: number): boolean {
  for (let probe = min - 1; probe < value.length; probe += min) {
    if (!isHexDigit(value.charCodeAt(probe))) continue;
    let start = probe;
    while (start > 0 && isHexDigit(value.charCodeAt(start - 1))) start--;
    let end = probe + 1;
    while (end < value.length && isHexDigit(value.charCodeAt(end))) end++;
    if (end - start >= min) return true;
    probe = end; // not hex (or past the end): the next run starts after it
  }
  return false;
}

/** 0-9, a-f, A-F (a few control characters pass too: that only runs the expression for nothing). */
function isHexDigit(code: number): boolean {
  const c = code | 32; // lower case for letters; digits are unchanged by the bit
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/** The start of a base64 payload (mixed case or digits past its first letter), not a shortened word. */
function isShortenedBase64(prefix: string): boolean {
  return /^[A-Za-z0-9+/_-]{4,}$/.test(prefix) && /[A-Z0-9+/_-]/.test(prefix.slice(1));
}

/**
 * Whether a query value stays as it is, read without redacting it: the parameter's name has no
 * contact or identifier rule and carries no hint, and the value is shorter than 12 characters with no
 * '%', '@' or ':'. value() could then change nothing: a URL needs ':', an email '@' (or '%40'),
 * a base64 email 12 characters, a hex digest 32, and every other rewrite a contact or identifier rule.
 */
function staysAsIs(rawName: string, q: string, from: number, to: number): boolean {
  if (to - from >= 12) return false;
  for (let i = from; i < to; i++) {
    const c = q.charCodeAt(i);
    if (c === 37 /* % */ || c === 64 /* @ */ || c === 58 /* : */) return false;
  }
  const rules = rulesForKey(decodedName(rawName));
  if (rules) for (const rule of rules) if (rule.category === 'contact' || rule.category === 'identifiers') return false;
  return true;
}

/**
 * Whether a query value is a page address redaction leaves as it is, whatever its name: http(s),
 * escaped only as %3A and %2F, with no '?', '#', '@', '+' or run of 32 hex digits. value() would
 * decode it to a URL with no query or fragment whose path pathText() keeps (a run of hex digits
 * in the decoded path is one in the value too: escapes decode to ':' and '/'), and return it unread.
 */
function isPlainPageAddress(q: string, from: number, to: number): boolean {
  if ((q.charCodeAt(from) | 32) !== 104 /* h */ || q.slice(from, from + 4).toLowerCase() !== 'http') return false;
  let i = from + 4;
  if ((q.charCodeAt(i) | 32) === 115 /* s */) i++;
  if (q.startsWith('://', i)) i += 3;
  else if (q.slice(i, i + 9).toLowerCase() === '%3a%2f%2f') i += 9;
  else return false;
  let run = 0;
  for (; i < to; i++) {
    const c = q.charCodeAt(i);
    if (c === 37 /* % */) {
      const escaped = i + 2 < to ? q.slice(i + 1, i + 3).toLowerCase() : '';
      if (escaped !== '3a' && escaped !== '2f') return false;
    } else if (c === 63 /* ? */ || c === 35 /* # */ || c === 64 /* @ */ || c === 43 /* + */) return false;
    if (!isHexDigit(c)) run = 0;
    else if (++run >= 32) return false;
  }
  return true;
}

function decodedName(rawName: string): string {
  return rawName.includes('%') ? safeDecode(rawName) : rawName;
}

function safeDecode(value: string): string {
  if (!value.includes('%') && !value.includes('+')) return value;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** A query parameter's value (first occurrence), decoded, to digest an identifier's full value. */
function queryValue(url: string, key: string): string | undefined {
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return undefined;
  const hashAt = url.indexOf('#', queryAt);
  for (const part of url.slice(queryAt + 1, hashAt < 0 ? undefined : hashAt).split('&')) {
    const eq = part.indexOf('=');
    if (eq >= 0 && safeDecode(part.slice(0, eq)) === key) return safeDecode(part.slice(eq + 1));
  }
  return undefined;
}

function contactKindOf(name: string): ContactKind {
  const rules = rulesForKey(name);
  if (rules?.some((r) => r.shape === 'email-or-hash')) return 'email';
  if (rules?.some((r) => r.shape === 'phone-or-hash')) return 'phone';
  return 'contact';
}

/** A contact parameter by its name (em, email, ph, phone…) whose value has a contact's shape. */
function contactRule(name: string, value: string): ContactKind | undefined {
  const rules = rulesForKey(name);
  if (!rules) return undefined;
  for (const rule of rules) {
    if (rule.category !== 'contact' || !valueFits(rule.shape, value)) continue;
    return rule.shape === 'email-or-hash' ? 'email' : rule.shape === 'phone-or-hash' ? 'phone' : 'contact';
  }
  return undefined;
}

function identifierRule(name: string, value: string): boolean {
  const rules = rulesForKey(name);
  return !!rules?.some((rule) => rule.category === 'identifiers' && valueFits(rule.shape, value));
}

/** Whether a base64 (or base64url) value decodes to text holding an email address. */
function decodesToEmail(value: string): boolean {
  if (value.length < 12 || value.length > 2048 || !BASE64ISH.test(value)) return false;
  try {
    const text = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    return text.includes('@') && EMAIL_INSIDE.test(text);
  } catch {
    return false;
  }
}
