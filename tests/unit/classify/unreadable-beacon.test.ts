import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../utils/classify';

const classify = createClassifier();
const searchPage = 'https://www.demo-store.test/search?q=rain+jacket';

// Chrome gives extensions no bytes for sendBeacon bodies: { error: "Unknown error." }.
describe('session replay beacons whose body the browser hides', () => {
  it('reads the page URL FullStory is known to send, search terms included', () => {
    const out = classify({
      url: 'https://rs.fullstory.com/rec/page?OrgId=o-1&UserId=42',
      method: 'POST',
      type: 'ping',
      documentUrl: searchPage,
      bodyUnreadable: true,
    });
    expect(out.categories).toEqual(expect.arrayContaining(['browsing', 'search']));
    expect(out.evidence.find((e) => e.category === 'search')).toMatchObject({
      where: 'body',
      key: 'page URL (inferred)→q',
      sample: 'rain jacket',
    });
  });

  it('infers nothing when the body was read, or for calls that do not carry the page', () => {
    const read = classify({
      url: 'https://rs.fullstory.com/rec/page?OrgId=o-1',
      method: 'POST',
      type: 'ping',
      documentUrl: searchPage,
      requestBody: '{"Width":1280}',
    });
    expect(read.categories).not.toContain('search');
    const bundle = classify({
      url: 'https://rs.fullstory.com/rec/bundle/v2?OrgId=o-1&Seq=1',
      method: 'POST',
      type: 'ping',
      documentUrl: searchPage,
      bodyUnreadable: true,
    });
    expect(bundle.categories).not.toContain('search');
  });
});
