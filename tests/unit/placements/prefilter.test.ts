// @vitest-environment happy-dom
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  compilePrefilter,
  compilePrefilterData,
  mayMatch,
  prefilterFromData,
  probe,
  selectorKey,
  splitSelectorList,
} from '../../../utils/placements/prefilter';
import { compilePlacementPrefilters } from '../../../utils/placements/detect';
import { VENDOR_SIGNATURES, widgetRule } from '../../../utils/placements/signatures';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/placements');

const ALL_SELECTORS = VENDOR_SIGNATURES.flatMap((v) => [
  ...v.widgets.map((w) => widgetRule(w).selector),
  ...(v.markers ?? []),
]).join(',');

describe('splitSelectorList', () => {
  it('splits on top-level commas only', () => {
    expect(splitSelectorList('a, [data-x="1,2"], ins:not([a="b,c"]),  .c ')).toEqual([
      'a',
      '[data-x="1,2"]',
      'ins:not([a="b,c"])',
      '.c',
    ]);
  });
});

describe('selectorKey', () => {
  it('finds a necessary condition for each kind of selector', () => {
    expect(selectorKey('ins.adsbygoogle:not([data-ad-status="unfilled"])')).toEqual({ type: 'tag', value: 'ins' });
    expect(selectorKey('[id^="rr_placement"]')).toEqual({ type: 'id', value: '^rr_placement' });
    expect(selectorKey('[class*=" dy-rec"]')).toEqual({ type: 'class', value: ' dy-rec' });
    expect(selectorKey('.nosto_element')).toEqual({ type: 'class', value: '(?:^|\\s)nosto_element(?:\\s|$)' });
    expect(selectorKey('[role="region"][aria-label]')).toEqual({ type: 'attr', value: 'role' });
  });

  it('refuses a selector it cannot prefilter', () => {
    expect(() => selectorKey(':hover')).toThrow(/no tag, id, class or attribute/);
  });

  it('every vendor selector has a key', () => {
    for (const sel of splitSelectorList(ALL_SELECTORS)) expect(() => selectorKey(sel), sel).not.toThrow();
  });
});

describe('prefilter data (compiled at build time)', () => {
  it('gives after JSON the prefilter the page would compile', () => {
    const built = prefilterFromData(JSON.parse(JSON.stringify(compilePrefilterData(ALL_SELECTORS))));
    const runtime = compilePrefilter(ALL_SELECTORS);
    expect(built.tags).toEqual(runtime.tags);
    expect(built.attributes).toEqual(runtime.attributes);
    expect(built.id?.source).toBe(runtime.id?.source);
    expect(built.className?.source).toBe(runtime.className?.source);
    expect(built.className?.test('nosto_element')).toBe(true);
  });

  it("holds the scan's heading, widget and marker prefilters, none empty", () => {
    const data = JSON.parse(JSON.stringify(compilePlacementPrefilters())) as ReturnType<
      typeof compilePlacementPrefilters
    >;
    expect(data.heading.tags).toContain('h2');
    expect(data.widget.className ?? data.widget.id).not.toBeNull();
    expect(mayMatch(probe(markerElement()), prefilterFromData(data.marker))).toBe(true);
  });
});

function markerElement(): Element {
  const el = document.createElement('div');
  el.className = 'nosto_element';
  return el;
}

describe('mayMatch', () => {
  it('never rejects an element the selectors match (every element of every fixture)', () => {
    const pf = compilePrefilter(ALL_SELECTORS);
    const sels = splitSelectorList(ALL_SELECTORS);
    let checked = 0;
    for (const file of readdirSync(FIXTURES).filter((f) => !f.includes('shift-jis'))) {
      const doc = new DOMParser().parseFromString(readFileSync(join(FIXTURES, file), 'utf8'), 'text/html');
      for (const el of Array.from(doc.querySelectorAll('*'))) {
        if (sels.some((s) => el.matches(s))) {
          expect(mayMatch(probe(el), pf), `${file}: <${el.localName} class="${el.getAttribute('class')}">`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('rejects plain product markup', () => {
    const pf = compilePrefilter(ALL_SELECTORS);
    document.body.innerHTML = '<li class="tile mt-2" data-product-id="1"><a href="/p/1"><img src="/1.jpg"></a></li>';
    for (const el of Array.from(document.body.querySelectorAll('*'))) expect(mayMatch(probe(el), pf)).toBe(false);
  });

  it('probes an element without attributes with no attribute reads', () => {
    const el = document.createElement('div');
    expect(probe(el)).toEqual({ tag: 'div', id: '', className: '', names: [] });
  });
});
