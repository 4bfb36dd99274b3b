/** Server-rendered pages of the demo store. Plain HTML, like a classic retail site. */
import { PRODUCTS, productBySlug, searchProducts, type Product } from './catalogue';

export const STORE_HOST = 'www.demo-store.test';
export const CDN_HOST = 'img.demo-store-cdn.test';
export const IDS = {
  ga4: 'G-DEMO12345',
  metaPixel: '940000000000001',
  tiktok: 'CDEMOTTPIXEL01',
  criteo: '77777',
  dynamicYield: '8765432',
  fullstory: 'o-DEMO-na1',
};

// Vendor tags as a retailer pastes them, pointing at the vendors' real URLs (served locally in tests).
export const VENDOR_TAGS = [
  `https://www.googletagmanager.com/gtag/js?id=${IDS.ga4}`,
  'https://connect.facebook.net/en_US/fbevents.js',
  `https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=${IDS.tiktok}&lib=ttq`,
  'https://static.criteo.net/js/ld/ld.js',
  `https://cdn.dynamicyield.com/api/${IDS.dynamicYield}/api_dynamic.js`,
  'https://edge.fullstory.com/s/fs.js',
];

// The queueing stubs of the vendors' snippets: calls made before a tag loads (or when it never loads,
// e.g. blocked) are queued instead of breaking the shop's own code.
const TAG_STUBS = [
  'window.dataLayer=window.dataLayer||[];window.gtag=window.gtag||function(){dataLayer.push(arguments)};',
  'window.fbq=window.fbq||function(){(fbq.q=fbq.q||[]).push(arguments)};',
  "window.ttq=window.ttq||{q:[],page:function(){ttq.q.push(['page'])},track:function(e,p){ttq.q.push(['track',e,p])},identify:function(f){ttq.q.push(['identify',f])}};",
  'window.criteo_q=window.criteo_q||[];',
  'window.DY=window.DY||{q:[],API:function(){DY.q.push(arguments)}};',
].join('');

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function imageUrl(product: Product): string {
  return `https://${CDN_HOST}/products/${product.slug}.svg?w=400&q=80`;
}

function productCard(product: Product): string {
  return `<li class="card" data-sku="${product.slug}">
  <a href="/product/${product.slug}"><img src="${imageUrl(product)}" alt="" width="160" height="120" loading="eager"><span class="name">${escapeHtml(product.name)}</span></a>
  <span class="price">$${product.price.toFixed(2)}</span></li>`;
}

function productRow(id: string, heading: string, products: readonly Product[]): string {
  return `<section class="product-row" id="${id}" aria-labelledby="${id}-h">
  <h2 id="${id}-h">${escapeHtml(heading)}</h2>
  <ul class="carousel">${products.map(productCard).join('')}</ul></section>`;
}

interface PageOptions {
  title: string;
  page: string;
  /** The page's language (default en). */
  lang?: string;
  body: string;
  data?: Record<string, string>;
}

export function layout({ title, page, body, data = {}, lang = 'en' }: PageOptions): string {
  const dataAttrs = Object.entries({ page, ...data })
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join('');
  return `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Demo Outfitters</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/shop.css">
<script>window.SHOP_IDS=${JSON.stringify(IDS)};${TAG_STUBS}</script>
${VENDOR_TAGS.map((src) => `<script defer src="${src}"></script>`).join('\n')}
<script defer src="/assets/shop.js"></script>
</head><body${dataAttrs}>
<header><a class="logo" href="/">Demo Outfitters</a>
<form action="/search" role="search"><input name="q" aria-label="Search" placeholder="Search"><button>Search</button></form>
<nav><a href="/stores">Stores</a> <a href="/cart">Cart (<span id="cart-count">0</span>)</a></nav></header>
<main>${body}</main>
<footer>Demo Outfitters is a test store. It sends data only to this machine.</footer>
</body></html>`;
}

export function homePage(): string {
  return layout({
    title: 'Home',
    page: 'home',
    body: `<h1>Gear for every trail</h1>
${productRow('recs', 'Recommended for you', [PRODUCTS[2], PRODUCTS[4], PRODUCTS[6]])}
${productRow('best', 'Best sellers', [PRODUCTS[0], PRODUCTS[1], PRODUCTS[3]])}
<div id="dy-recs-slot"></div>`,
  });
}

/** The home page of the store's Japanese site: ShareLedger's badges there speak Japanese. */
export function japaneseHomePage(): string {
  return layout({
    title: 'ホーム',
    page: 'home-ja',
    lang: 'ja',
    body: `<h1>すべてのトレイルに</h1>
${productRow('recs', 'あなたへのおすすめ', [PRODUCTS[2], PRODUCTS[4], PRODUCTS[6]])}
${productRow('best', '売れ筋ランキング', [PRODUCTS[0], PRODUCTS[1], PRODUCTS[3]])}`,
  });
}

export function productPage(slug: string): string | undefined {
  const product = productBySlug(slug);
  if (!product) return undefined;
  const others = PRODUCTS.filter((p) => p !== product).slice(0, 4);
  return layout({
    title: product.name,
    page: 'product',
    data: { sku: product.slug, name: product.name, price: String(product.price), category: product.category },
    body: `<article class="pdp"><img src="${imageUrl(product)}" alt="${escapeHtml(product.name)}" width="320" height="240">
<h1>${escapeHtml(product.name)}</h1><p class="price">$${product.price.toFixed(2)}</p>
<button id="add-to-cart" type="button">Add to cart</button></article>
${productRow('also-viewed', 'Customers who viewed this also viewed', others)}
${productRow('new', 'New arrivals', PRODUCTS.slice(5))}`,
  });
}

export function searchPage(query: string): string {
  const results = searchProducts(query);
  return layout({
    title: `Search: ${query}`,
    page: 'search',
    data: { query },
    body: `<h1>Results for “${escapeHtml(query)}”</h1>
<ul class="results">${results.map(productCard).join('') || '<li>No results</li>'}</ul>`,
  });
}

export function cartPage(): string {
  return layout({
    title: 'Cart',
    page: 'cart',
    body: `<h1>Your cart</h1><ul id="cart-lines"></ul><a id="to-checkout" href="/checkout">Checkout</a>`,
  });
}

export function checkoutPage(): string {
  return layout({
    title: 'Checkout',
    page: 'checkout',
    body: `<h1>Checkout</h1>
<form id="checkout-form">
<label>Email <input id="email" name="email" type="email" autocomplete="email" required></label>
<label>Phone <input id="phone" name="phone" type="tel" autocomplete="tel"></label>
<label>Postal code <input id="postal" name="postal" autocomplete="postal-code"></label>
<button id="place-order" type="submit">Place order</button></form>
<p id="order-status" role="status"></p>`,
  });
}

export function storesPage(): string {
  return layout({
    title: 'Store locator',
    page: 'stores',
    body: `<h1>Find a store near you</h1><button id="locate" type="button">Use my location</button>
<ol id="store-list"></ol>`,
  });
}

export function productImage(slug: string): string {
  const product = productBySlug(slug);
  const color = product?.color ?? '#999';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120"><rect width="160" height="120" rx="12" fill="${color}"/><text x="80" y="66" font-size="14" text-anchor="middle" fill="#fff">${escapeHtml(product?.name.split(' ')[0] ?? '?')}</text></svg>`;
}

export const STORES = [
  { id: 'downtown', name: 'Downtown', postalCode: '94105', lat: 37.7897, lng: -122.3942 },
  { id: 'riverside', name: 'Riverside', postalCode: '94107', lat: 37.7706, lng: -122.3893 },
];

/**
 * A page that fires `n` analytics hits, one every `every` ms: the burst the service-worker kill test
 * stops the worker in the middle of. Each hit is distinct (_p = its number), so the server can count;
 * `data-issued` on the status says how many the page has sent, which the server may not have yet.
 */
export function burstPage(n: number, every: number): string {
  const count = Math.max(1, Math.min(1000, Math.floor(n) || 1));
  const gap = Math.max(1, Math.min(1000, Math.floor(every) || 10));
  return layout({
    title: 'Flash sale',
    page: 'burst',
    body: `<h1>Flash sale</h1><p id="burst-status">sending</p>
<script>(function () {
  var i = 0;
  var status = document.getElementById('burst-status');
  var timer = setInterval(function () {
    i += 1;
    navigator.sendBeacon('https://region1.google-analytics.com/g/collect?v=2&tid=${IDS.ga4}&cid=555.666&en=burst_hit&_p=' + i + '&dl=' + encodeURIComponent(location.href));
    status.dataset.issued = String(i);
    if (i >= ${count}) { clearInterval(timer); status.textContent = 'done'; }
  }, ${gap});
})();</script>`,
  });
}
