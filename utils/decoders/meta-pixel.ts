import type { Decoder, EvidenceSink } from './types';
import type { Category } from '../categories';

// Meta Pixel (/tr): standard events in `ev`, custom data in cd[...], advanced matching in ud[...]
// (SHA-256 of normalised values), browser id in fbp, click id in fbc.
const EVENT_CATEGORIES: Record<string, Category> = {
  PageView: 'browsing',
  ViewContent: 'browsing',
  Search: 'search',
  AddToCart: 'purchases',
  AddToWishlist: 'purchases',
  InitiateCheckout: 'purchases',
  AddPaymentInfo: 'purchases',
  Purchase: 'purchases',
  Lead: 'contact',
  CompleteRegistration: 'contact',
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
};

const PARAM_CATEGORIES: Record<string, Category> = {
  fbp: 'identifiers',
  fbc: 'identifiers',
  dl: 'browsing',
  rl: 'browsing',
  sw: 'device',
  sh: 'device',
};

function decodeParams(params: URLSearchParams, where: 'url' | 'body', sink: EvidenceSink): void {
  for (const [key, value] of params) {
    if (value === '') continue;
    if (key === 'ev') {
      sink.add(EVENT_CATEGORIES[value] ?? 'browsing', where, 'ev', value);
    } else if (key.startsWith('ud[')) {
      const field = key.slice(3, -1);
      sink.add(USER_DATA_CATEGORIES[field] ?? 'contact', where, key, value);
    } else if (key.startsWith('cd[')) {
      const field = key.slice(3, -1);
      if (field === 'search_string') sink.add('search', where, key, value);
      else if (field === 'content_ids' || field === 'contents' || field === 'value' || field === 'num_items') {
        const event = params.get('ev');
        sink.add(event === 'ViewContent' || event === 'PageView' ? 'browsing' : 'purchases', where, key, value);
      }
    } else {
      const category = PARAM_CATEGORIES[key];
      if (category) sink.add(category, where, key, value);
    }
  }
}

export const metaPixel: Decoder = {
  id: 'meta-pixel',
  name: 'Meta Pixel',
  organization: 'Meta',
  kind: 'advertising',
  hosts: ['facebook.com'],
  matchesPath: (path, req) => (path === '/tr' || path === '/tr/') && req.params.has('id') || path === '/tr/' && !!req.bodyText,
  decode(req, sink) {
    decodeParams(req.params, 'url', sink);
    const form = req.bodyForm();
    if (form) decodeParams(form, 'body', sink);
  },
};
