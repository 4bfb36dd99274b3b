// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  OWN_ATTRIBUTE,
  createPlacementScanner,
  detectPlacements,
  detectVendorScripts,
  toPlacement,
  type DetectedPlacement,
} from '../../../utils/placements/detect';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/placements');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

function load(name: string): Document {
  const html = fixture(name);
  return new DOMParser().parseFromString(html, 'text/html');
}

function summary(found: DetectedPlacement[]): [string, string, string | undefined][] {
  return found.map((p) => [p.kind, p.label, p.vendor]);
}

describe('detectPlacements on retailer-like pages', () => {
  it('Amazon-like product page: item-to-item, sponsored, browsing history rows and a filled ad slot', () => {
    const found = detectPlacements(load('amazon-like-product-page-en.html'));
    expect(summary(found)).toEqual([
      ['recommendation', 'Customers who viewed this item also viewed', undefined],
      ['retargeting-ad', '4 stars and above – Sponsored products related to this item', undefined],
      ['retargeting-ad', 'Google Ads', 'google-ads'],
      ['recommendation', 'Inspired by your browsing history', undefined],
      ['recently-viewed', 'Your browsing history', undefined],
    ]);
    // The badge goes on the carousel, not on the heading or the whole page.
    expect(found[0].element.classList.contains('a-carousel-container')).toBe(true);
    expect(found[0].why).toBe('heading:"Customers who viewed this item also viewed" (item-to-item)');
    expect(found[2].element.localName).toBe('ins');
    expect(found[3].element.id).toBe('rhf-container');
    expect(found[4].element.id).toBe('rhf-shoveler');
  });

  it('skips hidden rows, our own badge UI, unfilled ad slots, decoys and prose', () => {
    const doc = load('amazon-like-product-page-en.html');
    const found = detectPlacements(doc);
    const elements = found.map((p) => p.element);
    expect(elements).not.toContain(doc.getElementById('hidden-recs'));
    expect(found.some((p) => p.element.closest(`[${OWN_ATTRIBUTE}]`))).toBe(false);
    expect(found.some((p) => p.element.getAttribute('data-ad-status') === 'unfilled')).toBe(false);
    expect(found.some((p) => /best sellers/i.test(p.label))).toBe(false);
  });

  it('Zalando-like German page: vendor widget and heading on one container are one placement', () => {
    const doc = load('zalando-like-de.html');
    const found = detectPlacements(doc);
    expect(summary(found)).toEqual([
      ['recommendation', 'Für dich ausgewählt', 'dynamic-yield'],
      ['recommendation', 'Das könnte dir auch gefallen', undefined],
      ['recently-viewed', 'Zuletzt angesehen', undefined],
    ]);
    expect(found[0].element.getAttribute('data-dy-widget-id')).toBe('118204');
    expect(found[0].why).toBe('heading:"Für dich ausgewählt"; vendor:dynamic-yield');
    // Heading and row are siblings among other rows: the badge goes on the row after the heading.
    expect(found[2].element.classList.contains('slider')).toBe(true);
    expect(found[2].heading?.textContent).toBe('Zuletzt angesehen');
  });

  it('Otto-like page with Nosto: a decoy title suppresses the widget, an empty placeholder is ignored', () => {
    const found = detectPlacements(load('otto-like-de-nosto.html'));
    expect(summary(found)).toEqual([
      ['recommendation', 'Kunden kauften auch', 'nosto'],
      ['recommendation', 'Weil du „Air Street Low“ angesehen hast', undefined],
    ]);
    expect(found[0].element.id).toBe('productpage-nosto-1');
  });

  it('Fnac-like French page: RichRelevance placement titled by role=heading, aria-label section, last viewed', () => {
    const found = detectPlacements(load('fnac-like-fr.html'));
    expect(summary(found)).toEqual([
      ['recommendation', 'Les clients ayant consulté cet article ont également consulté', 'richrelevance'],
      ['recommendation', 'Recommandés pour vous', undefined],
      ['recently-viewed', 'Vos derniers articles consultés', undefined],
    ]);
    expect(found[0].element.id).toBe('rr_placement_0');
    expect(found[1].element.localName).toBe('section');
  });

  it('El Corte Inglés-like Spanish page: Constructor pod ids name the strategy', () => {
    const found = detectPlacements(load('elcorteingles-like-es.html'));
    expect(summary(found)).toEqual([
      ['recently-viewed', 'Constructor', 'constructor'],
      ['recommendation', 'Recomendados para ti', undefined],
      ['recommendation', 'Los clientes que vieron este producto también vieron', undefined],
    ]);
    expect(found[0].why).toContain('hint:data-cnstrc-recommendations-pod-id="pdp_recently_viewed"');
  });

  it('Italian page with a Salesforce Einstein slot', () => {
    const found = detectPlacements(load('it-like-einstein.html'));
    expect(summary(found)).toEqual([
      ['recommendation', 'Consigliati per te', 'salesforce-einstein'],
      ['recently-viewed', 'Visti di recente', undefined],
    ]);
    expect(found[0].element.id.startsWith('cq_recomm_slot-')).toBe(true);
  });

  it('Bol-like Dutch page with a Criteo ad', () => {
    const found = detectPlacements(load('bol-like-nl.html'));
    expect(summary(found)).toEqual([
      ['recommendation', 'Aanbevolen voor jou', undefined],
      ['recommendation', 'Klanten die dit artikel bekeken, bekeken ook', undefined],
      ['recently-viewed', 'Eerder bekeken', undefined],
      ['retargeting-ad', 'Criteo', 'criteo'],
    ]);
    expect(found[3].categories).toEqual(['browsing', 'identifiers']);
  });

  it('Portuguese page with Algolia Recommend: frequently bought together counts, trending does not', () => {
    const found = detectPlacements(load('pt-like-algolia.html'));
    expect(summary(found)).toEqual([
      ['recommendation', 'Comprados juntos com frequência', 'algolia-recommend'],
      ['recommendation', 'Recomendados para você', undefined],
      ['recommendation', 'Quem viu este produto também viu', undefined],
      ['recently-viewed', 'Vistos recentemente', undefined],
    ]);
  });

  it('Rakuten-like Japanese page', () => {
    const found = detectPlacements(load('rakuten-like-ja.html'));
    expect(summary(found)).toEqual([
      ['recommendation', 'あなたへのおすすめ', undefined],
      ['recommendation', 'この商品を見た人はこんな商品も見ています', undefined],
      ['recently-viewed', '最近チェックした商品', undefined],
    ]);
  });

  it('a home page of decoys, an A/B-test marker and a Monetate style insert has no placements', () => {
    expect(detectPlacements(load('decoys-only-home-en.html'))).toEqual([]);
  });

  it('attributes a vendor from a marker only when a heading already made the placement', () => {
    document.body.innerHTML = `
      <div class="at-element-marker"><h2>Recommended for you</h2>
        <ul><li><a href="/1"><img src="/1.jpg"></a></li><li><a href="/2"><img src="/2.jpg"></a></li></ul></div>
      <div class="at-element-marker"><h2>Winter collection</h2>
        <ul><li><a href="/3"><img src="/3.jpg"></a></li><li><a href="/4"><img src="/4.jpg"></a></li></ul></div>`;
    const found = detectPlacements(document);
    expect(summary(found)).toEqual([['recommendation', 'Recommended for you', 'adobe-target']]);
  });

  it('a product whose name reads like a personalized heading is not a row', () => {
    const tile = (i: number, name: string) =>
      `<li data-product-id="P${i}"><a href="/p/${i}"><picture><img src="/${i}.jpg" alt=""></picture></a><h3><a href="/p/${i}">${name}</a></h3></li>`;
    document.body.innerHTML = `<section><h2>Gift ideas</h2><ul>${tile(1, 'Just for you gift box')}${tile(2, 'Candle set')}${tile(3, 'Mug')}</ul></section>`;
    expect(detectPlacements(document)).toEqual([]);
  });

  it('badges the row, not a header holding the title and a "See all" link', () => {
    document.body.innerHTML = `<div class="row"><div class="header"><h2>Recently viewed</h2><a href="/history">See all</a><a href="#">Clear</a></div>
      <div class="items"><a href="/p/1"><img src="/1.jpg" alt=""></a><a href="/p/2"><img src="/2.jpg" alt=""></a></div></div>`;
    const [found] = detectPlacements(document);
    expect(found.element.className).toBe('row');
  });

  it("badges a title's own tiles in a column of modules, but a whole grid split into rows", () => {
    document.body.innerHTML = `<div id="column"><div class="brands-title">Top brands</div>
      <div class="brands"><a href="/b/1"><img src="/b1.jpg"></a><a href="/b/2"><img src="/b2.jpg"></a></div>
      <div class="picks-title">Recommended for you</div>
      <div class="picks"><a href="/p/1"><img src="/1.jpg"></a><a href="/p/2"><img src="/2.jpg"></a></div>
      <div class="newsletter"><a href="/signup">Sign up</a></div></div>`;
    expect(detectPlacements(document).map((p) => [p.label, p.element.className])).toEqual([
      ['Recommended for you', 'picks'],
    ]);
    document.body.innerHTML = `<section id="grid"><h2>Recommended for you</h2>
      <div class="row"><a href="/p/1"><img src="/1.jpg"></a><a href="/p/2"><img src="/2.jpg"></a></div>
      <div class="row"><a href="/p/3"><img src="/3.jpg"></a><a href="/p/4"><img src="/4.jpg"></a></div></section>`;
    expect(detectPlacements(document).map((p) => p.element.id)).toEqual(['grid']);
  });

  it('labels an untitled vendor widget with the vendor, not with a product name from a tile', () => {
    document.body.innerHTML = `<div class="nosto_element" id="frontpage-nosto-1"><ul>
      <li><a href="/p/1"><img src="/1.jpg" alt=""></a><h3>Organic cotton shirt</h3></li>
      <li><a href="/p/2"><img src="/2.jpg" alt=""></a><h3>Linen trousers</h3></li></ul></div>`;
    expect(summary(detectPlacements(document))).toEqual([['recommendation', 'Nosto', 'nosto']]);
  });

  it('does not attribute a vendor from a marker on a distant page wrapper', () => {
    document.body.innerHTML = `<div class="dy-page-wrapper"><div><div><div><div>
      <section><h2>Recommended for you</h2><a href="/p/1"><img src="/1.jpg"></a><a href="/p/2"><img src="/2.jpg"></a></section>
      </div></div></div></div></div>`;
    expect(summary(detectPlacements(document))).toEqual([['recommendation', 'Recommended for you', undefined]]);
  });

  it('reads row titles styled as headings by class, but never a product title', () => {
    document.body.innerHTML = `<div class="shelf"><div class="shelf__title">Zuletzt angesehen</div>
      <div><a href="/p/1"><img src="/1.jpg"></a><a href="/p/2"><img src="/2.jpg"></a></div></div>
      <div class="shelf"><div class="shelf__title">Bestseller</div><ul>
      <li><a href="/p/3"><img src="/3.jpg"></a><span class="product-title">Just for you gift box</span></li>
      <li><a href="/p/4"><img src="/4.jpg"></a><span class="product-title">Mug</span></li></ul></div>`;
    expect(summary(detectPlacements(document))).toEqual([['recently-viewed', 'Zuletzt angesehen', undefined]]);
  });

  it('never takes our own badge, or the products shown in it, for the row', () => {
    document.body.innerHTML = `<div><div><h2>Recommended for you</h2></div>
      <div ${OWN_ATTRIBUTE}="badge"><a href="/p/0"><img src="/0.jpg"></a><a href="/p/1"><img src="/1.jpg"></a></div></div>`;
    expect(detectPlacements(document)).toEqual([]);
  });

  it('respects a caller visibility test', () => {
    const doc = load('rakuten-like-ja.html');
    const found = detectPlacements(doc, { isVisible: (el) => !el.classList.contains('history') });
    expect(found.map((p) => p.label)).not.toContain('最近チェックした商品');
    expect(found).toHaveLength(2);
  });

  it('can leave ads out', () => {
    const found = detectPlacements(load('bol-like-nl.html'), { includeAds: false });
    expect(found.some((p) => p.vendor === 'criteo')).toBe(false);
  });

  it('toPlacement drops the element and keeps the model fields', () => {
    const [first] = detectPlacements(load('otto-like-de-nosto.html'));
    expect(toPlacement(first)).toEqual({
      kind: 'recommendation',
      label: 'Kunden kauften auch',
      vendor: 'nosto',
      why: 'heading:"Kunden kauften auch" (item-to-item); vendor:nosto',
      categories: ['browsing'],
    });
  });

  it('on an article page, stories picked for the reader are content, products are still a shop row', () => {
    const story = (i: number) =>
      `<li><a href="/news/${i}"><img src="/${i}.jpg" alt=""></a><h3><a href="/news/${i}">Story ${i}</a></h3></li>`;
    const product = (i: number) =>
      `<li data-product-id="P${i}"><a href="/p/${i}"><img src="/p${i}.jpg" alt=""></a><span class="price">€${i}9</span></li>`;
    const rows = `<section><h2>Recommended for you</h2><ul>${story(1)}${story(2)}${story(3)}</ul></section>
      <section><h2>Inspired by your browsing history</h2><ul>${product(1)}${product(2)}${product(3)}</ul></section>`;
    document.head.innerHTML = '<meta property="og:type" content="article">';
    document.body.innerHTML = rows;
    expect(summary(detectPlacements(document))).toEqual([
      ['content-recommendation', 'Recommended for you', undefined],
      ['recommendation', 'Inspired by your browsing history', undefined],
    ]);
    // The same rows on a page that does not say it is an article are a shop's rows.
    const shop = new DOMParser().parseFromString(`<html><body>${rows}</body></html>`, 'text/html');
    expect(summary(detectPlacements(shop)).map(([kind]) => kind)).toEqual(['recommendation', 'recommendation']);
    document.head.innerHTML = '';
  });

  it('reports a native-ad unit as an ad whatever its heading says', () => {
    const story = (i: number) =>
      `<a href="https://ads.example/${i}"><img src="/${i}.jpg" alt="">Sponsored story ${i}</a>`;
    document.body.innerHTML = `<div class="native-ad-unit"><h2>You may like</h2>${story(1)}${story(2)}${story(3)}</div>`;
    const [found] = detectPlacements(document);
    expect([found.kind, found.label]).toEqual(['retargeting-ad', 'You may like']);
    expect(found.why).toContain('native ad unit');
  });

  it('finds a row of tiles opened by script (no links, background images) by their repeated prices', () => {
    const tile = (name: string, price: string) =>
      `<div class="reco-item" onclick="open('/p')"><div class="reco-image" style="background-image: url('/x.jpg')"></div><div class="reco-name">${name}</div><div>${price}</div></div>`;
    document.body.innerHTML = `<div id="reco"><div class="reco-frame"><div class="reco-title">Customers also viewed</div>
      <div class="reco-bar">${tile('Kettle', '$29')}${tile('Toaster', '$35')}${tile('Mug', '$9')}</div></div></div>`;
    expect(summary(detectPlacements(document))).toEqual([['recommendation', 'Customers also viewed', undefined]]);
    // Two priced tiles, or repeated tiles without prices, are not enough.
    document.body.innerHTML = `<div><div class="reco-title">Customers also viewed</div>
      <div class="reco-bar">${tile('Kettle', '$29')}${tile('Toaster', '$35')}${tile('Mug', 'sold out')}</div></div>`;
    expect(detectPlacements(document)).toEqual([]);
  });

  it('lists the vendors whose scripts a page loads', () => {
    expect(detectVendorScripts(load('zalando-like-de.html'))).toEqual(['dynamic-yield']);
    expect(detectVendorScripts(load('decoys-only-home-en.html'))).toEqual(['monetate']);
    expect(detectVendorScripts(load('rakuten-like-ja.html'))).toEqual([]);
  });
});

describe('incremental scanning for MutationObserver batches', () => {
  function tiles(n: number, prefix: string): string {
    return Array.from(
      { length: n },
      (_, i) => `<li><a href="/${prefix}/${i}"><img src="/${prefix}/${i}.jpg" alt=""></a></li>`,
    ).join('');
  }

  it('finds a row whose items render after its heading, without reporting it twice', () => {
    document.body.innerHTML = fixture('it-like-einstein.html').replace(/^[\s\S]*<body>|<\/body>[\s\S]*$/g, '');
    const scanner = createPlacementScanner();
    expect(scanner.scan(document).map((p) => p.label)).toEqual(['Consigliati per te', 'Visti di recente']);

    const tilesEl = document.querySelector('#late-row .tiles')!;
    const added: Node[] = [];
    for (let i = 0; i < 3; i++) {
      const a = document.createElement('a');
      a.href = `/late-${i}.html`;
      a.innerHTML = `<img src="/late-${i}.jpg" alt="">`;
      tilesEl.appendChild(a);
      added.push(a);
    }
    const late = scanner.scanAdded(added);
    expect(summary(late)).toEqual([['recommendation', 'Potrebbe interessarti anche', undefined]]);
    expect(late[0].element.id).toBe('late-row');
    // The same nodes again, or a full rescan: nothing new.
    expect(scanner.scanAdded(added)).toEqual([]);
    expect(scanner.scan(document)).toEqual([]);
  });

  it('finds a row appended late and a vendor placeholder filled late', () => {
    document.body.innerHTML = `<main><h1>Sneaker</h1><div class="nosto_element" id="productpage-nosto-1"></div></main>`;
    const scanner = createPlacementScanner();
    expect(scanner.scan(document)).toEqual([]);

    const row = document.createElement('section');
    row.innerHTML = `<h2>Recently viewed</h2><ul>${tiles(12, 'rv')}</ul>`;
    document.querySelector('main')!.appendChild(row);
    expect(summary(scanner.scanAdded([row]))).toEqual([['recently-viewed', 'Recently viewed', undefined]]);

    const nosto = document.getElementById('productpage-nosto-1')!;
    const block = document.createElement('div');
    block.innerHTML = `<h3>Inspired by your browsing history</h3><div>${tiles(4, 'n')}</div>`;
    nosto.appendChild(block);
    const found = scanner.scanAdded([block]);
    expect(summary(found)).toEqual([['recommendation', 'Inspired by your browsing history', 'nosto']]);
    expect(found[0].element).toBe(nosto);
  });

  it('looks again at a hidden personalized row when something changes near it', () => {
    document.body.innerHTML = `<main><section id="rv" hidden><h2>Recently viewed</h2><ul>${tiles(3, 'rv')}</ul></section></main>`;
    const scanner = createPlacementScanner();
    expect(scanner.scan(document)).toEqual([]);
    const row = document.getElementById('rv')!;
    row.removeAttribute('hidden');
    const li = document.createElement('li');
    li.innerHTML = '<a href="/rv/9"><img src="/rv/9.jpg" alt=""></a>';
    row.querySelector('ul')!.appendChild(li);
    expect(summary(scanner.scanAdded([li]))).toEqual([['recently-viewed', 'Recently viewed', undefined]]);
    // A full rescan would have found it too, and now reports nothing new.
    expect(scanner.scan(document)).toEqual([]);
  });

  it('ignores mutations inside our own badges and text nodes outside headings', () => {
    document.body.innerHTML = `<div ${OWN_ATTRIBUTE}="badge"></div><p>hello</p>`;
    const scanner = createPlacementScanner();
    scanner.scan(document);
    const own = document.querySelector(`[${OWN_ATTRIBUTE}]`)!;
    own.innerHTML = `<h2>Recommended for you</h2><ul>${tiles(3, 'own')}</ul>`;
    expect(scanner.scanAdded(Array.from(own.childNodes))).toEqual([]);
    const text = document.createTextNode(' world');
    document.querySelector('p')!.appendChild(text);
    expect(scanner.scanAdded([text])).toEqual([]);
  });

  it('picks up a heading whose text arrives after its row', () => {
    document.body.innerHTML = `<section><h2></h2><ul>${tiles(3, 'x')}</ul></section>`;
    const scanner = createPlacementScanner();
    expect(scanner.scan(document)).toEqual([]);
    const text = document.createTextNode('Top picks for you');
    document.querySelector('h2')!.appendChild(text);
    expect(summary(scanner.scanAdded([text]))).toEqual([['recommendation', 'Top picks for you', undefined]]);
  });
});
