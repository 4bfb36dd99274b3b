import type { Category } from '../categories';
import type { EvidenceWhere } from '../model';
import type { ParsedRequest } from '../wire/parsed-request';
import type { EvidenceSink } from '../wire/evidence';
import { defineDecoder } from './types';
import { addEventName, addParams, jsonParam, type Table } from './shared';
import { walkJson } from '../wire/json';

// Snowplow tracker protocol: GET /i?e=pv&url=…&duid=…&uid=…&res=… or POST
// /com.snowplowanalytics.snowplow/tp2 {schema: "iglu:…/payload_data/…", data: [{e, url, duid…}]}.
// e: pv page view, pp page ping, se structured event, ue self-describing event (ue_pr JSON or ue_px
// base64), tr / ti transaction and item; contexts in co (JSON) or cx (base64). Collectors are
// usually self-hosted on the retailer's own domain, hence the cloaked signature.
const EVENTS: Record<string, Category> = { pv: 'browsing', pp: 'browsing', tr: 'purchases', ti: 'purchases' };

const FIELDS: Table = {
  duid: 'identifiers',
  uid: 'identifiers',
  nuid: 'identifiers',
  sid: 'identifiers',
  url: 'browsing',
  page: 'browsing',
  refr: 'browsing',
  tr_id: 'purchases',
  tr_tt: 'purchases',
  ti_sk: 'purchases',
  ti_pr: 'purchases',
  tz: 'device',
  lang: 'device',
  res: 'device',
  vp: 'device',
  ds: 'device',
  cd: 'device',
  ua: 'device',
};

const COLLECTOR_PATH = '/com.snowplowanalytics.snowplow/tp2';

function decodeEvent(
  fields: Iterable<[string, string]>,
  get: (key: string) => string | null,
  where: EvidenceWhere,
  sink: EvidenceSink,
): void {
  const e = get('e');
  if (e && EVENTS[e]) sink.add(EVENTS[e]!, where, 'e', e);
  addParams(fields, FIELDS, where, sink);
  const action = get('se_ac');
  if (action) addEventName(action, where, 'se_ac', sink);
  for (const key of ['ue_pr', 'ue_px']) {
    const event = jsonParam(get(key));
    if (!event) continue;
    walkJson(event, (k, value) => {
      if (k === 'schema' && typeof value === 'string') {
        const name = value.split('/')[1] ?? '';
        if (name === 'site_search') sink.add('search', where, key, 'site_search');
        else if (/link_click|focus_form|change_form|submit_form/.test(name)) sink.add('browsing', where, key, name);
      } else if (k === 'type' && typeof value === 'string') addEventName(value, where, `${key}.type`, sink);
      else if (k === 'terms' && Array.isArray(value) && value.length)
        sink.add('search', where, `${key}.terms`, value.join(' '));
    });
  }
}

function isTrackerHit(req: ParsedRequest): boolean {
  if (req.path.endsWith(COLLECTOR_PATH)) return true;
  const e = req.params.get('e');
  return (
    (req.path === '/i' || req.path.endsWith('/i')) &&
    e !== null &&
    /^(?:pv|pp|se|ue|tr|ti)$/.test(e) &&
    (req.params.get('tv') ?? '').includes('-')
  );
}

export const snowplow = defineDecoder({
  id: 'snowplow',
  hosts: ['snplow.net', 'snowplowanalytics.com'],
  matchesPath: (_path, req) => isTrackerHit(req),
  cloaked: isTrackerHit,
  decode(req, sink) {
    decodeEvent(req.params, (k) => req.params.get(k), 'url', sink);
    const json = req.bodyJson() as { data?: unknown } | undefined;
    const events = json && Array.isArray(json.data) ? json.data.slice(0, 64) : [];
    for (const event of events) {
      if (!event || typeof event !== 'object') continue;
      const record = event as Record<string, unknown>;
      const entries = Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
      decodeEvent(entries, (k) => (typeof record[k] === 'string' ? (record[k] as string) : null), 'body', sink);
    }
  },
});
