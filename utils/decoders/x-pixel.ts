import type { Category } from '../categories';
import type { EvidenceSink } from '../wire/evidence';
import { defineDecoder } from './types';
import { addJsonKeys, addParams, eventCategory, jsonParam, type Table } from './shared';

// X (Twitter) pixel: t.co/i/adsct and analytics.twitter.com/i/adsct with txn_id (pixel), event /
// events (JSON: event name and conversion data, hashed email_address / phone_number), tw_sale_amount,
// tw_order_quantity, tw_document_href; twclid is the click id.
const PARAMS: Table = {
  tw_document_href: 'browsing',
  tw_document_referrer: 'browsing',
  tw_sale_amount: 'purchases',
  tw_order_quantity: 'purchases',
  twclid: 'identifiers',
  tw_clid: 'identifiers',
  tw_clid_src: 'identifiers',
};

const EVENT_JSON: Table = {
  email_address: 'contact',
  phone_number: 'contact',
  value: 'purchases',
  conversion_id: 'purchases',
  contents: 'purchases',
  search_string: 'search',
  twclid: 'identifiers',
};

function decodeEvents(json: unknown, sink: EvidenceSink): void {
  if (!json) return;
  // events=[["pageview",{…}],["purchase",{…}]] or event={"event":"…", …}
  if (Array.isArray(json)) {
    for (const entry of json.slice(0, 32)) {
      if (Array.isArray(entry) && typeof entry[0] === 'string') {
        const category: Category = eventCategory(entry[0]) ?? 'browsing';
        sink.add(category, 'url', 'events', entry[0]);
      }
    }
  }
  addJsonKeys(json, EVENT_JSON, 'url', sink);
}

export const xPixel = defineDecoder({
  id: 'x-pixel',
  hosts: ['t.co', 'analytics.twitter.com', 'analytics.x.com'],
  matchesPath: (path) => path.endsWith('/adsct') || path.startsWith('/i/adsct') || path.startsWith('/1/i/adsct'),
  decode(req, sink) {
    const { params } = req;
    addParams(params, PARAMS, 'url', sink);
    const name = params.get('event');
    const json = jsonParam(name);
    if (json) decodeEvents(json, sink);
    else if (name) sink.add(eventCategory(name) ?? 'browsing', 'url', 'event', name);
    decodeEvents(jsonParam(params.get('events')), sink);
    if (!name && !params.get('events')) sink.add('browsing', 'url', 'txn_id', params.get('txn_id') ?? 'pageview');
  },
});
