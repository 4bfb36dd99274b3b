import { parseQuery, type Params } from '../wire/params';
import type { Category } from '../categories';
import type { EvidenceSink } from '../wire/evidence';
import { defineDecoder } from './types';
import { addParams } from './shared';

// Universal Analytics Measurement Protocol v1 (analytics.js): /collect, /r/collect, /j/collect with
// v=1, hit type in t, enhanced e-commerce in pa / pr<n>… / il<n>pi<m>…; legacy ga.js in /__utm.gif.
const PARAMS: Record<string, Category> = {
  cid: 'identifiers',
  uid: 'identifiers',
  _gid: 'identifiers',
  gclid: 'identifiers',
  dclid: 'identifiers',
  utmcc: 'identifiers',
  dl: 'browsing',
  dp: 'browsing',
  dh: 'browsing',
  dt: 'browsing',
  dr: 'browsing',
  ec: 'browsing',
  ea: 'browsing',
  utmp: 'browsing',
  utmdt: 'browsing',
  utmr: 'browsing',
  ti: 'purchases',
  tr: 'purchases',
  tt: 'purchases',
  ts: 'purchases',
  tcc: 'purchases',
  utmtid: 'purchases',
  utmtto: 'purchases',
  ul: 'device',
  sr: 'device',
  vp: 'device',
  sd: 'device',
  de: 'device',
  ua: 'device',
  utmsr: 'device',
  utmul: 'device',
  utmsc: 'device',
  geoid: 'location',
  uip: 'location',
};

const PRODUCT_ACTIONS: Record<string, Category> = {
  detail: 'browsing',
  click: 'browsing',
  add: 'purchases',
  remove: 'purchases',
  checkout: 'purchases',
  checkout_option: 'purchases',
  purchase: 'purchases',
  refund: 'purchases',
};

function decode(params: Params, where: 'url' | 'body', sink: EvidenceSink): void {
  addParams(params, PARAMS, where, sink);
  const action = params.get('pa');
  if (action && PRODUCT_ACTIONS[action]) sink.add(PRODUCT_ACTIONS[action]!, where, 'pa', action);
  for (const [key, value] of params) {
    if (value === '') continue;
    if (/^pr\d+(?:id|nm)$/.test(key))
      sink.add(action && PRODUCT_ACTIONS[action] === 'purchases' ? 'purchases' : 'browsing', where, key, value);
    else if (/^il\d+pi\d+(?:id|nm)$/.test(key)) sink.add('browsing', where, key, value);
  }
  if (params.get('t') === 'transaction' || params.get('t') === 'item')
    sink.add('purchases', where, 't', params.get('t')!);
}

function isUaHit(path: string, params: Params): boolean {
  return (
    (path.endsWith('/collect') && !path.endsWith('/g/collect') && params.get('v') === '1') ||
    path.endsWith('/__utm.gif')
  );
}

export const universalAnalytics = defineDecoder({
  id: 'universal-analytics',
  hosts: ['google-analytics.com', 'stats.g.doubleclick.net'],
  matchesPath: (path, req) => isUaHit(path, req.params),
  cloaked: (req) =>
    isUaHit(req.path, req.params) && (req.params.get('tid') ?? req.params.get('utmac') ?? '').startsWith('UA-'),
  decode(req, sink) {
    decode(req.params, 'url', sink);
    if (req.bodyText) for (const line of req.bodyLines()) decode(parseQuery(line), 'body', sink);
  },
});
