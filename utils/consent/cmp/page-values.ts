/**
 * Reading a page's objects without trusting their shape: CMP globals are whatever the page made them,
 * so every property is read as unknown and checked before use.
 */
export type AnyRecord = Record<string, unknown>;

/** obj[key] when obj is an object or function, undefined otherwise (never throws on null). */
export const get = (obj: unknown, key: string): unknown =>
  obj !== null && (typeof obj === 'object' || typeof obj === 'function') ? (obj as AnyRecord)[key] : undefined;

export const isFunction = (value: unknown): value is (...args: unknown[]) => unknown => typeof value === 'function';

/** A purpose name a CMP may give as a string or as translations ({ en: '…', de: '…' }). */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const texts = value as Record<string, unknown>;
    const en = texts.en;
    if (typeof en === 'string') return en;
    const first = Object.values(texts).find((t) => typeof t === 'string');
    return typeof first === 'string' ? first : undefined;
  }
  return undefined;
}
