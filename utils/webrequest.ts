/**
 * Turns a webRequest onBeforeRequest event into the classifier's RequestRecord.
 * Kept free of browser globals so it can be unit-tested with recorded events.
 */
import { gunzipSync, unzlibSync } from 'fflate';
import type { RequestRecord } from './model';

export interface WebRequestDetails {
  requestId: string;
  url: string;
  method: string;
  type: string;
  tabId: number;
  frameId: number;
  timeStamp: number;
  initiator?: string;
  documentUrl?: string;
  requestBody?: {
    error?: string;
    formData?: Record<string, string[]>;
    raw?: { bytes?: ArrayBuffer; file?: string }[];
  } | null;
}

const MAX_BODY_BYTES = 256 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a request body as text; undefined text with unreadable=true for binary or oversized bodies. */
export function requestBodyText(body: WebRequestDetails['requestBody'], url: string): { text?: string; unreadable: boolean } {
  if (!body) return { unreadable: false };
  if (body.formData) {
    const form = new URLSearchParams();
    for (const [key, values] of Object.entries(body.formData)) for (const value of values) form.append(key, value);
    return { text: form.toString(), unreadable: false };
  }
  if (!body.raw?.length) return { unreadable: !!body.error };
  const parts = body.raw.filter((part) => part.bytes).map((part) => new Uint8Array(part.bytes!));
  const size = parts.reduce((sum, part) => sum + part.length, 0);
  if (size === 0 || size > MAX_BODY_BYTES) return { unreadable: size > 0 };
  let bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  try {
    // Vendors gzip bodies with or without a Content-Encoding header (e.g. compression=gzip-js).
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    else if (bytes[0] === 0x78 && /compression=(deflate|zlib)/.test(url)) bytes = unzlibSync(bytes);
    return { text: utf8.decode(bytes), unreadable: false };
  } catch {
    return { unreadable: true };
  }
}

export function toRequestRecord(details: WebRequestDetails, documentUrl: string | undefined): RequestRecord {
  const body = requestBodyText(details.requestBody, details.url);
  return {
    url: details.url,
    method: details.method,
    type: details.type,
    documentUrl,
    requestBody: body.text,
    bodyUnreadable: body.unreadable || undefined,
  };
}
