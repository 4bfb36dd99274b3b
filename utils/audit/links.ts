/**
 * Which pages of a site the audit visits after the first, as a shopper would: a product first, then a
 * search, then whatever else the page links to, never another site's page and never one twice.
 */
import { siteOfUrl } from '../recipient/site';

export interface PageLink {
  url: string;
  /** Built from the site's own search form. */
  search: boolean;
}

const PRODUCT_PATH = /\/(products?|p|dp|item|items|artikel|produit|prodotto)\/|[?&](sku|product_id|pid)=/i;
const SEARCH_PATH = /\/(search|suche|recherche|buscar)\b|[?&](q|s|query|search)=/i;
/** Pages a visit must not follow: sign-out, files, or places that change the shopper's state. */
const AVOID = /\/(log-?out|sign-?out|logoff)\b|\.(pdf|zip|jpe?g|png|gif|svg|mp4|mp3|dmg|exe)(\?|$)/i;

function withoutHash(url: string): string {
  const i = url.indexOf('#');
  return i < 0 ? url : url.slice(0, i);
}

function rank(link: PageLink): number {
  if (PRODUCT_PATH.test(link.url)) return 0;
  if (link.search || SEARCH_PATH.test(link.url)) return 1;
  return 2;
}

/** Up to `max` URLs of `site`, products first, then a search, then the rest, in page order within each. */
export function pickSameSitePages(
  links: readonly PageLink[],
  site: string,
  alreadyVisited: readonly string[],
  max: number,
): string[] {
  if (max <= 0) return [];
  const seen = new Set(alreadyVisited.map(withoutHash));
  const candidates: { url: string; rank: number; order: number }[] = [];
  links.forEach((link, order) => {
    if (!/^https?:\/\//i.test(link.url) || AVOID.test(link.url)) return;
    const url = withoutHash(link.url);
    if (seen.has(url) || siteOfUrl(url) !== site) return;
    seen.add(url);
    candidates.push({ url, rank: rank(link), order });
  });
  candidates.sort((a, b) => a.rank - b.rank || a.order - b.order);
  // One of each kind first (a product, a search), then the rest: a visit looks like a shopper's.
  const firsts = [0, 1, 2].map((r) => candidates.find((c) => c.rank === r)).filter((c) => c !== undefined);
  const rest = candidates.filter((c) => !firsts.includes(c));
  return [...firsts, ...rest].slice(0, max).map((c) => c.url);
}
