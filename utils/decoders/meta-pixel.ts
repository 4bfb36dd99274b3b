import { type Params } from '../wire/params';
import type { Category } from '../categories';
import type { EvidenceSink } from '../wire/evidence';
import { defineDecoder } from './types';

// Meta Pixel (/tr): standard events in `ev`, custom data in cd[...], advanced matching in ud[...]
// (SHA-256 of normalised values), browser id in fbp, click id in fbc. GET image or POST form.
const EVENT_CATEGORIES: Record<string, Category> = {
  PageView: 'browsing',
  ViewContent: 'browsing',
  ViewCategory: 'browsing',
  Search: 'search',
  AddToCart: 'purchases',
  AddToWishlist: 'purchases',
  InitiateCheckout: 'purchases',
  AddPaymentInfo: 'purchases',
  Purchase: 'purchases',
  Subscribe: 'purchases',
  StartTrial: 'purchases',
  Lead: 'browsing',
  CompleteRegistration: 'browsing',
  Contact: 'browsing',
  FindLocation: 'location',
};

const USER_DATA_CATEGORIES: Record<string, Category> = {
  em: 'contact',
  ph: 'contact',
  fn: 'contact',
  ln: 'contact',
  ge: 'contact',
  db: 'contact',
  ct: 'location',
  st: 'location',
  zp: 'location',
  country: 'location',
  external_id: 'identifiers',
  fb_login_id: 'identifiers',
  lead_id: 'identifiers',
};

const PARAM_CATEGORIES: Record<string, Category> = {
  fbp: 'identifiers',
  fbc: 'identifiers',
  eid: 'identifiers',
  dl: 'browsing',
  rl: 'browsing',
  sw: 'device',
  sh: 'device',
};

const CUSTOM_DATA_PRODUCT = new Set([
  'content_ids',
  'contents',
  'value',
  'num_items',
  'content_name',
  'content_category',
  'content_type',
  'currency',
]);

function decodeParams(params: Params, where: 'url' | 'body', sink: EvidenceSink): void {
  const event = params.get('ev');
  const eventCategory = event ? EVENT_CATEGORIES[event] : undefined;
  for (const [key, value] of params) {
    if (value === '') continue;
    if (key === 'ev') {
      sink.add(eventCategory ?? 'browsing', where, 'ev', value);
    } else if (key.startsWith('ud[')) {
      const field = key.slice(3, -1);
      sink.add(USER_DATA_CATEGORIES[field] ?? 'contact', where, key, value);
    } else if (key.startsWith('cd[')) {
      const field = key.slice(3, -1);
      if (field === 'search_string') sink.add('search', where, key, value);
      else if (field === 'order_id' || field === 'predicted_ltv') sink.add('purchases', where, key, value);
      else if (CUSTOM_DATA_PRODUCT.has(field)) {
        sink.add(eventCategory === 'purchases' ? 'purchases' : 'browsing', where, key, value);
      }
    } else {
      const category = PARAM_CATEGORIES[key];
      if (category) sink.add(category, where, key, value);
    }
  }
}

function isPixelHit(path: string, params: Params, hasBody: boolean): boolean {
  return (path === '/tr' || path === '/tr/') && (params.has('id') || hasBody);
}

export const metaPixel = defineDecoder({
  id: 'meta-pixel',
  hosts: ['facebook.com'],
  matchesPath: (path, req) => isPixelHit(path, req.params, !!req.bodyText),
  cloaked: (req) =>
    isPixelHit(req.path, req.params, false) && req.params.has('ev') && /^\d{6,20}$/.test(req.params.get('id') ?? ''),
  decode(req, sink) {
    decodeParams(req.params, 'url', sink);
    const form = req.bodyForm();
    if (form) decodeParams(form, 'body', sink);
  },
});
