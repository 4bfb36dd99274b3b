import type { Category } from '../categories';
import type { EvidenceSink } from '../wire/evidence';
import { defineDecoder } from './types';
import { nestedParams } from './shared';

// Criteo OneTag: sslwidget.criteo.com/event?a=<account>&p0=e%3Dexd…&p1=e%3Dvp%26p%3D<sku>…&fu=<page>.
// Each pN is a query string of one event: vh (home), vl (listing; kw = search keywords), vp (product),
// vb (basket), vc (sale: id = order id), ce (setEmail: m = hashed email), sz? (zip code), exd, dis.
// gum.criteo.com is its cookie-sync endpoint.
const EVENTS: Record<string, Category> = {
  vh: 'browsing',
  vl: 'browsing',
  vp: 'browsing',
  vs: 'search',
  vb: 'purchases',
  vc: 'purchases',
  ce: 'contact',
};

function decodeEvent(slot: string, text: string, sink: EvidenceSink): void {
  const ev = nestedParams(text);
  const code = ev.get('e') ?? '';
  const category = EVENTS[code];
  if (category && category !== 'contact') sink.add(category, 'url', `${slot}.e`, code);
  const items = ev.get('p');
  if (items && items !== '[]' && category)
    sink.add(category === 'contact' ? 'browsing' : category, 'url', `${slot}.p`, items);
  const id = ev.get('id');
  if (id && code === 'vc') sink.add('purchases', 'url', `${slot}.id`, id);
  const kw = ev.get('kw');
  if (kw) sink.add('search', 'url', `${slot}.kw`, kw);
  for (const key of ['m', 'email', 'em']) {
    const email = ev.get(key);
    if (email && email !== '[]' && email !== '[""]') sink.add('contact', 'url', `${slot}.${key}`, email);
  }
  const zip = ev.get('zip') ?? ev.get('z');
  if (zip) sink.add('location', 'url', `${slot}.zip`, zip);
  const ci = ev.get('ci') ?? ev.get('customer_id');
  if (ci) sink.add('identifiers', 'url', `${slot}.ci`, ci);
  const store = ev.get('si') ?? ev.get('store_id');
  if (store) sink.add('location', 'url', `${slot}.si`, store);
}

export const criteo = defineDecoder({
  id: 'criteo',
  hosts: ['criteo.com', 'criteo.net'],
  matchesPath: (path, req) =>
    path.endsWith('/event') ||
    path.startsWith('/sync') ||
    path.startsWith('/syncframe') ||
    req.host.startsWith('gum.') ||
    path.startsWith('/delivery/'),
  decode(req, sink) {
    const { params } = req;
    if (req.host.startsWith('gum.') || req.path.startsWith('/sync'))
      sink.add('identifiers', 'url', 'cookie-sync', req.host);
    for (const [key, value] of params) {
      if (!value) continue;
      if (key.length <= 3 && key.charCodeAt(0) === 112 /* p */ && /^p\d+$/.test(key)) decodeEvent(key, value, sink);
      else if (key === 'fu' || key === 'pu' || key === 'ref' || key === 'rf') sink.add('browsing', 'url', key, value);
      else if (key === 'bundle' || key === 'cto_bundle' || key === 'idcpy' || key === 'uid' || key === 'ifa')
        sink.add('identifiers', 'url', key, value);
      else if (key === 'sc' || key === 'sw' || key === 'sh') sink.add('device', 'url', key, value);
    }
  },
});
