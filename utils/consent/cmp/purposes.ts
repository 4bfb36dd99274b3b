/**
 * The contract between the shopper's categories and a cookie banner's purposes (README, popup): which
 * purposes a consent management platform (CMP) is told "yes" to. Purpose names come in the CMP's own
 * words and language, so they are matched on normalized keywords (English, German, French, Spanish,
 * Dutch, Italian); a purpose that matches nothing is treated like an unknown bundle and accepted only
 * when every category is granted.
 */
import { CATEGORIES, type Category } from '../../categories';
import type { ConsentState } from '../model';

export const PURPOSE_CLASSES = ['necessary', 'analytics', 'marketing', 'personalization', 'unknown'] as const;
export type PurposeClass = (typeof PURPOSE_CLASSES)[number];

/** The categories that must all be granted for a purpose of the class to be accepted ('all': every one). */
export const REQUIRED_CATEGORIES: Readonly<Record<PurposeClass, readonly Category[] | 'all'>> = {
  necessary: [],
  analytics: ['browsing', 'identifiers', 'behavior'],
  marketing: ['browsing', 'identifiers', 'purchases', 'contact'],
  personalization: ['browsing', 'identifiers'],
  unknown: 'all',
};

/**
 * Keywords per class, on text lower-cased with accents removed, matched at the start of a word. Checked
 * in this order, so "personalised advertising" is marketing and "analytics preferences" analytics.
 */
const KEYWORDS: readonly (readonly [Exclude<PurposeClass, 'unknown'>, readonly string[]])[] = [
  [
    'marketing',
    [
      'marketing',
      'advertis', // advertising, advertisement
      'ad', // "ads", "ad"
      'targeting',
      'social',
      'werb', // de: Werbung
      'zielgruppen',
      'soziale',
      'publicit', // fr: publicité, publicitaires; it: pubblicità below
      'pubblicit',
      'ciblage',
      'reseaux sociaux',
      'publicidad',
      'publicitari',
      'segmentacion',
      'redes sociales',
      'advertentie', // nl
      'reclame',
      'sociale media',
      'annunci',
    ],
  ],
  [
    'analytics',
    [
      'analytic',
      'statistic',
      'performance',
      'measurement',
      'audience',
      'market research', // IAB TCF purpose 9 (Didomi's id market_research)
      'statistik', // de
      'analyse',
      'leistung',
      'messung',
      'reichweite',
      'statistique', // fr
      'analytique',
      'mesure',
      'estadistic', // es
      'analitic',
      'analisis',
      'rendimiento',
      'medicion',
      'statistiek', // nl
      'analytisch',
      'prestatie',
      'meting',
      'statistich', // it
    ],
  ],
  [
    'personalization',
    [
      'personali',
      'personnalis',
      'personalisier',
      'personalizacion',
      'personalisatie',
      'personalizzazione',
      'content profile', // IAB TCF purpose 5 (Didomi's id create_content_profile)
    ],
  ],
  [
    'necessary',
    [
      'necessary',
      'essential',
      'strictly',
      'required',
      'functional',
      'functionality',
      'preference',
      'technical',
      'notwendig', // de
      'erforderlich',
      'essenziell',
      'essentiell',
      'funktional',
      'praferenz',
      'einstellung',
      'technisch',
      'necessaire', // fr
      'essentiel',
      'fonctionnel',
      'indispensable',
      'technique',
      'necesari', // es
      'esencial',
      'funcional',
      'preferencia',
      'tecnic',
      'noodzakelijk', // nl
      'essentieel',
      'functioneel',
      'functionele',
      'voorkeur',
      'necessari', // it
      'funzional',
      'tecnici',
    ],
  ],
];

/** Lower case, accents removed (ä → a, é → e), anything but letters and digits turned into one space. */
export function normalizePurposeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const MATCHERS: readonly (readonly [Exclude<PurposeClass, 'unknown'>, RegExp])[] = KEYWORDS.map(([cls, words]) => [
  cls,
  // "ad" must be a whole word (not "address"); the others are word prefixes (Werbung, Werbe-Cookies).
  new RegExp(`(?:^| )(?:ads?(?= |$)|${words.filter((w) => w !== 'ad').join('|')})`),
]);

/** The class of a purpose from its id and/or label (each may be empty). */
export function classifyPurpose(...texts: readonly (string | undefined)[]): PurposeClass {
  const text = normalizePurposeText(texts.filter((t): t is string => typeof t === 'string').join(' '));
  if (!text) return 'unknown';
  for (const [cls, re] of MATCHERS) if (re.test(text)) return cls;
  return 'unknown';
}

/** Whether a purpose of the class is accepted under the site's effective consent. */
export function isPurposeAccepted(cls: PurposeClass, consent: Readonly<Record<Category, ConsentState>>): boolean {
  const required = REQUIRED_CATEGORIES[cls];
  const categories = required === 'all' ? CATEGORIES : required;
  return categories.every((c) => consent[c] === 'granted');
}

/** A CMP with only "accept all" / "reject all": accept only when every category is granted. */
export function acceptsAll(consent: Readonly<Record<Category, ConsentState>>): boolean {
  return isPurposeAccepted('unknown', consent);
}

export interface PurposeAnswer {
  accepted: string[];
  refused: string[];
}

/**
 * The answer for a CMP's purposes, each given as its id (what the CMP's API takes) and optional label.
 * Purposes the CMP marks as required are accepted whatever the class (the CMP would not let them go).
 */
export function answerPurposes(
  purposes: readonly { id: string; label?: string; required?: boolean }[],
  consent: Readonly<Record<Category, ConsentState>>,
): PurposeAnswer {
  const answer: PurposeAnswer = { accepted: [], refused: [] };
  for (const p of purposes) {
    const accepted = p.required === true || isPurposeAccepted(classifyPurpose(p.id, p.label), consent);
    (accepted ? answer.accepted : answer.refused).push(p.id);
  }
  return answer;
}
