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
const MAX_VALUE_CACHE = 8192;
const MAX_CACHED_VALUE = 512;
const REDACTED = /^\[[a-z0-9:]+\]$/;
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
const HASH_NAME: Record<number, string> = { 64: 'sha256', 40: 'sha1', 32: 'md5' };

type ContactKind = 'email' | 'phone' | 'contact';

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
  const digests = new Map<string, string>();
  const digest = (value: string): string => {
    let out = digests.get(value);
    if (out === undefined) {
      out = `[id:${bytesToHex(hmac(sha256, secret, new TextEncoder().encode(value))).slice(0, DIGEST_CHARS)}]`;
      if (digests.size >= MAX_DIGEST_CACHE) digests.clear();
      digests.set(value, out);
    }
    return out;
  };

  /** Removes what identifies the shopper from free text (a page title, a sample, a label). */
  const text = (value: string): string => {
    if (value.length < 4 || (value.charCodeAt(0) === 91 /* [ */ && REDACTED.test(value))) return value;
    if (HTTP_URL.test(value)) return url(value);
    // A URL inside text (a probe or DOM row's key names its page): its query is redacted as a URL's.
    let out = value.includes('://') ? value.replace(URL_INSIDE, (inner) => url(inner)) : value;
    if (out.includes('@') || out.includes('%40')) out = out.replace(EMAIL_ANYWHERE, '[email]');
    if (out.length >= 32) out = out.replace(DIGEST_ANYWHERE, (hex) => digest(hex.toLowerCase()));
    // A shortened sample of a base64 payload decodes to the start of what it carries (a typed email).
    if (out.endsWith('…') && isShortenedBase64(out.slice(0, -1))) return '[encoded]';
    return out;
  };

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

  // Most query values repeat from request to request (tracking ids, event names, the page's own
  // address, a shopper's client id): each distinct one is redacted once. Memory only, bounded.
  const values = new Map<string, Map<string, string>>();
  let cachedValues = 0;
  const cachedValue = (name: string, raw: string, hint: Category | undefined): string => {
    if (raw.length > MAX_CACHED_VALUE) return value(name, raw, hint);
    const scope = hint === undefined ? name : `${hint}\u0000${name}`;
    let byRaw = values.get(scope);
    let out = byRaw?.get(raw);
    if (out === undefined) {
      out = value(name, raw, hint);
      if (cachedValues >= MAX_VALUE_CACHE) {
        values.clear();
        cachedValues = 0;
        byRaw = undefined;
      }
      if (!byRaw) values.set(scope, (byRaw = new Map()));
      byRaw.set(raw, out);
      cachedValues++;
    }
    return out;
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
    let out = path.length >= 32 || path.includes('@') || path.includes('%40') ? cachedPathText(path) : path;
    if (queryAt >= 0) out += '?' + query(beforeHash.slice(queryAt + 1), hints, rawValues);
    if (fragment !== undefined) out += '#' + (fragment.includes('=') ? query(fragment, hints) : text(fragment));
    return out;
  };

  // Request paths repeat (a vendor's few endpoints): each distinct one is scanned once.
  const paths = new Map<string, string>();
  const cachedPathText = (path: string): string => {
    let out = paths.get(path);
    if (out === undefined) {
      out = pathText(path);
      if (paths.size >= MAX_PAGE_URL_CACHE) paths.clear();
      paths.set(path, out);
    }
    return out;
  };

  /** A path keeps its words; an email or a digest in it does not stay. */
  const pathText = (path: string): string => {
    let out = path;
    if (out.includes('@') || out.includes('%40')) out = out.replace(EMAIL_ANYWHERE, '[email]');
    return out.replace(DIGEST_ANYWHERE, (hex) => digest(hex.toLowerCase()));
  };

  const query = (
    q: string,
    hints: ReadonlyMap<string, Category> | undefined,
    rawValues?: Map<string, string>,
  ): string => {
    if (q.length === 0) return q;
    const parts = q.split('&');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const rawName = part.slice(0, eq);
      const name = rawName.includes('%') ? safeDecode(rawName) : rawName;
      const raw = part.slice(eq + 1);
      const hint = hints?.get(name);
      if (hint !== undefined && rawValues && !rawValues.has(name)) rawValues.set(name, raw);
      const redacted = cachedValue(name, raw, hint);
      if (redacted !== raw) parts[i] = `${rawName}=${redacted}`;
    }
    return parts.join('&');
  };

  /** A contact sample as stored: descriptions stay, anything that may be a value is described. */
  const contactSample = (sample: string): string =>
    sample.includes('@') || /\d{5}|[0-9a-f]{16}/i.test(sample) ? contactDescription('contact', sample) : sample;

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
    const hints = new Map<string, Category>();
    const leaked = new Map<string, string>();
    for (const item of row.evidence ?? []) {
      if (item.category === 'contact' && !leaked.has(item.key)) leaked.set(item.key, contactSample(item.sample));
      if (item.where !== 'url' && item.where !== 'cookie') continue;
      // Contact wins over identifiers when one parameter carries both signals.
      if (item.category === 'contact' || (item.category === 'identifiers' && hints.get(item.key) !== 'contact'))
        hints.set(item.key, item.category);
    }
    const rawValues = new Map<string, string>();
    const out = scrubStrings(row, ['url', 'pageUrl', 'evidence']);
    out.url = url(row.url, hints, rawValues);
    const urlValue = (key: string) => {
      const raw = rawValues.get(key);
      return raw === undefined ? queryValue(row.url, key) : safeDecode(raw);
    };
    out.pageUrl = pageUrl(row.pageUrl);
    out.evidence = (row.evidence ?? []).map((item) => evidence(item, urlValue, leaked));
    out.provenance = provenanceOf(row);
    return out;
  };

  // A page's flows come in runs with one page URL: its redaction is remembered.
  const pageUrls = new Map<string, string>();
  const pageUrl = (input: string): string => {
    let out = pageUrls.get(input);
    if (out === undefined) {
      out = url(input);
      if (pageUrls.size >= MAX_PAGE_URL_CACHE) pageUrls.clear();
      pageUrls.set(input, out);
    }
    return out;
  };

  const placement = (row: PlacementRecord): PlacementRecord => {
    const out = scrubStrings(row, ['pageUrl', 'key']);
    out.pageUrl = pageUrl(row.pageUrl);
    // The key starts with the page URL: redacted the same way, so it stays stable across writes.
    const hashAt = row.key.indexOf('#');
    out.key = hashAt < 0 ? text(row.key) : url(row.key.slice(0, hashAt)) + row.key.slice(hashAt);
    return out;
  };

  /** A shallow copy with every string field (and strings nested in arrays and objects) scrubbed. */
  const scrubStrings = <T>(row: T, skip: readonly string[]): T => {
    const out = { ...row } as Record<string, unknown>;
    for (const key of Object.keys(out)) {
      if (skip.includes(key)) continue;
      const scrubbed = deep(out[key], 0);
      if (scrubbed !== out[key]) out[key] = scrubbed;
    }
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

/** The start of a base64 payload (mixed case or digits past its first letter), not a shortened word. */
function isShortenedBase64(prefix: string): boolean {
  return /^[A-Za-z0-9+/_-]{4,}$/.test(prefix) && /[A-Z0-9+/_-]/.test(prefix.slice(1));
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
