import { type Params } from '../wire/params';
import type { Category } from '../categories';
import type { EvidenceSink } from '../wire/evidence';
import type { ParsedRequest } from '../wire/parsed-request';
import { defineDecoder } from './types';
import { addJsonKeys, addParams, type Table } from './shared';
import { walkJson } from '../wire/json';

// Adobe Analytics image requests (/b/ss/<rsid>/<version>/<build>/s<random>?pageName=…&g=…&events=…
// &products=…&v1…v250 / c1…c75&mid=…&s=1920x1080), Experience Platform Web SDK (edge.adobedc.net
// /ee/v1/interact?configId=… with XDM JSON) and Audience Manager id syncs (dpm.demdex.net).
// Retailers often serve /b/ss/ from their own metrics.<site> / smetrics.<site>: a cloaked collector.
const PARAMS: Table = {
  pageName: 'browsing',
  g: 'browsing',
  r: 'browsing',
  ch: 'browsing',
  server: 'browsing',
  pev2: 'browsing',
  mid: 'identifiers',
  aid: 'identifiers',
  vid: 'identifiers',
  fid: 'identifiers',
  aamlh: 'identifiers',
  aamb: 'identifiers',
  ecid: 'identifiers',
  purchaseID: 'purchases',
  xact: 'purchases',
  zip: 'location',
  state: 'location',
  s: 'device',
  c: 'device',
  bw: 'device',
  bh: 'device',
  j: 'device',
};

const EVENTS: Record<string, Category> = {
  prodView: 'browsing',
  scView: 'purchases',
  scAdd: 'purchases',
  scRemove: 'purchases',
  scOpen: 'purchases',
  scCheckout: 'purchases',
  purchase: 'purchases',
};

function decodeImageRequest(params: Params, where: 'url' | 'body', sink: EvidenceSink): void {
  addParams(params, PARAMS, where, sink);
  let commerce: Category = 'browsing';
  const events = params.get('events');
  if (events) {
    for (const raw of events.split(',')) {
      const name = raw.split(/[=:]/)[0]!;
      const category = EVENTS[name];
      if (category) {
        sink.add(category, where, 'events', name);
        if (category === 'purchases') commerce = 'purchases';
      }
    }
  }
  const products = params.get('products');
  if (products) sink.add(commerce, where, 'products', products);
  // Internal search is by convention an eVar/prop; the value shape decides (generic analyser), but
  // Adobe's own context data key for it is well known.
  for (const key of ['c.searchTerm', 'c.a.search', 'searchTerm']) {
    const term = params.get(key);
    if (term) sink.add('search', where, key, term);
  }
}

const XDM_EVENTS: Record<string, Category> = {
  'web.webpagedetails.pageViews': 'browsing',
  'web.webinteraction.linkClicks': 'browsing',
  'commerce.productViews': 'browsing',
  'commerce.productListViews': 'purchases',
  'commerce.productListAdds': 'purchases',
  'commerce.productListRemovals': 'purchases',
  'commerce.productListOpens': 'purchases',
  'commerce.checkouts': 'purchases',
  'commerce.purchases': 'purchases',
  siteSearch: 'search',
};

const XDM_KEYS: Table = {
  URL: 'browsing',
  name: 'browsing',
  purchaseID: 'purchases',
  priceTotal: 'purchases',
  productListItems: 'browsing',
  ECID: 'identifiers',
  ecid: 'identifiers',
  userAgent: 'device',
  screenHeight: 'device',
  screenWidth: 'device',
  viewportHeight: 'device',
  viewportWidth: 'device',
  keywords: 'search',
  searchTerm: 'search',
};

function decodeEdge(req: ParsedRequest, sink: EvidenceSink): void {
  const json = req.bodyJson();
  if (!json) return;
  let commerce = false;
  walkJson(json, (key, value) => {
    if (key === 'eventType' && typeof value === 'string') {
      const category = XDM_EVENTS[value] ?? (value.startsWith('commerce.') ? 'purchases' : undefined);
      if (category) sink.add(category, 'body', 'xdm.eventType', value);
      if (category === 'purchases') commerce = true;
    }
  });
  addJsonKeys(json, commerce ? { ...XDM_KEYS, productListItems: 'purchases' } : XDM_KEYS, 'body', sink);
}

function isImageRequest(path: string): boolean {
  return path.indexOf('/b/ss/') >= 0;
}

function isEdgeRequest(req: ParsedRequest): boolean {
  return (
    (req.path.startsWith('/ee/') || req.path.indexOf('/ee/v') >= 0) &&
    (req.path.endsWith('/interact') || req.path.endsWith('/collect')) &&
    req.params.has('configId')
  );
}

export const adobeAnalytics = defineDecoder({
  id: 'adobe-analytics',
  hosts: ['omtrdc.net', '2o7.net', 'adobedc.net', 'demdex.net'],
  matchesPath: (path, req) => isImageRequest(path) || isEdgeRequest(req) || req.host.endsWith('demdex.net'),
  cloaked: (req) => (isImageRequest(req.path) && /^\/b\/ss\/[^/]+\/\d/.test(req.path)) || isEdgeRequest(req),
  decode(req, sink) {
    if (req.host.endsWith('demdex.net')) {
      sink.add('identifiers', 'url', 'id-sync', req.host);
      addParams(
        req.params,
        { d_mid: 'identifiers', d_uuid: 'identifiers', d_cid: 'identifiers', d_cid_ic: 'identifiers' },
        'url',
        sink,
      );
      return;
    }
    if (isImageRequest(req.path)) {
      decodeImageRequest(req.params, 'url', sink);
      const form = req.bodyForm();
      if (form) decodeImageRequest(form, 'body', sink);
      return;
    }
    decodeEdge(req, sink);
  },
});
