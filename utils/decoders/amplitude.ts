import type { ParsedRequest } from '../wire/parsed-request';
import { defineDecoder } from './types';
import { addEventName, addJsonKeys, jsonParam, type Table } from './shared';
import { walkJson } from '../wire/json';

// Amplitude: api2.amplitude.com/2/httpapi and /batch (JSON {api_key, events:[{event_type, user_id,
// device_id, session_id, event_properties, user_properties, os_name, device_model, language,
// location_lat, location_lng, city…}]}), the legacy api.amplitude.com form (client=…&e=<JSON>),
// /identify, and Session Replay uploads (api-sr.amplitude.com).
const KEYS: Table = {
  user_id: 'identifiers',
  device_id: 'identifiers',
  session_id: 'identifiers',
  insert_id: 'identifiers',
  idfa: 'identifiers',
  adid: 'identifiers',
  android_id: 'identifiers',
  os_name: 'device',
  os_version: 'device',
  device_model: 'device',
  device_family: 'device',
  device_manufacturer: 'device',
  language: 'device',
  platform: 'device',
  location_lat: 'location',
  location_lng: 'location',
  city: 'location',
  dma: 'location',
  '[Amplitude] Page URL': 'browsing',
  '[Amplitude] Page Location': 'browsing',
  '[Amplitude] Page Title': 'browsing',
  '[Amplitude] Page Path': 'browsing',
  referrer: 'browsing',
  revenue: 'purchases',
  price: 'purchases',
  productId: 'purchases',
  revenueType: 'purchases',
};

function documents(req: ParsedRequest): unknown[] {
  const out: unknown[] = [];
  const json = req.bodyJson();
  if (json) out.push(json);
  const form = req.bodyForm();
  if (form) {
    for (const key of ['e', 'events', 'identification']) {
      const doc = jsonParam(form.get(key));
      if (doc) out.push(doc);
    }
  }
  return out;
}

export const amplitude = defineDecoder({
  id: 'amplitude',
  hosts: ['amplitude.com'],
  matchesPath: (path) =>
    path.startsWith('/2/httpapi') ||
    path.startsWith('/batch') ||
    path === '/' ||
    path.startsWith('/identify') ||
    path.startsWith('/sessions/'),
  cloaked: (req) =>
    req.path.endsWith('/2/httpapi') &&
    typeof (req.bodyJson() as Record<string, unknown> | undefined)?.api_key === 'string',
  opaqueBody: (req) => req.path.startsWith('/sessions/') || req.host.startsWith('api-sr'),
  decode(req, sink) {
    if (req.path.startsWith('/sessions/') || req.host.startsWith('api-sr')) {
      sink.add('behavior', 'body', 'session-replay', req.path);
      sink.add(
        'identifiers',
        'url',
        'device_id',
        req.params.get('device_id') ?? req.params.get('session_id') ?? 'session',
      );
    }
    for (const doc of documents(req)) {
      walkJson(doc, (key, value) => {
        if (key === 'event_type' && typeof value === 'string')
          addEventName(value.replace(/^\[Amplitude\] /, ''), 'body', 'event_type', sink);
      });
      addJsonKeys(doc, KEYS, 'body', sink);
    }
  },
});
