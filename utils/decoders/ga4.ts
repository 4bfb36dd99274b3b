import { parseQuery, type Params } from '../wire/params';
import type { Category } from '../categories';
import type { EvidenceSink } from '../wire/evidence';
import { defineDecoder } from './types';
import { GOOGLE_CLIENT_HINTS } from './shared';

// GA4 as gtag.js sends it: /g/collect with v=2, shared params in the query and, for batches, one
// event per body line (each line a query string of event-level params). Also served first-party by
// server-side tagging, hence the cloaked signature (v=2 + tid=G-…).
const EVENT_CATEGORIES: Record<string, Category> = {
  page_view: 'browsing',
  view_item: 'browsing',
  view_item_list: 'browsing',
  select_item: 'browsing',
  view_promotion: 'browsing',
  select_content: 'browsing',
  view_search_results: 'search',
  search: 'search',
  add_to_cart: 'purchases',
  remove_from_cart: 'purchases',
  add_to_wishlist: 'purchases',
  view_cart: 'purchases',
  begin_checkout: 'purchases',
  add_payment_info: 'purchases',
  add_shipping_info: 'purchases',
  purchase: 'purchases',
  refund: 'purchases',
  generate_lead: 'browsing',
  sign_up: 'browsing',
  login: 'browsing',
};

const PARAM_CATEGORIES: Record<string, Category> = {
  cid: 'identifiers',
  uid: 'identifiers',
  _fid: 'identifiers',
  sid: 'identifiers',
  _fplc: 'identifiers',
  gclid: 'identifiers',
  dclid: 'identifiers',
  dl: 'browsing',
  dr: 'browsing',
  dt: 'browsing',
  ul: 'device',
  sr: 'device',
  ...GOOGLE_CLIENT_HINTS,
  'ep.search_term': 'search',
  'ep.transaction_id': 'purchases',
  'ep.coupon': 'purchases',
  'epn.shipping': 'purchases',
  'epn.tax': 'purchases',
  'ep.store_postal_code': 'location',
  'up.postal_code': 'location',
  'ep.user_email': 'contact',
  'up.email': 'contact',
  em: 'contact',
};

function decodeParams(params: Params, where: 'url' | 'body', sink: EvidenceSink, items: Category): void {
  for (const [key, value] of params) {
    if (value === '') continue;
    if (key === 'en') {
      const category = EVENT_CATEGORIES[value];
      if (category) sink.add(category, where, 'en', value);
      continue;
    }
    const category = PARAM_CATEGORIES[key];
    if (category) sink.add(category, where, key, value);
    else if (key === 'epn.value')
      sink.add(items, where, key, value); // a price on a view, revenue on a purchase
    else if (key.length <= 4 && key.startsWith('pr') && key.charCodeAt(2) >= 48 && key.charCodeAt(2) <= 57)
      sink.add(items, where, key, value);
  }
}

/** Items (pr1, pr2…) are purchases on cart and checkout events, browsing on product views. */
function itemsCategory(params: Params, lines: readonly string[]): Category {
  const names = params.getAll('en');
  for (const line of lines) {
    const m = /(?:^|&)en=([^&]*)/.exec(line);
    if (m) names.push(m[1]!);
  }
  return names.some((n) => EVENT_CATEGORIES[n] === 'purchases') ? 'purchases' : 'browsing';
}

function isGa4Hit(path: string, params: Params): boolean {
  return path.endsWith('/g/collect') && params.get('v') === '2';
}

export const ga4 = defineDecoder({
  id: 'ga4',
  hosts: ['google-analytics.com', 'analytics.google.com', 'stats.g.doubleclick.net'],
  matchesPath: (path, req) => isGa4Hit(path, req.params),
  cloaked: (req) => isGa4Hit(req.path, req.params) && (req.params.get('tid') ?? '').startsWith('G-'),
  decode(req, sink) {
    const lines = req.bodyText ? req.bodyLines() : [];
    const items = itemsCategory(req.params, lines);
    decodeParams(req.params, 'url', sink, items);
    for (const line of lines) decodeParams(parseQuery(line), 'body', sink, items);
  },
});
