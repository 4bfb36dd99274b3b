/**
 * The heavy product page, shaped like a large shop's (the page-load bench's second page): a mega
 * menu, a gallery, a specs table, hundreds of reviews and Q&A (5,000+ elements), the shop's own
 * script bundles and 30+ third-party tags from the hosts real shops load (1.5 MB+ of script in
 * all), each firing its pixels and beacons, one ad frame, and rows rendered after the load from a
 * recommendations call (150+ requests). Scripts are generated, deterministic filler code that parses
 * and runs like a bundle; none of it is vendor code. Everything is served by the demo store on
 * loopback under the real host names, like the other demo pages.
 */
import { PRODUCTS, productBySlug, type Product } from './catalogue';
import { CDN_HOST, IDS } from './pages';
import type { Layout } from './probe-pages';

export const HEAVY_PATH_PREFIX = '/heavy/product/';
export const heavyPagePath = (slug: string) => `${HEAVY_PATH_PREFIX}${slug}`;

const BUNDLE_PATH = /^\/assets\/heavy\/(chunk-\d+)\.js$/;
const BUNDLES = Array.from({ length: 10 }, (_, i) => ({ name: `chunk-${i}`, kb: 80 }));
export const LATE_ROWS_DELAY_MS = 300;
export const HEAVY_RECS_PATH = '/api/heavy-recs';

interface ThirdPartyTag {
  /** Where the tag loads from. */
  script: string;
  kb: number;
  /** Endpoints the tag reports to; the page's URL, a visitor id and the screen are added. */
  pixels: string[];
  /** Also posts a JSON event (fetch keepalive), as modern SDKs do. */
  post?: string;
}

// Hosts and paths as real shops load them; query values are made up.
const TAGS: ThirdPartyTag[] = [
  { script: 'https://www.googletagmanager.com/gtm.js?id=GTM-DEMO01', kb: 90, pixels: [] },
  {
    script: 'https://bat.bing.com/bat.js',
    kb: 30,
    pixels: [
      'https://bat.bing.com/action/0?ti=5500001&evt=pageLoad',
      'https://bat.bing.com/action/0?ti=5500001&ea=view',
    ],
  },
  {
    script: 'https://s.pinimg.com/ct/core.js',
    kb: 35,
    pixels: ['https://ct.pinterest.com/v3/?tid=2612345678901&event=pagevisit'],
  },
  { script: 'https://sc-static.net/scevent.min.js', kb: 30, pixels: [], post: 'https://tr.snapchat.com/p' },
  {
    script: 'https://static.hotjar.com/c/hotjar-3500001.js?sv=6',
    kb: 40,
    pixels: ['https://in.hotjar.com/api/v2/client/sites/3500001/visit-data?sv=6'],
  },
  { script: 'https://www.clarity.ms/tag/demo1clar', kb: 35, pixels: [], post: 'https://x.clarity.ms/collect' },
  {
    script: 'https://cdn.segment.com/analytics.js/v1/DemoWriteKey01/analytics.min.js',
    kb: 45,
    pixels: [],
    post: 'https://api.segment.io/v1/p',
  },
  {
    script: 'https://cdn.amplitude.com/libs/analytics-browser-2.11.1-min.js.gz',
    kb: 40,
    pixels: [],
    post: 'https://api2.amplitude.com/2/httpapi',
  },
  {
    script: 'https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js',
    kb: 30,
    pixels: ['https://api-js.mixpanel.com/track/?verbose=1&ip=1'],
  },
  {
    script: 'https://static.klaviyo.com/onsite/js/klaviyo.js?company_id=DemoK1',
    kb: 40,
    pixels: ['https://a.klaviyo.com/api/onsite-events?company_id=DemoK1'],
  },
  {
    script: 'https://snap.licdn.com/li.lms-analytics/insight.min.js',
    kb: 20,
    pixels: ['https://px.ads.linkedin.com/collect/?pid=5550001&fmt=gif'],
  },
  {
    script: 'https://static.ads-twitter.com/uwt.js',
    kb: 20,
    pixels: ['https://analytics.twitter.com/i/adsct?txn_id=o1dem&p_id=Twitter'],
  },
  {
    script: 'https://www.redditstatic.com/ads/pixel.js',
    kb: 20,
    pixels: ['https://alb.reddit.com/rp.gif?id=t2_demo01&event=PageVisit'],
  },
  {
    script: 'https://securepubads.g.doubleclick.net/tag/js/gpt.js',
    kb: 80,
    pixels: ['https://securepubads.g.doubleclick.net/gampad/ads?iu=/1234/pdp&sz=300x250'],
  },
  { script: 'https://cdn.cookielaw.org/scripttemplates/otSDKStub.js', kb: 35, pixels: [] },
  { script: 'https://js.stripe.com/v3/', kb: 60, pixels: ['https://m.stripe.com/6'] },
  {
    script: 'https://cdn.optimizely.com/js/2400001.js',
    kb: 60,
    pixels: [],
    post: 'https://logx.optimizely.com/v1/events',
  },
  {
    script: 'https://assets.adobedtm.com/launch-DEMO01.min.js',
    kb: 50,
    pixels: ['https://demostore.sc.omtrdc.net/b/ss/demostoreprod/1/JS-2.22.0/s1234?pageName=pdp'],
  },
  {
    script: 'https://c.amazon-adsystem.com/aax2/apstag.js',
    kb: 25,
    pixels: ['https://aax.amazon-adsystem.com/e/dtb/bid?pubid=demo'],
  },
  { script: 'https://acdn.adnxs.com/ast/ast.js', kb: 40, pixels: [], post: 'https://ib.adnxs.com/ut/v3/prebid' },
  {
    script: 'https://widgets.outbrain.com/outbrain.js',
    kb: 25,
    pixels: ['https://tcheck.outbrainimg.com/tcheck?src=demo'],
  },
  {
    script: 'https://cdn.taboola.com/libtrc/demostore/loader.js',
    kb: 30,
    pixels: ['https://trc.taboola.com/demostore/log/3/unip?en=page_view'],
  },
  { script: 'https://connect.nosto.com/include/demo01', kb: 30, pixels: ['https://connect.nosto.com/ev1?m=demo01'] },
  {
    script: 'https://cdn.attn.tv/demostore/dtag.js',
    kb: 25,
    pixels: ['https://events.attentivemobile.com/e?t=pv&c=demo'],
  },
  {
    script: 'https://cdn-widgetsrepository.yotpo.com/v1/loader/DemoYotpo01',
    kb: 35,
    pixels: ['https://p.yotpo.com/i?e=pv'],
  },
  { script: 'https://widget.trustpilot.com/bootstrap/v5/tp.widget.bootstrap.min.js', kb: 20, pixels: [] },
  { script: 'https://cdn.jsdelivr.net/npm/swiper@11/swiper-bundle.min.js', kb: 45, pixels: [] },
  { script: 'https://www.youtube.com/iframe_api', kb: 10, pixels: [] },
  {
    script: 'https://cdn.rudderlabs.com/v3/modern/rsa.min.js',
    kb: 30,
    pixels: [],
    post: 'https://demoshop.dataplane.rudderstack.com/v1/page',
  },
  {
    script: 'https://cdn.heapanalytics.com/js/heap-2200001.js',
    kb: 30,
    pixels: ['https://heapanalytics.com/h?a=2200001&k=pv'],
  },
  {
    script: 'https://js-agent.newrelic.com/nr-spa-1.260.1.min.js',
    kb: 35,
    pixels: [],
    post: 'https://bam.nr-data.net/events/1/demo01',
  },
  { script: 'https://browser.sentry-cdn.com/8.0.0/bundle.min.js', kb: 30, pixels: [] },
  {
    script: 'https://cdn.quantummetric.com/qscripts/quantum-demostore.js',
    kb: 40,
    pixels: [],
    post: 'https://ingest.quantummetric.com/horizon/demostore',
  },
];

const AD_FRAME = `https://googleads.g.doubleclick.net/pagead/ads?client=ca-pub-0000000000000001&output=html&url=`;

/** Scripts the heavy page loads, by URL, with their sizes: the bench and the tests read them. */
export function heavyPageScripts(): { url: string; kb: number; thirdParty: boolean }[] {
  return [
    ...BUNDLES.map((b) => ({ url: `/assets/heavy/${b.name}.js`, kb: b.kb, thirdParty: false })),
    ...TAGS.map((t) => ({ url: t.script, kb: t.kb, thirdParty: true })),
  ];
}

// ---------------------------------------------------------------------------------------------
// Generated script: deterministic, valid, parsed and partly run like a real bundle.

const WORDS =
  'cart price size colour stock review rating delivery return offer bundle wishlist compare filter sort variant image zoom gallery shipping store pickup member points coupon'.split(
    ' ',
  );

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function generatedModule(id: number, random: () => number): string {
  const word = () => WORDS[Math.floor(random() * WORDS.length)];
  const strings = Array.from({ length: 6 }, () => `"${word()} ${word()} ${word()} ${Math.floor(random() * 1e6)}"`);
  return `d(${id},function(r,x){var S=[${strings.join(',')}];
function render${id}(items){var out=[];for(var i=0;i<items.length;i++){var it=items[i];out.push('<li data-k="'+it.k+'">'+S[i%S.length]+' '+it.name+'</li>')}return out.join('')}
function price${id}(p,c){return (Math.round(p*${100 + (id % 7)})/${100 + (id % 7)}).toFixed(2)+' '+(c||'USD')}
function key${id}(o){var h=${id};for(var k in o){h=(h*31+String(o[k]).length)|0}return h}
x.render=render${id};x.price=price${id};x.key=key${id};x.id=${id};});\n`;
}

/** About `kb` kilobytes of modules; `run` of them are required and called at start, like an app's entry. */
function generatedBundle(name: string, kb: number, run: number): string {
  const random = prng(seedOf(name));
  const parts: string[] = [
    `(function(){var M=(self.__heavyModules=self.__heavyModules||{}),C={};function d(i,f){M['${name}:'+i]=f}
function q(i){var k='${name}:'+i;if(C[k])return C[k];var x={};M[k](q,x);return (C[k]=x)}\n`,
  ];
  let size = parts[0].length;
  let id = 0;
  while (size < kb * 1024) {
    const module = generatedModule(id++, random);
    parts.push(module);
    size += module.length;
  }
  parts.push(`var items=[];for(var i=0;i<40;i++)items.push({k:i,name:'item '+i});
for(var j=0;j<${run};j++){var m=q(Math.floor(j*${id}/${run}));m.render(items);m.price(j*1.5);m.key(items[j%40])}})();\n`);
  return parts.join('');
}

/** A third-party tag: filler code, then its pixels and its event post, with a first-party visitor id. */
function tagScript(tag: ThirdPartyTag): string {
  const host = new URL(tag.script).host;
  const code = generatedBundle(host, tag.kb, 8);
  const report = `(function(){var m=/(?:^|; )_hv_uid=([^;]+)/.exec(document.cookie),uid=m?m[1]:String(Math.random()).slice(2);
if(!m)document.cookie='_hv_uid='+uid+'; path=/; max-age=31536000';
var ctx='&uid='+uid+'&dl='+encodeURIComponent(location.href)+'&dt='+encodeURIComponent(document.title)+'&sr='+screen.width+'x'+screen.height+'&ul='+navigator.language;
${JSON.stringify(tag.pixels)}.forEach(function(p){new Image().src=p+(p.indexOf('?')<0?'?':'&')+'t='+Date.now()+ctx});
${tag.post ? `fetch(${JSON.stringify(tag.post)},{method:'POST',keepalive:true,headers:{'content-type':'application/json'},body:JSON.stringify({type:'page',anonymousId:uid,properties:{url:location.href,title:document.title,sku:document.body.dataset.sku,price:Number(document.body.dataset.price)},context:{screen:{width:screen.width,height:screen.height},locale:navigator.language}})}).catch(function(){});` : ''}
})();\n`;
  return code + report;
}

/** The shop's own glue for the heavy page: late rows from a recommendations call, like a real PDP. */
const LATE_ROWS_SCRIPT = `(function(){
function card(p,i){return '<li class="card" data-sku="'+p.sku+'"><a href="/product/'+p.sku+'"><img src="https://${CDN_HOST}/products/'+p.sku+'.svg?w=200&late='+i+'" alt="" width="160" height="120"><span class="name">'+p.name+'</span></a><span class="price">$'+p.price.toFixed(2)+'</span></li>'}
function row(id,heading,items){var s=document.createElement('section');s.className='product-row';s.id=id;s.innerHTML='<h2>'+heading+'</h2><ul class="carousel">'+items.map(card).join('')+'</ul>';document.getElementById('late-rows').appendChild(s)}
addEventListener('load',function(){setTimeout(function(){fetch('${HEAVY_RECS_PATH}?sku='+document.body.dataset.sku).then(function(r){return r.json()}).then(function(recs){
row('recs-late','Recommended for you',recs.forYou);row('bought-late','Customers who bought this also bought',recs.alsoBought)})},${LATE_ROWS_DELAY_MS})});
})();`;

// ---------------------------------------------------------------------------------------------
// Markup

const MENU = [
  'Women',
  'Men',
  'Kids',
  'Shoes',
  'Jackets',
  'Bags',
  'Camping',
  'Climbing',
  'Cycling',
  'Running',
  'Swim',
  'Sale',
];

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function image(product: Product, variant: string): string {
  return `https://${CDN_HOST}/products/${product.slug}.svg?w=200&v=${variant}`;
}

function cards(products: Product[], variant: string): string {
  return products
    .map(
      (p, i) =>
        `<li class="card" data-sku="${p.slug}"><a href="/product/${p.slug}"><img src="${image(p, `${variant}${i}`)}" alt="" width="160" height="120" loading="eager"><span class="name">${escapeText(p.name)}</span></a><span class="price">$${p.price.toFixed(2)}</span><button type="button" class="wish" aria-label="Save">♡</button></li>`,
    )
    .join('');
}

function repeat<T>(n: number, f: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

function twelve(offset: number): Product[] {
  return repeat(12, (i) => PRODUCTS[(i + offset) % PRODUCTS.length]);
}

function megaMenu(): string {
  return `<nav class="mega" aria-label="Departments"><ul>${MENU.map(
    (dept, d) =>
      `<li><a href="/c/${d}">${dept}</a><div class="panel">${repeat(
        4,
        (col) =>
          `<ul>${repeat(10, (i) => `<li><a href="/c/${d}/${col}/${i}">${dept} ${WORDS[(d + col * 10 + i) % WORDS.length]}</a></li>`).join('')}</ul>`,
      ).join('')}</div></li>`,
  ).join('')}</ul></nav>`;
}

function specs(product: Product): string {
  return `<table class="specs"><tbody>${repeat(
    60,
    (i) =>
      `<tr><th scope="row">${WORDS[i % WORDS.length]} ${i}</th><td>${escapeText(product.name)} value ${i}</td></tr>`,
  ).join('')}</tbody></table>`;
}

function reviews(product: Product): string {
  return `<section id="reviews"><h2>Reviews</h2>${repeat(
    280,
    (i) =>
      `<article class="review"><header><h3>${WORDS[i % WORDS.length]} and ${WORDS[(i * 7) % WORDS.length]}</h3><span class="stars" aria-label="${1 + (i % 5)} stars">${'★'.repeat(1 + (i % 5))}</span></header><p>The ${escapeText(product.name)} is ${WORDS[(i * 3) % WORDS.length]} friendly; ${WORDS[(i * 5) % WORDS.length]} as described.</p><footer><span class="author">Shopper ${i}</span> <time>2026-0${1 + (i % 9)}-1${i % 10}</time> <button type="button">Helpful</button></footer></article>`,
  ).join('')}</section>`;
}

function questions(): string {
  return `<section id="qa"><h2>Questions</h2><dl>${repeat(
    90,
    (i) =>
      `<div class="qa"><dt>Does the ${WORDS[i % WORDS.length]} fit?</dt><dd><p>Yes, ${WORDS[(i * 11) % WORDS.length]}.</p><small>Answered by staff</small></dd></div>`,
  ).join('')}</dl></section>`;
}

function footer(): string {
  return `<section class="site-map">${repeat(
    8,
    (col) =>
      `<ul>${repeat(25, (i) => `<li><a href="/help/${col}/${i}">${WORDS[(col + i) % WORDS.length]} help ${i}</a></li>`).join('')}</ul>`,
  ).join('')}</section>`;
}

export function heavyProductPage(layout: Layout, slug: string): string | undefined {
  const product = productBySlug(slug);
  if (!product) return undefined;
  const scripts = heavyPageScripts()
    .map((s) => `<script defer src="${s.url}"></script>`)
    .join('\n');
  return layout({
    title: product.name,
    page: 'product',
    data: { sku: product.slug, name: product.name, price: String(product.price), category: product.category },
    body: `${megaMenu()}
<article class="pdp"><div class="gallery">${repeat(8, (i) => `<img src="${image(product, `g${i}`)}" alt="${escapeText(product.name)} view ${i + 1}" width="320" height="240">`).join('')}</div>
<h1>${escapeText(product.name)}</h1><p class="price">$${product.price.toFixed(2)}</p>
<fieldset class="sizes"><legend>Size</legend>${repeat(14, (i) => `<label><input type="radio" name="size" value="${36 + i}">${36 + i}</label>`).join('')}</fieldset>
<button id="add-to-cart" type="button">Add to cart</button></article>
${specs(product)}
<section class="product-row" id="also-viewed"><h2>Customers who viewed this also viewed</h2><ul class="carousel">${cards(twelve(1), 'a')}</ul></section>
<section class="product-row" id="similar"><h2>Similar items</h2><ul class="carousel">${cards(twelve(3), 's')}</ul></section>
<section class="product-row" id="new"><h2>New arrivals</h2><ul class="carousel">${cards(twelve(5), 'n')}</ul></section>
<section class="product-row" id="complete"><h2>Complete the look</h2><ul class="carousel">${cards(twelve(2), 'c')}</ul></section>
${reviews(product)}
${questions()}
<div id="late-rows"></div>
<iframe title="Advertisement" width="300" height="250" src="${AD_FRAME}${encodeURIComponent(`https://www.demo-store.test${heavyPagePath(slug)}`)}"></iframe>
${footer()}
<script>window.dataLayer=window.dataLayer||[];dataLayer.push({'gtm.start':Date.now(),event:'gtm.js',ga4:${JSON.stringify(IDS.ga4)}});${LATE_ROWS_SCRIPT}</script>
${scripts}`,
  });
}

/** What the late rows show: a first-party recommendations call, as shops make. */
export function heavyRecommendations(): string {
  const pick = (offset: number) => twelve(offset).map((p) => ({ sku: p.slug, name: p.name, price: p.price }));
  return JSON.stringify({ forYou: pick(4), alsoBought: pick(6) });
}

const TAG_BY_URL = new Map(TAGS.map((t) => [`${new URL(t.script).host}${new URL(t.script).pathname}`, t]));

// Generated once per server: the bench's load times must not include the server's generation.
const generated = new Map<string, string>();

/** The heavy page's scripts: its bundles on the store's host, and the third-party tags on theirs. */
export function heavyScript(host: string, path: string, storeHost: string): string | undefined {
  const key = `${host}${path}`;
  const cached = generated.get(key);
  if (cached) return cached;
  let script: string | undefined;
  if (host === storeHost) {
    const bundle = BUNDLE_PATH.exec(path);
    const spec = bundle && BUNDLES.find((b) => b.name === bundle[1]);
    script = spec ? generatedBundle(spec.name, spec.kb, 60) : undefined;
  } else {
    const tag = TAG_BY_URL.get(key);
    script = tag ? tagScript(tag) : undefined;
  }
  if (script) generated.set(key, script);
  return script;
}
