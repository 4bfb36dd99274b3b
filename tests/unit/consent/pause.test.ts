import { describe, expect, it } from 'vitest';
import { applyConsentChange, applyPreset, pauseSite, resumeSite, setCategory } from '../../../utils/consent/changes';
import { compileRules } from '../../../utils/consent/compile';
import { FIRST_RUN_POLICY } from '../../../utils/consent/first-run';
import { geolocationMatchPatterns, gpcScope } from '../../../utils/consent/page-scripts';
import { parseConsentChange, parseConsentPolicy } from '../../../utils/consent/parse';
import { expirePauses, nextPauseEnd, pauseEnd } from '../../../utils/consent/pause';
import {
  bannerAnswerConsent,
  enforcementPaused,
  pauseOf,
  revokedCategories,
  shouldHidePlacements,
} from '../../../utils/consent/policy';
import { simulate } from '../../../utils/consent/simulate';
import { RECIPIENTS } from './fixtures';

const SHOP = 'shop-a.example';
const OTHER = 'shop-b.example';
const PIXEL = { url: 'https://www.facebook.com/tr?id=1&ev=PageView', type: 'image' as const };

describe('pauseEnd', () => {
  const now = new Date(2026, 11, 4, 18, 40, 0);
  it('one hour from now', () => expect(pauseEnd('hour', now)).toBe(now.getTime() + 3_600_000));
  it('until tomorrow: the start of the next day, local time', () => {
    expect(new Date(pauseEnd('tomorrow', now)!)).toEqual(new Date(2026, 11, 5, 0, 0, 0));
    expect(new Date(pauseEnd('tomorrow', new Date(2026, 11, 31, 23, 59))!)).toEqual(new Date(2027, 0, 1));
  });
  it('always: until resumed', () => expect(pauseEnd('always', now)).toBeNull());
});

describe('pause on one shop', () => {
  const paused = pauseSite(FIRST_RUN_POLICY, SHOP, 5_000);

  it('enforces nothing there, and keeps enforcing everywhere else', () => {
    expect(revokedCategories(paused, SHOP)).toEqual([]);
    expect(revokedCategories(paused, `www.${SHOP}`)).toEqual([]);
    expect(revokedCategories(paused, OTHER)).toEqual(revokedCategories(FIRST_RUN_POLICY, OTHER));
    expect(enforcementPaused(paused, SHOP)).toBe(true);
    expect(enforcementPaused(paused, OTHER)).toBe(false);
    expect(shouldHidePlacements(paused, SHOP)).toBe(false);
    expect(shouldHidePlacements(paused, OTHER)).toBe(true);
    // Its cookie banner is left to the shopper.
    expect(bannerAnswerConsent(paused, SHOP)).toBeNull();
    expect(bannerAnswerConsent(paused, OTHER)).not.toBeNull();
  });

  it('keeps the shop’s own choices for when the pause ends', () => {
    const chosen = pauseSite(applyPreset(FIRST_RUN_POLICY, 'revoke-all', SHOP), SHOP, null);
    expect(chosen.perSite[SHOP]).toEqual(applyPreset(FIRST_RUN_POLICY, 'revoke-all', SHOP).perSite[SHOP]);
    expect(revokedCategories(resumeSite(chosen, SHOP), SHOP)).toHaveLength(8);
  });

  it('compiles to rules that block the pixel on other shops only, and no GPC to the paused one', () => {
    for (const scope of ['initiator', 'top'] as const) {
      const { rules } = compileRules(paused, RECIPIENTS, { scope });
      const from = (site: string) => ({ initiator: `https://www.${site}`, top: `https://www.${site}/` });
      expect(simulate(rules, { ...PIXEL, ...from(SHOP) }).outcome).toBe('allowed');
      expect(simulate(rules, { ...PIXEL, ...from(SHOP) }).setRequestHeaders).toEqual({});
      expect(simulate(rules, { ...PIXEL, ...from(OTHER) }).outcome).toBe('blocked');
      const page = { url: `https://www.${SHOP}/`, type: 'main_frame' as const };
      expect(simulate(rules, { ...page, top: page.url }).setRequestHeaders).toEqual({});
    }
    expect(gpcScope(paused)).toEqual({ mode: 'all-except', except: [SHOP] });
  });

  it('covers subdomains with choices of their own, and does not deny geolocation there', () => {
    let p = setCategory(FIRST_RUN_POLICY, `eu.${SHOP}`, 'location', 'revoked');
    p = pauseSite(p, SHOP, null);
    expect(revokedCategories(p, `eu.${SHOP}`)).toEqual([]);
    const geo = geolocationMatchPatterns(setCategory(p, null, 'location', 'revoked'));
    expect(geo.excludeMatches).toEqual(expect.arrayContaining([`*://${SHOP}/*`, `*://*.${SHOP}/*`]));
    const { rules } = compileRules(p, RECIPIENTS);
    expect(simulate(rules, { ...PIXEL, initiator: `https://eu.${SHOP}`, top: `https://eu.${SHOP}/` }).outcome).toBe(
      'allowed',
    );
  });

  it('resuming ends the shop’s pause and its subdomains’, and nothing else', () => {
    let p = pauseSite(pauseSite(pauseSite(FIRST_RUN_POLICY, SHOP, null), `eu.${SHOP}`, 9), OTHER, 7);
    p = resumeSite(p, SHOP);
    expect(p.pausedSites).toEqual({ [OTHER]: 7 });
    expect(resumeSite(p, 'not-paused.example')).toBe(p);
  });
});

describe('pauses end by themselves', () => {
  const p = pauseSite(pauseSite(pauseSite(FIRST_RUN_POLICY, SHOP, 1_000), OTHER, 3_000), 'c.example', null);

  it('expirePauses drops the pauses due by now, keeps the rest and "until resumed"', () => {
    expect(expirePauses(p, 999)).toBe(p);
    expect(expirePauses(p, 1_000).pausedSites).toEqual({ [OTHER]: 3_000, 'c.example': null });
    expect(expirePauses(p, 10_000).pausedSites).toEqual({ 'c.example': null });
    expect(enforcementPaused(expirePauses(p, 1_000), SHOP)).toBe(false);
  });

  it('nextPauseEnd is the earliest timed end, none when only "until resumed" is left', () => {
    expect(nextPauseEnd(p)).toBe(1_000);
    expect(nextPauseEnd(expirePauses(p, 5_000))).toBeUndefined();
    expect(pauseOf(p, `www.${SHOP}`)).toEqual({ until: 1_000 });
  });
});

describe('pause messages and stored pauses are validated', () => {
  it('accepts a pause with an end time or none, and resume', () => {
    expect(parseConsentChange({ op: 'pause-site', site: 'WWW.Shop-A.example', until: 1_700_000_000_000 })).toEqual({
      ok: true,
      value: { op: 'pause-site', site: 'www.shop-a.example', until: 1_700_000_000_000 },
    });
    expect(parseConsentChange({ op: 'pause-site', site: SHOP, until: null }).ok).toBe(true);
    const resume = parseConsentChange({ op: 'resume-site', site: SHOP });
    expect(resume.ok && applyConsentChange(pauseSite(FIRST_RUN_POLICY, SHOP, null), resume.value).pausedSites).toEqual(
      {},
    );
  });

  it.each([
    [{ op: 'pause-site', site: SHOP }, /until must be a time in milliseconds or null/],
    [{ op: 'pause-site', site: SHOP, until: '3600' }, /until must be/],
    [{ op: 'pause-site', site: SHOP, until: -1 }, /until must be/],
    [{ op: 'pause-site', site: SHOP, until: 1.5 }, /until must be/],
    [{ op: 'pause-site', site: SHOP, until: Infinity }, /until must be/],
    [{ op: 'pause-site', site: '<all_urls>', until: null }, /not a site name/],
    [{ op: 'resume-site' }, /not a site name/],
  ])('refuses %j', (input, error) => {
    const result = parseConsentChange(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });

  it('reads policies stored before pauses existed, and refuses malformed pauses', () => {
    const { pausedSites: _, ...old } = JSON.parse(JSON.stringify(FIRST_RUN_POLICY));
    const parsed = parseConsentPolicy(old);
    expect(parsed.ok && parsed.value.pausedSites).toEqual({});
    const bad = parseConsentPolicy({ ...old, pausedSites: { [SHOP]: 'soon' } });
    expect(!bad.ok && bad.error).toMatch(/pausedSites\["shop-a.example"\] must be a time/);
    const badSite = parseConsentPolicy({ ...old, pausedSites: { 'not a site': null } });
    expect(!badSite.ok && badSite.error).toMatch(/not a site name/);
  });
});
