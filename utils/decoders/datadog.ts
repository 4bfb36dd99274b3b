import type { EvidenceSink } from '../wire/evidence';
import type { ParsedRequest } from '../wire/parsed-request';
import { parseJsonSafely, walkJson } from '../wire/json';
import { vendorById } from '../vendors/registry';
import { defineDecoder } from './types';
import { addJsonKeys, type Table } from './shared';

// Datadog RUM and Session Replay (browser-sdk): POST browser-intake-<site>/api/v2/<track>?ddsource=
// browser&dd-api-key=…&dd-evp-origin=browser&dd-request-id=…, track `rum` (NDJSON events: view.url,
// view.referrer, session.id, usr.*, device, display) or `replay`: multipart/form-data with a
// `segment` part (a zlib-deflated JSON segment {"records":[…], session, view, start, end,
// records_count}: rrweb-style records, full DOM snapshots, mouse moves, clicks, scrolls, inputs)
// and an `event` part (the same metadata as JSON). A proxied SDK posts to the shop's own host with
// ?ddforward=/api/v2/replay?…, which is its signature anywhere.
const RUM_EVENT: Table = {
  url: 'browsing',
  referrer: 'browsing',
  url_path: 'browsing',
  name: 'browsing',
  email: 'contact',
  screen: 'device',
  viewport: 'device',
  brand: 'device',
  model: 'device',
};

/** The track an intake request goes to ("replay", "rum", …), directly or through a ddforward proxy. */
function track(req: ParsedRequest): string | undefined {
  const path = req.path.startsWith('/api/v2/') ? req.path : req.params.get('ddforward');
  if (!path?.startsWith('/api/v2/')) return undefined;
  const rest = path.slice('/api/v2/'.length);
  const stop = rest.search(/[/?]/);
  return stop < 0 ? rest : rest.slice(0, stop);
}

// rrweb incremental snapshot sources: 1 mouse move, 2 mouse interaction, 3 scroll, 5 input, 6 touch.
const RECORDED_SOURCES = new Set([1, 2, 3, 5, 6]);

function decodeSegment(text: string, sink: EvidenceSink): void {
  const segment = parseJsonSafely(text);
  if (!segment || typeof segment !== 'object') return;
  const records = (segment as { records?: unknown }).records;
  if (Array.isArray(records) && records.length > 0)
    sink.add('behavior', 'body', 'segment.records', `${records.length} records`);
  walkJson(records, (key, value, parent) => {
    if (key === 'href' && typeof value === 'string') sink.add('browsing', 'body', 'segment.meta.href', value);
    if (parent === 'data' && key === 'source' && typeof value === 'number' && RECORDED_SOURCES.has(value))
      sink.add('behavior', 'body', 'segment.incremental', `source ${value}`);
  });
  addIds(segment, 'segment', sink);
}

function addIds(json: unknown, where: string, sink: EvidenceSink): void {
  walkJson(json, (key, value, parent) => {
    if (key === 'id' && typeof value === 'string' && (parent === 'session' || parent === 'usr'))
      sink.add('identifiers', 'body', `${where}.${parent}.id`, value);
    return key === 'records';
  });
}

export const datadog = defineDecoder({
  id: 'datadog',
  hosts: vendorById('datadog')?.hosts ?? [],
  matchesPath: (path) => path.startsWith('/api/v2/'),
  // A first-party proxy keeps the intake path in ?ddforward= (the SDK's `proxy` option).
  cloaked: (req) => track(req) !== undefined && (req.params.get('ddforward') ?? '').includes('dd-evp-origin='),
  opaqueBody: (req) => track(req) === 'replay',
  // Every replay segment starts with a Meta record holding the page's address.
  carriesPageUrl: (req) => track(req) === 'replay',
  decode(req, sink) {
    const kind = track(req);
    if (kind === 'replay') {
      const form = req.bodyForm();
      const segment = form?.get('segment');
      const event = form?.get('event');
      if (segment) decodeSegment(segment, sink);
      if (event) addIds(parseJsonSafely(event), 'event', sink);
      // A replay upload is a recording whether or not its compressed body could be read.
      if (!segment) sink.add('behavior', 'url', 'track', '/api/v2/replay (session replay segment)');
      return;
    }
    if (kind === 'rum') {
      for (const line of req.bodyLines()) {
        const event = parseJsonSafely(line);
        if (!event) continue;
        addJsonKeys(event, RUM_EVENT, 'body', sink);
        addIds(event, 'event', sink);
      }
    }
  },
});
