/**
 * Demo store pages for the MAIN-world probes and DOM-seen trackers:
 * - /account/login: a sign-in form guarded by a device-fingerprinting agent (fpnpmcdn.net, reporting
 *   to api.fpjs.io), as fraud-prevention tags are deployed.
 * - /deals: what must NOT count as fingerprinting (a third-party chart library that draws labelled
 *   price history on a canvas and reads it back once), a carousel rendered late from the shopper's
 *   history, and trackers seen only in the DOM (a noscript-style Meta pixel, a hidden ad iframe).
 * FullStory's recorder is on every page already (pages.ts), for session replay.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRODUCTS, type Product } from './catalogue';
import { CDN_HOST, IDS, STORE_HOST } from './pages';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The store's page layout (pages.ts); passed in so these pages share the store's header, tags and footer. */
export type Layout = (options: { title: string; page: string; body: string; data?: Record<string, string> }) => string;

export const PROBE_PAGE_PATHS = { login: '/account/login', deals: '/deals' } as const;

export const FINGERPRINT_SCRIPT = { host: 'fpnpmcdn.net', path: '/v3/DemoPublicKey01/loader_v3.js' } as const;
export const FINGERPRINT_COLLECTOR_HOST = 'api.fpjs.io';
export const CHART_SCRIPT = {
  host: 'cdn.jsdelivr.net',
  path: '/npm/demo-sparkline@1.0.0/dist/sparkline.min.js',
} as const;
export const LATE_CAROUSEL = { heading: 'Inspired by your browsing history', delayMs: 1500 } as const;
export const DOM_PIXEL_URL = `https://www.facebook.com/tr?id=${IDS.metaPixel}&ev=ViewContent&noscript=1`;
// A remarketing frame as Google Ads tags insert it: the page URL and title ride along.
export const DOM_IFRAME_URL = `https://td.doubleclick.net/td/rul/DEMO-AW-1?random=1&cv=11&fmt=3&url=${encodeURIComponent(`https://${STORE_HOST}/deals`)}&tiba=${encodeURIComponent('Deals')}`;

const url = (s: { host: string; path: string }) => `https://${s.host}${s.path}`;

function card(product: Product): string {
  return `<li class="card" data-sku="${product.slug}"><a href="/product/${product.slug}"><img src="https://${CDN_HOST}/products/${product.slug}.svg?w=400&q=80" alt="" width="160" height="120"><span class="name">${product.name}</span></a><span class="price">$${product.price.toFixed(2)}</span></li>`;
}

export function loginPage(layout: Layout): string {
  return layout({
    title: 'Sign in',
    page: 'login',
    body: `<h1>Sign in</h1>
<form id="login-form" action="/account/login" method="post">
<label>Email <input id="login-email" name="email" type="email" autocomplete="email" required></label>
<label>Password <input id="login-password" name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>
<script defer src="${url(FINGERPRINT_SCRIPT)}"></script>`,
  });
}

export function dealsPage(layout: Layout): string {
  const late = [PRODUCTS[1], PRODUCTS[5], PRODUCTS[6]].map(card).join('');
  const prices = [129, 125, 131, 119, 112, 115, 99, 104, 97, 89];
  return layout({
    title: 'Deals',
    page: 'deals',
    body: `<h1>This week's deals</h1>
<section class="product-row" id="top-deals"><h2>Top deals</h2><ul class="carousel">${PRODUCTS.slice(0, 3).map(card).join('')}</ul></section>
<figure id="price-history"><figcaption>Trail Runner Shoe: price over 10 weeks</figcaption>
<canvas id="price-chart" width="480" height="160" data-sparkline="${prices.join(',')}" data-label="USD"></canvas>
<img id="price-chart-print" alt="Price history, printable" width="240" height="80"></figure>
<script defer src="${url(CHART_SCRIPT)}"></script>
<div id="late-recs"></div>
<script>
setTimeout(function () {
  document.getElementById('late-recs').innerHTML = '<section class="product-row" id="history-recs"><h2>${LATE_CAROUSEL.heading}</h2><ul class="carousel">${late.replace(/'/g, "\\'")}</ul></section>';
}, ${LATE_CAROUSEL.delayMs});
</script>
<img src="${DOM_PIXEL_URL}" width="1" height="1" alt="" style="display:none">
<iframe src="${DOM_IFRAME_URL}" width="0" height="0" style="display:none" title="ads"></iframe>`,
  });
}

/**
 * A small chart library as a shop would load it from a CDN: draws a labelled line chart and makes a
 * printable copy with one toDataURL. Legitimate canvas use that must not count as fingerprinting.
 */
export const CHART_JS = `(function () {
  function draw(canvas) {
    var values = canvas.dataset.sparkline.split(',').map(Number);
    var ctx = canvas.getContext('2d');
    var w = canvas.width, h = canvas.height, pad = 28;
    var min = Math.min.apply(null, values), max = Math.max.apply(null, values);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.strokeStyle = '#ccc';
    ctx.beginPath();
    ctx.moveTo(pad, 4);
    ctx.lineTo(pad, h - pad);
    ctx.lineTo(w - 4, h - pad);
    ctx.stroke();
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = '#555';
    [min, max].forEach(function (v, i) {
      var label = canvas.dataset.label + ' ' + v;
      var width = ctx.measureText(label).width;
      ctx.fillText(label, Math.max(2, pad - 4 - width), i === 0 ? h - pad : 12);
    });
    ctx.strokeStyle = '#0a7';
    ctx.lineWidth = 2;
    ctx.beginPath();
    values.forEach(function (v, i) {
      var x = pad + (i * (w - pad - 8)) / (values.length - 1);
      var y = 4 + ((max - v) * (h - pad - 8)) / (max - min || 1);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
    var print = document.getElementById(canvas.id + '-print');
    if (print) print.src = canvas.toDataURL('image/png');
  }
  function run() { document.querySelectorAll('canvas[data-sparkline]').forEach(draw); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run); else run();
})();
`;

export interface ProbeResponse {
  type: string;
  body: string;
}

/**
 * Answers the probe pages and their scripts, or undefined for anything else. Wire it first in the
 * server's route(): `const probe = probeRoute(host, url.pathname, pages.layout); if (probe) return send(res, 200, probe.type, probe.body);`
 */
export function probeRoute(host: string, path: string, layout: Layout): ProbeResponse | undefined {
  if (host === STORE_HOST && path === PROBE_PAGE_PATHS.login)
    return { type: 'text/html; charset=utf-8', body: loginPage(layout) };
  if (host === STORE_HOST && path === PROBE_PAGE_PATHS.deals)
    return { type: 'text/html; charset=utf-8', body: dealsPage(layout) };
  if (host === FINGERPRINT_SCRIPT.host && path === FINGERPRINT_SCRIPT.path) {
    return { type: 'text/javascript', body: readFileSync(join(HERE, 'vendors', 'fingerprint.js'), 'utf8') };
  }
  if (host === CHART_SCRIPT.host && path === CHART_SCRIPT.path) return { type: 'text/javascript', body: CHART_JS };
  return undefined;
}
