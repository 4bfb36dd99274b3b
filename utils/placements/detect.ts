/**
 * Finds personalized placements in a page: product rows whose heading says they are about the shopper
 * ("Recommended for you", "Zuletzt angesehen", "あなたへのおすすめ") and rendered widgets of
 * personalization and ad vendors. Standard DOM APIs only, so it runs the same in the content script,
 * happy-dom and linkedom.
 *
 * Cost model: one walk over the elements with a precompiled prefilter (tag set, id and class regexes, a
 * few attribute names), Element.matches() only on candidates, textContent only on headings, and a few
 * bounded walks up from each personalized heading. No layout, no innerText, no `*` queries.
 */
import type { Category } from '../categories';
import { sortCategories } from '../categories';
import type { Placement, PlacementKind } from '../model';
import { MAX_HEADING_LENGTH, matchHeading, normalizeHeading, type HeadingMatch } from './phrase-compiler';
import {
  compilePrefilterData,
  mayMatch,
  prefilterFromData,
  probe,
  type ElementProbe,
  type Prefilter,
  type PrefilterData,
} from './prefilter';
import { VENDOR_SIGNATURES, widgetRule, vendorForScriptUrl, type VendorSignature } from './signatures';

/** A placement and the element to badge (the row or widget container). */
export interface DetectedPlacement extends Placement {
  element: Element;
  /** The heading element the label came from, when there is one. */
  heading?: Element;
}

export interface DetectOptions {
  /**
   * Extra visibility test for a candidate container, e.g. `(el) => el.checkVisibility()` in the browser.
   * Without it only structural hiding counts (hidden, aria-hidden, inline display:none, template).
   */
  isVisible?: (el: Element) => boolean;
  /** Report ad slots (Google, Criteo). Default true. */
  includeAds?: boolean;
  /**
   * Called with each open shadow root the scan enters, so the caller can observe mutations inside it
   * (a MutationObserver on the document does not see them).
   */
  onShadowRoot?: (root: ShadowRoot) => void;
}

/** Marks our own UI (badges, panels): never scanned, never reported. */
export const OWN_ATTRIBUTE = 'data-shareledger';

const MAX_CLIMB = 6;
const MAX_SIBLING_LOOKAHEAD = 3;

// ---------------------------------------------------------------------------------------------
// Selectors, built once.

const HEADING_TAGS = 'h1,h2,h3,h4,h5,h6,[role="heading"]';
const LABELLED_CONTAINERS =
  'section[aria-label],aside[aria-label],[role="region"][aria-label],[aria-roledescription="carousel"][aria-label]';
/** Row titles styled as headings without heading markup, as selectors (for queries inside a widget). */
const CLASS_HEADINGS = [
  'carousel-title',
  'carousel__title',
  'carousel-heading',
  'recs-title',
  'reco-title',
  'recommendations-title',
  'section-title',
  'section__title',
  'widget-title',
  'slider-title',
  'slider__title',
  'shelf-title',
  'shelf__title',
  'rail-title',
  'row-title',
]
  .map((c) => `[class*="${c}"]`)
  .join(',');
const HEADING_SELECTOR = `${HEADING_TAGS},${LABELLED_CONTAINERS},${CLASS_HEADINGS}`;
/**
 * Any class naming a title ("avivid_title_text", "carouselRecentlyTitle", "header-title") or a
 * heading-styled block (Bootstrap's `.h2`): read as a heading when it is small. Product tiles have title
 * classes too; their names rarely say "for you", and isTileHeading drops the ones inside a tile.
 */
const TITLE_CLASS = /title|heading|headline|(?:^|\s)h[1-6](?:\s|$)/i;
/** A title element with more children than this is a section, not a title. */
const MAX_TITLE_CHILDREN = 6;
/** Ancestors whose class or id says shoppers wrote what is inside: a phrase there is not a row title. */
const USER_CONTENT = /review|comment|question|answer|(?:^|[\s_-])(?:qna|qa|faq)(?:$|[\s_-])|testimonial/i;
const USER_CONTENT_CLIMB = 8;
const ROW_EVIDENCE_SELECTOR =
  'a[href],img,iframe,video,[data-product-id],[data-sku],[data-asin],[data-pid],[data-item-id]';
const CONTENT_SELECTOR = 'a[href],img,picture,iframe,video';
const OWN_SELECTOR = `[${OWN_ATTRIBUTE}]`;

/** h1..hN plus role=heading: headings that end a row of level N. */
const HEADINGS_UP_TO: readonly string[] = [1, 2, 3, 4, 5, 6].map((n) =>
  [...Array.from({ length: n }, (_, i) => `h${i + 1}`), '[role="heading"]'].join(','),
);

interface CompiledWidget {
  vendor: VendorSignature;
  selector: string;
  kind: PlacementKind;
  categories: readonly Category[];
}

interface Compiled {
  widgets: CompiledWidget[];
  widgetSelector: string;
  markerSelector: string;
  markers: { vendor: VendorSignature; selector: string }[];
  headingFilter: Prefilter;
  widgetFilter: Prefilter;
  markerFilter: Prefilter;
}

/** The vendors' widget rules and their markers (a vendor's widgets count as its markers too). */
function vendorRules(): Pick<Compiled, 'widgets' | 'markers'> {
  const widgets: CompiledWidget[] = [];
  const markers: { vendor: VendorSignature; selector: string }[] = [];
  for (const vendor of VENDOR_SIGNATURES) {
    for (const raw of vendor.widgets) {
      const rule = widgetRule(raw);
      widgets.push({
        vendor,
        selector: rule.selector,
        kind: rule.kind ?? vendor.kind,
        categories: rule.categories ?? vendor.categories,
      });
    }
    const all = [...vendor.widgets.map((w) => widgetRule(w).selector), ...(vendor.markers ?? [])];
    if (all.length) markers.push({ vendor, selector: all.join(',') });
  }
  return { widgets, markers };
}

const selectorListOf = (rules: readonly { selector: string }[]) => rules.map((r) => r.selector).join(',');

export interface PlacementPrefiltersData {
  heading: PrefilterData;
  widget: PrefilterData;
  marker: PrefilterData;
}

/** Compiles the scan's prefilters; wxt.config.ts runs it at build time (it cost a page ~6 ms of CPU). */
export function compilePlacementPrefilters(): PlacementPrefiltersData {
  const { widgets, markers } = vendorRules();
  return {
    heading: compilePrefilterData(HEADING_SELECTOR),
    widget: compilePrefilterData(selectorListOf(widgets)),
    marker: compilePrefilterData(selectorListOf(markers)),
  };
}

// The build defines this as compilePlacementPrefilters()'s result (wxt.config.ts); elsewhere (unit
// tests, node) it is not defined and the prefilters are compiled at first use.
declare const __SHARELEDGER_PLACEMENT_PREFILTERS__: PlacementPrefiltersData | undefined;

let compiledCache: Compiled | undefined;

function compiled(): Compiled {
  if (compiledCache) return compiledCache;
  const { widgets, markers } = vendorRules();
  const prefilters =
    typeof __SHARELEDGER_PLACEMENT_PREFILTERS__ === 'undefined'
      ? compilePlacementPrefilters()
      : __SHARELEDGER_PLACEMENT_PREFILTERS__;
  compiledCache = {
    widgets,
    widgetSelector: selectorListOf(widgets),
    markerSelector: selectorListOf(markers),
    markers,
    headingFilter: prefilterFromData(prefilters.heading),
    widgetFilter: prefilterFromData(prefilters.widget),
    markerFilter: prefilterFromData(prefilters.marker),
  };
  return compiledCache;
}

// ---------------------------------------------------------------------------------------------
// Small DOM helpers (standard APIs only).

const ELEMENT_NODE = 1;

function isElement(node: Node | null | undefined): node is Element {
  return !!node && node.nodeType === ELEMENT_NODE;
}

function isOwn(el: Element): boolean {
  return el.closest(OWN_SELECTOR) !== null;
}

const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;

/**
 * Hidden without layout: hidden attribute, inline display:none, inert templates, and aria-hidden on the
 * row itself. aria-hidden on an ancestor is not hiding: pages set it on everything behind an open
 * dialog, which stays on screen.
 */
function isStructurallyHidden(el: Element): boolean {
  if (el.getAttribute('aria-hidden') === 'true') return true;
  for (let e: Element | null = el; e; e = e.parentElement) {
    if (e.hasAttribute('hidden')) return true;
    const style = e.getAttribute('style');
    if (style && HIDDEN_STYLE.test(style)) return true;
    const tag = e.localName;
    if (tag === 'template' || tag === 'noscript') return true;
  }
  return false;
}

/** The heading is hidden inside its row (an empty "Recently viewed" panel of a menu, aria-hidden). */
function isHiddenWithin(heading: Element, row: Element): boolean {
  for (let e: Element | null = heading; e && e !== row; e = e.parentElement) {
    if (e.hasAttribute('hidden') || e.getAttribute('aria-hidden') === 'true') return true;
    const style = e.getAttribute('style');
    if (style && HIDDEN_STYLE.test(style)) return true;
  }
  return false;
}

function isShown(el: Element, opts: DetectOptions): boolean {
  if (isStructurallyHidden(el)) return false;
  return opts.isVisible ? opts.isVisible(el) : true;
}

function isHeadingTag(tag: string): boolean {
  return tag.length === 2 && tag[0] === 'h' && tag[1] >= '1' && tag[1] <= '6';
}

function headingLevel(el: Element): number {
  const tag = el.localName;
  if (isHeadingTag(tag)) return tag.charCodeAt(1) - 48;
  const aria = Number(el.getAttribute('aria-level'));
  return aria >= 1 && aria <= 6 ? aria : 2;
}

function isLabelledContainer(el: Element): boolean {
  if (isHeadingTag(el.localName)) return false;
  return el.hasAttribute('aria-label') && !el.matches(HEADING_TAGS) && el.matches(LABELLED_CONTAINERS);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const TEXT_NODE = 3;

/**
 * The heading's text with a space at every element boundary: a title and its subtitle in two spans
 * ("Similar items" + "How about these?") must not run together into "itemsHow". Stops past the
 * longest text a heading can have.
 */
function headingText(el: Element): string {
  if (isLabelledContainer(el)) return el.getAttribute('aria-label') ?? '';
  const parts: string[] = [];
  let length = 0;
  const collect = (node: Node): void => {
    for (let child = node.firstChild; child && length <= MAX_HEADING_LENGTH * 2; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) {
        const text = child.nodeValue ?? '';
        parts.push(text);
        length += text.length;
      } else if (isElement(child)) {
        const tag = child.localName;
        if (tag === 'script' || tag === 'style' || tag === 'template') continue;
        parts.push(' ');
        collect(child);
        parts.push(' ');
      }
    }
  };
  collect(el);
  return parts.join('');
}

/** A heading inside a review, a question or an answer: shoppers' words, not the title of a row. */
function isInUserContent(heading: Element): boolean {
  let e: Element | null = heading;
  for (let i = 0; e && i < USER_CONTENT_CLIMB && !isRootish(e); i++, e = e.parentElement) {
    const itemprop = e.getAttribute('itemprop');
    if (itemprop === 'review' || itemprop === 'comment') return true;
    const cls = e.getAttribute('class');
    if ((cls && USER_CONTENT.test(cls)) || (e.id && USER_CONTENT.test(e.id))) return true;
  }
  return false;
}

function label(text: string): string {
  const t = collapse(text);
  return t.length > MAX_HEADING_LENGTH ? `${t.slice(0, MAX_HEADING_LENGTH - 1)}…` : t;
}

/** A price: an amount next to a currency sign or code, either side. */
const PRICE =
  /(?:[$€£¥₩₪₽₺₹฿₫]|\b(?:eur|usd|gbp|chf|pln|zł|kr|kč|czk|lei|ron|huf|ft|try|tl|rub|руб|тг|грн|r\$|kn|sek|dkk|nok))\s?\d|\d(?:[\d\s.,'’]*\d)?\s?(?:[$€£¥₩₪₽₺₹฿₫円元원]|(?:eur|usd|gbp|chf|pln|zł|kr|kč|czk|lei|ron|huf|ft|try|tl|rub|руб|тг|грн|kn|sek|dkk|nok|б\.р)(?![a-z]))/i;

const PRODUCT_ATTRIBUTES = ['data-product-id', 'data-sku', 'data-asin', 'data-pid', 'data-item-id'];

/**
 * Whether `a` holds several products, not one tile or a header: two product-marked elements, or two
 * different links with two images (or three different links, a text-only list). A tile's image and
 * title link point to one URL; a "See all" header has one link and no images.
 */
function looksLikeRow(a: Element, exclude: Element | null): boolean {
  const list = a.querySelectorAll(ROW_EVIDENCE_SELECTOR);
  const hrefs = new Set<string>();
  let media = 0;
  let products = 0;
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if ((exclude && exclude.contains(x)) || isOwn(x)) continue;
    const tag = x.localName;
    if (tag === 'a') {
      const href = x.getAttribute('href') ?? '';
      if (href !== '' && href !== '#' && !href.startsWith('javascript:')) hrefs.add(href);
    } else if (tag === 'img' || tag === 'iframe' || tag === 'video') media++;
    if (PRODUCT_ATTRIBUTES.some((name) => x.hasAttribute(name))) products++;
    if (products >= 2 || (hrefs.size >= 2 && media >= 2)) return true;
  }
  // A text-only list is a row of products only when it shows prices (menus, breadcrumbs and sign-in
  // boxes are lists of links too).
  if (hrefs.size >= 3 && PRICE.test(a.textContent ?? '')) return true;
  return holdsPricedTiles(a, exclude, PRICED_TILES_DEPTH);
}

/** How far below a candidate row its tiles' parent may sit (row > wrapper > slider > tiles). */
const PRICED_TILES_DEPTH = 3;

function holdsPricedTiles(el: Element, exclude: Element | null, depth: number): boolean {
  if (hasPricedTiles(el, exclude)) return true;
  if (depth === 0) return false;
  for (const child of Array.from(el.children)) {
    if (child !== exclude && holdsPricedTiles(child, exclude, depth - 1)) return true;
  }
  return false;
}

/**
 * Tiles that open their product by script (an onclick, a background image: no link, no img) still
 * repeat: three children of one tag and class, each showing a price.
 */
function hasPricedTiles(parent: Element, exclude: Element | null): boolean {
  if (parent.childElementCount < 3) return false;
  // Group by tag and class first: text is read only for groups large enough to be tiles.
  const groups = new Map<string, Element[]>();
  for (const child of Array.from(parent.children)) {
    const cls = child.getAttribute('class');
    if (!cls || child === exclude || isOwn(child)) continue;
    const key = `${child.localName}.${cls}`;
    const group = groups.get(key);
    if (group) group.push(child);
    else groups.set(key, [child]);
  }
  for (const group of groups.values()) {
    if (group.length >= 3 && group.slice(0, 3).every((tile) => PRICE.test(tile.textContent ?? ''))) return true;
  }
  return false;
}

/** Pages that say they are an article (a news story, a blog post), unless they also offer a product. */
const ARTICLE_TYPES = ['/Article', '/NewsArticle', '/BlogPosting', '/Blog', '/ReportageNewsArticle'];
const PRODUCT_OFFER_SELECTOR =
  '[itemtype$="/Product"], [itemprop="price"], meta[property="product:price:amount"], meta[property="og:price:amount"]';

/** Read at each report, not cached per document: a single-page site can turn from article to shop. */
function isArticlePage(doc: Document): boolean {
  const ogType = doc.querySelector('meta[property="og:type"]')?.getAttribute('content')?.trim().toLowerCase();
  const declared =
    ogType === 'article' ||
    Array.from(doc.querySelectorAll('[itemtype]')).some((el) =>
      ARTICLE_TYPES.some((type) => (el.getAttribute('itemtype') ?? '').endsWith(type)),
    );
  return declared && doc.querySelector(PRODUCT_OFFER_SELECTOR) === null;
}

/** Marks of a product offer inside a row; a price in a headline ("$128 headphones") is not one. */
const PRODUCT_MARK_SELECTOR = [
  ...PRODUCT_ATTRIBUTES.map((name) => `[${name}]`),
  '[itemprop="price"]',
  '[class*="price"]',
  '[class*="Price"]',
].join(', ');

/**
 * A row of articles or videos, not products: nothing in it marked as a product or a price, on a page
 * that says it is an article. A news site's "Recommended for you" is personalized, but it is not a
 * shop's row.
 */
function isContentRow(row: Element, onArticlePage: () => boolean): boolean {
  return row.querySelector(PRODUCT_MARK_SELECTOR) === null && onArticlePage();
}

/** A row that is a native-ad unit (an ad network's "You may like" under a story): paid, not personalized. */
const NATIVE_AD = /(?:^|[\s_-])(?:native-?ads?|nativead\w*|sponsored|promoted|outbrain|taboola)(?:$|[\s_-])/i;

function isNativeAdRow(row: Element): boolean {
  return NATIVE_AD.test(row.getAttribute('class') ?? '') || NATIVE_AD.test(row.id);
}

function hasContent(el: Element): boolean {
  const tag = el.localName;
  if (tag === 'iframe' || tag === 'img') return true;
  return el.querySelector(CONTENT_SELECTOR) !== null;
}

const PRODUCT_NAME_CLIMB = 4;

/**
 * A product's name in its tile, not the title of another section: a heading inside a link, or holding a
 * link to where an image nearby links too (`<a><img></a> <h4><a>Name</a></h4>`).
 */
function isProductName(heading: Element, scope: Element): boolean {
  const outer = heading.closest('a');
  if (outer) return scope.contains(outer);
  const inner = heading.querySelector('a[href]');
  if (!inner) return false;
  const href = inner.getAttribute('href');
  let e = heading.parentElement;
  for (let i = 0; e && e !== scope && i < PRODUCT_NAME_CLIMB; i++, e = e.parentElement) {
    const links = e.querySelectorAll('a[href]');
    for (let k = 0; k < links.length; k++) {
      if (links[k] !== inner && links[k].getAttribute('href') === href && hasMedia(links[k])) return true;
    }
  }
  return false;
}

function hasMedia(el: Element): boolean {
  return el.querySelector('img,picture,video') !== null;
}

function containsOtherHeading(a: Element, heading: Element, level: number): boolean {
  const list = a.querySelectorAll(HEADINGS_UP_TO[level - 1]);
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x === heading || heading.contains(x) || x.contains(heading) || isProductName(x, a)) continue;
    if (headingLevel(x) <= level) return true;
  }
  return false;
}

/** A heading of its own (not a product name) at or inside `el`. */
function holdsSectionHeading(el: Element): boolean {
  if (el.matches(HEADING_TAGS)) return true;
  const list = el.querySelectorAll(HEADING_TAGS);
  for (let i = 0; i < list.length; i++) if (!isProductName(list[i], el)) return true;
  return false;
}

const SECTIONING: ReadonlySet<string> = new Set(['section', 'aside']);

function isRootish(el: Element): boolean {
  const tag = el.localName;
  return tag === 'body' || tag === 'html' || tag === 'main';
}

/**
 * The row a heading titles: the nearest ancestor with product-like content that does not also hold
 * another heading of the same or higher rank. When the heading and its row are siblings among other
 * rows, the row is the following sibling. Null when nothing rendered yet.
 */
function rowOf(heading: Element): Element | null {
  if (isLabelledContainer(heading)) return looksLikeRow(heading, null) ? heading : null;
  const level = headingLevel(heading);
  let prev: Element = heading;
  for (let depth = 0; depth < MAX_CLIMB; depth++) {
    const a = prev.parentElement;
    if (!a || isRootish(a)) return siblingRow(prev);
    if (containsOtherHeading(a, heading, level)) return siblingRow(prev);
    if (looksLikeRow(a, heading)) return ownRowAmongModules(prev, a) ?? a;
    // A section or aside is the heading's own block: an empty one waits for its items rather than
    // borrowing the links of the blocks around it (a news site's widget filled by a script).
    if (SECTIONING.has(a.localName)) return siblingRow(prev);
    prev = a;
  }
  return null;
}

/**
 * The heading's own row when its parent is a column of modules rather than its section: the title's next
 * sibling holds the products, and another child of the parent, not a twin of that row, holds products
 * too (a home page column of brand logos, picks and a newsletter box, all siblings, with no section
 * headings to stop the climb). Twins (one tag and a shared class: a grid split into rows, story tiles
 * whose classes carry their ids) keep the parent.
 */
function ownRowAmongModules(titleBlock: Element, parent: Element): Element | null {
  const next = titleBlock.nextElementSibling;
  if (!next || next.hasAttribute(OWN_ATTRIBUTE) || !looksLikeRow(next, null)) return null;
  const classes = new Set(next.classList);
  const twin = (c: Element) =>
    c.localName === next.localName &&
    (classes.size === 0 ? c.classList.length === 0 : Array.from(c.classList).some((k) => classes.has(k)));
  for (let c = parent.firstElementChild; c; c = c.nextElementSibling) {
    if (c === titleBlock || c === next || twin(c) || c.hasAttribute(OWN_ATTRIBUTE)) continue;
    if (looksLikeRow(c, null)) return next;
  }
  return null;
}

function siblingRow(start: Element): Element | null {
  let s = start.nextElementSibling;
  for (let i = 0; s && i < MAX_SIBLING_LOOKAHEAD; i++, s = s.nextElementSibling) {
    if (s.hasAttribute(OWN_ATTRIBUTE)) continue;
    if (holdsSectionHeading(s)) return null;
    if (looksLikeRow(s, null)) return s;
  }
  return null;
}

/** The ancestor a pending heading's row can appear under (rechecked on mutations inside it). */
function pendingScope(heading: Element): Element {
  let a: Element = heading;
  for (let depth = 0; depth < 2 && a.parentElement && !isRootish(a.parentElement); depth++) a = a.parentElement;
  return a;
}

// ---------------------------------------------------------------------------------------------
// Drafts and merging.

interface Draft {
  element: Element;
  kind: PlacementKind;
  label: string;
  vendor?: string;
  reasons: string[];
  categories: Set<Category>;
  heading?: Element;
  /** Vendor widget roots merged into this placement. */
  roots: Element[];
  /** Position of its first heading or widget root in the scan (document order). */
  rank: number;
}

/** The drafts of one batch, keyed by container, in the order they were found. */
class DraftSet {
  private readonly byElement = new Map<Element, Draft>();
  private readonly links = new Map<Draft, Set<string>>();
  readonly ordered: Draft[] = [];

  has(element: Element): boolean {
    return this.byElement.has(element);
  }

  add(draft: Draft, links: Set<string>): void {
    this.byElement.set(draft.element, draft);
    this.links.set(draft, links);
    this.ordered.push(draft);
  }

  /** A heading row of this batch with the same title and mostly the same links. */
  hasCopy(title: string, links: Set<string>): boolean {
    const key = normalizeHeading(title);
    return this.ordered.some(
      (d) => d.heading !== undefined && normalizeHeading(d.label) === key && sameRow(this.linksOf(d), links),
    );
  }

  linksOf(draft: Draft): Set<string> {
    return this.links.get(draft) ?? new Set();
  }

  /** A widget that holds the row: the placement is the widget's container. */
  move(draft: Draft, element: Element): void {
    this.byElement.delete(draft.element);
    draft.element = element;
    this.byElement.set(element, draft);
  }

  /** The scan walks in document order; compareDocumentPosition is not reliable in every DOM library. */
  inDocumentOrder(): Draft[] {
    return this.ordered.filter((d) => this.byElement.get(d.element) === d).sort((a, b) => a.rank - b.rank);
  }
}

function headingReason(text: string, match: HeadingMatch & { type: 'personalized' }): string {
  const base = `heading:"${label(text)}"`;
  return match.basis === 'item-to-item' ? `${base} (item-to-item)` : base;
}

function widgetFor(el: Element, rules: Compiled, includeAds: boolean): CompiledWidget | undefined {
  for (const widget of rules.widgets) {
    if (!includeAds && widget.kind === 'retargeting-ad') continue;
    if (el.matches(widget.selector)) return widget;
  }
  return undefined;
}

const PRODUCT_TILE_SELECTOR = 'li,article,[data-product-id],[data-sku],[data-asin],[data-pid],[data-item-id]';
const TILE_SELECTOR = `a,${PRODUCT_TILE_SELECTOR}`;

/** A title inside one product's tile (its name: "Just for you gift box"), not the title of a row. */
function isInTile(heading: Element): boolean {
  // Not `a`: a row title is often a link itself ("Recently viewed ›").
  const tile = heading.closest(PRODUCT_TILE_SELECTOR);
  return tile !== null && !looksLikeRow(tile, heading);
}

/** A heading inside a product tile (a product name), not the title of the row. */
function isTileHeading(h: Element, root: Element): boolean {
  if (h.querySelector('a[href]')) return true;
  const tile = h.closest(TILE_SELECTOR);
  return tile !== null && root.contains(tile) && tile !== root;
}

/**
 * A widget's own heading: a title inside it (not a product name in a tile), or a title just before it
 * (or before its parent). The page's h1 (the product name) and rows of their own are not titles.
 */
function widgetHeading(root: Element): Element | null {
  const inside = root.querySelectorAll(HEADING_SELECTOR);
  for (let i = 0; i < inside.length; i++) if (!isTileHeading(inside[i], root)) return inside[i];
  if (inside.length) return null;
  for (let e: Element | null = root, i = 0; e && i < 2; e = e.parentElement, i++) {
    const prev = e.previousElementSibling;
    if (!prev) continue;
    if (isOwn(prev)) return null;
    const h = prev.matches(HEADING_TAGS) ? prev : prev.querySelector(HEADING_TAGS);
    if (!h || h.localName === 'h1') return null;
    if (h !== prev && looksLikeRow(prev, null)) return null;
    return h;
  }
  return null;
}

/** Markers this far above a row still belong to it; a marker on a page wrapper says nothing. */
const MARKER_CLIMB = 3;

/** The first vendor marker on the container, its near ancestors or its descendants. */
function findMarker(el: Element, rules: Compiled): Element | null {
  const test = (e: Element) => mayMatch(probe(e), rules.markerFilter) && e.matches(rules.markerSelector);
  let up: Element | null = el;
  for (let i = 0; up && i <= MARKER_CLIMB && !isRootish(up); i++, up = up.parentElement) if (test(up)) return up;
  let node = el.firstElementChild;
  const parents: Element[] = [];
  while (node) {
    if (test(node)) return node;
    const child = node.firstElementChild;
    if (child) {
      parents.push(node);
      node = child;
      continue;
    }
    let next = node.nextElementSibling;
    while (!next && parents.length) next = parents.pop()!.nextElementSibling;
    node = next;
  }
  return null;
}

function attributeVendor(draft: Draft, rules: Compiled): void {
  if (draft.vendor) return;
  const marker = findMarker(draft.element, rules);
  if (!marker) return;
  for (const { vendor, selector } of rules.markers) {
    if (marker.matches(selector)) {
      draft.vendor = vendor.id;
      draft.reasons.push(`vendor:${vendor.id}`);
      return;
    }
  }
}

function finish(d: Draft): DetectedPlacement {
  const out: DetectedPlacement = {
    kind: d.kind,
    label: d.label,
    why: d.reasons.join('; '),
    categories: sortCategories(d.categories),
    element: d.element,
  };
  if (d.vendor) out.vendor = d.vendor;
  if (d.heading) out.heading = d.heading;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The scanner.

export interface PlacementScanner {
  /** Scans everything under `root`; returns placements not reported before, in document order. */
  scan(root: ParentNode): DetectedPlacement[];
  /** Scans only what MutationObserver reported as added (and rows still waiting for their items). */
  scanAdded(nodes: ArrayLike<Node>): DetectedPlacement[];
  /** Containers, headings and widget roots already reported. */
  readonly seen: WeakSet<Element>;
}

/** Headings and widget roots found by one walk, with their position in document order. */
interface Batch {
  headings: Set<Element>;
  widgets: Set<Element>;
  rank: Map<Element, number>;
}

function newBatch(): Batch {
  return { headings: new Set(), widgets: new Set(), rank: new Map() };
}

function addToBatch(batch: Batch, el: Element, asHeading: boolean): void {
  if (asHeading) batch.headings.add(el);
  else batch.widgets.add(el);
  if (!batch.rank.has(el)) batch.rank.set(el, batch.rank.size);
}

/** Product links of a row, to recognise the same row rendered twice (mobile and desktop variants). */
function rowLinks(row: Element): Set<string> {
  const out = new Set<string>();
  const links = row.querySelectorAll('a[href]');
  for (let i = 0; i < links.length; i++) out.add(links[i].getAttribute('href') ?? '');
  return out;
}

/** Two rows under one title whose links mostly coincide are one placement shown twice. */
function sameRow(a: Set<string>, b: Set<string>): boolean {
  let shared = 0;
  for (const href of a) if (b.has(href)) shared++;
  return shared * 2 >= Math.min(a.size, b.size);
}

export function createPlacementScanner(opts: DetectOptions = {}): PlacementScanner {
  const rules = compiled();
  const includeAds = opts.includeAds !== false;
  const seen = new WeakSet<Element>();
  /** Personalized headings whose row has not rendered yet (or is hidden), with the scope to watch. */
  const pending = new Map<Element, Element>();
  /** Reported heading rows by normalized title, with their links: a later copy of one is a duplicate. */
  const reportedRows = new Map<string, Set<string>[]>();

  const isCovered = (el: Element): boolean => {
    for (let e: Element | null = el; e; e = e.parentElement) if (seen.has(e)) return true;
    return false;
  };

  /** Whether a row with this title and these links was reported already (the other layout's copy). */
  function isDuplicateRow(title: string, links: Set<string>): boolean {
    return (reportedRows.get(normalizeHeading(title)) ?? []).some((other) => sameRow(other, links));
  }

  /** Personalized headings whose row is rendered and shown become drafts; the others wait. */
  function draftHeadingRows(batch: Batch, drafts: DraftSet): void {
    for (const heading of batch.headings) {
      // Our own subtrees were skipped by the walk.
      if (seen.has(heading)) continue;
      const text = headingText(heading);
      const match = matchHeading(text, true);
      if (!match || match.type !== 'personalized' || isInUserContent(heading) || isInTile(heading)) {
        pending.delete(heading);
        continue;
      }
      const row = rowOf(heading);
      if (!row) {
        pending.set(heading, pendingScope(heading));
        continue;
      }
      if (drafts.has(row) || isCovered(row)) {
        pending.delete(heading);
        continue;
      }
      if (!isShown(row, opts) || isHiddenWithin(heading, row)) {
        // Rows are often rendered hidden and shown later: look again on the next mutation nearby.
        pending.set(heading, pendingScope(heading));
        continue;
      }
      const title = label(text);
      const links = rowLinks(row);
      if (isDuplicateRow(title, links) || drafts.hasCopy(title, links)) {
        pending.delete(heading);
        seen.add(heading);
        continue;
      }
      drafts.add(
        {
          element: row,
          kind: match.kind,
          label: title,
          reasons: [headingReason(text, match)],
          categories: new Set(match.categories),
          heading,
          roots: [],
          rank: batch.rank.get(heading) ?? Number.MAX_SAFE_INTEGER,
        },
        links,
      );
    }
  }

  /** Merges a widget into the heading row that holds it or sits inside it; false when there is none. */
  function mergeIntoRow(root: Element, container: Element, widget: CompiledWidget, batch: Batch, drafts: DraftSet) {
    const row = drafts.ordered.find(
      (d) => d.element === container || d.element.contains(container) || container.contains(d.element),
    );
    if (!row) return false;
    row.roots.push(root);
    row.rank = Math.min(row.rank, batch.rank.get(root) ?? Number.MAX_SAFE_INTEGER);
    if (!row.vendor) {
      row.vendor = widget.vendor.id;
      row.reasons.push(`vendor:${widget.vendor.id}`);
      for (const category of widget.categories) row.categories.add(category);
    }
    if (container.contains(row.element) && container !== row.element) drafts.move(row, container);
    return true;
  }

  /** A widget's own title names it, makes it personalized, or (a decoy) suppresses it. */
  function titleWidget(draft: Draft, root: Element, widget: CompiledWidget): boolean {
    let suppressed = false;
    // An ad slot keeps its kind whatever row it sits next to.
    const heading = widget.kind === 'retargeting-ad' ? null : widgetHeading(root);
    if (heading) {
      const text = headingText(heading);
      const match = matchHeading(text);
      if (match?.type === 'decoy') suppressed = true;
      else if (collapse(text) !== '') {
        draft.label = label(text);
        draft.heading = heading;
        if (match?.type === 'personalized') {
          draft.kind = match.kind;
          draft.reasons.unshift(headingReason(text, match));
          for (const category of match.categories) draft.categories.add(category);
        }
      }
    }
    for (const attr of widget.vendor.hintAttributes ?? []) {
      const value = root.getAttribute(attr);
      if (!value) continue;
      const match = matchHeading(value.replace(/[_@.-]+/g, ' '));
      if (match?.type === 'decoy') suppressed = true;
      else if (match?.type === 'personalized') {
        if (!draft.heading) draft.kind = match.kind;
        draft.reasons.push(`hint:${attr}="${label(value)}"`);
        for (const category of match.categories) draft.categories.add(category);
      }
    }
    return !suppressed;
  }

  /** Rendered vendor widgets become drafts of their own, or name the vendor of a heading row. */
  function draftWidgets(batch: Batch, drafts: DraftSet): void {
    for (const root of batch.widgets) {
      if (seen.has(root)) continue;
      const widget = widgetFor(root, rules, includeAds);
      if (!widget || !hasContent(root)) continue;
      const parent = root.parentElement;
      const container = root.localName === 'iframe' && parent && !isRootish(parent) ? parent : root;
      if (mergeIntoRow(root, container, widget, batch, drafts)) continue;
      // Inside a container reported earlier (a late-rendered widget in a known row): nothing new.
      if (isCovered(container) || !isShown(container, opts)) continue;
      const draft: Draft = {
        element: container,
        kind: widget.kind,
        label: widget.vendor.name,
        vendor: widget.vendor.id,
        reasons: [`vendor:${widget.vendor.id}`],
        categories: new Set(widget.categories),
        roots: [root],
        rank: batch.rank.get(root) ?? Number.MAX_SAFE_INTEGER,
      };
      if (titleWidget(draft, root, widget)) drafts.add(draft, rowLinks(container));
    }
  }

  /** Marks the drafts as reported and returns them in document order. */
  function report(drafts: DraftSet): DetectedPlacement[] {
    const out: DetectedPlacement[] = [];
    let articlePage: boolean | undefined;
    const onArticlePage = (doc: Document | null) => doc !== null && (articlePage ??= isArticlePage(doc));
    for (const draft of drafts.inDocumentOrder()) {
      seen.add(draft.element);
      if (draft.heading) {
        seen.add(draft.heading);
        pending.delete(draft.heading);
        const key = normalizeHeading(draft.label);
        reportedRows.set(key, [...(reportedRows.get(key) ?? []), drafts.linksOf(draft)]);
      }
      for (const root of draft.roots) seen.add(root);
      attributeVendor(draft, rules);
      if (draft.heading && draft.kind !== 'retargeting-ad') {
        if (isNativeAdRow(draft.element)) {
          draft.kind = 'retargeting-ad';
          draft.reasons.push('native ad unit');
        } else if (isContentRow(draft.element, () => onArticlePage(draft.element.ownerDocument))) {
          draft.kind = 'content-recommendation';
          draft.reasons.push('articles, not products');
        }
      }
      out.push(finish(draft));
    }
    return out;
  }

  function process(batch: Batch): DetectedPlacement[] {
    const drafts = new DraftSet();
    draftHeadingRows(batch, drafts);
    draftWidgets(batch, drafts);
    return report(drafts);
  }

  /** Adds `el` to the batch when it is a heading, a title element or a vendor widget. */
  function classify(el: Element, p: ElementProbe, batch: Batch): void {
    const isHeading = isHeadingTag(p.tag);
    const isTitle =
      !isHeading && p.className !== '' && TITLE_CLASS.test(p.className) && el.childElementCount <= MAX_TITLE_CHILDREN;
    const maybeHeading = isHeading || isTitle || mayMatch(p, rules.headingFilter);
    const maybeWidget = mayMatch(p, rules.widgetFilter);
    if (!maybeHeading && !maybeWidget) return;
    if (isHeading || isTitle || (maybeHeading && el.matches(HEADING_SELECTOR))) addToBatch(batch, el, true);
    if (maybeWidget && el.matches(rules.widgetSelector)) addToBatch(batch, el, false);
  }

  /** Classifies one element of a walk; returns false when its subtree is ours and must be skipped. */
  function visit(el: Element, batch: Batch, shadowRoots: ShadowRoot[]): boolean {
    const p = probe(el);
    if (p.names.length && p.names.includes(OWN_ATTRIBUTE)) return false;
    classify(el, p, batch);
    const shadow = el.shadowRoot;
    if (shadow) shadowRoots.push(shadow);
    return true;
  }

  /** Pre-order walk of the elements under `root` (and `root` itself), then of the open shadow roots met. */
  function walk(root: ParentNode, batch: Batch): void {
    const shadowRoots: ShadowRoot[] = [];
    const walkTree = (top: ParentNode): void => {
      if (isElement(top as Node)) {
        if (visit(top as Element, batch, shadowRoots)) descend(top as Element, batch, shadowRoots);
        return;
      }
      for (let e = top.firstElementChild; e; e = e.nextElementSibling) {
        if (visit(e, batch, shadowRoots)) descend(e, batch, shadowRoots);
      }
    };
    walkTree(root);
    for (let i = 0; i < shadowRoots.length; i++) {
      opts.onShadowRoot?.(shadowRoots[i]);
      walkTree(shadowRoots[i]);
    }
  }

  /** Visits the descendants of `el` in document order without recursion (hostile pages can be deep). */
  function descend(el: Element, batch: Batch, shadowRoots: ShadowRoot[]): void {
    let node = el.firstElementChild;
    const parents: Element[] = [];
    while (node) {
      const enter = visit(node, batch, shadowRoots);
      const child = enter ? node.firstElementChild : null;
      if (child) {
        parents.push(node);
        node = child;
        continue;
      }
      let next = node.nextElementSibling;
      while (!next && parents.length) next = parents.pop()!.nextElementSibling;
      node = next;
    }
  }

  /**
   * Classifies the ancestors of added nodes once per batch (new content may complete a heading's row or a
   * widget) and reports whether `start` is inside our own UI.
   */
  function classifyAncestors(start: Element | null, batch: Batch, ownChain: Map<Element, boolean>): boolean {
    const chain: Element[] = [];
    let own = false;
    for (let a = start; a; a = a.parentElement) {
      const known = ownChain.get(a);
      if (known !== undefined) {
        own = known;
        break;
      }
      chain.push(a);
    }
    for (let k = chain.length - 1; k >= 0; k--) {
      const ancestor = chain[k];
      const p = probe(ancestor);
      own ||= p.names.includes(OWN_ATTRIBUTE);
      ownChain.set(ancestor, own);
      if (!own) classify(ancestor, p, batch);
    }
    return own;
  }

  /** Pending headings whose scope holds or is held by one of the touched elements. */
  function addPendingNear(touched: readonly Element[], batch: Batch): void {
    for (const [heading, scope] of pending) {
      if (!heading.isConnected) {
        pending.delete(heading);
        continue;
      }
      if (touched.some((el) => scope.contains(el) || el.contains(scope))) addToBatch(batch, heading, true);
    }
  }

  return {
    seen,
    scan(root: ParentNode): DetectedPlacement[] {
      const batch = newBatch();
      walk(root, batch);
      for (const heading of pending.keys()) addToBatch(batch, heading, true);
      return process(batch);
    },
    scanAdded(nodes: ArrayLike<Node>): DetectedPlacement[] {
      const batch = newBatch();
      const touched: Element[] = [];
      // Ancestors already climbed in this batch, and whether they are inside our own UI.
      const ownChain = new Map<Element, boolean>();
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        const el = isElement(node) ? node : node.parentElement;
        if (!el || !el.isConnected) continue;
        if (classifyAncestors(el === node ? el.parentElement : el, batch, ownChain)) continue;
        touched.push(el);
        if (el === node) walk(el, batch);
      }
      if (touched.length === 0) return [];
      addPendingNear(touched, batch);
      return process(batch);
    },
  };
}

/** One-shot scan of a page or subtree. */
export function detectPlacements(root: ParentNode, opts: DetectOptions = {}): DetectedPlacement[] {
  return createPlacementScanner(opts).scan(root);
}

/** Strips the DOM element: the plain Placement the ledger and the CLI keep. */
export function toPlacement(p: DetectedPlacement): Placement {
  const out: Placement = { kind: p.kind, label: p.label, why: p.why, categories: p.categories };
  if (p.vendor) out.vendor = p.vendor;
  return out;
}

/** Vendor ids whose scripts the page loads (script[src]), in signature order, without duplicates. */
export function detectVendorScripts(root: ParentNode): string[] {
  const found = new Set<string>();
  const scripts = root.querySelectorAll('script[src]');
  for (let i = 0; i < scripts.length; i++) {
    const v = vendorForScriptUrl(scripts[i].getAttribute('src') ?? '');
    if (v) found.add(v.id);
  }
  return VENDOR_SIGNATURES.filter((v) => found.has(v.id)).map((v) => v.id);
}
