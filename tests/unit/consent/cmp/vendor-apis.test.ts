/**
 * Per-purpose answers through the JavaScript APIs of CMPs that are not on npm as runnable libraries
 * (OneTrust, Cookiebot, Didomi, Usercentrics, Complianz). Each is tested against a stand-in whose
 * shape follows the vendor's documentation (cited beside each stand-in and in each adapter): the
 * stand-ins record the calls, so these tests show what each CMP is told, for the four choices of the
 * e2e tests. They do not show that the real libraries behave as documented.
 */
import { describe, expect, it } from 'vitest';
import { CATEGORIES, type Category } from '../../../../utils/categories';
import type { ConsentState } from '../../../../utils/consent/model';
import { oneTrust } from '../../../../utils/consent/cmp/apis/onetrust';
import { cookiebot } from '../../../../utils/consent/cmp/apis/cookiebot';
import { complianz } from '../../../../utils/consent/cmp/apis/complianz';
import { didomi } from '../../../../utils/consent/cmp/apis/didomi';
import { usercentrics } from '../../../../utils/consent/cmp/apis/usercentrics';
import type { CmpAdapter } from '../../../../utils/consent/cmp/adapters';

function consentWith(revoked: readonly Category[]): Record<Category, ConsentState> {
  const out = {} as Record<Category, ConsentState>;
  for (const c of CATEGORIES) out[c] = revoked.includes(c) ? 'revoked' : 'granted';
  return out;
}

const CHOICES = {
  allRevoked: consentWith(CATEGORIES),
  allGranted: consentWith([]),
  contactRevoked: consentWith(['contact']),
  behaviorRevoked: consentWith(['behavior']),
};
type Choice = keyof typeof CHOICES;

const page = (globals: Record<string, unknown>) =>
  ({ location: { hostname: 'www.demo-store.test' }, ...globals }) as unknown as Window;

async function answer(adapter: CmpAdapter, win: Window, choice: Choice) {
  expect(adapter.ready(win), `${adapter.name} ready`).toBe(true);
  return await adapter.answer(win, CHOICES[choice]);
}

describe('OneTrust', () => {
  // Stand-in after OneTrust's documented Cookie consent JavaScript API: GetDomainData().Groups with
  // CustomGroupId / GroupName / Status, UpdateConsent('Category', 'C0002:1,…'), Close()
  // (the same calls Segment makes in its npm package @segment/analytics-consent-wrapper-onetrust).
  function oneTrustPage() {
    const calls: unknown[][] = [];
    const Groups = [
      { CustomGroupId: 'C0001', GroupName: 'Strictly Necessary Cookies', Status: 'always active' },
      { CustomGroupId: 'C0002', GroupName: 'Performance Cookies', Status: 'inactive' },
      { CustomGroupId: 'C0003', GroupName: 'Functional Cookies', Status: 'inactive' },
      { CustomGroupId: 'C0004', GroupName: 'Targeting Cookies', Status: 'inactive' },
      { CustomGroupId: 'C0005', GroupName: 'Social Media Cookies', Status: 'inactive' },
    ];
    const OneTrust = {
      GetDomainData: () => ({ Groups }),
      UpdateConsent: (...args: unknown[]) => calls.push(['UpdateConsent', ...args]),
      Close: () => calls.push(['Close']),
      IsAlertBoxClosed: () => false,
    };
    return { win: page({ OneTrust }), calls };
  }

  it.each([
    ['allRevoked', 'C0001:1,C0003:1,C0002:0,C0004:0,C0005:0'],
    ['allGranted', 'C0001:1,C0002:1,C0003:1,C0004:1,C0005:1'],
    ['contactRevoked', 'C0001:1,C0002:1,C0003:1,C0004:0,C0005:0'],
    ['behaviorRevoked', 'C0001:1,C0003:1,C0004:1,C0005:1,C0002:0'],
  ] as const)('%s: each group set through UpdateConsent, then the banner closed', async (choice, payload) => {
    const { win, calls } = oneTrustPage();
    const result = await answer(oneTrust, win, choice);
    expect(calls).toEqual([['UpdateConsent', 'Category', payload], ['Close']]);
    expect(result).toMatchObject({ cmp: 'onetrust', how: 'api' });
  });

  it('is not ready before its groups are loaded', () => {
    expect(oneTrust.ready(page({ OneTrust: { GetDomainData: () => ({}), UpdateConsent: () => 0 } }))).toBe(false);
    expect(oneTrust.ready(page({ OneTrust: { geolocationResponse: {} } }))).toBe(false);
  });
});

describe('Cookiebot', () => {
  // Stand-in after cookiebot.com/en/developer: Cookiebot.consent.*, submitCustomConsent(optinPreferences,
  // optinStatistics, optinMarketing), hide().
  function cookiebotPage() {
    const calls: unknown[][] = [];
    const Cookiebot = {
      consent: { necessary: true, preferences: false, statistics: false, marketing: false },
      submitCustomConsent: (...args: unknown[]) => calls.push(['submitCustomConsent', ...args]),
      hide: () => calls.push(['hide']),
    };
    return { win: page({ Cookiebot }), calls };
  }

  it.each([
    ['allRevoked', [true, false, false]],
    ['allGranted', [true, true, true]],
    ['contactRevoked', [true, true, false]],
    ['behaviorRevoked', [true, false, true]],
  ] as const)('%s: preferences, statistics, marketing as the contract says', async (choice, flags) => {
    const { win, calls } = cookiebotPage();
    const result = await answer(cookiebot, win, choice);
    expect(calls).toEqual([['submitCustomConsent', ...flags], ['hide']]);
    expect(result.accepted).toContain('necessary');
  });
});

describe('Complianz', () => {
  // Stand-in after complianz-gdpr's cookiebanner/js/complianz.js: window.cmplz_set_consent(category,
  // 'allow' | 'deny') and cmplz_set_banner_status('dismissed').
  function complianzPage() {
    const calls: unknown[][] = [];
    return {
      win: page({
        cmplz_set_consent: (...args: unknown[]) => calls.push(['set', ...args]),
        cmplz_set_banner_status: (...args: unknown[]) => calls.push(['banner', ...args]),
      }),
      calls,
    };
  }

  it.each([
    ['allRevoked', { functional: 'allow', preferences: 'allow', statistics: 'deny', marketing: 'deny' }],
    ['allGranted', { functional: 'allow', preferences: 'allow', statistics: 'allow', marketing: 'allow' }],
    ['contactRevoked', { functional: 'allow', preferences: 'allow', statistics: 'allow', marketing: 'deny' }],
    ['behaviorRevoked', { functional: 'allow', preferences: 'allow', statistics: 'deny', marketing: 'allow' }],
  ] as const)('%s: each category allowed or denied, then the banner dismissed', async (choice, expected) => {
    const { win, calls } = complianzPage();
    await answer(complianz, win, choice);
    const set = Object.fromEntries(calls.filter((c) => c[0] === 'set').map((c) => [c[1], c[2]]));
    expect(set).toEqual(expected);
    expect(calls.at(-1)).toEqual(['banner', 'dismissed']);
  });
});

describe('Didomi', () => {
  // Stand-in after Didomi's Web SDK reference (developers.didomi.io › Web SDK › Reference › API):
  // isReady(), getRequiredPurposes() / getRequiredVendors() (objects with id and name, names possibly
  // translations), setUserStatus({ purposes, vendors, … }), notice.hide(). Purposes are IAB TCF v2.2's
  // under Didomi's ids, with the names the IAB's Global Vendor List gives them.
  function didomiPage() {
    const calls: unknown[][] = [];
    const Didomi = {
      isReady: () => true,
      getRequiredPurposes: () => [
        { id: 'cookies', name: { en: 'Store and/or access information on a device', fr: 'Stocker des informations' } },
        { id: 'select_basic_ads', name: 'Use limited data to select advertising' },
        { id: 'measure_content_performance', name: 'Measure content performance' },
        { id: 'select_personalized_content', name: 'Use profiles to select personalised content' },
        { id: 'market_research', name: 'Understand audiences through statistics or combinations of data' },
      ],
      getRequiredVendors: () => [{ id: 'google' }, { id: 'c:shop-analytics' }],
      setUserStatus: (status: unknown) => calls.push(['setUserStatus', status]),
      notice: { hide: () => calls.push(['hide']) },
    };
    return { win: page({ Didomi }), calls };
  }

  it.each([
    ['allRevoked', []],
    [
      'allGranted',
      ['cookies', 'select_basic_ads', 'measure_content_performance', 'select_personalized_content', 'market_research'],
    ],
    ['contactRevoked', ['measure_content_performance', 'select_personalized_content', 'market_research']],
    ['behaviorRevoked', ['select_basic_ads', 'select_personalized_content']],
  ] as const)(
    '%s: purposes enabled and disabled in one user status, then the notice hidden',
    async (choice, enabled) => {
      const { win, calls } = didomiPage();
      await answer(didomi, win, choice);
      expect(calls).toHaveLength(2);
      const status = calls[0][1] as {
        purposes: { consent: { enabled: string[]; disabled: string[] } };
        vendors: { consent: { enabled: string[] } };
        source: unknown;
      };
      expect(status.purposes.consent.enabled).toEqual(enabled);
      expect(status.purposes.consent.disabled.length + enabled.length).toBe(5);
      expect(status.vendors.consent.enabled).toEqual(['google', 'c:shop-analytics']);
      expect(status.source).toEqual({ type: 'website', domain: 'www.demo-store.test' });
      expect(calls[1]).toEqual(['hide']);
    },
  );

  it('waits until the SDK says it is ready', () => {
    const { win } = didomiPage();
    (win as unknown as { Didomi: { isReady: () => boolean } }).Didomi.isReady = () => false;
    expect(didomi.ready(win)).toBe(false);
  });
});

describe('Usercentrics', () => {
  // Stand-in after Usercentrics' CMP v3 API (usercentrics.com/docs/web/features/api/control-functionality,
  // and its types in DefinitelyTyped's @types/usercentrics-browser-ui): window.__ucCmp with promise-returning
  // getConsentDetails(), updateCategoriesConsents([{ id, consent }]), saveConsents(), closeCmp().
  function v3Page() {
    const calls: unknown[][] = [];
    const __ucCmp = {
      isInitialized: async () => true,
      getConsentDetails: async () => ({
        consent: { status: 'ALL_DENIED' },
        categories: {
          essential: { name: 'Essential', essential: true, state: 'ALL_ACCEPTED', dps: null },
          functional: { name: 'Functional', state: 'ALL_DENIED', dps: null },
          analytics: { name: 'Analytics', state: 'ALL_DENIED', dps: null },
          marketing: { name: 'Marketing', state: 'ALL_DENIED', dps: null },
        },
        services: {},
      }),
      updateCategoriesConsents: async (c: unknown) => void calls.push(['updateCategoriesConsents', c]),
      saveConsents: async () => void calls.push(['saveConsents']),
      closeCmp: async () => void calls.push(['closeCmp']),
    };
    return { win: page({ __ucCmp }), calls };
  }

  it.each([
    ['allRevoked', ['essential', 'functional']],
    ['allGranted', ['essential', 'functional', 'analytics', 'marketing']],
    ['contactRevoked', ['essential', 'functional', 'analytics']],
    ['behaviorRevoked', ['essential', 'functional', 'marketing']],
  ] as const)('v3, %s: categories updated, saved, the CMP closed', async (choice, accepted) => {
    const { win, calls } = v3Page();
    const result = await answer(usercentrics, win, choice);
    expect(calls.map((c) => c[0])).toEqual(['updateCategoriesConsents', 'saveConsents', 'closeCmp']);
    const given = (calls[0][1] as { id: string; consent: boolean }[]).filter((c) => c.consent).map((c) => c.id);
    expect(given).toEqual(accepted);
    expect(result.accepted).toEqual(accepted);
  });

  // Stand-in after the CMP v2 UI API (docs.usercentrics.com, "CMP v2 UI API"): window.UC_UI with
  // isInitialized(), getServicesBaseInfo() → [{ id, name, categorySlug, isEssential }],
  // acceptServices(ids), rejectServices(ids), closeCMP().
  it('v2: each service accepted or rejected as its category is', async () => {
    const calls: unknown[][] = [];
    const UC_UI = {
      isInitialized: () => true,
      getServicesBaseInfo: () => [
        {
          id: 'uc-cmp',
          name: 'Usercentrics Consent Management Platform',
          categorySlug: 'essential',
          isEssential: true,
        },
        { id: 'ga4', name: 'Google Analytics 4', categorySlug: 'marketing', isEssential: false },
        { id: 'hotjar', name: 'Hotjar', categorySlug: 'functional', isEssential: false },
      ],
      acceptServices: (ids: string[]) => calls.push(['accept', ids]),
      rejectServices: (ids: string[]) => calls.push(['reject', ids]),
      closeCMP: () => calls.push(['close']),
    };
    const win = page({ UC_UI });
    await answer(usercentrics, win, 'contactRevoked');
    expect(calls).toEqual([['accept', ['uc-cmp', 'hotjar']], ['reject', ['ga4']], ['close']]);
  });
});
