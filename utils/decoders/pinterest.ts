import type { Category } from '../categories';
import { defineDecoder } from './types';
import { addJsonKeys, addParams, jsonParam, type Table } from './shared';

// Pinterest Tag: ct.pinterest.com/v3/?event=…&tid=…&ed={event data}&pd={partner data: em, epik}
// &ad={loc, ref, sh, sw…}; enhanced match as pd.em or aem* hashes; epik is the click id.
const EVENTS: Record<string, Category> = {
  pagevisit: 'browsing',
  viewcategory: 'browsing',
  init: 'browsing',
  search: 'search',
  addtocart: 'purchases',
  checkout: 'purchases',
};

const PARAMS: Table = { epik: 'identifiers', pin_unauth: 'identifiers', _epik: 'identifiers', aem: 'contact' };

const EVENT_DATA: Table = {
  search_query: 'search',
  value: 'purchases',
  order_id: 'purchases',
  order_quantity: 'purchases',
  line_items: 'purchases',
  product_id: 'browsing',
  product_name: 'browsing',
  product_category: 'browsing',
};

const PARTNER_DATA: Table = {
  em: 'contact',
  ph: 'contact',
  fn: 'contact',
  ln: 'contact',
  zp: 'location',
  ct: 'location',
  epik: 'identifiers',
  external_id: 'identifiers',
  np: 'identifiers',
};
const AD_DATA: Table = { loc: 'browsing', ref: 'browsing', sh: 'device', sw: 'device', mh: 'device', ecm: 'device' };

export const pinterest = defineDecoder({
  id: 'pinterest-tag',
  hosts: ['ct.pinterest.com'],
  matchesPath: (path) => path.startsWith('/v3') || path.startsWith('/user') || path.startsWith('/ct'),
  decode(req, sink) {
    const params = req.bodyForm() ?? req.params;
    const event = (params.get('event') ?? req.params.get('event') ?? '').toLowerCase();
    if (event) sink.add(EVENTS[event] ?? 'browsing', 'url', 'event', event);
    for (const p of [req.params, params]) {
      const where = p === req.params ? 'url' : 'body';
      addParams(p, PARAMS, where, sink);
      for (const [key, value] of p) {
        if (key.startsWith('aem_') && value)
          sink.add(
            key.includes('zp') || key.includes('ct') || key.includes('st') ? 'location' : 'contact',
            where,
            key,
            value,
          );
      }
      const ed = jsonParam(p.get('ed'));
      if (ed) {
        // In event data, products are purchases on cart/checkout and browsing otherwise.
        const table =
          EVENTS[event] === 'purchases'
            ? EVENT_DATA
            : ({ ...EVENT_DATA, value: 'browsing', line_items: 'browsing' } as Table);
        addJsonKeys(ed, table, where, sink);
      }
      addJsonKeys(jsonParam(p.get('pd')), PARTNER_DATA, where, sink);
      addJsonKeys(jsonParam(p.get('ad')), AD_DATA, where, sink);
      if (p === params) break;
    }
  },
});
