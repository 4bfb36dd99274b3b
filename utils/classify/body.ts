/**
 * Request bodies as the classifier wants them: text. webRequest hands over raw bytes (or a parsed
 * form); vendor SDKs often compress them: gzip with or without Content-Encoding (sniffed by the
 * 1f 8b magic, or a `compression=gzip-js` URL parameter), zlib/deflate, multipart with a compressed
 * part. fflate is synchronous and works in the service worker and in node alike. Output is bounded:
 * a decompression bomb stops at MAX_TEXT_BYTES and the body counts as unreadable.
 */
import { Gunzip, Inflate, Unzlib } from 'fflate';
import type { RequestRecord } from '../model';

/** Largest decompressed body we keep. */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;
const CHUNK = 64 * 1024;

export type BodyEncoding = 'identity' | 'gzip' | 'zlib' | 'deflate' | 'multipart' | 'form-data';

export interface DecodedBody {
  /** The body as text; undefined when it could not be read. */
  text?: string;
  /** A body existed but is binary, compressed with something we cannot undo, or too large. */
  unreadable: boolean;
  /** Only the leading text lines were readable (e.g. a Sentry envelope before its compressed recording). */
  partial?: boolean;
  encoding: BodyEncoding;
}

export interface BodyHints {
  /** Request headers (any case), for Content-Encoding and Content-Type. */
  headers?: Record<string, string>;
  /** Request URL, for hints such as compression=gzip-js. */
  url?: string;
}

type Bytes = Uint8Array | ArrayBuffer;

function header(hints: BodyHints | undefined, name: string): string {
  const headers = hints?.headers;
  if (!headers) return '';
  for (const key in headers) if (key.toLowerCase() === name) return String(headers[key] ?? '').toLowerCase();
  return '';
}

function concat(parts: readonly Bytes[]): Uint8Array {
  if (parts.length === 1) return parts[0] instanceof Uint8Array ? parts[0] : new Uint8Array(parts[0]!);
  let length = 0;
  for (const p of parts) length += p.byteLength;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p instanceof Uint8Array ? p : new Uint8Array(p), offset);
    offset += p.byteLength;
  }
  return out;
}

const TOO_LARGE = new Error('decompressed body too large');

/** Runs a streaming fflate decompressor over the bytes with an output cap; undefined on error. */
function inflateWith(kind: 'gzip' | 'zlib' | 'deflate', bytes: Uint8Array): Uint8Array | undefined {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const ondata = (chunk: Uint8Array) => {
    total += chunk.length;
    if (total > MAX_TEXT_BYTES) throw TOO_LARGE;
    chunks.push(chunk);
  };
  try {
    const stream = kind === 'gzip' ? new Gunzip(ondata) : kind === 'zlib' ? new Unzlib(ondata) : new Inflate(ondata);
    for (let i = 0; i < bytes.length; i += CHUNK)
      stream.push(bytes.subarray(i, Math.min(bytes.length, i + CHUNK)), i + CHUNK >= bytes.length);
    if (bytes.length === 0) return undefined;
  } catch {
    return undefined;
  }
  return concat(chunks);
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 18 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function isZlib(bytes: Uint8Array): boolean {
  return (
    bytes.length > 2 && (bytes[0]! & 0x0f) === 8 && bytes[0]! >> 4 <= 7 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0
  );
}

/** UTF-8 text, or undefined when the bytes are not text (invalid UTF-8 or mostly control characters). */
export function bytesToText(bytes: Uint8Array): string | undefined {
  if (bytes.length > MAX_TEXT_BYTES) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return looksBinary(text) ? undefined : text;
}

/** More than 2% control characters (other than tab, CR, LF) in the first 4 KB: binary. */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  return n > 0 && control / n > 0.02;
}

function decompressMaybe(
  bytes: Uint8Array,
  encodingHeader: string,
  gzipHint: boolean,
): { bytes: Uint8Array; encoding: BodyEncoding } | undefined | null {
  // null: compressed but could not be undone; undefined: not compressed.
  if (encodingHeader.includes('br') || encodingHeader.includes('zstd')) return null;
  if (isGzip(bytes) || encodingHeader.includes('gzip') || gzipHint) {
    const out = inflateWith('gzip', bytes);
    if (out) return { bytes: out, encoding: 'gzip' };
    if (isGzip(bytes) || encodingHeader.includes('gzip')) return null;
  }
  if (encodingHeader.includes('deflate')) {
    const out = (isZlib(bytes) ? inflateWith('zlib', bytes) : undefined) ?? inflateWith('deflate', bytes);
    return out ? { bytes: out, encoding: isZlib(bytes) ? 'zlib' : 'deflate' } : null;
  }
  if (isZlib(bytes)) {
    const out = inflateWith('zlib', bytes);
    if (out) return { bytes: out, encoding: 'zlib' };
  }
  return undefined;
}

const latin1 = new TextDecoder('latin1');

/** multipart/form-data parts as a form body (name=value&…), each part decompressed if needed. */
function multipartToForm(bytes: Uint8Array, contentType: string): string | undefined {
  // Work on a byte-preserving string so binary parts can be sliced back into bytes.
  const raw = latin1.decode(bytes.length > MAX_TEXT_BYTES ? bytes.subarray(0, MAX_TEXT_BYTES) : bytes);
  let boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/.exec(contentType)?.slice(1).find(Boolean);
  if (!boundary && raw.startsWith('--'))
    boundary = raw.slice(2, raw.indexOf('\r\n') > 0 ? raw.indexOf('\r\n') : raw.indexOf('\n'));
  if (!boundary) return undefined;
  const out = new URLSearchParams();
  const parts = raw.split(`--${boundary}`).slice(1, 65);
  for (const part of parts) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n') >= 0 ? part.indexOf('\r\n\r\n') : part.indexOf('\n\n');
    if (split < 0) continue;
    const head = part.slice(0, split).toLowerCase();
    let content = part.slice(split + (part.startsWith('\r\n', split) ? 4 : 2));
    if (content.endsWith('\r\n')) content = content.slice(0, -2);
    const name = /name="([^"]*)"/.exec(part.slice(0, split))?.[1] ?? `part${out.size}`;
    const partBytes = new Uint8Array(content.length);
    for (let i = 0; i < content.length; i++) partBytes[i] = content.charCodeAt(i);
    const encoding = /content-encoding:\s*([^\r\n]+)/.exec(head)?.[1] ?? '';
    const inflated = decompressMaybe(partBytes, encoding, false);
    const text = inflated === null ? undefined : bytesToText(inflated ? inflated.bytes : partBytes);
    if (text !== undefined) out.append(name, text);
  }
  return out.size > 0 ? out.toString() : undefined;
}

/**
 * The JSON text lines before the first binary one, for envelopes that put a compressed payload after
 * readable headers (Sentry's replay_recording). Undefined unless at least two such lines lead.
 */
function leadingJsonLines(bytes: Uint8Array): string | undefined {
  if (bytes[0] !== 0x7b /* { */) return undefined;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lines: string[] = [];
  let start = 0;
  while (start < bytes.length && lines.length < 64) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    let line: string;
    try {
      line = decoder.decode(bytes.subarray(start, end));
    } catch {
      break;
    }
    if (looksBinary(line)) break;
    lines.push(line);
    start = end + 1;
  }
  return lines.length >= 2 ? lines.join('\n') : undefined;
}

/** Turns raw request bytes into text for the classifier. Never throws. */
export function bodyToText(raw: Bytes | readonly Bytes[], hints?: BodyHints): DecodedBody {
  try {
    const bytes = Array.isArray(raw) ? concat(raw as readonly Bytes[]) : concat([raw as Bytes]);
    if (bytes.length === 0) return { text: undefined, unreadable: false, encoding: 'identity' };
    const contentEncoding = header(hints, 'content-encoding');
    const contentType = header(hints, 'content-type');
    const gzipHint = /[?&]compression=gzip(?:-js)?(?:&|$)/.test(hints?.url ?? '');
    const inflated = decompressMaybe(bytes, contentEncoding, gzipHint);
    if (inflated === null)
      return { unreadable: true, encoding: contentEncoding.includes('gzip') || isGzip(bytes) ? 'gzip' : 'deflate' };
    const body = inflated ? inflated.bytes : bytes;
    const encoding: BodyEncoding = inflated ? inflated.encoding : 'identity';
    if (contentType.includes('multipart/') || (body[0] === 0x2d && body[1] === 0x2d && !contentType.includes('json'))) {
      const form = multipartToForm(body, contentType);
      if (form !== undefined) return { text: form, unreadable: false, encoding: 'multipart' };
    }
    const text = bytesToText(body);
    if (text !== undefined) return { text, unreadable: false, encoding };
    const leading = leadingJsonLines(body);
    return leading === undefined
      ? { unreadable: true, encoding }
      : { text: leading, unreadable: false, partial: true, encoding };
  } catch {
    return { unreadable: true, encoding: 'identity' };
  }
}

/** The shape of webRequest's details.requestBody (Chrome and Firefox). */
export interface WebRequestBody {
  error?: string;
  formData?: Record<string, readonly string[] | readonly unknown[]>;
  raw?: ReadonlyArray<{ bytes?: ArrayBuffer; file?: string }>;
}

/** Decodes webRequest's requestBody (parsed form or raw parts); undefined when there is no body. */
export function decodeWebRequestBody(
  body: WebRequestBody | null | undefined,
  hints?: BodyHints,
): DecodedBody | undefined {
  if (!body) return undefined;
  if (body.formData) {
    const form = new URLSearchParams();
    for (const key in body.formData)
      for (const value of body.formData[key] ?? []) if (typeof value === 'string') form.append(key, value);
    return { text: form.toString(), unreadable: false, encoding: 'form-data' };
  }
  const parts = (body.raw ?? []).map((p) => p.bytes).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
  if (parts.length === 0)
    return body.error || body.raw?.length ? { unreadable: true, encoding: 'identity' } : undefined;
  return bodyToText(parts, hints);
}

/** Puts a decoded body on a record: requestBody when readable, bodyUnreadable otherwise. */
export function withBody(record: RequestRecord, body: DecodedBody | undefined): RequestRecord {
  if (!body) return record;
  if (body.text !== undefined) return { ...record, requestBody: body.text };
  return body.unreadable ? { ...record, bodyUnreadable: true } : record;
}
