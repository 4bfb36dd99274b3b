/**
 * Firefox before 147 sends `fetch(…, { keepalive: true })` past the WebExtension network APIs:
 * webRequest never sees it, so it is neither recorded nor held for the body veto, and trackers send
 * exactly such requests (TikTok's pixel, Segment, Google's tags). Bug 1897424, fixed in Firefox 147;
 * ESR 140 still has it. On the sites where the shopper revoked something, a page-world script drops the
 * flag from cross-origin requests, so they travel the ordinary path the extension watches. The cost:
 * such a request sent while the page unloads may be cut short; a tracker's, which is what it is for.
 */

/** Firefox major version from a user agent string; undefined for other browsers. */
export function firefoxMajorFromUserAgent(userAgent: string | undefined): number | undefined {
  const m = /\bFirefox\/(\d{2,4})\./.exec(userAgent ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The first Firefox whose webRequest sees keepalive fetches. */
export const FIREFOX_SEES_KEEPALIVE = 147;

/** Whether this browser hides keepalive fetches from webRequest (Firefox before 147). */
export function keepaliveHiddenFromExtensions(userAgent: string | undefined): boolean {
  const major = firefoxMajorFromUserAgent(userAgent);
  return major !== undefined && major < FIREFOX_SEES_KEEPALIVE;
}

/** Whether a keepalive request to `url` from a page at `pageOrigin` should lose the flag. */
export function dropsKeepalive(url: string, pageOrigin: string): boolean {
  try {
    const target = new URL(url, pageOrigin);
    return /^https?:$/.test(target.protocol) && target.origin !== pageOrigin;
  } catch {
    return false; // fetch itself will reject the URL
  }
}

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/**
 * A fetch that sends cross-origin keepalive requests without the flag, everything else unchanged.
 * `RequestCtor` is the page's Request (injected for tests).
 */
export function fetchWithVisibleKeepalive(original: Fetch, pageOrigin: string, RequestCtor: typeof Request): Fetch {
  return function fetch(this: unknown, input, init) {
    const isRequest = input instanceof RequestCtor;
    const keepalive = init?.keepalive ?? (isRequest ? (input as Request).keepalive : false);
    const url = isRequest ? (input as Request).url : String(input);
    if (!keepalive || !dropsKeepalive(url, pageOrigin)) return original.call(this, input, init);
    if (isRequest) return original.call(this, new RequestCtor(input as Request, { ...init, keepalive: false }));
    return original.call(this, input, { ...init, keepalive: false });
  };
}
