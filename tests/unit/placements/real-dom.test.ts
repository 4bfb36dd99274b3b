// @vitest-environment happy-dom
// The detector on shapes seen on real shop pages (tests/fixtures/real-pages), each reduced to its core.
import { describe, expect, it } from 'vitest';
import { createPlacementScanner, detectPlacements, type DetectedPlacement } from '../../../utils/placements/detect';

function labels(found: DetectedPlacement[]): string[] {
  return found.map((p) => p.label);
}

function tiles(from: number, n: number, extra = ''): string {
  let out = '';
  for (let i = from; i < from + n; i++) out += `<li><a href="/p/${i}"><img src="/${i}.jpg"></a>${extra}</li>`;
  return `<ul>${out}</ul>`;
}

describe('the detector on real DOMs', () => {
  it('reads a heading six wrappers away from its row, with title and subtitle in separate elements', () => {
    document.body.innerHTML = `<div class="row"><div><div><div><div><div class="t"><h2><div>Similar items</div><span>How about these?</span></h2></div></div></div></div></div>${tiles(0, 4)}</div>`;
    const found = detectPlacements(document);
    expect(found.map((p) => [p.kind, p.label])).toEqual([['recommendation', 'Similar items How about these?']]);
  });

  it('reads a carousel named by aria-label and a title element that is not a heading', () => {
    document.body.innerHTML = `<section aria-label="Recommended for you">${tiles(0, 3)}</section>
      <div class="reco"><div class="avivid_title_text">其他人也看了</div>${tiles(10, 3)}</div>`;
    expect(labels(detectPlacements(document))).toEqual(['Recommended for you', '其他人也看了']);
  });

  it('matches right-to-left and CJK headings without word boundaries', () => {
    document.body.innerHTML = `<div dir="rtl"><h3>\u200fمنتجات مشابهة</h3>${tiles(0, 3)}</div>
      <div><h3>לקוחות שרכשו מוצר זה רכשו גם...</h3>${tiles(10, 3)}</div>
      <div><h4>이 상품을 본 고객이 <strong>많이 본 다른 상품</strong></h4>${tiles(20, 3)}</div>`;
    expect(detectPlacements(document)).toHaveLength(3);
  });

  it('reports a row shown twice for mobile and desktop once', () => {
    document.body.innerHTML = `<div class="mobile"><h2>Customers also bought</h2>${tiles(0, 4)}</div>
      <div class="desktop"><h2>Customers also bought</h2>${tiles(0, 4)}</div>
      <div><h2>Customers also bought</h2>${tiles(50, 4)}</div>`;
    // The third row holds other products: a second placement of its own.
    expect(labels(detectPlacements(document))).toEqual(['Customers also bought', 'Customers also bought']);
  });

  it('finds rows inside open shadow roots and tells the caller about each root', () => {
    document.body.innerHTML = '<div id="host"></div>';
    const shadow = document.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = `<div><h2>Recently viewed</h2>${tiles(0, 3)}</div>`;
    const roots: ShadowRoot[] = [];
    const found = createPlacementScanner({ onShadowRoot: (root) => roots.push(root) }).scan(document);
    expect(found.map((p) => [p.kind, p.label])).toEqual([['recently-viewed', 'Recently viewed']]);
    expect(roots).toEqual([shadow]);
  });

  it('never takes review or Q&A text that contains a phrase for a row', () => {
    document.body.innerHTML = `<div class="product-reviews"><div class="review"><h3>You may also like the blue one</h3>
      <a href="/helpful">Helpful</a><a href="/report">Report</a><a href="/u/1">Anna</a><img src="/a.jpg"><img src="/b.jpg"></div></div>
      <div id="questions-answers"><h4>Frequently bought together?</h4><a href="/q/1"><img src="/q.jpg"></a><a href="/q/2"><img src="/r.jpg"></a></div>`;
    expect(detectPlacements(document)).toEqual([]);
  });

  it('does not take a menu, a breadcrumb or a sign-in box next to a hidden panel for a row', () => {
    document.body.innerHTML = `<nav><div aria-hidden="true"><span class="menu__rv__heading">Recently viewed</span><div></div></div>
      <ul><li><a href="/c/1">Furniture</a></li><li><a href="/c/2">Kitchen</a></li><li><a href="/c/3">Garden</a></li></ul></nav>
      <div class="rhf"><div class="rhf-title">See personalised recommendations</div><a href="/signin">Sign in</a>
      <a href="/register">New customer? Start here</a><a href="/history">View your browsing history</a></div>`;
    expect(detectPlacements(document)).toEqual([]);
  });

  it('counts a text-only row when it shows prices', () => {
    document.body.innerHTML = `<div><div class="block-title">Похожие товары</div><div>
      <a href="/p/1">Холодильник A</a> 144 990 тг. <a href="/p/2">Холодильник B</a> 99 990 тг. <a href="/p/3">Холодильник C</a> 120 000 тг.</div></div>`;
    expect(labels(detectPlacements(document))).toEqual(['Похожие товары']);
  });

  it('reports a row whose items arrive after its heading when they arrive', () => {
    document.body.innerHTML = '<section><h2>Produtos recomendados para você</h2><div class="slot"></div></section>';
    const scanner = createPlacementScanner();
    expect(scanner.scan(document)).toEqual([]);
    const slot = document.querySelector('.slot')!;
    slot.innerHTML = tiles(0, 3);
    expect(labels(scanner.scanAdded([slot.firstChild!]))).toEqual(['Produtos recomendados para você']);
  });

  it('keeps a row behind an open dialog (aria-hidden on an ancestor is not hiding)', () => {
    document.body.innerHTML = `<div aria-hidden="true"><div><h2>People who viewed this item also viewed</h2>${tiles(0, 3)}</div></div>`;
    expect(detectPlacements(document)).toHaveLength(1);
  });
});
