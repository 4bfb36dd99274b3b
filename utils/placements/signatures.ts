/**
 * Vendor signatures of personalization and ad widgets, kept as data: adding a vendor is one entry here.
 *
 * - `widgets`: CSS selectors for the root of a rendered widget. A match that has content (images,
 *   links, frames) marks a placement by itself, unless its own heading is a decoy ("Best sellers").
 * - `markers`: selectors for elements a vendor injected or changed (experiments, targeted content).
 *   They only attribute the vendor to a placement found by its heading, never make one alone: an
 *   A/B-test marker on a button is not a personalized product row.
 * - `hintAttributes`: attributes whose value names the strategy (a Constructor pod id "recently_viewed",
 *   a Clerk template "@visitor-recommendations"); the value is read like a heading.
 * - `scriptHosts`: host names (suffix match) or "host/path" prefixes of the vendor's scripts, to tell
 *   which vendors a page loads even when no widget is rendered yet.
 *
 * Left out on purpose: Monetate's "mt-" and Bloomreach's bare "br-" class prefixes and generic "ais-"
 * InstantSearch classes (used by CSS frameworks and search boxes; far too many false positives), and
 * Algolia's Trending widgets (the same for every visitor).
 */
import type { Category } from '../categories';
import type { PlacementKind } from '../model';

export interface WidgetRule {
  selector: string;
  /** Overrides the signature's kind for this widget type. */
  kind?: PlacementKind;
  categories?: readonly Category[];
}

export interface VendorSignature {
  id: string;
  name: string;
  kind: PlacementKind;
  categories: readonly Category[];
  widgets: readonly (string | WidgetRule)[];
  markers?: readonly string[];
  hintAttributes?: readonly string[];
  scriptHosts: readonly string[];
}

/** Elements whose class list has a class starting with `prefix`. */
export function classPrefix(prefix: string): string {
  return `[class^="${prefix}"], [class*=" ${prefix}"]`;
}

export function idPrefix(prefix: string): string {
  return `[id^="${prefix}"]`;
}

const B: readonly Category[] = ['browsing'];
const AD_CATEGORIES: readonly Category[] = ['browsing', 'identifiers'];

export const VENDOR_SIGNATURES: readonly VendorSignature[] = [
  {
    id: 'dynamic-yield',
    name: 'Dynamic Yield',
    kind: 'recommendation',
    categories: B,
    widgets: [
      '[data-dy-widget-id]',
      '[data-dy-strategy-id]',
      classPrefix('dy-recommendation'),
      classPrefix('dy-recs'),
      idPrefix('dy-recs'),
      classPrefix('dy_recs'),
    ],
    markers: [classPrefix('dy-'), classPrefix('dy_'), idPrefix('dy-'), '[data-dy-feed-id]', '[data-dy-variation-id]'],
    scriptHosts: ['dynamicyield.com'],
  },
  {
    id: 'monetate',
    name: 'Monetate (Kibo)',
    kind: 'personalized-offer',
    categories: B,
    widgets: [
      { selector: idPrefix('monetate_selectorBanner_') },
      { selector: classPrefix('monetate-recs'), kind: 'recommendation' },
    ],
    markers: [idPrefix('monetate_selectorHTML_'), classPrefix('monetate_'), classPrefix('monetate-')],
    scriptHosts: ['monetate.net'],
  },
  {
    id: 'richrelevance',
    name: 'RichRelevance (Algonomy)',
    kind: 'recommendation',
    categories: B,
    widgets: [
      idPrefix('rr_placement'),
      classPrefix('rr_placement'),
      classPrefix('rr-placement'),
      '[data-rr-placement]',
      '[data-jl-rr-placement]',
    ],
    markers: [idPrefix('rr_'), '[data-rr-strategy]'],
    hintAttributes: ['data-rr-placement', 'data-jl-rr-placement'],
    scriptHosts: ['richrelevance.com', 'algorecs.com'],
  },
  {
    id: 'nosto',
    name: 'Nosto',
    kind: 'recommendation',
    categories: B,
    widgets: ['.nosto_element', 'nosto-campaign', 'nosto-section-campaign'],
    markers: [classPrefix('nosto_'), classPrefix('nosto-')],
    hintAttributes: ['placement', 'id'],
    scriptHosts: ['nosto.com'],
  },
  {
    id: 'algolia-recommend',
    name: 'Algolia Recommend',
    kind: 'recommendation',
    categories: B,
    widgets: [
      '.auc-Recommend',
      '.auc-Recommendations',
      '.ais-FrequentlyBoughtTogether',
      '.ais-RelatedProducts',
      '.ais-LookingSimilar',
      '[data-algolia-recommend]',
    ],
    markers: ['.auc-Recommend-list', '.ais-FrequentlyBoughtTogether-list', '.ais-RelatedProducts-list'],
    scriptHosts: ['cdn.jsdelivr.net/npm/@algolia/recommend'],
  },
  {
    id: 'bloomreach',
    name: 'Bloomreach',
    kind: 'recommendation',
    categories: B,
    widgets: [
      '[data-br-widget-id]',
      // Not a "br-widget" class: the jquery-bar-rating star widget uses it (seen on a real shop page).
      classPrefix('blm-widget'),
      classPrefix('blm-recommendation'),
      { selector: classPrefix('exponea-banner'), kind: 'personalized-offer' },
    ],
    // Not a bare "br-" class prefix: utility CSS (Tachyons br-100, br-pill) uses it everywhere.
    markers: [classPrefix('br-rec'), classPrefix('exponea-'), '[data-br-widget-type]'],
    scriptHosts: ['brcdn.com', 'dxpapi.com', 'exponea.com'],
  },
  {
    id: 'salesforce-einstein',
    name: 'Salesforce Einstein',
    kind: 'recommendation',
    categories: B,
    widgets: [
      idPrefix('cq_recomm_slot'),
      classPrefix('einstein-recommendation'),
      classPrefix('einstein-carousel'),
      '.cq-recommendations',
      '[data-cq-recommender]',
    ],
    markers: [classPrefix('einstein-'), '[data-cq-slot]'],
    hintAttributes: ['data-cq-recommender', 'data-recommender'],
    scriptHosts: ['cquotient.com'],
  },
  {
    id: 'salesforce-personalization',
    name: 'Salesforce Personalization (Evergage)',
    kind: 'recommendation',
    categories: B,
    widgets: ['[data-evg-campaign-id]', classPrefix('evg-recommendations')],
    markers: [classPrefix('evg-'), idPrefix('evg-')],
    scriptHosts: ['evgnet.com', 'evergage.com'],
  },
  {
    id: 'adobe-target',
    name: 'Adobe Target',
    kind: 'personalized-offer',
    categories: B,
    widgets: [],
    markers: ['.at-element-marker', '.mboxDefault', '[data-mbox]', idPrefix('mbox-')],
    scriptHosts: ['tt.omtrdc.net'],
  },
  {
    id: 'optimizely',
    name: 'Optimizely',
    kind: 'personalized-offer',
    categories: B,
    widgets: ['.idio-recommendations-container', '[data-idio-recommendations]'],
    markers: [classPrefix('optimizely'), idPrefix('optimizely'), '[data-optimizely]'],
    scriptHosts: ['cdn.optimizely.com', 'idio.co'],
  },
  {
    id: 'certona',
    name: 'Certona (Kibo)',
    kind: 'recommendation',
    categories: B,
    widgets: [classPrefix('certona'), idPrefix('certona'), '[data-certona-scheme]', classPrefix('resonance-recs')],
    markers: [idPrefix('resonance')],
    hintAttributes: ['data-certona-scheme'],
    scriptHosts: ['certona.net', 'res-x.com'],
  },
  {
    id: 'constructor',
    name: 'Constructor',
    kind: 'recommendation',
    categories: B,
    widgets: ['[data-cnstrc-recommendations]'],
    markers: ['[data-cnstrc-recommendations-pod-id]'],
    hintAttributes: ['data-cnstrc-recommendations-pod-id'],
    scriptHosts: ['cnstrc.com'],
  },
  {
    id: 'klevu',
    name: 'Klevu',
    kind: 'recommendation',
    categories: B,
    widgets: [classPrefix('klevu-recs'), 'klevu-recs'],
    markers: [classPrefix('klevu')],
    scriptHosts: ['js.klevu.com/recs'],
  },
  {
    id: 'clerk',
    name: 'Clerk.io',
    kind: 'recommendation',
    categories: B,
    widgets: ['.clerk[data-template]'],
    markers: [classPrefix('clerk-')],
    hintAttributes: ['data-template'],
    scriptHosts: ['clerk.io'],
  },
  {
    id: 'criteo',
    name: 'Criteo',
    kind: 'retargeting-ad',
    categories: AD_CATEGORIES,
    widgets: [idPrefix('crt-'), idPrefix('criteo'), classPrefix('criteo-ad'), 'iframe[src*="criteo"]'],
    markers: [classPrefix('criteo')],
    scriptHosts: ['criteo.net', 'criteo.com'],
  },
  {
    id: 'google-ads',
    name: 'Google Ads',
    kind: 'retargeting-ad',
    categories: AD_CATEGORIES,
    widgets: [
      'ins.adsbygoogle:not([data-ad-status="unfilled"])',
      idPrefix('div-gpt-ad'),
      idPrefix('google_ads_iframe'),
    ],
    markers: [idPrefix('google_ads')],
    scriptHosts: [
      'googlesyndication.com',
      'securepubads.g.doubleclick.net',
      'googleads.g.doubleclick.net',
      'googletagservices.com',
    ],
  },
];

const VENDOR_BY_ID: ReadonlyMap<string, VendorSignature> = new Map(VENDOR_SIGNATURES.map((v) => [v.id, v]));

export function vendorById(id: string): VendorSignature | undefined {
  return VENDOR_BY_ID.get(id);
}

export function widgetRule(rule: string | WidgetRule): WidgetRule {
  return typeof rule === 'string' ? { selector: rule } : rule;
}

/**
 * Which vendor a script URL belongs to, or undefined. `url` may be absolute or protocol-relative.
 * Host entries match the host or any sub-domain; "host/path" entries match as a prefix.
 */
export function vendorForScriptUrl(url: string): VendorSignature | undefined {
  const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/?#:]+)(?::\d+)?([^?#]*)/i.exec(url.trim());
  if (!m) return undefined;
  const host = m[1].toLowerCase();
  const hostPath = host + m[2];
  for (const v of VENDOR_SIGNATURES) {
    for (const entry of v.scriptHosts) {
      if (entry.includes('/')) {
        if (hostPath.startsWith(entry) || hostPath.includes(`.${entry}`)) return v;
      } else if (host === entry || host.endsWith(`.${entry}`)) {
        return v;
      }
    }
  }
  return undefined;
}
