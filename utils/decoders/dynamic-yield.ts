import type { Category } from '../categories';
import type { EvidenceWhere } from '../model';
import type { EvidenceSink } from '../wire/evidence';
import { defineDecoder } from './types';
import { addJsonKeys, eventCategory, jsonParam, type Table } from './shared';
import { walkJson } from '../wire/json';

// Dynamic Yield: client collection (direct-collect.dynamicyield.com/dpx and /uia?uid=<dyid>&sec=
// <section>&e=<event name>&p=<JSON properties>&ctx=<JSON page context>&url=…&ref=…), recommendations
// (rcom.dynamicyield.com?dyid=…&ctx=…), and the Experience API (direct.dy-api.com/v2/serve/user/choose,
// /v2/collect/user/event: {user:{dyid}, session:{dy}, context:{page:{type, data, location}, device},
// events:[{name, properties:{dyType, …}}]}). Event types are DY's documented dyType values.
const DY_TYPES: Record<string, Category> = {
  'add-to-cart-v1': 'purchases',
  'remove-from-cart-v1': 'purchases',
  'sync-cart-v1': 'purchases',
  'purchase-v1': 'purchases',
  'add-to-wishlist-v1': 'purchases',
  'promo-code-enter-v1': 'purchases',
  'keyword-search-v1': 'search',
  'filter-items-v1': 'browsing',
  'sort-items-v1': 'browsing',
  'change-attribute-v1': 'browsing',
  'video-watch-v1': 'browsing',
  'identify-v1': 'identifiers',
  'login-v1': 'identifiers',
  'signup-v1': 'identifiers',
  'newsletter-subscription-v1': 'identifiers',
  'message-optin-v1': 'identifiers',
};

const PAGE_TYPES: Record<string, Category> = {
  HOMEPAGE: 'browsing',
  CATEGORY: 'browsing',
  PRODUCT: 'browsing',
  OTHER: 'browsing',
  CART: 'purchases',
};

const PROPERTIES: Table = {
  value: 'purchases',
  productId: 'purchases',
  quantity: 'purchases',
  cart: 'purchases',
  uniqueTransactionId: 'purchases',
  keywords: 'search',
  cuid: 'identifiers',
  dyid: 'identifiers',
  dyid_server: 'identifiers',
  hashedEmail: 'contact',
  plainTextEmail: 'contact',
  externalId: 'identifiers',
  location: 'browsing',
  referrer: 'browsing',
  userAgent: 'device',
  ip: 'location',
};

const ID_PARAMS = ['uid', 'dyid', '_dyid', 'dyid_server', '_dyid_server', 'ses', 'jsession', 'dy'];

function decodeContext(ctx: unknown, where: EvidenceWhere, sink: EvidenceSink): void {
  if (!ctx || typeof ctx !== 'object') return;
  walkJson(ctx, (key, value) => {
    if (key === 'type' && typeof value === 'string' && PAGE_TYPES[value])
      sink.add(PAGE_TYPES[value]!, where, 'ctx.type', value);
    else if (key === 'data' && Array.isArray(value) && value.length > 0)
      sink.add('browsing', where, 'ctx.data', `[${value.length} items]`);
    else if (key === 'lng' && typeof value === 'string') sink.add('device', where, 'ctx.lng', value);
  });
}

function decodeEvents(doc: unknown, where: EvidenceWhere, sink: EvidenceSink): void {
  walkJson(doc, (key, value) => {
    if (key === 'dyType' && typeof value === 'string') {
      const category = DY_TYPES[value];
      if (category) sink.add(category, where, 'dyType', value);
    }
  });
  addJsonKeys(doc, PROPERTIES, where, sink);
}

export const dynamicYield = defineDecoder({
  id: 'dynamic-yield',
  hosts: ['dynamicyield.com', 'dy-api.com', 'dy-api.eu'],
  matchesPath: (path, req) =>
    path.startsWith('/dpx') ||
    path.startsWith('/uia') ||
    path.startsWith('/v2/') ||
    path.startsWith('/v3/') ||
    path.startsWith('/id') ||
    req.host.startsWith('rcom.') ||
    req.host.startsWith('direct'),
  decode(req, sink) {
    const { params } = req;
    for (const key of ID_PARAMS) {
      const value = params.get(key);
      if (value) sink.add('identifiers', 'url', key, value);
    }
    for (const key of ['url', 'ref', 'loc', 'referrer']) {
      const value = params.get(key);
      if (value) sink.add('browsing', 'url', key, value);
    }
    const name = params.get('e') ?? params.get('name');
    if (name) {
      const category =
        eventCategory(name) ?? (/identif|login|sign ?up|newsletter/i.test(name) ? 'identifiers' : undefined);
      if (category) sink.add(category, 'url', 'e', name);
    }
    const props = jsonParam(params.get('p') ?? params.get('props'));
    if (props) decodeEvents(props, 'url', sink);
    decodeContext(jsonParam(params.get('ctx')), 'url', sink);
    const json = req.bodyJson();
    if (json && typeof json === 'object') {
      decodeEvents(json, 'body', sink);
      const body = json as Record<string, unknown>;
      decodeContext((body.context as Record<string, unknown> | undefined)?.page, 'body', sink);
      if (body.user) sink.add('identifiers', 'body', 'user', 'dyid');
      for (const event of Array.isArray(body.events) ? body.events.slice(0, 32) : []) {
        const eventName = (event as Record<string, unknown> | null)?.name;
        if (typeof eventName === 'string') {
          const category = eventCategory(eventName);
          if (category) sink.add(category, 'body', 'events.name', eventName);
        }
      }
    }
  },
});
