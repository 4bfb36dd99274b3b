import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dedupe, invalidUrl, parseShard, parseUrlList, selectShard } from '../../../utils/audit/crawl-list';

describe('crawl list', () => {
  it('parses shards and rejects nonsense', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '1-4', '']) expect(typeof parseShard(bad)).toBe('string');
  });

  it('reads a list file, skipping blanks and comments', () => {
    expect(parseUrlList('# sites\nhttps://a.test/\r\n\n  https://b.test/x  \n')).toEqual([
      'https://a.test/',
      'https://b.test/x',
    ]);
    expect(invalidUrl(['https://a.test/', 'ftp://b.test/'])).toMatch(/not an http/);
    expect(invalidUrl(['example.com'])).toMatch(/not a URL/);
    expect(invalidUrl(['http://a.test'])).toBeUndefined();
  });

  it('shard I/N takes index i when i mod N = I - 1, after duplicates are removed', () => {
    const list = dedupe(['u0', 'u1', 'u0', 'u2', 'u3', 'u4']);
    expect(list).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
    expect(selectShard(list, { index: 1, count: 2 })).toEqual(['u0', 'u2', 'u4']);
    expect(selectShard(list, { index: 2, count: 2 })).toEqual(['u1', 'u3']);
  });

  it('the shards of a list partition it', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 60 }), fc.integer({ min: 1, max: 9 }), (raw, count) => {
        const list = dedupe(raw);
        const parts = Array.from({ length: count }, (_, i) => selectShard(list, { index: i + 1, count }));
        expect(parts.flat().sort()).toEqual([...list].sort());
        expect(new Set(parts.flat()).size).toBe(list.length);
      }),
    );
  });
});
