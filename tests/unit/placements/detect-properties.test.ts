// Invariants on random pages: never throws, one placement per container, never our own UI, a rescan
// reports nothing new, and the incremental path agrees with a full scan.
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { OWN_ATTRIBUTE, createPlacementScanner, detectPlacements } from '../../../utils/placements/detect';

const HEADINGS = [
  'Recommended for you',
  'Best sellers',
  'Zuletzt angesehen',
  'あなたへのおすすめ',
  'Trending now',
  'Organic shirt',
  '',
];
const TAGS = ['div', 'section', 'ul', 'li', 'article', 'span', 'aside'];
const ATTRS = [
  '',
  ' class="nosto_element"',
  ' data-dy-widget-id="1"',
  ` ${OWN_ATTRIBUTE}="badge"`,
  ' hidden',
  ' class="at-element-marker"',
  ' aria-label="Recommended for you"',
];

const leaf = fc.oneof(
  fc
    .constantFrom(...HEADINGS)
    .chain((h) => fc.constantFrom(`<h2>${h}</h2>`, `<h3>${h}</h3>`, `<p role="heading">${h}</p>`)),
  fc.nat(20).map((i) => `<a href="/p/${i}"><img src="/${i}.jpg" alt=""></a>`),
  fc.constant('<ins class="adsbygoogle" data-ad-status="filled"><iframe src="about:blank"></iframe></ins>'),
  fc.constant('text'),
);

const tree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .tuple(fc.constantFrom(...TAGS), fc.constantFrom(...ATTRS), fc.array(tie('node'), { maxLength: 5 }))
      .map(([tag, attrs, kids]) => `<${tag}${attrs}>${kids.join('')}</${tag}>`),
  ),
})).node;

describe('detectPlacements on random pages', () => {
  it('keeps its invariants', () => {
    let total = 0;
    fc.assert(
      fc.property(fc.array(tree, { minLength: 1, maxLength: 6 }), (parts) => {
        const { document } = parseHTML(`<html><body>${parts.join('')}</body></html>`);
        const scanner = createPlacementScanner();
        const found = scanner.scan(document as unknown as ParentNode);
        total += found.length;
        const elements = found.map((p) => p.element);
        expect(new Set(elements).size).toBe(elements.length);
        for (const p of found) {
          expect(p.element.closest(`[${OWN_ATTRIBUTE}]`)).toBeNull();
          expect(p.element.closest('[hidden]')).toBeNull();
          expect(p.label.length).toBeGreaterThan(0);
          expect(p.categories.length).toBeGreaterThan(0);
        }
        expect(scanner.scan(document as unknown as ParentNode)).toEqual([]);
      }),
      { numRuns: 300 },
    );
    // The generator does produce pages with placements, so the invariants were exercised.
    expect(total).toBeGreaterThan(30);
  });

  it('finds the same placements when the page arrives as one mutation batch', () => {
    fc.assert(
      fc.property(fc.array(tree, { minLength: 1, maxLength: 6 }), (parts) => {
        const html = parts.join('');
        const full = detectPlacements(
          parseHTML(`<html><body><main>${html}</main></body></html>`).document as unknown as ParentNode,
        );
        const { document } = parseHTML('<html><body><main></main></body></html>');
        const scanner = createPlacementScanner();
        scanner.scan(document as unknown as ParentNode);
        const main = document.querySelector('main')!;
        main.innerHTML = html;
        const late = scanner.scanAdded(Array.from(main.childNodes) as unknown as Node[]);
        const strip = (ps: typeof full) => ps.map((p) => [p.kind, p.label, p.vendor ?? '']);
        expect(strip(late)).toEqual(strip(full));
      }),
      { numRuns: 300 },
    );
  });
});
