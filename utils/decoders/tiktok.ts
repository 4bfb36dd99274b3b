import type { Category } from '../categories';
import { defineDecoder } from './types';
import { addJsonKeys, type Table } from './shared';
import { walkJson } from '../wire/json';

// TikTok Pixel: JSON events POSTed to analytics.tiktok.com/api/v2/pixel (also /pixel/act, /pixel/track,
// batched as {batch:[…]}). context.user holds ttp/anonymous id and hashed email/phone from
// ttq.identify; context.ad.callback carries the ttclid; properties hold contents, value and query.
const EVENTS: Table = {
  Pageview: 'browsing',
  PageView: 'browsing',
  ViewContent: 'browsing',
  ClickButton: 'browsing',
  Search: 'search',
  AddToCart: 'purchases',
  AddToWishlist: 'purchases',
  InitiateCheckout: 'purchases',
  AddPaymentInfo: 'purchases',
  PlaceAnOrder: 'purchases',
  CompletePayment: 'purchases',
  Purchase: 'purchases',
  Subscribe: 'purchases',
};

const KEYS: Table = {
  anonymous_id: 'identifiers',
  external_id: 'identifiers',
  ttp: 'identifiers',
  callback: 'identifiers',
  ttclid: 'identifiers',
  session_id: 'identifiers',
  email: 'contact',
  phone_number: 'contact',
  sha256_email: 'contact',
  sha256_phone: 'contact',
  url: 'browsing',
  referrer: 'browsing',
  title: 'browsing',
  userAgent: 'device',
  user_agent: 'device',
  locale: 'device',
  platform: 'device',
  query: 'search',
  order_id: 'purchases',
};

const PRODUCT_KEYS = new Set(['contents', 'content_id', 'content_ids', 'content_name', 'value', 'quantity', 'price']);

export const tiktok = defineDecoder({
  id: 'tiktok-pixel',
  hosts: ['analytics.tiktok.com', 'analytics-sg.tiktok.com', 'tiktokw.us'],
  matchesPath: (path) => path.startsWith('/api/v2/pixel') || path.startsWith('/api/v1/pixel'),
  decode(req, sink) {
    const json = req.bodyJson();
    if (json === undefined) return;
    addJsonKeys(json, KEYS, 'body', sink, { key: 'event', table: EVENTS });
    // Product fields are browsing on a view and purchases on cart and checkout events.
    let commerce: Category = 'browsing';
    walkJson(json, (key, value) => {
      if (key === 'event' && typeof value === 'string' && EVENTS[value] === 'purchases') commerce = 'purchases';
    });
    walkJson(json, (key, value, parent) => {
      if (PRODUCT_KEYS.has(key) && value !== '' && value !== null && !(Array.isArray(value) && value.length === 0)) {
        sink.add(
          commerce,
          'body',
          parent ? `${parent}.${key}` : key,
          Array.isArray(value) ? `[${value.length} items]` : String(value),
        );
        return true;
      }
    });
  },
});
