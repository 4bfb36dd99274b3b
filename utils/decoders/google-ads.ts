import { parseQuery } from '../wire/params';
import type { Category } from '../categories';
import type { EvidenceSink } from '../wire/evidence';
import { defineDecoder } from './types';
import { addParams, eventCategory, GOOGLE_CLIENT_HINTS, pathStarts } from './shared';

// Google Ads conversion and remarketing tags (gtag AW-…: /pagead/viewthroughconversion, /pagead/
// conversion, /pagead/1p-conversion, /pagead/1p-user-list, /ccm/collect), Floodlight
// (ad.doubleclick.net/activity;src=…;type=…;cat=…;ord=…) and ad requests (/gampad/ads, /pagead/ads).
const PARAMS: Record<string, Category> = {
  gclid: 'identifiers',
  gclaw: 'identifiers',
  gcldc: 'identifiers',
  gclgb: 'identifiers',
  gclgs: 'identifiers',
  gclha: 'identifiers',
  wbraid: 'identifiers',
  gbraid: 'identifiers',
  auid: 'identifiers',
  auiddc: 'identifiers',
  dc_rdid: 'identifiers',
  ppid: 'identifiers',
  url: 'browsing',
  ref: 'browsing',
  tiba: 'browsing',
  '~oref': 'browsing',
  oid: 'purchases',
  value: 'purchases',
  ord: 'purchases',
  qty: 'purchases',
  cost: 'purchases',
  u_w: 'device',
  u_h: 'device',
  u_tz: 'device',
  u_his: 'device',
  u_nplug: 'device',
  u_nmime: 'device',
  u_cd: 'device',
  biw: 'device',
  bih: 'device',
  ...GOOGLE_CLIENT_HINTS,
};

function decodeData(data: string, sink: EvidenceSink): void {
  // data=event=purchase;value=59.98;items=…;ecomm_prodid=…
  for (const pair of data.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (!value) continue;
    if (key === 'event') {
      const category = eventCategory(value);
      if (category) sink.add(category, 'url', 'data.event', value);
    } else if (key === 'ecomm_prodid' || key === 'dynx_itemid') sink.add('browsing', 'url', `data.${key}`, value);
    else if (key === 'ecomm_totalvalue' || key === 'value' || key === 'items' || key === 'transaction_id')
      sink.add('purchases', 'url', `data.${key}`, value);
    else if (key === 'search_term') sink.add('search', 'url', 'data.search_term', value);
  }
}

function decodeMatrix(path: string, sink: EvidenceSink): void {
  // Floodlight: parameters live in the path, separated by ';'.
  const semi = path.indexOf(';');
  if (semi < 0) return;
  const params = parseQuery(path.slice(semi + 1).replace(/;/g, '&'));
  addParams(params, PARAMS, 'url', sink);
  for (const [key, value] of params) if (/^u\d+$/.test(key) && value) sink.add('browsing', 'url', key, value);
  if (params.get('ord') && (params.get('qty') || params.get('cost')))
    sink.add('purchases', 'url', 'ord', params.get('ord')!);
}

export const googleAds = defineDecoder({
  id: 'google-ads',
  hosts: ['doubleclick.net', 'googleadservices.com', 'googlesyndication.com', 'google.com', 'adservice.google.com'],
  matchesPath: (path) =>
    pathStarts(path, ['/pagead/', '/ccm/', '/activity', '/ddm/', '/gampad/', '/rmkt/', '/td/', '/dbm/']) ||
    path.indexOf(';src=') >= 0,
  decode(req, sink) {
    const { params } = req;
    for (const [key, value] of params) {
      if (value === '') continue;
      const category = PARAMS[key];
      // ord is a cache buster on remarketing hits; it is an order id only with a value or quantity.
      if (category && key !== 'ord' && key !== 'value') sink.add(category, 'url', key, value);
    }
    const value = params.get('value');
    if (value && value !== '0') sink.add('purchases', 'url', 'value', value);
    const data = params.get('data');
    if (data) decodeData(data, sink);
    const em = params.get('em');
    if (em && em.indexOf('~em.') >= 0) sink.add('contact', 'url', 'em', em.slice(em.indexOf('~em.') + 4));
    if (req.path.startsWith('/pagead/1p-user-list') || req.path.startsWith('/pagead/viewthroughconversion')) {
      sink.add('identifiers', 'url', 'remarketing', req.path.split('/')[2] ?? 'list');
    }
    decodeMatrix(req.path, sink);
  },
});
