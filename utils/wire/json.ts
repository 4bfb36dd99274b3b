/** Bounded JSON helpers: hostile bodies (huge, deeply nested) must cost a bounded amount of work. */

/** Largest text we hand to JSON.parse; larger bodies are scanned as text only. */
export const MAX_JSON_CHARS = 512 * 1024;
/** Deepest nesting the walker descends into. */
export const MAX_DEPTH = 16;
/** Most properties and array items the walker visits per document. */
export const MAX_NODES = 4000;

// The same payload is often parsed by a decoder and then by the generic analyser: remember the last one.
let lastText: string | undefined;
let lastValue: unknown;

/** JSON.parse that never throws and refuses texts that cannot be JSON objects or arrays. */
export function parseJsonSafely(text: string): unknown {
  if (text === lastText) return lastValue;
  const value = parseUncached(text);
  lastText = text;
  lastValue = value;
  return value;
}

function parseUncached(text: string): unknown {
  if (text.length > MAX_JSON_CHARS) return undefined;
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  const first = text.charCodeAt(i);
  if (first !== 123 && first !== 91) return undefined;
  // Cheap shape checks first: JSON.parse failing throws, and a thrown error costs more than the
  // whole classification ("[Amplitude] Page Viewed" and "{{template}}" are common values).
  let j = text.length - 1;
  while (j > i && text.charCodeAt(j) <= 32) j--;
  if (text.charCodeAt(j) !== (first === 123 ? 125 : 93)) return undefined;
  let k = i + 1;
  while (k < j && text.charCodeAt(k) <= 32) k++;
  const second = text.charCodeAt(k);
  if (
    first === 123
      ? second !== 34 && second !== 125
      : !(
          second === 34 ||
          second === 123 ||
          second === 91 ||
          second === 93 ||
          second === 45 ||
          (second >= 48 && second <= 57) ||
          second === 116 ||
          second === 102 ||
          second === 110
        )
  ) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Called for every property (and array item, with the array's key) of a JSON document.
 * `key` is the property name, `parent` the name of the property holding it ('' at the top).
 * Return true to skip descending into an object or array value.
 */
export type JsonVisitor = (key: string, value: unknown, parent: string, depth: number) => boolean | void;

/** Walks a parsed JSON value depth-first within MAX_DEPTH and MAX_NODES. */
export function walkJson(root: unknown, visit: JsonVisitor): void {
  const budget = { nodes: MAX_NODES };
  walk(root, '', '', 0, visit, budget);
}

function walk(
  value: unknown,
  key: string,
  parent: string,
  depth: number,
  visit: JsonVisitor,
  budget: { nodes: number },
): void {
  if (depth > MAX_DEPTH || budget.nodes <= 0 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const n = Math.min(value.length, budget.nodes);
    for (let i = 0; i < n; i++) {
      if (--budget.nodes <= 0) return;
      const item = value[i];
      if (visit(key, item, parent, depth) === true) continue;
      walk(item, key, parent, depth + 1, visit, budget);
    }
    return;
  }
  for (const k in value as Record<string, unknown>) {
    if (--budget.nodes <= 0) return;
    const child = (value as Record<string, unknown>)[k];
    if (visit(k, child, key, depth) === true) continue;
    walk(child, k, key, depth + 1, visit, budget);
  }
}

/** A short, safe description of a JSON value for evidence samples. */
export function previewJson(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.length} items]`;
  return '{…}';
}

/** null, '', [], {} or an object holding only such values ({items: []}): carries nothing. */
export function isEmptyish(value: unknown, depth: number): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (typeof value !== 'object') return false;
  if (depth > 2) return false;
  if (Array.isArray(value)) return value.length === 0;
  for (const k in value as Record<string, unknown>)
    if (!isEmptyish((value as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}
