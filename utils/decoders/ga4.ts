import type { Decoder, EvidenceSink } from './types';
import type { Category } from '../categories';

// GA4 Measurement Protocol as gtag.js sends it: /g/collect with v=2, query params, and for batches one
// event per body line (each line is a query string of event-level params).
const EVENT_CATEGORIES: Record<string, Category> = {
  page_view: 'browsing',
  view_item: 'browsing',
  view_item_list: 'browsing',
  select_item: 'browsing',
  view_search_results: 'search',
  search: 'search',
  add_to_cart: 'purchases',
  remove_from_cart: 'purchases',
  view_cart: 'purchases',
  begin_checkout: 'purchases',
  add_payment_info: 'purchases',
  add_shipping_info: 'purchases',
  purchase: 'purchases',
  refund: 'purchases',
};

const PARAM_CATEGORIES: Record<string, Category> = {
  cid: 'identifiers',
  uid: 'identifiers',
  _fid: 'identifiers',
  sid: 'identifiers',
  gclid: 'identifiers',
  dclid: 'identifiers',
  dl: 'browsing',
  dr: 'browsing',
  dt: 'browsing',
  ul: 'device',
  sr: 'device',
  uaa: 'device',
  uab: 'device',
  uam: 'device',
  uap: 'device',
  uapv: 'device',
  'ep.search_term': 'search',
  'ep.transaction_id': 'purchases',
  'epn.value': 'purchases',
  'ep.store_postal_code': 'location',
  'up.postal_code': 'location',
  'ep.user_email': 'contact',
  'up.email': 'contact',
  em: 'contact',
};

function decodeParams(params: URLSearchParams, where: 'url' | 'body', sink: EvidenceSink): void {
  for (const [key, value] of params) {
    if (value === '') continue;
    if (key === 'en') {
      const category = EVENT_CATEGORIES[value];
      if (category) sink.add(category, where, 'en', value);
      continue;
    }
    const category = PARAM_CATEGORIES[key];
    if (category) sink.add(category, where, key, value);
    else if (/^pr\d+$/.test(key)) sink.add('purchases', where, key, value);
  }
}

export const ga4: Decoder = {
  id: 'ga4',
  name: 'Google Analytics 4',
  organization: 'Google',
  kind: 'analytics',
  hosts: ['google-analytics.com', 'analytics.google.com'],
  matchesPath: (path, req) => path.endsWith('/g/collect') && req.params.get('v') === '2',
  decode(req, sink) {
    decodeParams(req.params, 'url', sink);
    const body = req.bodyText;
    if (!body) return;
    for (const line of body.split('\n')) {
      if (line) decodeParams(new URLSearchParams(line), 'body', sink);
    }
  },
};
