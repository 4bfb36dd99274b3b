/**
 * Turns a webRequest onBeforeRequest event into the classifier's RequestRecord.
 * Kept free of browser globals so it can be unit-tested with recorded events.
 */
import { decodeWebRequestBody, withBody, type WebRequestBody } from './classify/body';
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
  /** Chrome gives no bytes for beacons (sendBeacon): only `error`, so those bodies are unreadable. */
  requestBody?: WebRequestBody | null;
}

export function toRequestRecord(details: WebRequestDetails, documentUrl: string | undefined): RequestRecord {
  const record: RequestRecord = { url: details.url, method: details.method, type: details.type, documentUrl };
  // Bounded decoding (gzip with or without a header, deflate, multipart); binary stays unreadable.
  return withBody(record, decodeWebRequestBody(details.requestBody, { url: details.url }));
}
