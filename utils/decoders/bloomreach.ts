import type { Category } from '../categories';
import { defineDecoder } from './types';
import { addEventName, addJsonKeys, addParams, type Table } from './shared';
import { walkJson } from '../wire/json';
import { isSearchText } from '../wire/shapes';

// Bloomreach Discovery pixel (p.brsrvr.com/pix.gif?acct_id=…&cookie2=<_br_uid_2>&type=pageview|event
// &ptype=product|search|category|conversion&prod_id=…&search_term=…&basket=…&order_id=…&url=…&ref=…),
// Discovery search API (core.dxpapi.com/api/v1/core/?q=…&_br_uid_2=…&url=…, suggest.dxpapi.com) and
// Engagement (api.exponea.com/track/v2/projects/<token>/customers/events and /bulk: {customer_ids:
// {cookie, registered}, event_type, properties}).
const PTYPES: Record<string, Category> = {
  product: 'browsing',
  category: 'browsing',
  homepage: 'browsing',
  thematic: 'browsing',
  content: 'browsing',
  other: 'browsing',
  search: 'search',
  conversion: 'purchases',
};

const PIXEL: Table = {
  cookie2: 'identifiers',
  _br_uid_2: 'identifiers',
  user_id: 'identifiers',
  sid: 'identifiers',
  prod_id: 'browsing',
  prod_name: 'browsing',
  sku: 'browsing',
  cat: 'browsing',
  cat_id: 'browsing',
  title: 'browsing',
  url: 'browsing',
  ref: 'browsing',
  ref_url: 'browsing',
  search_term: 'search',
  basket: 'purchases',
  basket_value: 'purchases',
  order_id: 'purchases',
  tzo: 'device',
  lang: 'device',
};

const ENGAGEMENT: Table = {
  cookie: 'identifiers',
  registered: 'identifiers',
  location: 'browsing',
  referrer: 'browsing',
  total_price: 'purchases',
  purchase_id: 'purchases',
  product_id: 'browsing',
  query: 'search',
  browser: 'device',
  os: 'device',
  device: 'device',
};

export const bloomreach = defineDecoder({
  id: 'bloomreach',
  hosts: ['brsrvr.com', 'dxpapi.com', 'exponea.com', 'bloomreach.io', 'bloomreach.com'],
  matchesPath: (path) =>
    path.startsWith('/pix.gif') ||
    path.startsWith('/api/') ||
    path.startsWith('/track/') ||
    path.startsWith('/bulk') ||
    path.startsWith('/webxp/'),
  decode(req, sink) {
    const { params } = req;
    addParams(params, PIXEL, 'url', sink);
    if (params.get('is_conversion') === '1') sink.add('purchases', 'url', 'is_conversion', '1');
    const ptype = params.get('ptype');
    if (ptype && PTYPES[ptype]) sink.add(PTYPES[ptype]!, 'url', 'ptype', ptype);
    // q is the typed query on search/suggest API calls and on the pixel's suggest events.
    const q = params.get('q');
    const isSearchCall = req.host.endsWith('dxpapi.com')
      ? params.get('search_type') !== 'category'
      : params.get('group') === 'suggest' || params.get('etype') === 'submit';
    if (q && isSearchCall && isSearchText(q)) sink.add('search', 'url', 'q', q);
    const json = req.bodyJson();
    if (!json) return;
    walkJson(json, (key, value) => {
      if (key === 'event_type' && typeof value === 'string') addEventName(value, 'body', 'event_type', sink);
    });
    addJsonKeys(json, ENGAGEMENT, 'body', sink);
  },
});
