import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../utils/classify';

const classify = createClassifier();
const page = 'https://www.demo-store.test/product/trail-shoe';

describe('classifier first cut', () => {
  it('reads a GA4 view_item hit as browsing + identifiers sent to Google', () => {
    const out = classify({
      url: 'https://region1.google-analytics.com/g/collect?v=2&tid=G-DEMO1&cid=1234.5678&en=view_item&dl=https%3A%2F%2Fwww.demo-store.test%2Fproduct%2Ftrail-shoe&sr=1280x720',
      method: 'POST',
      type: 'ping',
      documentUrl: page,
    });
    expect(out).toMatchObject({
      site: 'demo-store.test',
      recipientSite: 'google-analytics.com',
      organization: 'Google',
      thirdParty: true,
      vendor: 'ga4',
    });
    expect(out.categories).toEqual(['browsing', 'identifiers', 'device']);
  });

  it('reads Meta advanced matching as hashed contact, without keeping the hash in clear', () => {
    const hash = 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514';
    const out = classify({
      url: `https://www.facebook.com/tr/?id=111&ev=Purchase&cd[value]=59.98&ud[em]=${hash}&fbp=fb.1.1700000000000.42`,
      method: 'GET',
      type: 'image',
      documentUrl: page,
    });
    expect(out.organization).toBe('Meta');
    expect(out.categories).toEqual(['purchases', 'identifiers', 'contact']);
    expect(JSON.stringify(out.evidence)).not.toContain(hash);
  });

  it('treats a sister CDN of the retailer as first party', () => {
    const out = classify({
      url: 'https://img.demo-store-cdn.test/p/1.svg?q=80',
      method: 'GET',
      type: 'image',
      documentUrl: page,
    });
    expect(out.thirdParty).toBe(false);
    expect(out.categories).toEqual([]);
  });
});
