import { describe, expect, it } from 'vitest';
import { CATEGORIES, type Category } from '../../../../utils/categories';
import {
  acceptsAll,
  answerPurposes,
  classifyPurpose,
  isPurposeAccepted,
  type PurposeClass,
} from '../../../../utils/consent/cmp/purposes';
import type { ConsentState } from '../../../../utils/consent/model';

function consentWith(revoked: readonly Category[]): Record<Category, ConsentState> {
  const out = {} as Record<Category, ConsentState>;
  for (const c of CATEGORIES) out[c] = revoked.includes(c) ? 'revoked' : 'granted';
  return out;
}

// Labels as real CMPs show them (Cookiebot, OneTrust, Klaro, tarteaucitron, Complianz translations).
const LABELS: Record<string, readonly [string, PurposeClass][]> = {
  en: [
    ['Strictly Necessary Cookies', 'necessary'],
    ['Functional', 'necessary'],
    ['Preferences', 'necessary'],
    ['Statistics', 'analytics'],
    ['Performance Cookies', 'analytics'],
    ['Analytics', 'analytics'],
    ['Audience measurement', 'analytics'],
    ['Marketing', 'marketing'],
    ['Targeting Cookies', 'marketing'],
    ['Advertising', 'marketing'],
    ['Ads', 'marketing'],
    ['Social Media', 'marketing'],
    ['Personalised advertising', 'marketing'],
    ['Personalization', 'personalization'],
  ],
  de: [
    ['Notwendig', 'necessary'],
    ['Unbedingt erforderliche Cookies', 'necessary'],
    ['Funktionale Cookies', 'necessary'],
    ['Präferenzen', 'necessary'],
    ['Statistiken', 'analytics'],
    ['Analyse', 'analytics'],
    ['Leistungs-Cookies', 'analytics'],
    ['Reichweitenmessung', 'analytics'],
    ['Marketing', 'marketing'],
    ['Werbung', 'marketing'],
    ['Soziale Medien', 'marketing'],
    ['Personalisierung', 'personalization'],
  ],
  fr: [
    ['Cookies strictement nécessaires', 'necessary'],
    ['Fonctionnels', 'necessary'],
    ['Préférences', 'necessary'],
    ['Statistiques', 'analytics'],
    ["Mesure d'audience", 'analytics'],
    ['Publicité', 'marketing'],
    ['Publicité ciblée', 'marketing'],
    ['Réseaux sociaux', 'marketing'],
    ['Personnalisation', 'personalization'],
  ],
  es: [
    ['Cookies necesarias', 'necessary'],
    ['Funcionales', 'necessary'],
    ['Preferencias', 'necessary'],
    ['Estadísticas', 'analytics'],
    ['Análisis', 'analytics'],
    ['Rendimiento', 'analytics'],
    ['Publicidad', 'marketing'],
    ['Redes sociales', 'marketing'],
    ['Personalización', 'personalization'],
  ],
  nl: [
    ['Noodzakelijk', 'necessary'],
    ['Functionele cookies', 'necessary'],
    ['Voorkeuren', 'necessary'],
    ['Statistieken', 'analytics'],
    ['Analytische cookies', 'analytics'],
    ['Advertenties', 'marketing'],
    ['Marketing', 'marketing'],
    ['Sociale media', 'marketing'],
    ['Personalisatie', 'personalization'],
  ],
};

describe('classifyPurpose', () => {
  for (const [lang, cases] of Object.entries(LABELS)) {
    it(`reads ${lang} purpose names`, () => {
      for (const [label, cls] of cases) expect([label, classifyPurpose(label)]).toEqual([label, cls]);
    });
  }

  it('reads CMP purpose ids (vanilla-cookieconsent, Klaro, Complianz)', () => {
    expect(classifyPurpose('necessary')).toBe('necessary');
    expect(classifyPurpose('analytics')).toBe('analytics');
    expect(classifyPurpose('marketing')).toBe('marketing');
    expect(classifyPurpose('cmplz_statistics')).toBe('analytics');
    expect(classifyPurpose('ads')).toBe('marketing');
  });

  it('reads the IAB TCF v2.2 purposes by their Global Vendor List names and Didomi ids', () => {
    const tcf: [string, string, PurposeClass][] = [
      ['cookies', 'Store and/or access information on a device', 'unknown'],
      ['select_basic_ads', 'Use limited data to select advertising', 'marketing'],
      ['create_ads_profile', 'Create profiles for personalised advertising', 'marketing'],
      ['select_personalized_ads', 'Use profiles to select personalised advertising', 'marketing'],
      ['create_content_profile', 'Create profiles to personalise content', 'personalization'],
      ['select_personalized_content', 'Use profiles to select personalised content', 'personalization'],
      ['measure_ad_performance', 'Measure advertising performance', 'marketing'],
      ['measure_content_performance', 'Measure content performance', 'analytics'],
      [
        'market_research',
        'Understand audiences through statistics or combinations of data from different sources',
        'analytics',
      ],
      ['improve_products', 'Develop and improve services', 'unknown'],
    ];
    for (const [id, name, cls] of tcf) {
      expect(classifyPurpose(id, name), name).toBe(cls);
      expect(classifyPurpose(id), id).toBe(cls);
    }
  });

  it('does not read "ad" inside other words, and knows when it does not know', () => {
    expect(classifyPurpose('Address autofill')).toBe('unknown');
    expect(classifyPurpose('Sonstiges')).toBe('unknown');
    expect(classifyPurpose('')).toBe('unknown');
    expect(classifyPurpose(undefined, '  ')).toBe('unknown');
  });

  it('uses the label when the id says nothing', () => {
    expect(classifyPurpose('c0004', 'Targeting Cookies')).toBe('marketing');
    expect(classifyPurpose('purpose_3', 'Statistik')).toBe('analytics');
  });
});

describe('the contract table', () => {
  const cases: [string, Category[], Record<PurposeClass, boolean>][] = [
    ['all granted', [], { necessary: true, analytics: true, marketing: true, personalization: true, unknown: true }],
    [
      'all revoked',
      [...CATEGORIES],
      { necessary: true, analytics: false, marketing: false, personalization: false, unknown: false },
    ],
    [
      'only Contact revoked',
      ['contact'],
      { necessary: true, analytics: true, marketing: false, personalization: true, unknown: false },
    ],
    [
      'only Behavior revoked',
      ['behavior'],
      { necessary: true, analytics: false, marketing: true, personalization: true, unknown: false },
    ],
    [
      'only Identifiers revoked',
      ['identifiers'],
      { necessary: true, analytics: false, marketing: false, personalization: false, unknown: false },
    ],
    [
      'only Purchases revoked',
      ['purchases'],
      { necessary: true, analytics: true, marketing: false, personalization: true, unknown: false },
    ],
    [
      'only Location revoked',
      ['location'],
      { necessary: true, analytics: true, marketing: true, personalization: true, unknown: false },
    ],
  ];
  for (const [name, revoked, expected] of cases) {
    it(name, () => {
      const consent = consentWith(revoked);
      const got = {} as Record<PurposeClass, boolean>;
      for (const cls of Object.keys(expected) as PurposeClass[]) got[cls] = isPurposeAccepted(cls, consent);
      expect(got).toEqual(expected);
      expect(acceptsAll(consent)).toBe(revoked.length === 0);
    });
  }
});

describe('answerPurposes', () => {
  it('splits a CMP purpose list into accepted and refused ids, required ones always accepted', () => {
    const purposes = [
      { id: 'necessary', required: true },
      { id: 'functionality' },
      { id: 'c2', label: 'Statistiques' },
      { id: 'c3', label: 'Publicité' },
      { id: 'gtm', label: 'Google Tag Manager', required: true },
      { id: 'x', label: 'Sonstiges' },
    ];
    expect(answerPurposes(purposes, consentWith(['contact']))).toEqual({
      accepted: ['necessary', 'functionality', 'c2', 'gtm'],
      refused: ['c3', 'x'],
    });
    expect(answerPurposes(purposes, consentWith([]))).toEqual({
      accepted: ['necessary', 'functionality', 'c2', 'c3', 'gtm', 'x'],
      refused: [],
    });
  });
});
