import type { Category } from '../categories';
import { defineDecoder } from './types';
import { addParams, eventCategory, type Table } from './shared';

// Microsoft Advertising UET: bat.bing.com/action/0?ti=…&evt=pageLoad|custom&ea=…&gv=…&p=…&r=…
// vid/sid are its visitor and session ids, msclkid the click id; ecommerce in pagetype/prodid;
// enhanced conversions send a hashed email in em.
const PARAMS: Table = {
  vid: 'identifiers',
  sid: 'identifiers',
  msclkid: 'identifiers',
  mid: 'identifiers',
  p: 'browsing',
  r: 'browsing',
  tl: 'browsing',
  page_path: 'browsing',
  kw: 'browsing',
  gv: 'purchases',
  transaction_id: 'purchases',
  search_term: 'search',
  lg: 'device',
  sw: 'device',
  sh: 'device',
  sc: 'device',
  em: 'contact',
  ph: 'contact',
};

const PAGE_TYPES: Record<string, Category> = {
  home: 'browsing',
  category: 'browsing',
  product: 'browsing',
  other: 'browsing',
  searchresults: 'search',
  cart: 'purchases',
  purchase: 'purchases',
};

export const bingUet = defineDecoder({
  id: 'bing-uet',
  hosts: ['bat.bing.com', 'bat.bing.net', 'bat.r.msn.com'],
  matchesPath: (path) => path.startsWith('/action') || path.startsWith('/p/action'),
  decode(req, sink) {
    const { params } = req;
    addParams(params, PARAMS, 'url', sink);
    if (params.get('evt') === 'pageLoad') sink.add('browsing', 'url', 'evt', 'pageLoad');
    const action = params.get('ea') ?? params.get('en');
    if (action) {
      const category = eventCategory(action);
      if (category) sink.add(category, 'url', 'ea', action);
    }
    const pageType = params.get('pagetype') ?? params.get('ecomm_pagetype');
    if (pageType && PAGE_TYPES[pageType]) sink.add(PAGE_TYPES[pageType]!, 'url', 'pagetype', pageType);
    const prodid = params.get('prodid') ?? params.get('ecomm_prodid');
    if (prodid)
      sink.add(pageType === 'cart' || pageType === 'purchase' ? 'purchases' : 'browsing', 'url', 'prodid', prodid);
  },
});
