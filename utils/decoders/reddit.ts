import type { Category } from '../categories';
import { defineDecoder } from './types';
import { addParams, type Table } from './shared';

// Reddit Pixel: alb.reddit.com/rp.gif?id=t2_…&event=PageVisit|ViewContent|Search|AddToCart|Purchase…
// with metadata in m.* (m.itemCount, m.value, m.products, m.transactionId), uuid (the _rdt_uuid
// cookie) and advanced matching (em / m.email hashed, external_id).
const EVENTS: Record<string, Category> = {
  PageVisit: 'browsing',
  ViewContent: 'browsing',
  Search: 'search',
  AddToCart: 'purchases',
  AddToWishlist: 'purchases',
  Purchase: 'purchases',
  Lead: 'browsing',
  SignUp: 'browsing',
};

const PARAMS: Table = {
  uuid: 'identifiers',
  external_id: 'identifiers',
  'm.externalId': 'identifiers',
  'm.clickId': 'identifiers',
  click_id: 'identifiers',
  rdt_cid: 'identifiers',
  aaid: 'identifiers',
  idfa: 'identifiers',
  em: 'contact',
  'm.email': 'contact',
  'm.phoneNumber': 'contact',
  'm.transactionId': 'purchases',
  'm.conversionId': 'purchases',
  sh: 'device',
  sw: 'device',
};

const COMMERCE = ['m.itemCount', 'm.value', 'm.valueDecimal', 'm.currency', 'm.products'];

export const reddit = defineDecoder({
  id: 'reddit-pixel',
  hosts: ['alb.reddit.com'],
  matchesPath: (path) => path.startsWith('/rp.gif') || path.startsWith('/rp'),
  decode(req, sink) {
    const params = req.bodyForm() ?? req.params;
    const where = params === req.params ? 'url' : 'body';
    const event = params.get('event');
    const category = event ? EVENTS[event] : undefined;
    if (event) sink.add(category ?? 'browsing', where, 'event', event);
    addParams(params, PARAMS, where, sink);
    for (const key of COMMERCE) {
      const value = params.get(key);
      if (value) sink.add(category === 'purchases' ? 'purchases' : 'browsing', where, key, value);
    }
  },
});
