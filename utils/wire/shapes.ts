/** Value shapes: what a parameter value looks like, independent of its name. Cheap tests first. */

const EMAIL_EXACT = /^[a-z0-9._%+'-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.([a-z]{2,24})$/i;
const EMAIL_INSIDE = /[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.([a-z]{2,24})(?![a-z0-9])/i;
// "icon@2x.png" and "pkg@1.2.3/dist/x.js" are file names, not addresses.
const FILE_TLDS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'webp',
  'avif',
  'js',
  'mjs',
  'css',
  'map',
  'json',
  'woff',
  'woff2',
  'ttf',
  'html',
  'ico',
]);

/** True when the whole value is an email address. */
export function isEmail(value: string): boolean {
  if (value.length > 254 || value.indexOf('@') < 1) return false;
  const m = EMAIL_EXACT.exec(value);
  return m !== null && !FILE_TLDS.has(m[1]!.toLowerCase());
}

/** True when an email address appears somewhere in the value (mailto:, JSON text, free text). */
export function containsEmail(value: string): boolean {
  const at = value.indexOf('@');
  if (at < 1) return false;
  // Look only around the first few '@' to keep this bounded on huge values.
  let from = 0;
  for (let tries = 0; tries < 4; tries++) {
    const i = value.indexOf('@', from);
    if (i < 0) return false;
    const window = value.slice(Math.max(0, i - 64), i + 128);
    const m = EMAIL_INSIDE.exec(window);
    if (m && !FILE_TLDS.has(m[1]!.toLowerCase())) return true;
    from = i + 1;
  }
  return false;
}

/** 'md5' | 'sha1' | 'sha256' when the value is a hex digest of that length. */
export function hashKind(value: string): 'md5' | 'sha1' | 'sha256' | undefined {
  const n = value.length;
  if (n !== 32 && n !== 40 && n !== 64) return undefined;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i) | 32;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return undefined;
  }
  return n === 32 ? 'md5' : n === 40 ? 'sha1' : 'sha256';
}

/** A phone number as typed or sent: optional '+', 7 to 15 digits, common separators. */
export function isPhone(value: string): boolean {
  if (value.length < 7 || value.length > 24) return false;
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (!(c === 43 && i === 0) && c !== 32 && c !== 40 && c !== 41 && c !== 45 && c !== 46) return false;
  }
  return digits >= 7 && digits <= 15;
}

export function isNumeric(value: string): boolean {
  if (value.length === 0 || value.length > 32) return false;
  return /^-?\d+(?:\.\d+)?$/.test(value);
}

/** A coordinate precise enough to locate someone (at least 2 decimals), within [-limit, limit]. */
export function isCoordinate(value: string, limit: number): boolean {
  if (!/^-?\d{1,3}\.\d{2,}$/.test(value)) return false;
  const n = Number(value);
  return n >= -limit && n <= limit && n !== 0;
}

/** "lat,lng" or "lat;lng" pair. */
export function isCoordinatePair(value: string): boolean {
  const m = /^(-?\d{1,2}\.\d{2,})\s*[,;|]\s*(-?\d{1,3}\.\d{2,})$/.exec(value);
  return m !== null && Math.abs(Number(m[1])) <= 90 && Math.abs(Number(m[2])) <= 180;
}

/** Postal codes of the common shapes: US ZIP(+4), 4–5 digit European, UK, Canada, NL. */
export function isPostalCode(value: string): boolean {
  if (value.length < 3 || value.length > 10) return false;
  return (
    /^\d{4,5}(?:-\d{4})?$/.test(value) ||
    /^[a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2}$/i.test(value) ||
    /^[a-z]\d[a-z]\s?\d[a-z]\d$/i.test(value) ||
    /^\d{4}\s?[a-z]{2}$/i.test(value)
  );
}

/** "1920x1080" style screen or viewport size. */
export function isDimensions(value: string): boolean {
  return /^\d{2,5}[x*×]\d{2,5}(?:[x*×]\d{1,2})?$/.test(value);
}

export function isUserAgent(value: string): boolean {
  return (
    value.length > 20 &&
    (value.startsWith('Mozilla/') || value.indexOf('AppleWebKit/') >= 0 || value.indexOf('Gecko/') >= 0)
  );
}

/** IANA time zone name (Europe/Berlin) or a UTC offset in minutes/hours. */
export function isTimezone(value: string): boolean {
  return (
    /^[A-Z][A-Za-z_]+\/[A-Za-z_/+-]+$/.test(value) ||
    /^[+-]?\d{1,4}$/.test(value) ||
    /^(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?$/.test(value)
  );
}

/** BCP 47 language tag: en, en-US, de_DE, or a list of them. */
export function isLanguage(value: string): boolean {
  return /^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*(?:,[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*(?:;q=[\d.]+)?)*$/i.test(value);
}

export function looksLikeHttpUrl(value: string): boolean {
  return value.startsWith('https://') || value.startsWith('http://');
}

/** An opaque identifier: 6+ characters of letters, digits and . _ - : ~ | and at least one digit. */
export function isIdentifierLike(value: string): boolean {
  const n = value.length;
  if (n < 6 || n > 256) return false;
  let digit = false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digit = true;
    else if (!(
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 46 ||
      c === 95 ||
      c === 45 ||
      c === 58 ||
      c === 126 ||
      c === 124 ||
      c === 37 ||
      c === 61 ||
      c === 43 ||
      c === 47
    ))
      return false;
  }
  return digit;
}

/** Looks like words a person typed: letters present, not a URL, number, hash or id-like token. */
export function isSearchText(value: string): boolean {
  const n = value.length;
  if (n < 2 || n > 200) return false;
  const first = value.charCodeAt(0);
  // URLs, JSON, paths, query strings ("?utm_source=…") and fragments are not typed words.
  if (
    first === 123 ||
    first === 91 ||
    first === 47 ||
    first === 63 ||
    first === 35 ||
    looksLikeHttpUrl(value) ||
    value.indexOf('=') >= 0
  )
    return false;
  let letters = 0;
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127) letters++;
    else if (c >= 48 && c <= 57) digits++;
  }
  if (letters < 2) return false;
  // Long tokens without spaces that mix letters and digits are ids or hashes, not queries.
  if (n >= 16 && digits >= 4 && value.indexOf(' ') < 0 && value.indexOf('+') < 0) return false;
  if (hashKind(value)) return false;
  // Hex tokens (cache busters, ids: "b000000d0") are not words.
  if (digits > 0 && n >= 6 && /^[0-9a-f]+$/i.test(value)) return false;
  return true;
}

/** Base64 (or base64url) text that decodes to a JSON object/array: "eyJ" is '{"', "W3s"/"WyJ" are '[{'/'["'. */
export function looksLikeBase64Json(value: string): boolean {
  if (value.length < 12) return false;
  const head = value.charCodeAt(0);
  if (head === 101 /* e */)
    return value.startsWith('eyJ') || value.startsWith('eyA') || value.startsWith('ewo') || value.startsWith('ew0');
  if (head === 87 /* W */) return value.startsWith('W3') || value.startsWith('Wy');
  return false;
}

/** Decodes base64 or base64url to a string; undefined when it is not valid base64 or not text. */
export function decodeBase64Text(value: string): string | undefined {
  if (value.length > 256 * 1024) return undefined;
  let b64 = value.replace(/-/g, '+').replace(/_/g, '/').replace(/%3D/gi, '=');
  const pad = b64.length % 4;
  if (pad === 1) return undefined;
  if (pad) b64 += '='.repeat(4 - pad);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
  try {
    const binary = atob(b64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** decodeURIComponent that never throws (broken percent-encoding comes back as is). */
export function safeDecode(value: string): string {
  if (value.indexOf('%') < 0 && value.indexOf('+') < 0) return value;
  const spaced = value.indexOf('+') >= 0 ? value.replace(/\+/g, ' ') : value;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Static assets (images, fonts, styles, media) by file extension of the path. */
export function isStaticAssetPath(path: string): boolean {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || path.length - dot > 6) return false;
  const ext = path.slice(dot + 1).toLowerCase();
  return STATIC_EXTENSIONS.has(ext);
}
const STATIC_EXTENSIONS = new Set([
  'jpg',
  'jpeg',
  'png',
  'webp',
  'avif',
  'svg',
  'ico',
  'bmp',
  'tif',
  'tiff',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'eot',
  'css',
  'mp4',
  'webm',
  'mp3',
  'm4a',
  'ogg',
  'wav',
  'm3u8',
  'ts',
  'mpd',
  'pdf',
  'heic',
]);
