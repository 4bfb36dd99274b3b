import { type Params } from '../wire/params';
import type { Category } from '../categories';
import type { EvidenceSink } from '../wire/evidence';
import { defineDecoder } from './types';

// Snap Pixel: tr.snapchat.com/p (POST form or GET) with ev (PAGE_VIEW, VIEW_CONTENT, ADD_CART,
// PURCHASE, SEARCH…), e_* event fields, u_h* hashed user data (u_hem email, u_hpn phone),
// u_c1 cookie id and u_sclid / sc_click_id click id.
const EVENTS: Record<string, Category> = {
  PAGE_VIEW: 'browsing',
  VIEW_CONTENT: 'browsing',
  LIST_VIEW: 'browsing',
  SEARCH: 'search',
  ADD_CART: 'purchases',
  ADD_TO_WISHLIST: 'purchases',
  START_CHECKOUT: 'purchases',
  ADD_BILLING: 'purchases',
  PURCHASE: 'purchases',
  SUBSCRIBE: 'purchases',
};

const FIELDS: Record<string, Category> = {
  u_c1: 'identifiers',
  u_sclid: 'identifiers',
  sc_click_id: 'identifiers',
  sc_cookie1: 'identifiers',
  u_scsid: 'identifiers',
  pl: 'browsing',
  rf: 'browsing',
  e_desc: 'browsing',
  e_ss: 'search',
  e_tid: 'purchases',
  e_ni: 'purchases',
  e_pm: 'purchases',
};

function decode(params: Params, where: 'url' | 'body', sink: EvidenceSink): void {
  const ev = params.get('ev');
  const eventCategory = ev ? EVENTS[ev.toUpperCase()] : undefined;
  if (ev) sink.add(eventCategory ?? 'browsing', where, 'ev', ev);
  for (const [key, value] of params) {
    if (value === '') continue;
    if (key.startsWith('u_h')) {
      sink.add(key === 'u_hzp' || key === 'u_hct' || key === 'u_hst' ? 'location' : 'contact', where, key, value);
      continue;
    }
    const category = FIELDS[key];
    if (category) sink.add(category, where, key, value);
    else if (key === 'e_iids' || key === 'e_cur')
      sink.add(eventCategory === 'purchases' ? 'purchases' : 'browsing', where, key, value);
  }
}

export const snap = defineDecoder({
  id: 'snap-pixel',
  hosts: ['tr.snapchat.com', 'tr-shadow.snapchat.com'],
  matchesPath: (path) =>
    path === '/p' || path.startsWith('/p/') || path.startsWith('/gateway/p') || path.startsWith('/cm/'),
  decode(req, sink) {
    if (req.path.startsWith('/cm/')) sink.add('identifiers', 'url', 'cookie-match', req.path);
    decode(req.params, 'url', sink);
    const form = req.bodyForm();
    if (form) decode(form, 'body', sink);
  },
});
