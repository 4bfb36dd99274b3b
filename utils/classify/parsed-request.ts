import type { RequestRecord } from '../model';

/** A request parsed once, shared by every decoder and the generic analyser. */
export interface ParsedRequest {
  record: RequestRecord;
  host: string;
  path: string;
  params: URLSearchParams;
  /** Lazily parsed body views; undefined when there is no readable body. */
  bodyText: string | undefined;
  bodyForm(): URLSearchParams | undefined;
  bodyJson(): unknown;
}

const NOT_PARSED = Symbol('not parsed');

export function parseRequest(record: RequestRecord): ParsedRequest | undefined {
  let url: URL;
  try {
    url = new URL(record.url);
  } catch {
    return undefined;
  }
  const bodyText = record.requestBody || undefined;
  let form: URLSearchParams | undefined | typeof NOT_PARSED = NOT_PARSED;
  let json: unknown = NOT_PARSED;
  return {
    record,
    host: url.hostname.toLowerCase(),
    path: url.pathname,
    params: url.searchParams,
    bodyText,
    bodyForm() {
      if (form === NOT_PARSED) form = bodyText && looksLikeForm(bodyText) ? new URLSearchParams(bodyText) : undefined;
      return form;
    },
    bodyJson() {
      if (json === NOT_PARSED) json = bodyText ? parseJsonSafely(bodyText) : undefined;
      return json;
    },
  };
}

function looksLikeForm(text: string): boolean {
  const first = text.charCodeAt(0);
  // '{' or '[' start JSON; forms have key=value before any whitespace.
  return first !== 123 && first !== 91 && text.indexOf('=') > 0 && !/\s/.test(text.slice(0, text.indexOf('=')));
}

function parseJsonSafely(text: string): unknown {
  const first = text.trimStart().charCodeAt(0);
  if (first !== 123 && first !== 91) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
