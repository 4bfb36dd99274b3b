import { describe, expect, it } from 'vitest';
import { deflateSync, gzipSync, zlibSync, strToU8 } from 'fflate';
import { bodyToText, decodeWebRequestBody, withBody } from '../../../utils/classify/body';
import { createClassifier } from '../../../utils/classify';

const json = JSON.stringify({ Seq: 1, Evts: [{ When: 10, Kind: 3, Args: [1, 2] }], email: 'jane@example.com' });

describe('bodyToText', () => {
  it('reads plain UTF-8 text', () => {
    expect(bodyToText(strToU8('a=1&b=zwölf'))).toEqual({
      text: 'a=1&b=zwölf',
      unreadable: false,
      encoding: 'identity',
    });
  });

  it('gunzips with Content-Encoding: gzip', () => {
    const out = bodyToText(gzipSync(strToU8(json)), { headers: { 'Content-Encoding': 'gzip' } });
    expect(out).toEqual({ text: json, unreadable: false, encoding: 'gzip' });
  });

  it('gunzips without the header by sniffing the 1f 8b magic (compression=gzip-js SDKs)', () => {
    const out = bodyToText(gzipSync(strToU8(json)).buffer as ArrayBuffer, {
      url: 'https://api-js.mixpanel.com/track/?compression=gzip-js&ip=1',
    });
    expect(out.text).toBe(json);
    expect(out.encoding).toBe('gzip');
  });

  it('inflates zlib and raw deflate when Content-Encoding: deflate', () => {
    expect(bodyToText(zlibSync(strToU8(json)), { headers: { 'content-encoding': 'deflate' } }).text).toBe(json);
    expect(bodyToText(deflateSync(strToU8(json)), { headers: { 'content-encoding': 'deflate' } }).text).toBe(json);
  });

  it('accepts webRequest raw parts split across several buffers', () => {
    const bytes = gzipSync(strToU8(json));
    const parts = [bytes.slice(0, 10).buffer, bytes.slice(10).buffer];
    expect(decodeWebRequestBody({ raw: parts.map((b) => ({ bytes: b as ArrayBuffer })) })?.text).toBe(json);
  });

  it('turns webRequest formData into a form body', () => {
    expect(decodeWebRequestBody({ formData: { id: ['123'], ev: ['PageView'] } })).toEqual({
      text: 'id=123&ev=PageView',
      unreadable: false,
      encoding: 'form-data',
    });
  });

  it('reads multipart with a deflate-compressed part', () => {
    const boundary = '----sl1234';
    const compressed = deflateSync(strToU8(json));
    const head = strToU8(
      `--${boundary}\r\nContent-Disposition: form-data; name="meta"\r\n\r\n{"v":1}\r\n--${boundary}\r\nContent-Disposition: form-data; name="events"\r\nContent-Encoding: deflate\r\n\r\n`,
    );
    const tail = strToU8(`\r\n--${boundary}--\r\n`);
    const body = new Uint8Array(head.length + compressed.length + tail.length);
    body.set(head, 0);
    body.set(compressed, head.length);
    body.set(tail, head.length + compressed.length);
    const out = bodyToText(body, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(out.encoding).toBe('multipart');
    const form = new URLSearchParams(out.text);
    expect(form.get('meta')).toBe('{"v":1}');
    expect(form.get('events')).toBe(json);
  });

  it('marks binary and broken gzip as unreadable, never throws', () => {
    expect(bodyToText(new Uint8Array([0, 1, 2, 3, 255, 254, 0, 0, 7, 8])).unreadable).toBe(true);
    const broken = gzipSync(strToU8(json)).slice(0, 25);
    expect(bodyToText(broken, { headers: { 'content-encoding': 'gzip' } })).toEqual({
      unreadable: true,
      encoding: 'gzip',
    });
    expect(bodyToText(strToU8('hello'), { headers: { 'content-encoding': 'br' } }).unreadable).toBe(true);
  });

  it('stops a decompression bomb at the size cap', () => {
    const bomb = gzipSync(new Uint8Array(16 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100_000);
    expect(bodyToText(bomb).unreadable).toBe(true);
  });

  it('feeds the classifier: a gzip FullStory bundle decodes to behavior + identifiers', () => {
    const record = withBody(
      {
        url: 'https://rs.fullstory.com/rec/bundle/v2?OrgId=o-1&UserId=1234567890&SessionId=987654321',
        method: 'POST',
        type: 'ping',
        documentUrl: 'https://shop.example/',
      },
      bodyToText(gzipSync(strToU8(json))),
    );
    expect(record.requestBody).toBe(json);
    expect(createClassifier()(record).categories).toEqual(['identifiers', 'contact', 'behavior']);
  });
});
