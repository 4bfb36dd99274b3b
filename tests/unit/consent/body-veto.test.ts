import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../utils/classify';
import { revokedInBody } from '../../../utils/consent/body-veto';
import { setCategory, setPaused } from '../../../utils/consent/changes';
import { DEFAULT_POLICY } from '../../../utils/consent/model';

const classify = createClassifier();
const page = 'https://www.demo-store.test/checkout';
const hash = 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514';
// TikTok's pixel with a hashed email inside its JSON body, as the demo store sends it.
const tiktok = classify({
  url: 'https://analytics.tiktok.com/api/v2/pixel',
  method: 'POST',
  type: 'xmlhttprequest',
  documentUrl: page,
  requestBody: JSON.stringify({
    event: 'CompletePayment',
    context: { user: { email: hash }, page: { url: page } },
    properties: { value: 64.5, currency: 'USD' },
  }),
});
const contactRevoked = setCategory(DEFAULT_POLICY, 'demo-store.test', 'contact', 'revoked');

describe('Firefox body veto', () => {
  it('cancels a tracker body carrying a revoked category on that shop only', () => {
    expect(tiktok.categories).toContain('contact');
    expect(revokedInBody(tiktok, contactRevoked)).toEqual(['contact']);
    expect(revokedInBody({ ...tiktok, site: 'other-shop.test' }, contactRevoked)).toEqual([]);
  });

  it('lets it go when nothing it carries is revoked, when paused, or for the shop itself', () => {
    expect(revokedInBody(tiktok, DEFAULT_POLICY)).toEqual([]);
    expect(revokedInBody(tiktok, setCategory(DEFAULT_POLICY, 'demo-store.test', 'behavior', 'revoked'))).toEqual([]);
    expect(revokedInBody(tiktok, setPaused(contactRevoked, true))).toEqual([]);
    expect(revokedInBody({ ...tiktok, thirdParty: false, kind: 'first-party' }, contactRevoked)).toEqual([]);
  });
});
