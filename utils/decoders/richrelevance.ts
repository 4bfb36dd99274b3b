import type { Category } from '../categories';
import { defineDecoder } from './types';
import { addJsonKeys, addParams, type Table } from './shared';

// RichRelevance / Algonomy: recs.richrelevance.com/rrserver/p13n_generated.js?a=<api key>&pt=
// |item_page.rr1&s=<session>&u=<user>&p=<product ids>&c=<category>&o=<order>&q=<qty>&pp=<prices>
// &searchTerm=…&atcid=<added to cart>&pref=<referrer>, and the JSON recsForPlacements / personalize APIs.
const PARAMS: Table = {
  s: 'identifiers',
  u: 'identifiers',
  rcs: 'identifiers',
  userId: 'identifiers',
  sessionId: 'identifiers',
  p: 'browsing',
  productId: 'browsing',
  c: 'browsing',
  ctp: 'browsing',
  categoryId: 'browsing',
  pref: 'browsing',
  o: 'purchases',
  pp: 'purchases',
  atcid: 'purchases',
  searchTerm: 'search',
};

const PLACEMENTS: Record<string, Category> = {
  item_page: 'browsing',
  category_page: 'browsing',
  home_page: 'browsing',
  brand_page: 'browsing',
  search_page: 'search',
  add_to_cart_page: 'purchases',
  cart_page: 'purchases',
  purchase_complete_page: 'purchases',
};

export const richrelevance = defineDecoder({
  id: 'richrelevance',
  hosts: ['richrelevance.com', 'algorecs.com', 'algonomy.com'],
  matchesPath: (path) => path.startsWith('/rrserver/'),
  decode(req, sink) {
    const { params } = req;
    addParams(params, PARAMS, 'url', sink);
    const pt = params.get('pt') ?? params.get('placements');
    if (pt) {
      for (const slot of pt.split('|')) {
        const type = slot.split('.')[0]!;
        const category = PLACEMENTS[type];
        if (category) sink.add(category, 'url', 'pt', type);
      }
    }
    const json = req.bodyJson();
    if (json) addJsonKeys(json, PARAMS, 'body', sink);
  },
});
