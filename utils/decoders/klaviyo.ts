import { defineDecoder } from './types';
import { addEventName, addJsonKeys, jsonParam, type Table } from './shared';
import { walkJson } from '../wire/json';

// Klaviyo onsite: legacy a.klaviyo.com/api/track|identify?data=<base64 JSON> (token, event,
// customer_properties.$email / $exchange_id, properties), and the client API
// a.klaviyo.com/client/events|profiles|subscriptions/?company_id=… (JSON:API bodies with
// data.attributes.profile.data.attributes.email, metric name, properties).
const KEYS: Table = {
  $email: 'contact',
  email: 'contact',
  $phone_number: 'contact',
  phone_number: 'contact',
  $first_name: 'contact',
  $last_name: 'contact',
  first_name: 'contact',
  last_name: 'contact',
  $exchange_id: 'identifiers',
  _kx: 'identifiers',
  $id: 'identifiers',
  external_id: 'identifiers',
  anonymous_id: 'identifiers',
  $zip: 'location',
  zip: 'location',
  $city: 'location',
  latitude: 'location',
  longitude: 'location',
  URL: 'browsing',
  ProductName: 'browsing',
  ProductID: 'browsing',
  SKU: 'browsing',
  Categories: 'browsing',
  $value: 'purchases',
  Items: 'purchases',
  ItemNames: 'purchases',
  SearchQuery: 'search',
  SearchTerm: 'search',
};

export const klaviyo = defineDecoder({
  id: 'klaviyo',
  hosts: ['a.klaviyo.com', 'fast.a.klaviyo.com', 'klaviyo.com'],
  matchesPath: (path) => path.startsWith('/api/') || path.startsWith('/client/') || path.startsWith('/onsite/'),
  decode(req, sink) {
    const docs = [jsonParam(req.params.get('data')), req.bodyJson(), jsonParam(req.bodyForm()?.get('data'))];
    if (req.path.startsWith('/client/profiles') || req.path.startsWith('/api/identify'))
      sink.add('identifiers', 'url', 'identify', req.path);
    for (const doc of docs) {
      if (!doc) continue;
      walkJson(doc, (key, value, parent) => {
        if ((key === 'event' || (key === 'name' && parent === 'attributes')) && typeof value === 'string')
          addEventName(value, 'body', key, sink);
      });
      addJsonKeys(doc, KEYS, req.params.has('data') ? 'url' : 'body', sink);
    }
  },
});
