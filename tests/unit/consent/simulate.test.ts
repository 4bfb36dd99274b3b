/** The simulator must follow Chrome's documented matching, or the compile tests prove nothing. */
import { describe, expect, it } from 'vitest';
import type { DnrRule } from '../../../utils/consent/dnr';
import { simulate, urlFilterToRegExp } from '../../../utils/consent/simulate';

const block = (id: number, priority: number, condition: DnrRule['condition']): DnrRule => ({
  id,
  priority,
  action: { type: 'block' },
  condition,
});
const allow = (id: number, priority: number, condition: DnrRule['condition']): DnrRule => ({
  id,
  priority,
  action: { type: 'allow' },
  condition,
});

describe('urlFilter', () => {
  it.each([
    ['||example.com/ads', 'https://www.example.com/ads/1.js', true],
    ['||example.com/ads', 'https://notexample.com/ads/1.js', false],
    ['||example.com^', 'https://example.com:8443/x', true],
    ['|https://a.example/', 'https://a.example/x', true],
    ['|https://a.example/', 'http://a.example/x', false],
    ['tracker*.gif|', 'https://x.example/tracker/1.gif', true],
    ['tracker*.gif|', 'https://x.example/tracker/1.gif?x', false],
    ['/ADS/', 'https://x.example/ads/', true],
  ])('%s on %s → %s', (filter, url, expected) => {
    expect(urlFilterToRegExp(filter, false).test(url)).toBe(expected);
  });

  it('is case-sensitive only when asked', () => {
    expect(urlFilterToRegExp('/ADS/', true).test('https://x.example/ads/')).toBe(false);
  });
});

describe('conditions', () => {
  const r = block(1, 1, {
    requestDomains: ['tracker.example'],
    initiatorDomains: ['shop.example'],
    domainType: 'thirdParty',
  });

  it('matches subdomains of requestDomains and initiatorDomains', () => {
    expect(
      simulate([r], { url: 'https://px.tracker.example/p', type: 'image', initiator: 'https://www.shop.example' })
        .outcome,
    ).toBe('blocked');
  });

  it('does not match a request without initiator when initiatorDomains is set', () => {
    expect(simulate([r], { url: 'https://px.tracker.example/p', type: 'image' }).outcome).toBe('allowed');
  });

  it('skips main_frame unless resourceTypes lists it', () => {
    expect(
      simulate([r], { url: 'https://tracker.example/', type: 'main_frame', initiator: 'https://shop.example' }).outcome,
    ).toBe('allowed');
  });

  it('thirdParty does not match a same-site request', () => {
    const own = block(2, 1, { requestDomains: ['shop.example'], domainType: 'thirdParty' });
    expect(
      simulate([own], { url: 'https://cdn.shop.example/a.js', type: 'script', initiator: 'https://www.shop.example' })
        .outcome,
    ).toBe('allowed');
  });

  it('excluded domains take precedence', () => {
    const x = block(3, 1, { excludedInitiatorDomains: ['eu.shop.example'], initiatorDomains: ['shop.example'] });
    expect(
      simulate([x], { url: 'https://t.example/', type: 'image', initiator: 'https://eu.shop.example' }).outcome,
    ).toBe('allowed');
  });
});

describe('precedence', () => {
  const any = { requestDomains: ['t.example'] };
  const req = { url: 'https://t.example/p?cid=1', type: 'image' as const, initiator: 'https://shop.example' };

  it('allow beats block at equal priority; higher priority wins otherwise', () => {
    expect(simulate([block(1, 1, any), allow(2, 1, any)], req)).toMatchObject({ outcome: 'allowed', ruleId: 2 });
    expect(simulate([block(1, 2, any), allow(2, 1, any)], req)).toMatchObject({ outcome: 'blocked', ruleId: 1 });
  });

  it('block beats redirect at equal priority', () => {
    const redirect: DnrRule = {
      id: 3,
      priority: 1,
      action: { type: 'redirect', redirect: { transform: { queryTransform: { removeParams: ['cid'] } } } },
      condition: any,
    };
    expect(simulate([redirect, block(1, 1, any)], req).outcome).toBe('blocked');
    expect(simulate([redirect], req)).toMatchObject({ outcome: 'redirected', redirectUrl: 'https://t.example/p' });
    expect(simulate([redirect], { ...req, url: 'https://t.example/p?x=1' }).outcome).toBe('allowed');
  });

  it('ignores modifyHeaders rules at or below a matching allow rule', () => {
    const strip: DnrRule = {
      id: 4,
      priority: 1,
      action: { type: 'modifyHeaders', requestHeaders: [{ header: 'cookie', operation: 'remove' }] },
      condition: any,
    };
    const gpc: DnrRule = {
      id: 5,
      priority: 9,
      action: { type: 'modifyHeaders', requestHeaders: [{ header: 'sec-gpc', operation: 'set', value: '1' }] },
      condition: any,
    };
    const out = simulate([strip, gpc, allow(2, 5, any)], req);
    expect(out.removedRequestHeaders).toEqual([]);
    expect(out.setRequestHeaders).toEqual({ 'sec-gpc': '1' });
  });
});
