import type { ParsedRequest } from '../wire/parsed-request';
import { defineDecoder } from './types';
import { addEventName, addJsonKeys, jsonParam, type Table } from './shared';
import { walkJson } from '../wire/json';

// Mixpanel: api-js.mixpanel.com/track/ and /engage/ with data=<JSON or base64 JSON> in the query or
// a form body ({event, properties:{token, distinct_id, $device_id, $current_url, $browser, $os,
// $screen_width…}} or {$token, $distinct_id, $set:{$email, $phone, $name…}}), /record/ for replay.
const KEYS: Table = {
  distinct_id: 'identifiers',
  $distinct_id: 'identifiers',
  $device_id: 'identifiers',
  $user_id: 'identifiers',
  $anon_id: 'identifiers',
  $current_url: 'browsing',
  $referrer: 'browsing',
  $initial_referrer: 'browsing',
  current_page_title: 'browsing',
  $browser: 'device',
  $browser_version: 'device',
  $os: 'device',
  $device: 'device',
  $screen_width: 'device',
  $screen_height: 'device',
  mp_keyword: 'search',
  $email: 'contact',
  $phone: 'contact',
  $name: 'contact',
  $first_name: 'contact',
  $last_name: 'contact',
  $city: 'location',
  $region: 'location',
  $latitude: 'location',
  $longitude: 'location',
  $amount: 'purchases',
  $transactions: 'purchases',
};

function documents(req: ParsedRequest): unknown[] {
  const out: unknown[] = [];
  const fromQuery = jsonParam(req.params.get('data'));
  if (fromQuery) out.push(fromQuery);
  const form = req.bodyForm();
  const fromForm = jsonParam(form?.get('data'));
  if (fromForm) out.push(fromForm);
  else if (!form) {
    const json = req.bodyJson();
    if (json) out.push(json);
  }
  return out;
}

const PATHS = ['/track', '/engage', '/groups', '/import'];

function isMixpanelPath(path: string): boolean {
  for (const p of PATHS) if (path === p || path === `${p}/`) return true;
  return false;
}

export const mixpanel = defineDecoder({
  id: 'mixpanel',
  hosts: ['mixpanel.com'],
  matchesPath: (path) => isMixpanelPath(path) || path.startsWith('/record') || path.startsWith('/decide'),
  cloaked: (req) => {
    if (!isMixpanelPath(req.path)) return false;
    const doc = documents(req)[0];
    const first = Array.isArray(doc) ? doc[0] : doc;
    if (!first || typeof first !== 'object') return false;
    const record = first as Record<string, unknown>;
    return (
      typeof record.$token === 'string' ||
      typeof (record.properties as Record<string, unknown> | undefined)?.token === 'string'
    );
  },
  opaqueBody: (req) => req.path.startsWith('/record'),
  decode(req, sink) {
    if (req.path.startsWith('/record')) sink.add('behavior', 'body', 'session-replay', req.path);
    for (const doc of documents(req)) {
      walkJson(doc, (key, value) => {
        if (key === 'event' && typeof value === 'string')
          addEventName(value.replace(/^\$mp_web_/, ''), 'body', 'event', sink);
      });
      addJsonKeys(doc, KEYS, req.params.has('data') ? 'url' : 'body', sink);
    }
  },
});
