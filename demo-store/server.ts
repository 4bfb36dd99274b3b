/**
 * The demo store server: one HTTPS server on loopback answers for the store, its CDN and every
 * tracker host (chromium maps them all here with --host-resolver-rules) and logs what it received,
 * so tests can assert from the receiving side what data actually arrived.
 */
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import selfsigned from 'selfsigned';
import { PRODUCTS } from './catalogue';
import * as pages from './pages';
import { probeRoute } from './probe-pages';
import { HEAVY_PATH_PREFIX, HEAVY_RECS_PATH, heavyProductPage, heavyRecommendations, heavyScript } from './heavy-page';
import { applyStoreMode, gpcSupportResource, storeModeOf, type StoreMode } from './modes';
import { cmpRoute } from './cmp-pages';
import { libraryRoute } from './library-pages';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface ReceivedRequest {
  ts: number;
  method: string;
  host: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
}

export interface DemoStore {
  port: number;
  /** Home page URL as the browser sees it. */
  origin: string;
  log: ReceivedRequest[];
  /** Value for chromium's --host-resolver-rules: every host name to this server. */
  hostResolverRules: string;
  close(): Promise<void>;
}

const SCRIPT_ROUTES: Record<string, (path: string) => string | undefined> = {
  'www.googletagmanager.com': (p) => (p === '/gtag/js' ? 'gtag.js' : undefined),
  'connect.facebook.net': (p) => (p.endsWith('/fbevents.js') ? 'fbevents.js' : undefined),
  'analytics.tiktok.com': (p) => (p === '/i18n/pixel/events.js' ? 'ttq.js' : undefined),
  'static.criteo.net': (p) => (p === '/js/ld/ld.js' ? 'criteo.js' : undefined),
  'cdn.dynamicyield.com': (p) => (/^\/api\/\d+\/api_dynamic\.js$/.test(p) ? 'dynamic-yield.js' : undefined),
  'edge.fullstory.com': (p) => (p === '/s/fs.js' ? 'fullstory.js' : undefined),
};

const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

function readVendorScript(name: string): string {
  return readFileSync(join(HERE, 'vendors', name), 'utf8');
}

function decodeBody(req: IncomingMessage, raw: Buffer): string {
  try {
    if (req.headers['content-encoding'] === 'gzip' || (raw[0] === 0x1f && raw[1] === 0x8b))
      return gunzipSync(raw).toString('utf8');
  } catch {
    return `<undecodable ${raw.length} bytes>`;
  }
  return raw.toString('utf8');
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function routeStore(path: string, url: URL, res: ServerResponse, mode?: StoreMode): void {
  const html = (body: string | undefined) =>
    body
      ? send(res, 200, 'text/html; charset=utf-8', mode ? applyStoreMode(body, mode) : body)
      : send(res, 404, 'text/plain', 'not found');
  const gpcSupport = mode && path === '/.well-known/gpc.json' ? gpcSupportResource(mode) : undefined;
  if (gpcSupport) return send(res, 200, 'application/json', gpcSupport);
  if (path === '/') return html(pages.homePage());
  if (path === '/ja/') return html(pages.japaneseHomePage());
  if (path.startsWith('/product/')) return html(pages.productPage(path.slice('/product/'.length)));
  if (path === '/search') return html(pages.searchPage(url.searchParams.get('q') ?? ''));
  if (path === '/cart') return html(pages.cartPage());
  if (path === '/checkout') return html(pages.checkoutPage());
  if (path === '/stores') return html(pages.storesPage());
  if (path === '/burst')
    return html(pages.burstPage(Number(url.searchParams.get('n')), Number(url.searchParams.get('every'))));
  if (path.startsWith(HEAVY_PATH_PREFIX))
    return html(heavyProductPage(pages.layout, path.slice(HEAVY_PATH_PREFIX.length)));
  if (path === HEAVY_RECS_PATH) return send(res, 200, 'application/json', heavyRecommendations());
  if (path === '/api/stores') return send(res, 200, 'application/json', JSON.stringify(pages.STORES));
  if (path === '/assets/shop.js')
    return send(res, 200, 'text/javascript', readFileSync(join(HERE, 'assets', 'shop.js')));
  if (path === '/assets/shop.css') return send(res, 200, 'text/css', readFileSync(join(HERE, 'assets', 'shop.css')));
  if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
  return html(undefined);
}

function route(req: IncomingMessage, res: ServerResponse, host: string, url: URL): void {
  const path = url.pathname;
  const probe = probeRoute(host, path, pages.layout);
  if (probe) return send(res, 200, probe.type, probe.body);
  const heavy = heavyScript(host, path, pages.STORE_HOST);
  if (heavy) return send(res, 200, 'text/javascript', heavy);
  const cmp = cmpRoute(host, path);
  if (cmp) return send(res, 200, cmp.type, cmp.body);
  const library = libraryRoute(host, path, pages.layout);
  if (library) return send(res, 200, library.type, library.body);
  if (host === pages.STORE_HOST) return routeStore(path, url, res);
  const mode = storeModeOf(host);
  if (mode) return routeStore(path, url, res, mode);
  if (host === pages.CDN_HOST) {
    const match = /^\/products\/([\w-]+)\.svg$/.exec(path);
    return match
      ? send(res, 200, 'image/svg+xml', pages.productImage(match[1]))
      : send(res, 404, 'text/plain', 'not found');
  }
  const script = SCRIPT_ROUTES[host]?.(path);
  if (script) return send(res, 200, 'text/javascript', readVendorScript(script));
  if (host === 'rcom.dynamicyield.com') {
    const picks = PRODUCTS.slice(1, 4).map(({ slug, name, price }) => ({ sku: slug, name, price }));
    return send(
      res,
      200,
      'application/json',
      JSON.stringify({ title: 'Because you viewed Trail Runner Shoe', slots: picks }),
    );
  }
  // Every collector endpoint: a pixel for GETs, an empty success for beacons and posts.
  if (req.method === 'GET') return send(res, 200, 'image/gif', PIXEL_GIF);
  return send(
    res,
    host === 'analytics.tiktok.com' ? 200 : 204,
    'application/json',
    host === 'analytics.tiktok.com' ? '{"code":0}' : '',
  );
}

export async function startDemoStore(options: { port?: number } = {}): Promise<DemoStore> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: pages.STORE_HOST }], {
    keySize: 2048,
    algorithm: 'sha256',
  });
  const log: ReceivedRequest[] = [];
  const server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      const url = new URL(req.url ?? '/', `https://${host || 'localhost'}`);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      log.push({
        ts: Date.now(),
        method: req.method ?? 'GET',
        host,
        path: url.pathname,
        query: url.search,
        headers,
        body: decodeBody(req, Buffer.concat(chunks)),
      });

      const origin = req.headers.origin;
      if (origin) {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('access-control-allow-credentials', 'true');
      }
      if (req.method === 'OPTIONS') {
        res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
        res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? 'content-type');
        res.writeHead(204);
        res.end();
        return;
      }
      try {
        route(req, res, host, url);
      } catch (error) {
        send(res, 500, 'text/plain', String(error));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `https://${pages.STORE_HOST}`,
    log,
    hostResolverRules: `MAP * 127.0.0.1:${port}, EXCLUDE localhost`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
