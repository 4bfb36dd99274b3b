/**
 * Session replay on the wire, built byte for byte as the SDKs build it (DataDog/browser-sdk
 * buildReplayPayload + segment.ts + its zlib deflate worker; getsentry/sentry-javascript
 * createReplayEnvelope + prepareRecordingData + serializeEnvelope), then read the way the worker
 * reads webRequest bytes (bodyToText) and classified.
 */
import { describe, expect, it } from 'vitest';
import { zlibSync, strToU8 } from 'fflate';
import { bodyToText, withBody } from '../../../utils/classify/body';
import { createClassifier } from '../../../utils/classify';
import type { RequestRecord } from '../../../utils/model';

const classify = createClassifier();
const PAGE = 'https://www.shop.example/search?q=rain+jacket';
const SESSION = '8f7e6d5c-4b3a-4291-8e7f-6a5b4c3d2e1f';

const records = [
  { type: 4, data: { href: PAGE, width: 1280, height: 720 }, timestamp: 1733300000000 },
  {
    type: 2,
    data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { left: 0, top: 0 } },
    timestamp: 1733300000010,
  },
  { type: 3, data: { source: 1, positions: [{ x: 410, y: 220, id: 57, timeOffset: 0 }] }, timestamp: 1733300000500 },
  { type: 3, data: { source: 2, type: 2, id: 88, x: 412, y: 223 }, timestamp: 1733300000900 },
  { type: 3, data: { source: 3, id: 1, x: 0, y: 640 }, timestamp: 1733300001300 },
];
const metadata = {
  application: { id: 'a1b2c3d4-0000-4000-8000-00000000abcd' },
  session: { id: SESSION },
  view: { id: 'c0ffee00-1111-4222-8333-444455556666' },
  start: 1733300000000,
  end: 1733300001300,
  records_count: records.length,
  index_in_view: 0,
  has_full_snapshot: true,
  source: 'browser',
  creation_reason: 'init',
};

/** The multipart body of one replay upload and its headers, as the browser would send them. */
async function datadogUpload(): Promise<{ bytes: Uint8Array; contentType: string }> {
  // segment.ts: '{"records":[' + records + '],' + metadata without its '{' + '\n', zlib-deflated.
  const segmentJson = `{"records":[${records.map((r) => JSON.stringify(r)).join(',')}],${JSON.stringify(metadata).slice(1)}\n`;
  const data = zlibSync(strToU8(segmentJson));
  const form = new FormData();
  form.append('segment', new Blob([data], { type: 'application/octet-stream' }), `${SESSION}-${metadata.start}`);
  const sizes = { raw_segment_size: segmentJson.length, compressed_segment_size: data.byteLength, ...metadata };
  form.append('event', new Blob([JSON.stringify(sizes)], { type: 'application/json' }));
  const request = new Request('https://browser-intake-datadoghq.com/api/v2/replay', { method: 'POST', body: form });
  return { bytes: new Uint8Array(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

const DATADOG_URL =
  'https://browser-intake-datadoghq.com/api/v2/replay?ddsource=browser&dd-api-key=pub0123456789abcdef0123456789abcdef&dd-evp-origin-version=6.21.0&dd-evp-origin=browser&dd-request-id=4c1f9a52-7d3e-4b8a-9f10-2e6d5c4b3a21';

describe('Datadog Session Replay', () => {
  it('reads a real multipart upload with its deflated segment: recording, page, session', async () => {
    const { bytes, contentType } = await datadogUpload();
    const body = bodyToText(bytes, { headers: { 'Content-Type': contentType }, url: DATADOG_URL });
    expect(body.encoding).toBe('multipart');
    const record = withBody({ url: DATADOG_URL, method: 'POST', type: 'xmlhttprequest', documentUrl: PAGE }, body);
    const out = classify(record);
    expect(out).toMatchObject({ vendor: 'datadog', organization: 'Datadog', kind: 'session-replay', thirdParty: true });
    expect(out.categories).toEqual(expect.arrayContaining(['behavior', 'browsing', 'identifiers']));
    expect(out.evidence).toContainEqual(
      expect.objectContaining({ category: 'behavior', where: 'body', key: 'segment.records' }),
    );
    expect(out.evidence).toContainEqual(expect.objectContaining({ category: 'browsing', key: 'segment.meta.href' }));
  });

  it('names a replay upload whose body cannot be read (beacon, HAR) from the endpoint, with the page it recorded', () => {
    const out = classify({
      url: DATADOG_URL,
      method: 'POST',
      type: 'ping',
      documentUrl: PAGE,
      bodyUnreadable: true,
    });
    expect(out.vendor).toBe('datadog');
    expect(out.categories).toEqual(expect.arrayContaining(['behavior', 'browsing', 'search']));
    expect(out.evidence).toContainEqual(expect.objectContaining({ category: 'behavior', where: 'url' }));
  });

  it('recognises the SDK behind a first-party proxy (ddforward) as cloaked', async () => {
    const { bytes, contentType } = await datadogUpload();
    const forward = encodeURIComponent(new URL(DATADOG_URL).pathname + new URL(DATADOG_URL).search);
    const url = `https://www.shop.example/dd-proxy?ddforward=${forward}`;
    const out = classify(
      withBody(
        { url, method: 'POST', type: 'xmlhttprequest', documentUrl: PAGE },
        bodyToText(bytes, { headers: { 'content-type': contentType } }),
      ),
    );
    expect(out).toMatchObject({ vendor: 'datadog', cloaked: true, thirdParty: true, kind: 'session-replay' });
    expect(out.categories).toContain('behavior');
  });

  it('does not call RUM view events a recording', () => {
    const event = {
      type: 'view',
      view: { url: PAGE, referrer: 'https://www.shop.example/' },
      session: { id: SESSION },
    };
    const out = classify({
      url: DATADOG_URL.replace('/replay', '/rum'),
      method: 'POST',
      type: 'xmlhttprequest',
      documentUrl: PAGE,
      requestBody: JSON.stringify(event),
    });
    expect(out.vendor).toBe('datadog');
    expect(out.categories).toEqual(expect.arrayContaining(['browsing', 'identifiers']));
    expect(out.categories).not.toContain('behavior');
  });
});

const SENTRY_URL =
  'https://o4504.ingest.us.sentry.io/api/4505/envelope/?sentry_version=7&sentry_key=0123456789abcdef0123456789abcdef&sentry_client=sentry.javascript.browser%2F8.45.0';
const REPLAY_ID = '3f2e1d0c9b8a47f6a5e4d3c2b1a09f8e';

/** serializeEnvelope of createReplayEnvelope(replayEvent, prepareRecordingData(compressed events)). */
function sentryReplayEnvelope(compressed: boolean): Uint8Array {
  const header = {
    event_id: REPLAY_ID,
    sent_at: '2026-12-04T10:00:00.000Z',
    sdk: { name: 'sentry.javascript.browser', version: '8.45.0' },
  };
  const replayEvent = {
    type: 'replay_event',
    replay_start_timestamp: 1733300000,
    timestamp: 1733300001.3,
    error_ids: [],
    trace_ids: [],
    urls: [PAGE],
    replay_id: REPLAY_ID,
    segment_id: 0,
    replay_type: 'session',
    platform: 'javascript',
    event_id: REPLAY_ID,
    sdk: { name: 'sentry.javascript.browser', version: '8.45.0' },
  };
  const events = JSON.stringify(records);
  const recording = compressed ? zlibSync(strToU8(events)) : strToU8(events);
  const sequence = strToU8('{"segment_id":0}\n');
  const payload = new Uint8Array(sequence.length + recording.length);
  payload.set(sequence);
  payload.set(recording, sequence.length);
  const head = strToU8(
    `${JSON.stringify(header)}\n{"type":"replay_event"}\n${JSON.stringify(replayEvent)}\n${JSON.stringify({ type: 'replay_recording', length: payload.length })}\n`,
  );
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

function sentryRecord(bytes: Uint8Array, url = SENTRY_URL): RequestRecord {
  return withBody(
    { url, method: 'POST', type: 'xmlhttprequest', documentUrl: PAGE },
    bodyToText(bytes, { headers: { 'content-type': 'text/plain;charset=UTF-8' } }),
  );
}

describe('Sentry Session Replay', () => {
  it('reads the envelope’s text lines before the compressed recording: replay, pages, replay id', () => {
    const record = sentryRecord(sentryReplayEnvelope(true));
    expect(record.requestBody).toContain('"type":"replay_recording"');
    const out = classify(record);
    expect(out).toMatchObject({ vendor: 'sentry', organization: 'Sentry', thirdParty: true });
    expect(out.categories).toEqual(expect.arrayContaining(['behavior', 'browsing', 'identifiers']));
    expect(out.evidence).toContainEqual(
      expect.objectContaining({ category: 'behavior', where: 'body', key: 'replay_recording' }),
    );
  });

  it('reads an uncompressed recording too', () => {
    const out = classify(sentryRecord(sentryReplayEnvelope(false)));
    expect(out.categories).toContain('behavior');
  });

  it('names an envelope that cannot be read at all from the endpoint', () => {
    const out = classify({ url: SENTRY_URL, method: 'POST', type: 'ping', documentUrl: PAGE, bodyUnreadable: true });
    expect(out.vendor).toBe('sentry');
    expect(out.categories).toEqual(expect.arrayContaining(['behavior', 'browsing', 'search']));
  });

  it('does not call an error report a recording', () => {
    const error = {
      event_id: 'aa11bb22cc33dd44ee55ff6677889900',
      exception: { values: [{ type: 'TypeError', value: 'x is undefined' }] },
      request: { url: PAGE, headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64)' } },
      platform: 'javascript',
    };
    const body = `${JSON.stringify({ event_id: error.event_id, sent_at: '2026-12-04T10:00:00.000Z' })}\n{"type":"event"}\n${JSON.stringify(error)}`;
    const out = classify({
      url: SENTRY_URL,
      method: 'POST',
      type: 'xmlhttprequest',
      documentUrl: PAGE,
      requestBody: body,
    });
    expect(out.vendor).toBe('sentry');
    expect(out.categories).not.toContain('behavior');
    expect(out.categories).toEqual(expect.arrayContaining(['browsing', 'device']));
  });

  it('recognises a replay sent through the shop’s own tunnel as cloaked', () => {
    const bytes = sentryReplayEnvelope(true);
    const text = new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0x0a)));
    const withDsn = JSON.stringify({
      ...JSON.parse(text),
      dsn: 'https://0123456789abcdef0123456789abcdef@o4504.ingest.us.sentry.io/4505',
    });
    const tunnelled = new Uint8Array([...strToU8(withDsn), ...bytes.subarray(bytes.indexOf(0x0a))]);
    const out = classify(sentryRecord(tunnelled, 'https://www.shop.example/monitoring'));
    expect(out).toMatchObject({ vendor: 'sentry', cloaked: true, thirdParty: true });
    expect(out.categories).toContain('behavior');
  });
});
