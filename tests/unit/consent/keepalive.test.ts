import { describe, expect, it, vi } from 'vitest';
import {
  dropsKeepalive,
  fetchWithVisibleKeepalive,
  firefoxMajorFromUserAgent,
  keepaliveHiddenFromExtensions,
} from '../../../utils/consent/keepalive';

const SHOP = 'https://www.demo-store.test';
const PIXEL = 'https://analytics.tiktok.com/api/v2/pixel';

describe('keepalive fetches made visible to webRequest (Firefox before 147)', () => {
  it('reads Firefox versions from user agents and knows which hide keepalive fetches', () => {
    expect(firefoxMajorFromUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0')).toBe(
      140,
    );
    expect(
      keepaliveHiddenFromExtensions('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0'),
    ).toBe(true);
    expect(keepaliveHiddenFromExtensions('Mozilla/5.0 (Windows NT 10.0; rv:153.0) Gecko/20100101 Firefox/153.0')).toBe(
      false,
    );
    expect(keepaliveHiddenFromExtensions('Mozilla/5.0 AppleWebKit/537.36 Chrome/142.0.0.0 Safari/537.36')).toBe(false);
    expect(keepaliveHiddenFromExtensions(undefined)).toBe(false);
  });

  it('drops the flag from cross-origin http(s) requests only', () => {
    expect(dropsKeepalive(PIXEL, SHOP)).toBe(true);
    expect(dropsKeepalive('/api/cart', SHOP)).toBe(false);
    expect(dropsKeepalive(`${SHOP}/collect`, SHOP)).toBe(false);
    expect(dropsKeepalive('data:text/plain,x', SHOP)).toBe(false);
    expect(dropsKeepalive('http://[bad', SHOP)).toBe(false);
  });

  it('sends a tracker keepalive fetch without the flag, by URL and by Request, and leaves the rest alone', async () => {
    const original = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      void input;
      void init;
      return Promise.resolve(new Response('ok'));
    });
    const fetch = fetchWithVisibleKeepalive(original, SHOP, Request);
    const body = JSON.stringify({ email: 'jane@example.com' });

    await fetch(PIXEL, { method: 'POST', body, keepalive: true });
    expect(original.mock.calls[0][1]).toEqual({ method: 'POST', body, keepalive: false });

    await fetch(new Request(PIXEL, { method: 'POST', body, keepalive: true }));
    const sent = original.mock.calls[1][0] as Request;
    expect(sent).toBeInstanceOf(Request);
    expect(sent.keepalive).toBe(false);
    expect(sent.method).toBe('POST');
    expect(await sent.text()).toBe(body);

    const sameSite = { method: 'POST', body, keepalive: true };
    await fetch(`${SHOP}/api/log`, sameSite);
    expect(original.mock.calls[2][1]).toBe(sameSite);

    const plain = { method: 'POST', body };
    await fetch(PIXEL, plain);
    expect(original.mock.calls[3][1]).toBe(plain);
  });
});
