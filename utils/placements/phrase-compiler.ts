/**
 * Compiles the heading phrases of phrases.ts into one regex per set (personalized, decoy) and matches
 * heading text against them. Normalization is the same on both sides: case, accents, punctuation,
 * right-to-left marks and vowel points never decide a match.
 */
import type { Category } from '../categories';
import { escapeRegExp } from '../guards';
import type { PlacementKind } from '../model';
import {
  DECOY_HEADINGS,
  PERSONALIZED_HEADINGS,
  type DecoyPhrase,
  type HeadingBasis,
  type HeadingPhrase,
} from './phrases';

/** Latin, Greek and Cyrillic accents; Hebrew points and cantillation; Arabic harakat, shadda, superscript alef. */
const COMBINING_MARKS = /[\u0300-\u036f\u0591-\u05c7\u064b-\u065f\u0670]/g;
/** Direction marks and embeddings, zero-width joiners, Arabic tatweel: invisible, removed outright. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u0640\ufeff]/g;
/** Arabic letter variants that shops spell either way. */
const ARABIC_FOLDS: Record<string, string> = { أ: 'ا', إ: 'ا', آ: 'ا', ى: 'ي', ة: 'ه' };
const ARABIC_VARIANTS = /[أإآىة]/g;
// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
const ASCII = /^[\x00-\x7f]*$/;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
/** Scripts whose headings have no reliable word boundaries (particles attach in Korean): substring match. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Lower case, compatibility forms folded (full-width letters, ligatures), Latin diacritics removed,
 * every run of punctuation, quotes or white space turned into one space. Kana keep their voicing marks.
 */
export function normalizeHeading(text: string): string {
  // Plain ASCII (most headings) needs no Unicode folding.
  if (ASCII.test(text)) return text.toLowerCase().replace(NON_WORD, ' ').trim();
  let s = text.replace(INVISIBLE, '').normalize('NFKC').toLowerCase().normalize('NFD');
  s = s.replace(COMBINING_MARKS, '').normalize('NFC');
  s = s.replace(ARABIC_VARIANTS, (ch) => ARABIC_FOLDS[ch]);
  return s.replace(NON_WORD, ' ').trim();
}

/** Turns a literal run of words into regex source where every word is followed by one space. */
function literal(words: string, cjk: boolean): string {
  const n = normalizeHeading(words);
  if (n === '') return '';
  // Spaces are optional after each word: Japanese and Chinese write none, Korean places them loosely.
  if (cjk)
    return n
      .split(' ')
      .map((w) => `${escapeRegExp(w)} ?`)
      .join('');
  return n
    .split(' ')
    .map((w) => escapeRegExp(w) + ' ')
    .join('');
}

/**
 * Compiles one pattern to regex source. Latin patterns consume the space after each word, so the text
 * is matched as " words words " with a look-behind for the leading space.
 */
export function compilePattern(pattern: string): { source: string; cjk: boolean } {
  const cjk = CJK.test(pattern);
  let i = 0;
  const n = pattern.length;

  function sequence(): string {
    let out = '';
    while (i < n) {
      const c = pattern[i];
      if (c === ' ') {
        i++;
        continue;
      }
      if (c === ')' || c === '|') break;
      let piece: string;
      if (c === '(') {
        i++;
        const alts = [sequence()];
        while (pattern[i] === '|') {
          i++;
          alts.push(sequence());
        }
        if (pattern[i] !== ')') throw new Error(`unbalanced "(" in heading pattern: ${pattern}`);
        i++;
        piece = `(?:${alts.join('|')})`;
      } else if (c === '*') {
        piece = cjk ? '.{1,30}?' : '(?:[^ ]+ ){1,6}?';
        i++;
      } else {
        let j = i;
        while (j < n && !' ()|?*'.includes(pattern[j])) j++;
        piece = literal(pattern.slice(i, j), cjk);
        i = j;
      }
      if (pattern[i] === '?') {
        piece = `(?:${piece})?`;
        i++;
      }
      out += piece;
    }
    return out;
  }

  const source = sequence();
  if (i !== n) throw new Error(`unbalanced ")" in heading pattern: ${pattern}`);
  if (new RegExp(`^(?:${source})$`).test('')) throw new Error(`heading pattern matches nothing: ${pattern}`);
  return { source, cjk };
}

/**
 * Words of which at least one must appear in any text the pattern matches (whole normalized words),
 * or null when the pattern has no such word (then it cannot be prefiltered).
 */
export function patternAnchors(pattern: string): Set<string> | null {
  let i = 0;
  const n = pattern.length;
  function sequence(): Set<string> | null {
    let wordAnchor: Set<string> | null = null;
    let groupAnchor: Set<string> | null = null;
    while (i < n) {
      const c = pattern[i];
      if (c === ' ') {
        i++;
        continue;
      }
      if (c === ')' || c === '|') break;
      let anchor: Set<string> | null = null;
      let isWord = false;
      if (c === '(') {
        i++;
        const alts = [sequence()];
        while (pattern[i] === '|') {
          i++;
          alts.push(sequence());
        }
        i++;
        if (alts.every((a) => a !== null)) anchor = new Set(alts.flatMap((a) => [...a!]));
      } else if (c === '*') {
        i++;
      } else {
        let j = i;
        while (j < n && !' ()|?*'.includes(pattern[j])) j++;
        const words = normalizeHeading(pattern.slice(i, j))
          .split(' ')
          .filter((w) => w !== '');
        i = j;
        if (words.length) {
          anchor = new Set([words.reduce((a, b) => (b.length > a.length ? b : a))]);
          isWord = true;
        }
      }
      if (pattern[i] === '?') {
        i++;
        anchor = null;
      }
      if (anchor) {
        if (isWord) {
          const prev = wordAnchor ? [...wordAnchor][0] : '';
          const cur = [...anchor][0];
          if (cur.length > prev.length) wordAnchor = anchor;
        } else groupAnchor ??= anchor;
      }
    }
    return wordAnchor ?? groupAnchor;
  }
  return sequence();
}

interface CompiledSet<T> {
  regex: RegExp;
  /** entries[k] belongs to capture group k + 1. */
  entries: T[];
  /** Whole words one of which every Latin-script match contains; null disables the prefilter. */
  anchors: Set<string> | null;
  hasCjk: boolean;
}

/** A compiled set as plain data (JSON), so the build can compile it once instead of every page. */
export interface CompiledSetData {
  source: string;
  /** order[k]: the index in the phrase list of the entry of capture group k + 1. */
  order: number[];
  anchors: string[] | null;
  hasCjk: boolean;
}

function compileSetData(list: readonly { pattern: string }[]): CompiledSetData {
  const compiled = list.map((entry, index) => ({ entry, index, ...compilePattern(entry.pattern) }));
  // Longer patterns first: at one position the first alternative that matches wins.
  compiled.sort((a, b) => b.source.length - a.source.length);
  const latin = compiled.filter((c) => !c.cjk);
  const cjk = compiled.filter((c) => c.cjk);
  const latinSource = latin.length ? `(?<= )(?:${latin.map((c) => `(${c.source})`).join('|')})` : '';
  const cjkSource = cjk.map((c) => `(${c.source})`).join('|');
  let anchors: Set<string> | null = new Set();
  for (const c of latin) {
    const a = patternAnchors(c.entry.pattern);
    if (!a) {
      anchors = null;
      break;
    }
    for (const w of a) anchors.add(w);
  }
  return {
    source: [latinSource, cjkSource].filter((s) => s !== '').join('|'),
    order: [...latin, ...cjk].map((c) => c.index),
    anchors: anchors && [...anchors],
    hasCjk: cjk.length > 0,
  };
}

export interface HeadingSetsData {
  personalized: CompiledSetData;
  decoy: CompiledSetData;
}

/** Compiles phrases.ts; wxt.config.ts runs it at build time (it costs a page 10-50 ms of CPU). */
export function compileHeadingSets(): HeadingSetsData {
  return { personalized: compileSetData(PERSONALIZED_HEADINGS), decoy: compileSetData(DECOY_HEADINGS) };
}

function fromData<T>(data: CompiledSetData, list: readonly T[]): CompiledSet<T> {
  return {
    regex: new RegExp(data.source, 'g'),
    entries: data.order.map((i) => list[i]),
    anchors: data.anchors && new Set(data.anchors),
    hasCjk: data.hasCjk,
  };
}

// The build defines this as compileHeadingSets()'s result (wxt.config.ts); elsewhere (unit tests,
// node) it is not defined and the sets are compiled at first use.
declare const __SHARELEDGER_HEADING_SETS__: HeadingSetsData | undefined;

// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
const NON_ASCII = /[^\x00-\x7f]/;

/** Cheap reject: no anchor word and no CJK text means no pattern of the set can match. */
function mayMatchSet(set: CompiledSet<unknown>, norm: string, raw: string): boolean {
  if (!set.anchors) return true;
  if (set.hasCjk && NON_ASCII.test(raw)) return true;
  let start = 0;
  while (start <= norm.length) {
    let end = norm.indexOf(' ', start);
    if (end < 0) end = norm.length;
    if (set.anchors.has(norm.slice(start, end))) return true;
    start = end + 1;
  }
  return false;
}

type HeadingSets = { personalized: CompiledSet<HeadingPhrase>; decoy: CompiledSet<DecoyPhrase> };

/** The matchers of compiled data (exported for the test that the build's data gives the same matches). */
export function headingSets(data: HeadingSetsData): HeadingSets {
  return {
    personalized: fromData(data.personalized, PERSONALIZED_HEADINGS),
    decoy: fromData(data.decoy, DECOY_HEADINGS),
  };
}

let current: HeadingSets | undefined;

/** The sets matchHeading uses (exported for tests that check every pattern can be prefiltered). */
export function sets(): HeadingSets {
  current ??= headingSets(
    typeof __SHARELEDGER_HEADING_SETS__ === 'undefined' ? compileHeadingSets() : __SHARELEDGER_HEADING_SETS__,
  );
  return current;
}

function firstGroup(m: RegExpExecArray): number {
  for (let g = 1; g < m.length; g++) if (m[g] !== undefined) return g - 1;
  return -1;
}

export type HeadingMatch =
  | {
      type: 'personalized';
      kind: PlacementKind;
      categories: Category[];
      basis: HeadingBasis;
      phrases: HeadingPhrase[];
    }
  | { type: 'decoy'; phrases: DecoyPhrase[] };

/** Longest text we treat as a heading; longer text is a paragraph, not a row title. */
export const MAX_HEADING_LENGTH = 160;

/**
 * Classifies heading text. Personalized phrases win over decoys ("Best sellers for you" counts).
 * Returns null when neither matches, the text is empty or too long to be a heading.
 * With `personalizedOnly` decoys are not looked for (the scan of every heading needs only the positives).
 */
export function matchHeading(text: string, personalizedOnly = false): HeadingMatch | null {
  if (text.length === 0 || text.length > MAX_HEADING_LENGTH * 2) return null;
  const norm = normalizeHeading(text);
  if (norm.length === 0 || norm.length > MAX_HEADING_LENGTH) return null;
  const padded = ` ${norm} `;
  const s = sets();
  const re = s.personalized.regex;
  re.lastIndex = 0;
  let m = mayMatchSet(s.personalized, norm, text) ? re.exec(padded) : null;
  if (m) {
    const phrases: HeadingPhrase[] = [];
    while (m) {
      const k = firstGroup(m);
      if (k >= 0) phrases.push(s.personalized.entries[k]);
      if (m[0].length === 0) re.lastIndex++;
      m = re.exec(padded);
    }
    const first = phrases[0];
    const categories = new Set<Category>();
    for (const p of phrases) for (const c of p.categories) categories.add(c);
    return {
      type: 'personalized',
      kind: first.kind,
      categories: [...categories],
      basis: phrases.some((p) => p.basis === 'personal') ? 'personal' : 'item-to-item',
      phrases,
    };
  }
  if (personalizedOnly) return null;
  const d = s.decoy.regex;
  d.lastIndex = 0;
  const dm = mayMatchSet(s.decoy, norm, text) ? d.exec(padded) : null;
  if (dm) {
    const k = firstGroup(dm);
    return { type: 'decoy', phrases: k >= 0 ? [s.decoy.entries[k]] : [] };
  }
  return null;
}
