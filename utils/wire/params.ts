/**
 * Query strings and form bodies parsed once into a flat list, with the read-only part of the
 * URLSearchParams API that decoders use. Cheaper than URLSearchParams on the hot path: values are
 * percent-decoded only when they contain '%' or '+', and iteration walks a plain array.
 * Decoding follows application/x-www-form-urlencoded exactly (broken escapes are kept as typed).
 */
export class Params implements Iterable<[string, string]> {
  constructor(private readonly list: [string, string][]) {}

  get size(): number {
    return this.list.length;
  }

  get(name: string): string | null {
    const list = this.list;
    for (let i = 0; i < list.length; i++) if (list[i]![0] === name) return list[i]![1];
    return null;
  }

  getAll(name: string): string[] {
    const out: string[] = [];
    for (const [k, v] of this.list) if (k === name) out.push(v);
    return out;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.list[Symbol.iterator]();
  }

  toString(): string {
    return new URLSearchParams(this.list).toString();
  }
}

export const EMPTY_PARAMS = new Params([]);

/** Most pairs read from one query string or form (the rest is ignored: bounded work). */
const MAX_PAIRS = 512;

function decodeComponent(text: string): string {
  if (text.indexOf('%') < 0) return text.indexOf('+') < 0 ? text : text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(text.indexOf('+') < 0 ? text : text.replace(/\+/g, ' '));
  } catch {
    // Broken percent-encoding: let URLSearchParams apply its lenient rules to this one piece.
    for (const [k] of new URLSearchParams(`${text.replace(/[&=]/g, encodeURIComponent)}=`)) return k;
    return text;
  }
}

/** Parses "a=1&b=two%20words" (no leading '?'). */
export function parseQuery(query: string): Params {
  if (!query) return EMPTY_PARAMS;
  const list: [string, string][] = [];
  let start = 0;
  const n = query.length;
  while (start <= n && list.length < MAX_PAIRS) {
    let end = query.indexOf('&', start);
    if (end < 0) end = n;
    if (end > start) {
      const eq = query.indexOf('=', start);
      if (eq >= 0 && eq < end)
        list.push([decodeComponent(query.slice(start, eq)), decodeComponent(query.slice(eq + 1, end))]);
      else list.push([decodeComponent(query.slice(start, end)), '']);
    }
    start = end + 1;
  }
  return new Params(list);
}
