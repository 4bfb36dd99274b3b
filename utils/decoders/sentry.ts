import type { EvidenceSink } from '../wire/evidence';
import type { ParsedRequest } from '../wire/parsed-request';
import { parseJsonSafely, walkJson } from '../wire/json';
import { defineDecoder } from './types';
import { addJsonKeys, type Table } from './shared';

// Sentry (sentry-javascript): POST o<org>.ingest[.<region>].sentry.io/api/<project>/envelope/?
// sentry_version=7&sentry_key=…&sentry_client=sentry.javascript.browser/… with an envelope: a JSON
// header line ({event_id, sent_at, sdk, dsn?}), then per item a JSON item-header line and a payload.
// Session Replay sends {"type":"replay_event"} (replay_id, segment_id, urls: the pages recorded) and
// {"type":"replay_recording","length":n} whose payload is {"segment_id":n}\n followed by the rrweb
// events, usually zlib-compressed (binary). Errors and transactions use the same endpoint as
// plain JSON, so a body that cannot be read on this endpoint is a compressed recording. A tunnel
// (the SDK's `tunnel` option) posts the same envelope to the shop's own host, naming the DSN.
const EVENT: Table = {
  urls: 'browsing',
  url: 'browsing',
  replay_id: 'identifiers',
  ip_address: 'identifiers',
  email: 'contact',
  username: 'contact',
};

function isEnvelopePath(path: string): boolean {
  return path.startsWith('/api/') && path.endsWith('/envelope/') && /^\/api\/\d+\/envelope\/$/.test(path);
}

interface ItemHeader {
  type?: unknown;
}

/** Item types of an envelope body (header line, then item header / payload pairs). */
function decodeEnvelope(req: ParsedRequest, sink: EvidenceSink): boolean {
  const lines = req.bodyLines();
  let replay = false;
  for (let i = 1; i < lines.length; i++) {
    const header = parseJsonSafely(lines[i]!) as ItemHeader | undefined;
    const type = header && typeof header === 'object' ? header.type : undefined;
    if (type === 'replay_recording') {
      sink.add('behavior', 'body', 'replay_recording', 'session replay recording');
      replay = true;
      i += 1; // {"segment_id":n} or the recording itself
    } else if (type === 'replay_event' || type === 'event' || type === 'transaction') {
      const payload = parseJsonSafely(lines[i + 1] ?? '');
      if (type === 'replay_event' && payload) {
        sink.add('behavior', 'body', 'replay_event', 'session replay segment');
        replay = true;
      }
      if (payload) {
        addJsonKeys(payload, EVENT, 'body', sink);
        addUser(payload, sink);
      }
      i += 1;
    }
  }
  return replay;
}

function addUser(payload: unknown, sink: EvidenceSink): void {
  walkJson(payload, (key, value, parent) => {
    if (parent === 'user' && key === 'id' && (typeof value === 'string' || typeof value === 'number'))
      sink.add('identifiers', 'body', 'user.id', String(value));
    if (parent === 'headers' && key === 'User-Agent' && typeof value === 'string')
      sink.add('device', 'body', 'request.headers.User-Agent', value);
  });
}

/** A tunnelled envelope: its header line names a Sentry DSN, and it carries a replay. */
function isTunnelledReplay(req: ParsedRequest): boolean {
  const body = req.bodyText;
  if (!body || body.charCodeAt(0) !== 123 /* { */) return false;
  const firstLine = body.slice(0, body.indexOf('\n'));
  return /"dsn":"https?:\/\/[^"]*sentry/.test(firstLine) && body.includes('"type":"replay_');
}

export const sentry = defineDecoder({
  id: 'sentry',
  hosts: ['sentry.io', 'sentry-cdn.com'],
  matchesPath: (path) => isEnvelopePath(path) || /^\/api\/\d+\/store\/$/.test(path),
  cloaked: isTunnelledReplay,
  opaqueBody: (req) => (req.bodyText ?? '').includes('"type":"replay_recording"'),
  carriesPageUrl: (req) => isEnvelopePath(req.path) && req.record.bodyUnreadable === true,
  decode(req, sink) {
    if (req.bodyText !== undefined) {
      decodeEnvelope(req, sink);
      return;
    }
    // Error and transaction envelopes are JSON text; a binary one is a compressed replay recording.
    if (req.record.bodyUnreadable && isEnvelopePath(req.path))
      sink.add('behavior', 'url', 'envelope', 'unreadable envelope: a compressed session replay recording');
  },
});
