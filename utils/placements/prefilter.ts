/**
 * A cheap necessary condition derived from a CSS selector list, so one walk over the page can find
 * candidates with a tag lookup, one regex on the id, one regex on the class attribute and a few
 * hasAttribute calls, and only candidates pay for Element.matches().
 *
 * Why: DOM libraries (happy-dom, linkedom) evaluate a selector list element by element and selector by
 * selector, which costs 100+ ms for our ~100 vendor selectors on a 10,000-element page; browsers are
 * faster but also test every selector on every element. The prefilter keeps the data as selectors.
 */
import { escapeRegExp } from '../guards';

export interface Prefilter {
  tags: ReadonlySet<string>;
  /** Attribute names (lower case) whose presence makes an element a candidate. */
  attributes: ReadonlySet<string>;
  id: RegExp | null;
  className: RegExp | null;
}

/** Splits a selector list on top-level commas (not inside brackets or :not(...)). */
export function splitSelectorList(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(list.slice(start).trim());
  return out.filter((s) => s !== '');
}

const TAG = /^([a-zA-Z][\w-]*)/;
const ID = /#([\w-]+)/;
const CLASS = /\.([\w-]+)/;
const ATTR = /\[\s*([\w-]+)\s*(?:([\^*$|~]?=)\s*["']?([^"'\]]*)["']?\s*)?\]/g;

type Key =
  | { type: 'tag'; value: string }
  | { type: 'id'; value: string }
  | { type: 'class'; value: string }
  | { type: 'attr'; value: string };

/**
 * One necessary condition of a compound selector (its first compound when it has combinators):
 * a tag, an id or id prefix, a class, class prefix or class substring, or an attribute name.
 */
export function selectorKey(selector: string): Key {
  const compound = selector.split(/\s*[>+~\s]\s*(?![^[]*\])/)[0].replace(/:not\(.*\)/g, '');
  const tag = TAG.exec(compound);
  if (tag) return { type: 'tag', value: tag[1].toLowerCase() };
  const id = ID.exec(compound);
  if (id) return { type: 'id', value: `^${escapeRegExp(id[1])}$` };
  const cls = CLASS.exec(compound);
  if (cls) return { type: 'class', value: `(?:^|\\s)${escapeRegExp(cls[1])}(?:\\s|$)` };
  const attrs = [...compound.matchAll(ATTR)];
  for (const [, name, op, value] of attrs) {
    if (name === 'id' && op === '^=') return { type: 'id', value: `^${escapeRegExp(value)}` };
    if (name === 'id' && op === '=') return { type: 'id', value: `^${escapeRegExp(value)}$` };
    if (name === 'class' && op === '^=') return { type: 'class', value: `^${escapeRegExp(value)}` };
    if (name === 'class' && op === '*=') return { type: 'class', value: escapeRegExp(value) };
  }
  if (attrs.length) return { type: 'attr', value: attrs[0][1].toLowerCase() };
  throw new Error(`selector has no tag, id, class or attribute to prefilter on: ${selector}`);
}

/** A prefilter as plain data (JSON), so the build can compile it once rather than every page. */
export interface PrefilterData {
  tags: string[];
  attributes: string[];
  /** Source of the id regex, null when no selector keys on an id. */
  id: string | null;
  className: string | null;
}

export function compilePrefilterData(selectorList: string): PrefilterData {
  const tags = new Set<string>();
  const attributes = new Set<string>();
  const ids: string[] = [];
  const classes: string[] = [];
  for (const sel of splitSelectorList(selectorList)) {
    const key = selectorKey(sel);
    if (key.type === 'tag') tags.add(key.value);
    else if (key.type === 'attr') attributes.add(key.value);
    else if (key.type === 'id') ids.push(key.value);
    else classes.push(key.value);
  }
  return {
    tags: [...tags],
    attributes: [...attributes],
    id: ids.length ? ids.join('|') : null,
    className: classes.length ? classes.join('|') : null,
  };
}

export function prefilterFromData(data: PrefilterData): Prefilter {
  return {
    tags: new Set(data.tags),
    attributes: new Set(data.attributes),
    id: data.id === null ? null : new RegExp(data.id),
    className: data.className === null ? null : new RegExp(data.className),
  };
}

export function compilePrefilter(selectorList: string): Prefilter {
  return prefilterFromData(compilePrefilterData(selectorList));
}

/**
 * What the prefilters need to know about one element, read with as few DOM calls as possible:
 * elements without attributes cost one call, others one getAttributeNames() (a dozen hasAttribute
 * calls per element cost ~10 ms on a 10,000-element page in chromium).
 */
export interface ElementProbe {
  tag: string;
  id: string;
  className: string;
  names: readonly string[];
}

const NO_NAMES: readonly string[] = [];

export function probe(el: Element): ElementProbe {
  const tag = el.localName;
  if (!el.hasAttributes()) return { tag, id: '', className: '', names: NO_NAMES };
  const names = el.getAttributeNames();
  let id = '';
  let className = '';
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    if (n === 'class') className = el.getAttribute('class') ?? '';
    else if (n === 'id') id = el.getAttribute('id') ?? '';
  }
  return { tag, id, className, names };
}

/** True when the element may match the selector list the prefilter was compiled from. */
export function mayMatch(p: ElementProbe, pf: Prefilter): boolean {
  if (pf.tags.has(p.tag)) return true;
  if (p.id && pf.id && pf.id.test(p.id)) return true;
  if (p.className && pf.className && pf.className.test(p.className)) return true;
  if (pf.attributes.size) for (let i = 0; i < p.names.length; i++) if (pf.attributes.has(p.names[i])) return true;
  return false;
}
