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
import { MAX_HEADING_LENGTH, matchHeading, type HeadingMatch } from './headings';
import { compilePrefilter, mayMatch, probe, type ElementProbe, type Prefilter } from './prefilter';
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
/** Row titles styled as headings without heading markup. Never generic "title" (every product tile has one). */
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

let compiledCache: Compiled | undefined;

function compiled(): Compiled {
  if (compiledCache) return compiledCache;
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
  const widgetSelector = widgets.map((w) => w.selector).join(',');
  compiledCache = {
    widgets,
    widgetSelector,
    markerSelector: markers.map((m) => m.selector).join(','),
    markers,
    headingFilter: compilePrefilter(HEADING_SELECTOR),
    widgetFilter: compilePrefilter(widgetSelector),
    markerFilter: compilePrefilter(markers.map((m) => m.selector).join(',')),
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

/** Hidden without layout: hidden attribute, aria-hidden, inline display:none, inert templates. */
function isStructurallyHidden(el: Element): boolean {
  for (let e: Element | null = el; e; e = e.parentElement) {
    if (e.hasAttribute('hidden') || e.getAttribute('aria-hidden') === 'true') return true;
    const style = e.getAttribute('style');
    if (style && HIDDEN_STYLE.test(style)) return true;
    const tag = e.localName;
    if (tag === 'template' || tag === 'noscript') return true;
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

function headingText(el: Element): string {
  if (isLabelledContainer(el)) return el.getAttribute('aria-label') ?? '';
  return el.textContent ?? '';
}

function label(text: string): string {
  const t = collapse(text);
  return t.length > MAX_HEADING_LENGTH ? `${t.slice(0, MAX_HEADING_LENGTH - 1)}…` : t;
}

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
    if (products >= 2 || (hrefs.size >= 2 && (media >= 2 || hrefs.size >= 3))) return true;
  }
  return false;
}

function hasContent(el: Element): boolean {
  const tag = el.localName;
  if (tag === 'iframe' || tag === 'img') return true;
  return el.querySelector(CONTENT_SELECTOR) !== null;
}

function containsOtherHeading(a: Element, heading: Element, level: number): boolean {
  const list = a.querySelectorAll(HEADINGS_UP_TO[level - 1]);
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x === heading || heading.contains(x) || x.contains(heading)) continue;
    if (headingLevel(x) <= level) return true;
  }
  return false;
}

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
    if (looksLikeRow(a, heading)) return a;
    prev = a;
  }
  return null;
}

function siblingRow(start: Element): Element | null {
  let s = start.nextElementSibling;
  for (let i = 0; s && i < MAX_SIBLING_LOOKAHEAD; i++, s = s.nextElementSibling) {
    if (s.hasAttribute(OWN_ATTRIBUTE)) continue;
    if (s.matches(HEADING_TAGS) || s.querySelector(HEADING_TAGS)) return null;
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

function headingReason(text: string, match: HeadingMatch & { type: 'personalized' }): string {
  const base = `heading:"${label(text)}"`;
  return match.basis === 'item-to-item' ? `${base} (item-to-item)` : base;
}

function widgetFor(el: Element, c: Compiled, includeAds: boolean): CompiledWidget | undefined {
  for (const w of c.widgets) {
    if (!includeAds && w.kind === 'retargeting-ad') continue;
    if (el.matches(w.selector)) return w;
  }
  return undefined;
}

const TILE_SELECTOR = 'a,li,article,[data-product-id],[data-sku],[data-asin],[data-pid],[data-item-id]';

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
function findMarker(el: Element, c: Compiled): Element | null {
  const test = (e: Element) => mayMatch(probe(e), c.markerFilter) && e.matches(c.markerSelector);
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

function attributeVendor(d: Draft, c: Compiled): void {
  if (d.vendor) return;
  const marker = findMarker(d.element, c);
  if (!marker) return;
  for (const m of c.markers) {
    if (marker.matches(m.selector)) {
      d.vendor = m.vendor.id;
      d.reasons.push(`vendor:${m.vendor.id}`);
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

export function createPlacementScanner(opts: DetectOptions = {}): PlacementScanner {
  const c = compiled();
  const includeAds = opts.includeAds !== false;
  const seen = new WeakSet<Element>();
  /** Personalized headings whose row has not rendered yet, with the scope to watch. */
  const pending = new Map<Element, Element>();

  function process(headings: Set<Element>, widgets: Set<Element>, rank: Map<Element, number>): DetectedPlacement[] {
    const drafts = new Map<Element, Draft>();
    const order: Draft[] = [];
    const add = (d: Draft) => {
      drafts.set(d.element, d);
      order.push(d);
    };

    const covered = (el: Element): boolean => {
      for (let e: Element | null = el; e; e = e.parentElement) if (seen.has(e)) return true;
      return false;
    };

    for (const h of headings) {
      // Our own subtrees were skipped by the walk.
      if (seen.has(h)) continue;
      const text = headingText(h);
      const match = matchHeading(text, true);
      if (!match || match.type !== 'personalized') {
        pending.delete(h);
        continue;
      }
      const row = rowOf(h);
      if (!row) {
        pending.set(h, pendingScope(h));
        continue;
      }
      if (drafts.has(row) || covered(row)) {
        pending.delete(h);
        continue;
      }
      if (!isShown(row, opts)) {
        // Rows are often rendered hidden and shown later: look again on the next mutation nearby.
        pending.set(h, pendingScope(h));
        continue;
      }
      add({
        element: row,
        kind: match.kind,
        label: label(text),
        reasons: [headingReason(text, match)],
        categories: new Set(match.categories),
        heading: h,
        roots: [],
        rank: rank.get(h) ?? Number.MAX_SAFE_INTEGER,
      });
    }

    for (const root of widgets) {
      if (seen.has(root)) continue;
      const w = widgetFor(root, c, includeAds);
      if (!w) continue;
      const container =
        root.localName === 'iframe' && root.parentElement && !isRootish(root.parentElement) ? root.parentElement : root;
      if (!hasContent(root)) continue;
      // A heading row that holds this widget, or sits inside it, is the same placement.
      let merged: Draft | undefined;
      for (const d of order) {
        if (d.element === container || d.element.contains(container) || container.contains(d.element)) {
          merged = d;
          break;
        }
      }
      if (merged) {
        merged.roots.push(root);
        merged.rank = Math.min(merged.rank, rank.get(root) ?? Number.MAX_SAFE_INTEGER);
        if (!merged.vendor) {
          merged.vendor = w.vendor.id;
          merged.reasons.push(`vendor:${w.vendor.id}`);
          for (const cat of w.categories) merged.categories.add(cat);
        }
        if (container.contains(merged.element) && container !== merged.element) {
          drafts.delete(merged.element);
          merged.element = container;
          drafts.set(container, merged);
        }
        continue;
      }
      // Inside a container reported earlier (a late-rendered widget in a known row): nothing new.
      if (covered(container) || !isShown(container, opts)) continue;

      const d: Draft = {
        element: container,
        kind: w.kind,
        label: w.vendor.name,
        vendor: w.vendor.id,
        reasons: [`vendor:${w.vendor.id}`],
        categories: new Set(w.categories),
        roots: [root],
        rank: rank.get(root) ?? Number.MAX_SAFE_INTEGER,
      };
      let suppressed = false;
      // An ad slot keeps its kind whatever row it sits next to.
      const h = w.kind === 'retargeting-ad' ? null : widgetHeading(root);
      if (h) {
        const text = headingText(h);
        const m = matchHeading(text);
        if (m?.type === 'decoy') suppressed = true;
        else if (collapse(text) !== '') {
          d.label = label(text);
          d.heading = h;
          if (m?.type === 'personalized') {
            d.kind = m.kind;
            d.reasons.unshift(headingReason(text, m));
            for (const cat of m.categories) d.categories.add(cat);
          }
        }
      }
      for (const attr of w.vendor.hintAttributes ?? []) {
        const v = root.getAttribute(attr);
        if (!v) continue;
        const m = matchHeading(v.replace(/[_@.-]+/g, ' '));
        if (m?.type === 'decoy') suppressed = true;
        else if (m?.type === 'personalized') {
          if (!d.heading) d.kind = m.kind;
          d.reasons.push(`hint:${attr}="${label(v)}"`);
          for (const cat of m.categories) d.categories.add(cat);
        }
      }
      if (!suppressed) add(d);
    }

    // The walk visits in document order; compareDocumentPosition is not reliable in every DOM library.
    order.sort((a, b) => a.rank - b.rank);
    const out: DetectedPlacement[] = [];
    for (const d of order) {
      if (drafts.get(d.element) !== d) continue;
      seen.add(d.element);
      if (d.heading) {
        seen.add(d.heading);
        pending.delete(d.heading);
      }
      for (const r of d.roots) seen.add(r);
      attributeVendor(d, c);
      out.push(finish(d));
    }
    return out;
  }

  interface Batch {
    headings: Set<Element>;
    widgets: Set<Element>;
    rank: Map<Element, number>;
  }

  const batch = (): Batch => ({ headings: new Set(), widgets: new Set(), rank: new Map() });

  /** Adds `el` to the batch when it is a heading or a vendor widget. */
  function classify(el: Element, p: ElementProbe, b: Batch): void {
    const isH = isHeadingTag(p.tag);
    const maybeHeading = isH || mayMatch(p, c.headingFilter);
    const maybeWidget = mayMatch(p, c.widgetFilter);
    if (!maybeHeading && !maybeWidget) return;
    let hit = false;
    if (isH || (maybeHeading && el.matches(HEADING_SELECTOR))) {
      b.headings.add(el);
      hit = true;
    }
    if (maybeWidget && el.matches(c.widgetSelector)) {
      b.widgets.add(el);
      hit = true;
    }
    if (hit && !b.rank.has(el)) b.rank.set(el, b.rank.size);
  }

  /** Classifies one element of a walk; returns false when its subtree is ours and must be skipped. */
  function visit(el: Element, b: Batch): boolean {
    const p = probe(el);
    if (p.names.length && p.names.includes(OWN_ATTRIBUTE)) return false;
    classify(el, p, b);
    return true;
  }

  /** Pre-order walk of the elements under `root` (and `root` itself when it is an element). */
  function walk(root: ParentNode, b: Batch): void {
    if (isElement(root as Node)) {
      if (visit(root as Element, b)) descend(root as Element, b);
      return;
    }
    for (let e = root.firstElementChild; e; e = e.nextElementSibling) if (visit(e, b)) descend(e, b);
  }

  /** Visits the descendants of `el` in document order without recursion (hostile pages can be deep). */
  function descend(el: Element, b: Batch): void {
    let node = el.firstElementChild;
    const parents: Element[] = [];
    while (node) {
      const enter = visit(node, b);
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

  function addRanked(el: Element, b: Batch, asHeading: boolean): void {
    if (asHeading) b.headings.add(el);
    else b.widgets.add(el);
    if (!b.rank.has(el)) b.rank.set(el, b.rank.size);
  }

  return {
    seen,
    scan(root: ParentNode): DetectedPlacement[] {
      const b = batch();
      walk(root, b);
      for (const h of pending.keys()) addRanked(h, b, true);
      return process(b.headings, b.widgets, b.rank);
    },
    scanAdded(nodes: ArrayLike<Node>): DetectedPlacement[] {
      const b = batch();
      const touched: Element[] = [];
      // Ancestors already climbed in this batch, and whether they are inside our own UI.
      const ownChain = new Map<Element, boolean>();
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        const el = isElement(node) ? node : node.parentElement;
        if (!el || !el.isConnected) continue;
        // Climb once per batch: our own UI, and headings or widgets the new content went into.
        const chain: Element[] = [];
        let own = false;
        for (let a: Element | null = el === node ? el.parentElement : el; a; a = a.parentElement) {
          const known = ownChain.get(a);
          if (known !== undefined) {
            own = known;
            break;
          }
          chain.push(a);
        }
        for (let k = chain.length - 1; k >= 0; k--) {
          const a = chain[k];
          const p = probe(a);
          own ||= p.names.includes(OWN_ATTRIBUTE);
          ownChain.set(a, own);
          if (!own) classify(a, p, b);
        }
        if (own) continue;
        touched.push(el);
        if (el === node) walk(el, b);
      }
      if (touched.length === 0) return [];
      for (const [h, scope] of pending) {
        if (!h.isConnected) {
          pending.delete(h);
          continue;
        }
        for (const el of touched) {
          if (scope.contains(el) || el.contains(scope)) {
            addRanked(h, b, true);
            break;
          }
        }
      }
      return process(b.headings, b.widgets, b.rank);
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
