/**
 * Sites that belong to one organization, so a retailer's own CDNs and sister domains are first party.
 * Kept as data; add a line, not code. Keys are organization names, values registrable domains.
 */
export const ENTITY_SITES: Record<string, readonly string[]> = {
  'Demo Store': ['demo-store.test', 'demo-store-cdn.test'],
  Amazon: [
    'amazon.com',
    'amazon.de',
    'amazon.co.uk',
    'amazon.fr',
    'amazon.it',
    'amazon.es',
    'media-amazon.com',
    'ssl-images-amazon.com',
    'amazon-adsystem.com',
  ],
  Target: ['target.com', 'targetimg1.com', 'targetimg2.com', 'targetimg3.com', 'redcircle.com'],
  Walmart: ['walmart.com', 'walmartimages.com', 'wal.co', 'walmart.ca', 'walmartimages.ca'],
  eBay: ['ebay.com', 'ebay.de', 'ebay.co.uk', 'ebaystatic.com', 'ebayimg.com', 'ebayrtm.com'],
  'Best Buy': ['bestbuy.com', 'bbystatic.com', 'bestbuy.ca'],
  IKEA: ['ikea.com', 'ikea.net', 'ingka.com'],
  Zalando: ['zalando.de', 'zalando.com', 'zalando.fr', 'ztat.net'],
  Etsy: ['etsy.com', 'etsystatic.com'],
  Otto: ['otto.de', 'ottogroup.com', 'otto-group.digital'],
  'Home Depot': ['homedepot.com', 'thdstatic.com'],
  Costco: ['costco.com', 'costco-static.com'],
  Wayfair: ['wayfair.com', 'wfcdn.com'],
  "Macy's": ['macys.com', 'macysassets.com'],
  Nordstrom: ['nordstrom.com', 'nordstromimage.com', 'nordstromrack.com'],
  'H&M': ['hm.com', 'hmgroup.com'],
  Shein: ['shein.com', 'ltwebstatic.com'],
  AliExpress: ['aliexpress.com', 'alicdn.com', 'aliexpress.us'],
  Rakuten: ['rakuten.co.jp', 'r10s.jp', 'rakuten.com'],
  'Bol.com': ['bol.com', 's-bol.com'],
  Fnac: ['fnac.com', 'fnac-static.com'],
  Apple: ['apple.com', 'cdn-apple.com', 'mzstatic.com', 'icloud.com'],
  ASOS: ['asos.com', 'asos-media.com', 'asosservices.com'],
  Inditex: ['zara.com', 'zara.net', 'inditex.com', 'massimodutti.com', 'pullandbear.com', 'bershka.com'],
  "Lowe's": ['lowes.com', 'lowescdn.com'],
  Decathlon: ['decathlon.com', 'decathlon.fr', 'decathlon.de', 'decathlon.co.uk', 'decathlon.net'],
  Uniqlo: ['uniqlo.com', 'fastretailing.com'],
  Sephora: ['sephora.com', 'sephora.fr', 'sephora.de'],
  Tesco: ['tesco.com', 'tesco.ie', 'tescocdn.com'],
  Shopify: ['shopify.com', 'shopifycdn.com', 'shopifysvc.com'],
};

const ORGANIZATION_BY_SITE = new Map<string, string>();
for (const [organization, sites] of Object.entries(ENTITY_SITES)) {
  for (const site of sites) ORGANIZATION_BY_SITE.set(site, organization);
}

/** The organization that owns a site according to our entity map. */
export function entityOfSite(site: string): string | undefined {
  return ORGANIZATION_BY_SITE.get(site);
}

/** True when both sites are the same site or belong to one organization. */
export function sameEntity(siteA: string, siteB: string): boolean {
  if (siteA === siteB) return true;
  const a = ORGANIZATION_BY_SITE.get(siteA);
  return a !== undefined && a === ORGANIZATION_BY_SITE.get(siteB);
}

// "<retailer><cdn word><digits>": targetimg1.com, walmartimages.com, ebaystatic.com, demo-store-cdn.test.
const SISTER_SUFFIX =
  /^-?(?:img|imgs|image|images|static|statics|cdn|assets|media|content|files|pics|photos|video|videos)-?\d*$/;

function firstLabel(site: string): string {
  const dot = site.indexOf('.');
  return dot < 0 ? site : site.slice(0, dot);
}

/**
 * A retailer's own asset domain that the entity map does not list yet: the retailer's name followed
 * by a CDN word. Only a fallback for hosts no tracker list knows (the classifier checks that first).
 */
export function looksLikeSisterSite(retailerSite: string, recipientSite: string): boolean {
  const retailer = firstLabel(retailerSite);
  const recipient = firstLabel(recipientSite);
  if (retailer.length < 3 || recipient.length <= retailer.length || !recipient.startsWith(retailer)) return false;
  return SISTER_SUFFIX.test(recipient.slice(retailer.length));
}
