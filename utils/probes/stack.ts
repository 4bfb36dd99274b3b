/**
 * Which script called an API, from an Error stack (V8: "at f (URL:line:col)", Firefox and Safari:
 * "f@URL:line:col"). The first http(s) frame is the caller: our own wrapper frames are
 * chrome-extension:// or moz-extension:// URLs and never match.
 */
import { PROBE_LIMITS } from './apis';

// Non-greedy up to the first ":line:col", so "https://host:8443/a.js:1:2" keeps its port.
const FRAME_URL = /(https?:\/\/[^\s()]+?):\d+:\d+/;

/** The document URL without its fragment, as stack frames of inline scripts show it. */
export function withoutHash(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

/**
 * The calling script's URL, 'inline' when the frame is the page itself (an inline script or an
 * event-handler attribute), 'unknown' when the stack has no web frame (eval'd code, a page that set
 * Error.stackTraceLimit to 0).
 * @param documentUrls the document's URL(s) without fragment: at load and now (history.pushState).
 */
export function scriptFromStack(stack: string | undefined, documentUrls: readonly string[]): string {
  if (!stack) return 'unknown';
  const match = FRAME_URL.exec(stack);
  if (!match) return 'unknown';
  const url = withoutHash(match[1]);
  if (documentUrls.includes(url)) return 'inline';
  return url.length > PROBE_LIMITS.scriptUrlLength ? url.slice(0, PROBE_LIMITS.scriptUrlLength) : url;
}
