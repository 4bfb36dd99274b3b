import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../utils/categories';
import {
  applyConsentChange,
  applyPreset,
  forgetSite,
  matchingPreset,
  setBannerMode,
  setCategory,
  setPaused,
} from '../../../utils/consent/changes';
import { DEFAULT_POLICY } from '../../../utils/consent/model';
import {
  geolocationMatchPatterns,
  gpcMatchPatterns,
  gpcScope,
  sitesNeedingGpc,
} from '../../../utils/consent/page-scripts';
import { MAX_POLICY_SITES, parseConsentChange, parseConsentPolicy } from '../../../utils/consent/parse';
import {
  bannerAnswerConsent,
  bannerMode,
  effectiveConsent,
  needsGeolocationDenied,
  revokedCategories,
  shouldHidePlacements,
} from '../../../utils/consent/policy';
import { PRESETS } from '../../../utils/consent/presets';
import { normalizeSite } from '../../../utils/consent/sites';
import { policyWith } from './fixtures';

describe('effectiveConsent', () => {
  it('fills a site without choices from the defaults', () => {
    const policy = setCategory(DEFAULT_POLICY, null, 'browsing', 'revoked');
    const consent = effectiveConsent(policy, 'never-seen.example');
    expect(consent.browsing).toBe('revoked');
    expect(consent.search).toBe('granted');
  });

  it("lets a site's own choice win over the default, both ways", () => {
    let policy = setCategory(DEFAULT_POLICY, null, 'browsing', 'revoked');
    policy = setCategory(policy, 'shop-a.example', 'browsing', 'granted');
    policy = setCategory(policy, 'shop-a.example', 'contact', 'revoked');
    const a = effectiveConsent(policy, 'shop-a.example');
    expect(a.browsing).toBe('granted');
    expect(a.contact).toBe('revoked');
    expect(effectiveConsent(policy, 'shop-b.example').contact).toBe('granted');
  });

  it('falls back from a subdomain to the site entry, not further to a sibling', () => {
    const policy = setCategory(DEFAULT_POLICY, 'shop.example', 'device', 'revoked');
    expect(effectiveConsent(policy, 'www.shop.example').device).toBe('revoked');
    expect(effectiveConsent(policy, 'othershop.example').device).toBe('granted');
  });

  it("lets a subdomain's own choice win per category, inheriting the rest from its site", () => {
    let policy = setCategory(DEFAULT_POLICY, 'shop.example', 'device', 'revoked');
    policy = setCategory(policy, 'eu.shop.example', 'search', 'revoked');
    policy = setCategory(policy, 'eu.shop.example', 'device', 'granted');
    expect(revokedCategories(policy, 'eu.shop.example')).toEqual(['search']);
    policy = setCategory(policy, 'eu.shop.example', 'device', null);
    expect(revokedCategories(policy, 'eu.shop.example')).toEqual(['search', 'device']);
  });

  it('keeps the choices while paused but enforces none', () => {
    const policy = setPaused(applyPreset(DEFAULT_POLICY, 'revoke-all', 'shop-a.example'), true);
    expect(effectiveConsent(policy, 'shop-a.example').browsing).toBe('revoked');
    expect(revokedCategories(policy, 'shop-a.example')).toEqual([]);
    expect(needsGeolocationDenied(policy, 'shop-a.example')).toBe(false);
    expect(shouldHidePlacements(policy, 'shop-a.example')).toBe(false);
  });
});

describe('changes', () => {
  it('setCategory returns a new policy and leaves the old one untouched', () => {
    const before = policyWith({});
    const after = setCategory(before, 'Shop-A.example', 'search', 'revoked');
    expect(before.perSite).toEqual({});
    expect(after.perSite).toEqual({ 'shop-a.example': { search: 'revoked' } });
  });

  it('setCategory with null removes the choice and drops an emptied site', () => {
    const p = setCategory(
      setCategory(DEFAULT_POLICY, 'shop-a.example', 'search', 'revoked'),
      'shop-a.example',
      'search',
      null,
    );
    expect(p.perSite).toEqual({});
  });

  it('setCategory ignores an invalid site', () => {
    const p = setCategory(DEFAULT_POLICY, 'https://shop.example/cart', 'search', 'revoked');
    expect(p).toBe(DEFAULT_POLICY);
  });

  it('applyPreset on a site replaces its choices; on null changes the defaults', () => {
    let p = setCategory(DEFAULT_POLICY, 'shop-a.example', 'search', 'revoked');
    p = applyPreset(p, 'allow-all', 'shop-a.example');
    expect(revokedCategories(p, 'shop-a.example')).toEqual([]);
    p = applyPreset(p, 'revoke-all');
    expect(revokedCategories(p, 'unseen.example')).toEqual([...CATEGORIES]);
    // shop-a keeps its own "allow all" unless the caller clears site choices
    expect(revokedCategories(p, 'shop-a.example')).toEqual([]);
    expect(revokedCategories(applyPreset(p, 'revoke-all', null, { clearSiteChoices: true }), 'shop-a.example')).toEqual(
      [...CATEGORIES],
    );
  });

  it('"only what the shop needs" revokes everything third parties get except location', () => {
    const p = applyPreset(DEFAULT_POLICY, 'only-needed', 'shop-a.example');
    expect(revokedCategories(p, 'shop-a.example')).toEqual(CATEGORIES.filter((c) => c !== 'location'));
    expect(needsGeolocationDenied(p, 'shop-a.example')).toBe(false);
    expect(needsGeolocationDenied(applyPreset(p, 'revoke-all', 'shop-a.example'), 'shop-a.example')).toBe(true);
    expect(PRESETS['only-needed'].description.length).toBeGreaterThan(20);
  });

  it('matchingPreset recognises the preset a site is on', () => {
    const p = applyPreset(DEFAULT_POLICY, 'only-needed', 'shop-a.example');
    expect(matchingPreset(p, 'shop-a.example')).toBe('only-needed');
    expect(matchingPreset(setCategory(p, 'shop-a.example', 'search', 'granted'), 'shop-a.example')).toBeUndefined();
    expect(matchingPreset(p, null)).toBe('allow-all');
  });

  it('forgetSite returns the site to the defaults', () => {
    const p = forgetSite(applyPreset(DEFAULT_POLICY, 'revoke-all', 'shop-a.example'), 'shop-a.example');
    expect(p.perSite).toEqual({});
  });
});

describe('placements and geolocation', () => {
  it('hides placements only where browsing is revoked and the setting is on', () => {
    const p = setCategory(DEFAULT_POLICY, 'shop-a.example', 'browsing', 'revoked');
    expect(shouldHidePlacements(p, 'shop-a.example')).toBe(true);
    expect(shouldHidePlacements(p, 'shop-b.example')).toBe(false);
    expect(shouldHidePlacements({ ...p, hidePlacementsWhenBrowsingRevoked: false }, 'shop-a.example')).toBe(false);
  });

  it('denies geolocation only where location is revoked', () => {
    const p = setCategory(DEFAULT_POLICY, 'shop-a.example', 'location', 'revoked');
    expect(needsGeolocationDenied(p, 'shop-a.example')).toBe(true);
    expect(needsGeolocationDenied(p, 'shop-b.example')).toBe(false);
  });
});

describe('geolocation denial patterns', () => {
  it('lists the sites revoking location, or all but the granting ones when the default revokes it', () => {
    const some = setCategory(DEFAULT_POLICY, 'shop-a.example', 'location', 'revoked');
    expect(geolocationMatchPatterns(some)).toEqual({
      matches: ['*://shop-a.example/*', '*://*.shop-a.example/*'],
      excludeMatches: [],
    });
    const most = setCategory(
      setCategory(DEFAULT_POLICY, null, 'location', 'revoked'),
      'shop-b.example',
      'location',
      'granted',
    );
    expect(geolocationMatchPatterns(most)).toEqual({
      matches: ['<all_urls>'],
      excludeMatches: ['*://shop-b.example/*', '*://*.shop-b.example/*'],
    });
    expect(geolocationMatchPatterns(setPaused(most, true)).matches).toEqual([]);
    expect(
      geolocationMatchPatterns(setCategory(DEFAULT_POLICY, 'shop-a.example', 'search', 'revoked')).matches,
    ).toEqual([]);
  });
});

describe('Global Privacy Control scope', () => {
  it('is nowhere when nothing is revoked', () => {
    expect(gpcScope(DEFAULT_POLICY)).toEqual({ mode: 'none' });
    expect(gpcMatchPatterns(DEFAULT_POLICY)).toEqual({ matches: [], excludeMatches: [] });
  });

  it('lists the sites with any revocation when the defaults grant everything', () => {
    let p = setCategory(DEFAULT_POLICY, 'shop-b.example', 'device', 'revoked');
    p = setCategory(p, 'shop-a.example', 'search', 'revoked');
    p = setCategory(p, 'shop-c.example', 'search', 'granted');
    expect(sitesNeedingGpc(p)).toEqual(['shop-a.example', 'shop-b.example']);
    expect(gpcScope(p)).toEqual({ mode: 'sites', sites: ['shop-a.example', 'shop-b.example'] });
    expect(gpcMatchPatterns(p).matches).toEqual([
      '*://shop-a.example/*',
      '*://*.shop-a.example/*',
      '*://shop-b.example/*',
      '*://*.shop-b.example/*',
    ]);
  });

  it('covers every site but the fully granted ones when a default is revoked', () => {
    let p = setCategory(DEFAULT_POLICY, null, 'identifiers', 'revoked');
    p = setCategory(p, 'shop-b.example', 'identifiers', 'granted');
    p = setCategory(p, 'shop-a.example', 'search', 'revoked');
    expect(gpcScope(p)).toEqual({ mode: 'all-except', except: ['shop-b.example'] });
    expect(gpcMatchPatterns(p)).toEqual({
      matches: ['<all_urls>'],
      excludeMatches: ['*://shop-b.example/*', '*://*.shop-b.example/*'],
    });
  });

  it('is off while paused', () => {
    const p = setPaused(setCategory(DEFAULT_POLICY, null, 'identifiers', 'revoked'), true);
    expect(gpcScope(p)).toEqual({ mode: 'none' });
    expect(sitesNeedingGpc(p)).toEqual([]);
  });
});

describe('normalizeSite', () => {
  it.each([
    ['Shop.Example', 'shop.example'],
    ['shop.example.', 'shop.example'],
    [' shop.co.uk ', 'shop.co.uk'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['localhost', 'localhost'],
  ])('accepts %s', (input, expected) => expect(normalizeSite(input)).toBe(expected));

  it.each([
    '',
    'https://shop.example/',
    'shop.example/cart',
    '__proto__',
    '-shop.example',
    'shop..example',
    'bücher.example',
    'a'.repeat(64) + '.example',
    42,
    null,
  ])('rejects %s', (input) => expect(normalizeSite(input)).toBeUndefined());
});

describe('parseConsentPolicy', () => {
  const valid = () => JSON.parse(JSON.stringify(applyPreset(DEFAULT_POLICY, 'only-needed', 'shop-a.example')));

  it('accepts a valid policy and returns an equal copy', () => {
    const input = valid();
    const result = parseConsentPolicy(input);
    expect(result).toEqual({ ok: true, value: input });
    if (result.ok) expect(result.value).not.toBe(input);
  });

  it('normalizes site keys and drops empty site entries', () => {
    const input = valid();
    input.perSite = { 'Shop-B.Example': { search: 'revoked' }, 'shop-c.example': {} };
    const result = parseConsentPolicy(input);
    expect(result.ok && result.value.perSite).toEqual({ 'shop-b.example': { search: 'revoked' } });
  });

  const cases: [
    string, // eslint-disable-next-line @typescript-eslint/no-explicit-any -- cases build deliberately ill-typed policies
    (p: Record<string, any>) => unknown,
    RegExp,
  ][] = [
    ['null', () => null, /must be an object, got null/],
    ['an array', () => [], /must be an object, got an array/],
    ['a string', () => 'revoke-all', /must be an object/],
    ['missing defaults', (p) => ({ ...p, defaults: undefined }), /defaults must be an object/],
    [
      'a default missing a category',
      (p) => ({ ...p, defaults: { ...p.defaults, behavior: undefined } }),
      /defaults\.behavior must be "granted" or "revoked"/,
    ],
    [
      'an unknown default category',
      (p) => ({ ...p, defaults: { ...p.defaults, mood: 'revoked' } }),
      /unknown category "mood"/,
    ],
    [
      'a bad state',
      (p) => ({ ...p, perSite: { 'shop-a.example': { search: 'maybe' } } }),
      /perSite\["shop-a\.example"\]\.search must be "granted" or "revoked", got "maybe"/,
    ],
    [
      'a URL as site key',
      (p) => ({ ...p, perSite: { 'https://shop-a.example/': { search: 'revoked' } } }),
      /is not a site name/,
    ],
    [
      'a site listed twice after normalization',
      (p) => ({ ...p, perSite: { 'shop-a.example': {}, 'SHOP-A.example': {} } }),
      /lists "shop-a\.example" twice/,
    ],
    [
      'a site entry that is not an object',
      (p) => ({ ...p, perSite: { 'shop-a.example': 'revoked' } }),
      /perSite\["shop-a\.example"\] must be an object/,
    ],
    [
      'an unknown category for a site',
      (p) => ({ ...p, perSite: { 'shop-a.example': { health: 'revoked' } } }),
      /unknown category "health"/,
    ],
    ['paused as a string', (p) => ({ ...p, paused: 'yes' }), /paused must be true or false, got "yes"/],
    [
      'a missing placement setting',
      (p) => ({ ...p, hidePlacementsWhenBrowsingRevoked: undefined }),
      /hidePlacementsWhenBrowsingRevoked must be true or false/,
    ],
    ['an unknown top-level field', (p) => ({ ...p, admin: true }), /unknown field "admin"/],
    ['a class instance', () => new Date(), /must be an object/],
  ];

  it.each(cases)('rejects %s with a clear error', (_name, make, message) => {
    const result = parseConsentPolicy(make(valid()));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('rejects a __proto__ key from JSON without touching prototypes', () => {
    const input = JSON.parse(
      '{"defaults":' +
        JSON.stringify(DEFAULT_POLICY.defaults) +
        ',"perSite":{"__proto__":{"search":"revoked"}},"paused":false,"hidePlacementsWhenBrowsingRevoked":true}',
    );
    const result = parseConsentPolicy(input);
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).search).toBeUndefined();
  });

  it('reports instead of throwing when a getter throws', () => {
    const hostile = valid();
    Object.defineProperty(hostile, 'paused', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(parseConsentPolicy(hostile)).toEqual({ ok: false, error: 'consent policy could not be read' });
  });

  it('refuses an absurd number of sites', () => {
    const perSite: Record<string, unknown> = {};
    for (let i = 0; i <= MAX_POLICY_SITES; i++) perSite[`s${i}.example`] = {};
    const result = parseConsentPolicy({ ...valid(), perSite });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/more than/);
  });
});

describe('consent change messages', () => {
  it('accepts each kind of change and applies it', () => {
    const steps: unknown[] = [
      { op: 'apply-preset', site: 'Shop-A.example', preset: 'only-needed' },
      { op: 'set-category', site: 'shop-a.example', category: 'location', state: 'revoked' },
      { op: 'set-category', site: null, category: 'behavior', state: 'revoked' },
      { op: 'set-hide-placements', hide: false },
      { op: 'set-paused', paused: true },
    ];
    let policy = DEFAULT_POLICY;
    for (const step of steps) {
      const parsed = parseConsentChange(step);
      expect(parsed.ok, JSON.stringify(step)).toBe(true);
      if (parsed.ok) policy = applyConsentChange(policy, parsed.value);
    }
    expect(effectiveConsent(policy, 'shop-a.example').location).toBe('revoked');
    expect(policy.defaults.behavior).toBe('revoked');
    expect(policy.hidePlacementsWhenBrowsingRevoked).toBe(false);
    expect(policy.paused).toBe(true);
    const forget = parseConsentChange({ op: 'forget-site', site: 'shop-a.example' });
    expect(forget.ok && applyConsentChange(policy, forget.value).perSite).toEqual({});
  });

  it.each([
    [null, /must be an object/],
    [{ op: 'drop-tables' }, /unknown consent change "drop-tables"/],
    [{ op: 'set-category', site: 'shop-a.example', category: 'mood', state: 'revoked' }, /not a data category/],
    [{ op: 'set-category', site: 'shop-a.example', category: 'search', state: 'off' }, /state must be/],
    [{ op: 'set-category', site: 'javascript:alert(1)', category: 'search', state: 'revoked' }, /is not a site name/],
    [{ op: 'apply-preset', site: null, preset: 'everything' }, /is not one of only-needed, revoke-all, allow-all/],
    [{ op: 'forget-site', site: null }, /not a site name/],
    [{ op: 'set-paused', paused: 1 }, /paused must be true or false/],
    [{ op: 'set-banners', site: null, mode: 'ignore' }, /mode must be one of "answer", "leave", "refuse" or null/],
    [{ op: 'set-banners', site: null, mode: null }, /global banner setting cannot be removed/],
    [{ op: 'set-banners', site: 'not a site', mode: 'leave' }, /is not a site name/],
  ])('rejects %j', (input, message) => {
    const parsed = parseConsentChange(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

describe('cookie-banner setting', () => {
  it('answers from the choices by default, everywhere', () => {
    const policy = setCategory(DEFAULT_POLICY, 'shop-a.example', 'contact', 'revoked');
    expect(bannerMode(policy, null)).toBe('answer');
    expect(bannerMode(policy, 'shop-a.example')).toBe('answer');
    expect(bannerAnswerConsent(policy, 'shop-a.example')).toEqual(effectiveConsent(policy, 'shop-a.example'));
  });

  it("lets a shop's own setting win over the global one, also for its subdomains", () => {
    let policy = setBannerMode(DEFAULT_POLICY, 'shop-a.example', 'leave');
    expect(bannerAnswerConsent(policy, 'shop-a.example')).toBeNull();
    expect(bannerAnswerConsent(policy, 'www.shop-a.example')).toBeNull();
    expect(bannerAnswerConsent(policy, 'shop-b.example')).not.toBeNull();
    policy = setBannerMode(policy, null, 'leave');
    policy = setBannerMode(policy, 'shop-b.example', 'answer');
    expect(bannerMode(policy, 'shop-c.example')).toBe('leave');
    expect(bannerMode(policy, 'shop-b.example')).toBe('answer');
    // Removing the shop's own setting returns it to the global one.
    expect(bannerMode(setBannerMode(policy, 'shop-b.example', null), 'shop-b.example')).toBe('leave');
  });

  it('refuses everything under "refuse", whatever is granted', () => {
    const policy = setBannerMode(DEFAULT_POLICY, null, 'refuse');
    const consent = bannerAnswerConsent(policy, 'shop-a.example');
    expect(consent && CATEGORIES.every((c) => consent[c] === 'revoked')).toBe(true);
  });

  it('answers nothing while paused', () => {
    expect(bannerAnswerConsent(setPaused(DEFAULT_POLICY, true), 'shop-a.example')).toBeNull();
  });

  it('parses a policy stored before the setting existed as "answer"', () => {
    const { banners: _banners, ...old } = DEFAULT_POLICY;
    const parsed = parseConsentPolicy(JSON.parse(JSON.stringify(old)));
    expect(parsed.ok && parsed.value.banners).toEqual({ default: 'answer', perSite: {} });
  });

  it.each([
    [{ default: 'maybe', perSite: {} }, /banners.default must be one of/],
    [{ default: 'answer', perSite: { 'Shop-A.example': 'never' } }, /banners.perSite\["shop-a.example"\] must be/],
    [{ default: 'answer', perSite: { 'bad site!': 'leave' } }, /banners.perSite key "bad site!" is not a site name/],
    [{ default: 'answer', perSite: {}, extra: 1 }, /banners has an unknown field "extra"/],
  ])('rejects the stored setting %j', (banners, message) => {
    const parsed = parseConsentPolicy({ ...DEFAULT_POLICY, banners });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it('arrives as a validated change message', () => {
    const parsed = parseConsentChange({ op: 'set-banners', site: 'WWW.Shop-A.example', mode: 'leave' });
    expect(parsed.ok).toBe(true);
    if (parsed.ok)
      expect(applyConsentChange(DEFAULT_POLICY, parsed.value).banners.perSite).toEqual({
        'www.shop-a.example': 'leave',
      });
  });
});
