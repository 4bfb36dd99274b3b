import { getDomain, getHostname } from 'tldts';

// tldts is fast, but the same few hundred hosts repeat on every page: memoise, bounded.
const MAX_CACHE = 4096;
const siteByHost = new Map<string, string>();

/** Registrable domain (eTLD+1) of a host name; the host itself when it has none (IP, localhost). */
export function siteOfHost(host: string): string {
  let site = siteByHost.get(host);
  if (site === undefined) {
    site = getDomain(host, { allowPrivateDomains: true }) ?? host;
    if (siteByHost.size >= MAX_CACHE) siteByHost.clear();
    siteByHost.set(host, site);
  }
  return site;
}

/** Host of a plain http(s) URL by a scan of its authority; undefined when it needs a real parser. */
function plainHost(url: string): string | undefined {
  let i: number;
  if (url.startsWith('https://')) i = 8;
  else if (url.startsWith('http://')) i = 7;
  else return undefined;
  const start = i;
  for (; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35 || c === 58) break;
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46)) return undefined;
  }
  return i > start ? url.slice(start, i) : undefined;
}

/** Lower-case host of a URL, or '' when it has none (about:blank, data:, garbage). */
export function hostOfUrl(url: string | undefined): string {
  if (!url) return '';
  return plainHost(url) ?? getHostname(url) ?? '';
}

/** Registrable domain of a URL, or '' when the URL has no host (about:blank, data:, garbage). */
export function siteOfUrl(url: string | undefined): string {
  const host = hostOfUrl(url);
  return host ? siteOfHost(host) : '';
}
