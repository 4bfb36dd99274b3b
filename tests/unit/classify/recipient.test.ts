import { describe, expect, it } from 'vitest';
import { looksLikeSisterSite, sameEntity } from '../../../utils/recipient/entities';
import { createClassifier } from '../../../utils/classify';

describe('recipient identity', () => {
  it('knows sister domains from the entity map', () => {
    expect(sameEntity('target.com', 'targetimg1.com')).toBe(true);
    expect(sameEntity('target.com', 'walmart.com')).toBe(false);
  });

  it('recognises unlisted asset domains named after the retailer', () => {
    expect(looksLikeSisterSite('acme-outdoor.com', 'acme-outdoorimages.com')).toBe(true);
    expect(looksLikeSisterSite('acme-outdoor.com', 'acme-outdoor-cdn2.net')).toBe(true);
    expect(looksLikeSisterSite('shop.com', 'shopify.com')).toBe(false);
    expect(looksLikeSisterSite('acme.com', 'acmeanalytics.com')).toBe(false);
    expect(looksLikeSisterSite('ab.com', 'abcdn.com')).toBe(false);
  });

  it('treats an unlisted retailer CDN as first party, but never a known tracker', () => {
    const classify = createClassifier();
    const page = 'https://www.acme-outdoor.com/p/1';
    expect(
      classify({
        url: 'https://img.acme-outdoorimages.com/p/1.jpg?w=400',
        method: 'GET',
        type: 'image',
        documentUrl: page,
      }),
    ).toMatchObject({ thirdParty: false, kind: 'first-party' });
    expect(
      classify({
        url: 'https://www.facebook.com/tr/?id=1&ev=PageView',
        method: 'GET',
        type: 'image',
        documentUrl: page,
      }),
    ).toMatchObject({ thirdParty: true, organization: 'Meta' });
  });

  it('without a page URL, a request is third party when a tracker list knows its host', () => {
    const classify = createClassifier();
    expect(
      classify({ url: 'https://www.facebook.com/tr/?id=1&ev=PageView', method: 'GET', type: 'image' }).thirdParty,
    ).toBe(true);
    expect(classify({ url: 'https://cdn.unknown.example/a.js', method: 'GET', type: 'script' }).thirdParty).toBe(false);
  });

  it('a cloaked collector on the retailer domain is the vendor, marked cloaked', () => {
    const out = createClassifier()({
      url: 'https://metrics.acme-outdoor.com/b/ss/acmeprod/1/JS-2.26.0/s1234?pageName=home&mid=123456789',
      method: 'GET',
      type: 'image',
      documentUrl: 'https://www.acme-outdoor.com/',
    });
    expect(out).toMatchObject({
      thirdParty: true,
      cloaked: true,
      organization: 'Adobe',
      kind: 'analytics',
      vendor: 'adobe-analytics',
      recipientSite: 'acme-outdoor.com',
    });
  });
});

describe('evidence samples', () => {
  it('never carry an email address or a digest, even inside a page URL', () => {
    const hash = 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514';
    const out = createClassifier()({
      url: `https://region1.google-analytics.com/g/collect?v=2&tid=G-1&cid=1.2&en=page_view&dl=${encodeURIComponent(`https://shop.example/confirm?email=jane.doe@example.com&h=${hash}`)}`,
      method: 'POST',
      type: 'ping',
      documentUrl: 'https://shop.example/confirm',
    });
    expect(out.categories).toContain('contact');
    const samples = JSON.stringify(out.evidence);
    expect(samples).not.toContain('jane.doe');
    expect(samples).not.toContain(hash.slice(0, 20));
    expect(samples).toContain('[email]');
  });
});
