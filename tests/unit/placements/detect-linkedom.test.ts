// The detector uses standard DOM APIs only: the same fixtures give the same placements in linkedom.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { createPlacementScanner, detectPlacements, toPlacement } from '../../../utils/placements/detect';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/placements');
const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.html') && !f.includes('shift-jis'));

describe('detectPlacements in linkedom', () => {
  const window = new Window();
  it.each(files)('%s gives the same placements as happy-dom', (file) => {
    const html = readFileSync(join(FIXTURES, file), 'utf8');
    const inLinkedom = detectPlacements(parseHTML(html).document as unknown as ParentNode).map(toPlacement);
    const inHappy = detectPlacements(
      new window.DOMParser().parseFromString(html, 'text/html') as unknown as ParentNode,
    ).map(toPlacement);
    expect(inLinkedom).toEqual(inHappy);
  });

  it('finds at least one placement on every retailer fixture but the decoy page', () => {
    for (const file of files) {
      const found = detectPlacements(
        parseHTML(readFileSync(join(FIXTURES, file), 'utf8')).document as unknown as ParentNode,
      );
      expect(found.length > 0, file).toBe(!file.startsWith('decoys-only'));
    }
  });

  it('scans a hostile, very deep page without overflowing the stack', () => {
    const depth = 20_000;
    const html = `<html><body>${'<div>'.repeat(depth)}<section><h2>Recommended for you</h2><a href=/1><img src=a></a><a href=/2><img src=b></a></section>${'</div>'.repeat(depth)}</body></html>`;
    const { document } = parseHTML(html);
    const scanner = createPlacementScanner();
    expect(scanner.scan(document as unknown as ParentNode).map((p) => p.label)).toEqual(['Recommended for you']);
  });
});
