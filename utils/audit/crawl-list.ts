/**
 * The list of sites a crawl audits: read from arguments and files, duplicates removed, split into
 * shards so machines (a Kubernetes Indexed Job, a CI matrix) each take every N-th site.
 */

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses `I/N` (1 ≤ I ≤ N). */
export function parseShard(text: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return `--shard must be I/N (e.g. 1/4), not "${text}"`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return `--shard ${text}: I must be between 1 and N`;
  return { index, count };
}

/** URLs of a list file: one a line; blank lines and # comments skipped. */
export function parseUrlList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Checks each entry is an absolute http(s) URL; returns the first problem, if any. */
export function invalidUrl(urls: readonly string[]): string | undefined {
  for (const url of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return `not a URL: ${url}`;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `not an http(s) URL: ${url}`;
  }
  return undefined;
}

/** The list in order, each URL once (its first place kept). */
export function dedupe(urls: readonly string[]): string[] {
  return [...new Set(urls)];
}

/** The sites of shard I/N: the 0-based index i is in shard I when i mod N = I - 1. */
export function selectShard<T>(list: readonly T[], shard: Shard | undefined): T[] {
  if (!shard) return [...list];
  return list.filter((_, i) => i % shard.count === shard.index - 1);
}
