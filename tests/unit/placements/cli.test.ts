import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeHtml, runPlacements } from '../../../cli/placements';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/placements');

async function run(files: string[]): Promise<{ code: number; lines: Record<string, unknown>[] }> {
  const lines: Record<string, unknown>[] = [];
  const code = await runPlacements(files, (line) => lines.push(JSON.parse(line)));
  return { code, lines };
}

describe('shareledger placements', () => {
  it('prints one JSON line per file with kind, label, vendor and categories', async () => {
    const file = join(FIXTURES, 'otto-like-de-nosto.html');
    const { code, lines } = await run([file]);
    expect(code).toBe(0);
    expect(lines).toEqual([
      {
        file,
        placements: [
          { kind: 'recommendation', label: 'Kunden kauften auch', vendor: 'nosto', categories: ['browsing'] },
          { kind: 'recommendation', label: 'Weil du „Air Street Low“ angesehen hast', categories: ['browsing'] },
        ],
      },
    ]);
    // Field order is part of the output contract.
    expect(Object.keys((lines[0].placements as object[])[0])).toEqual(['kind', 'label', 'vendor', 'categories']);
  });

  it('prints an empty list for a page without personalized placements', async () => {
    const file = join(FIXTURES, 'decoys-only-home-en.html');
    expect(await run([file])).toEqual({ code: 0, lines: [{ file, placements: [] }] });
  });

  it('reads a Shift_JIS page declared by its meta tag', async () => {
    const { code, lines } = await run([join(FIXTURES, 'rakuten-like-ja-shift-jis.html')]);
    expect(code).toBe(0);
    const labels = (lines[0].placements as { label: string }[]).map((p) => p.label);
    expect(labels).toEqual(['あなたへのおすすめ', 'この商品を見た人はこんな商品も見ています', '最近チェックした商品']);
  });

  it('reports missing, binary and directory inputs, keeps going and exits non-zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-placements-'));
    const binary = join(dir, 'page.html');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    const missing = join(dir, 'missing.html');
    const good = join(FIXTURES, 'rakuten-like-ja.html');
    const { code, lines } = await run([missing, binary, dir, good]);
    expect(code).toBe(1);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toEqual({ file: missing, error: 'file not found' });
    expect(lines[1]).toEqual({ file: binary, error: 'not an HTML text file (binary content)' });
    expect(lines[2]).toEqual({ file: dir, error: 'is a directory' });
    expect((lines[3].placements as unknown[]).length).toBe(3);
  });

  it('exits with a usage error when no file is given', async () => {
    const { code, lines } = await run([]);
    expect(code).toBe(2);
    expect(lines[0].error).toMatch(/usage/);
  });

  it('does not run page scripts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-placements-'));
    const file = join(dir, 'script.html');
    writeFileSync(
      file,
      `<html><body><script>document.body.innerHTML = '<section><h2>Recommended for you</h2><img src=a.jpg><img src=b.jpg></section>';</script></body></html>`,
    );
    expect(await run([file])).toEqual({ code: 0, lines: [{ file, placements: [] }] });
  });
});

describe('decodeHtml', () => {
  it('honours a UTF-8 BOM and a meta charset, and falls back to UTF-8', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<p>é</p>')]);
    expect(decodeHtml(bom)).toEqual({ text: '<p>é</p>' });
    const latin1 = new Uint8Array([...new TextEncoder().encode('<meta charset="windows-1252"><p>'), 0xe9]);
    expect(decodeHtml(latin1)).toEqual({ text: '<meta charset="windows-1252"><p>é' });
    const unknown = new TextEncoder().encode('<meta charset="x-made-up"><p>ü');
    expect(decodeHtml(unknown)).toEqual({ text: '<meta charset="x-made-up"><p>ü' });
  });
});
