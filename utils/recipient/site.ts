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

const MAX_URL_CACHE = 4096;
const siteByUrl = new Map<string, string>();

/** Registrable domain of a URL, or '' when the URL has no host (about:blank, data:, garbage). */
export function siteOfUrl(url: string | undefined): string {
  if (!url) return '';
  // A page's URL is the documentUrl of every request it makes: memoise, bounded.
  let site = siteByUrl.get(url);
  if (site === undefined) {
    const host = getHostname(url);
    site = host ? siteOfHost(host) : '';
    if (siteByUrl.size >= MAX_URL_CACHE) siteByUrl.clear();
    siteByUrl.set(url, site);
  }
  return site;
}
