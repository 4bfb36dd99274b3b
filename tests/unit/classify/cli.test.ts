import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runClassify } from '../../../cli/classify';

const dir = mkdtempSync(join(tmpdir(), 'shareledger-classify-'));
const page = 'https://www.demo-store.test/product/trail-shoe-42';

async function run(args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runClassify(args, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) });
  return { code, out: stdout.map((l) => JSON.parse(l)), stderr };
}

describe('shareledger classify --in', () => {
  const file = join(dir, 'requests.ndjson');
  writeFileSync(
    file,
    [
      JSON.stringify({
        url: 'https://www.facebook.com/tr/?id=123456789&ev=Purchase&cd[value]=89.9&fbp=fb.1.1700000000000.123',
        method: 'GET',
        type: 'image',
        documentUrl: page,
      }),
      JSON.stringify({
        url: 'https://px.unknown.example/c?v=jane.doe%40example.com',
        method: 'GET',
        type: 'image',
        documentUrl: page,
        typed: { email: 'Jane.Doe@example.com' },
      }),
      '{"url": "https://broken.example/", ',
      '',
      JSON.stringify({ method: 'GET', type: 'image' }),
      JSON.stringify({ url: 'https://img.demo-store-cdn.test/p/1.jpg?q=80', documentUrl: page }),
    ].join('\n'),
  );

  it('prints one NDJSON line per valid request with the contract fields', async () => {
    const { out } = await run(['--in', file, '--no-trackerdb']);
    expect(out).toHaveLength(3);
    expect(out[0]).toMatchObject({
      url: expect.stringContaining('facebook.com/tr'),
      method: 'GET',
      type: 'image',
      documentUrl: page,
      site: 'demo-store.test',
      thirdParty: true,
      recipientSite: 'facebook.com',
      organization: 'Meta',
      kind: 'advertising',
      vendor: 'meta-pixel',
      categories: ['purchases', 'identifiers'],
    });
    expect(Array.isArray(out[0].evidence)).toBe(true);
    expect(out[2]).toMatchObject({
      thirdParty: false,
      kind: 'first-party',
      categories: [],
      method: 'GET',
      type: 'other',
    });
  });

  it('never prints typed values, only which category leaked where', async () => {
    const { out } = await run(['--in', file, '--no-trackerdb']);
    expect(out[1]).not.toHaveProperty('typed');
    expect(out[1].categories).toEqual(['contact']);
    expect(out[1].evidence).toContainEqual({
      category: 'contact',
      where: 'url',
      key: 'v',
      sample: 'typed email, URL-encoded',
      source: 'leak',
    });
    expect(JSON.stringify(out[1].evidence)).not.toContain('jane');
  });

  it('reports malformed lines with their line number, continues, and exits 1', async () => {
    const { code, stderr, out } = await run(['--in', file, '--no-trackerdb']);
    expect(code).toBe(1);
    expect(stderr.some((l) => l.startsWith('line 3: invalid JSON'))).toBe(true);
    expect(stderr.some((l) => l.startsWith('line 5: missing "url"'))).toBe(true);
    expect(out).toHaveLength(3);
  });

  it('exits 0 on a clean file and names organizations from the tracker database when loaded', async () => {
    const clean = join(dir, 'clean.ndjson');
    writeFileSync(
      clean,
      `${JSON.stringify({ url: 'https://ib.adnxs.com/getuid?x', method: 'GET', type: 'image', documentUrl: page })}\n`,
    );
    const withDb = await run(['--in', clean]);
    expect(withDb.code).toBe(0);
    expect(withDb.stderr).toContain('Tracker data: Ghostery Tracker Database, CC-BY-NC-SA-4.0');
    expect(withDb.out[0]).toMatchObject({ organization: 'Microsoft', kind: 'advertising', thirdParty: true });
    const without = await run(['--in', clean, '--no-trackerdb']);
    expect(without.out[0]).toMatchObject({ organization: 'adnxs.com', kind: 'unknown', thirdParty: true });
  });

  it('with --tracker-data lists names trackers from EasyList/EasyPrivacy only, without the non-commercial database', async () => {
    const real = join(dir, 'real.ndjson');
    writeFileSync(
      real,
      [
        {
          url: 'https://beacon.walmart.com/vm/ttap.gif?id=1',
          type: 'image',
          documentUrl: 'https://www.walmart.com/ip/1',
        },
        { url: 'https://ib.adnxs.com/getuid?x', type: 'image', documentUrl: page },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const lists = await run(['--in', real, '--tracker-data', 'lists']);
    expect(lists.code).toBe(0);
    expect(lists.stderr.join('\n')).toContain('EasyList and EasyPrivacy');
    expect(lists.stderr.join('\n')).not.toContain('Ghostery Tracker Database');
    expect(lists.out[0]).toMatchObject({ kind: 'analytics', nameSource: 'lists', thirdParty: false });
    expect(lists.out[0].nameRule).toMatch(/^easyprivacy: .*beacon\.walmart\.com/);
    // Named a tracker by the lists, but no organization from the database.
    expect(lists.out[1]).toMatchObject({ organization: 'adnxs.com', kind: 'advertising', nameSource: 'lists' });
    const none = await run(['--in', real, '--tracker-data=none']);
    expect(none.out[1]).toMatchObject({ organization: 'adnxs.com', kind: 'unknown', nameSource: 'site' });
    const bad = await run(['--in', real, '--tracker-data', 'some']);
    expect(bad.code).toBe(2);
    expect(bad.stderr[0]).toContain('--tracker-data must be one of all, lists, none');
  }, 60_000);

  it('rejects bad arguments with usage and exit 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['--in', join(dir, 'missing.ndjson')])).code).toBe(2);
    expect((await run(['--bogus'])).code).toBe(2);
  });
});

describe('shareledger classify --har', () => {
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'test', version: '1' },
      pages: [{ id: 'page_1', title: 'Trail Shoe 42', startedDateTime: '2026-11-25T15:00:00.000Z', pageTimings: {} }],
      entries: [
        {
          pageref: 'page_1',
          request: {
            method: 'GET',
            url: page,
            headers: [],
            httpVersion: 'HTTP/1.1',
            cookies: [],
            queryString: [],
            headersSize: -1,
            bodySize: 0,
          },
          response: { status: 200, content: { mimeType: 'text/html', size: 0 } },
        },
        {
          pageref: 'page_1',
          request: {
            method: 'POST',
            url: 'https://analytics.tiktok.com/api/v2/pixel',
            httpVersion: 'HTTP/2',
            cookies: [],
            queryString: [],
            headersSize: -1,
            bodySize: 120,
            headers: [{ name: 'Content-Type', value: 'application/json' }],
            postData: {
              mimeType: 'application/json',
              text: JSON.stringify({
                event: 'ViewContent',
                context: { user: { anonymous_id: 'Ab12Cd34Ef56' }, page: { url: page } },
                properties: { content_id: 'SKU-42' },
              }),
            },
          },
          response: { status: 200, content: { mimeType: 'application/json', size: 0 } },
        },
        {
          pageref: 'page_1',
          request: {
            method: 'POST',
            url: 'https://rs.fullstory.com/rec/bundle/v2?OrgId=o-1&UserId=1234567890&SessionId=98765',
            httpVersion: 'HTTP/2',
            cookies: [],
            queryString: [],
            headersSize: -1,
            bodySize: 300,
            headers: [{ name: 'Content-Encoding', value: 'gzip' }],
            postData: {
              mimeType: 'text/plain',
              text: '\u001f\uFFFD\b\u0000\u0000\u0000\u0000\u0000\u0000\u0003\uFFFD\uFFFD',
            },
          },
          response: { status: 200, content: { mimeType: 'text/plain', size: 0 } },
        },
        {
          request: {
            method: 'POST',
            url: 'https://www.facebook.com/tr/',
            httpVersion: 'HTTP/2',
            cookies: [],
            queryString: [],
            headersSize: -1,
            bodySize: 40,
            headers: [{ name: 'Referer', value: 'https://www.other-shop.test/cart' }],
            postData: {
              mimeType: 'application/x-www-form-urlencoded',
              params: [
                { name: 'id', value: '123456789' },
                { name: 'ev', value: 'AddToCart' },
              ],
            },
          },
          response: { status: 200, content: { mimeType: 'image/gif', size: 0 } },
        },
        { request: { method: 'GET' }, response: {} },
      ],
    },
  };
  const file = join(dir, 'shop.har');
  writeFileSync(file, JSON.stringify(har));

  it('classifies every entry, with documentUrl from the page (or Referer) and lossy gzip bodies unreadable', async () => {
    const { code, out, stderr } = await run(['--har', file, '--no-trackerdb']);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({ url: page, type: 'main_frame', documentUrl: page, thirdParty: false });
    expect(out[1]).toMatchObject({
      vendor: 'tiktok-pixel',
      documentUrl: page,
      site: 'demo-store.test',
      categories: ['browsing', 'identifiers'],
    });
    expect(out[2]).toMatchObject({
      vendor: 'fullstory',
      bodyUnreadable: true,
      categories: ['identifiers', 'behavior'],
    });
    expect(out[3]).toMatchObject({
      vendor: 'meta-pixel',
      documentUrl: 'https://www.other-shop.test/cart',
      site: 'other-shop.test',
      categories: ['purchases'],
    });
    expect(code).toBe(1);
    expect(stderr.some((l) => l.startsWith('entry 5: missing request.url'))).toBe(true);
  });

  it('exits 2 on a file that is not a HAR', async () => {
    const bad = join(dir, 'bad.har');
    writeFileSync(bad, '{"log": {}}');
    expect((await run(['--har', bad])).code).toBe(2);
  });
});
