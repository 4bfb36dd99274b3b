import type { ParsedRequest } from '../wire/parsed-request';
import { defineDecoder } from './types';
import { addEventName, addJsonKeys, addParams, jsonParam, type Table } from './shared';

// Tealium Collect (EventStream): collect.tealiumiq.com/event (POST JSON, or GET with the data layer
// as parameters) carrying the page's whole data layer (UDO): tealium_account, tealium_visitor_id,
// tealium_session_id, tealium_event and the retailer's own variables (customer_email, order_id…,
// which the generic analyser reads). Also served from first-party collect domains.
const KEYS: Table = {
  tealium_visitor_id: 'identifiers',
  tealium_session_id: 'identifiers',
  tealium_vid: 'identifiers',
  'cp.utag_main_v_id': 'identifiers',
  'dom.url': 'browsing',
  'dom.referrer': 'browsing',
  'dom.title': 'browsing',
  page_name: 'browsing',
  page_type: 'browsing',
  'dom.viewport_width': 'device',
  'dom.viewport_height': 'device',
  'js_page.navigator.userAgent': 'device',
};

function body(req: ParsedRequest): Record<string, unknown> | undefined {
  const json = req.bodyJson() ?? jsonParam(req.bodyForm()?.get('data'));
  return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
}

export const tealium = defineDecoder({
  id: 'tealium-collect',
  hosts: ['collect.tealiumiq.com', 'collect-eu-central-1.tealiumiq.com'],
  matchesPath: (path) => path.startsWith('/event') || path.startsWith('/bulk-event') || path.startsWith('/vdata'),
  cloaked: (req) => req.path === '/event' && typeof body(req)?.tealium_account === 'string',
  decode(req, sink) {
    addParams(req.params, KEYS, 'url', sink);
    const event = req.params.get('tealium_event');
    if (event) addEventName(event, 'url', 'tealium_event', sink);
    const json = body(req);
    if (!json) return;
    if (typeof json.tealium_event === 'string') addEventName(json.tealium_event, 'body', 'tealium_event', sink);
    addJsonKeys(json, KEYS, 'body', sink);
  },
});
