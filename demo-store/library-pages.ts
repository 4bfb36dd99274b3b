/**
 * Demo store pages that run real libraries, installed from npm (devDependencies) and served from the
 * CDN addresses shops load them from, for the probes' e2e test (tests/e2e/fingerprint-libraries.spec.ts):
 * - fingerprinters, each used as a shop would (fraud checks at sign-up and checkout): FingerprintJS
 *   open-source v3, ClientJS and fingerprintjs2. CreepJS is not published on npm, so it is not here.
 * - ordinary libraries whose canvas, WebGL, audio and layout use must not read as fingerprinting:
 *   three.js (a 3D product viewer that saves a snapshot), Chart.js (price history, downloaded as an
 *   image), howler.js (a sound on add to cart), Leaflet (the store map) and Cropper.js (a review
 *   photo cropped, captioned and exported with toDataURL, as an image editor does).
 * Each page sets `data-library-done` on <body> once its library has finished, so a test knows when.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { STORE_HOST } from './pages';
import type { Layout } from './probe-pages';

const require = createRequire(import.meta.url);

/** A package's folder, found from its entry point (some packages do not export their package.json). */
function packageDir(pkg: string): string {
  for (let dir = dirname(require.resolve(pkg)); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === pkg)
      return dir;
  }
  throw new Error(`package folder of ${pkg} not found`);
}

export type LibraryRole = 'fingerprinter' | 'ordinary';

interface LibraryPage {
  /** The page's path segment: /libraries/<id>. */
  id: string;
  role: LibraryRole;
  /** Where the shop loads it from: a CDN host and a path prefix that maps onto a package folder. */
  host: string;
  prefix: string;
  pkg: string;
  /** Folder inside the package that `prefix` maps to. */
  dir: string;
  /** The script the page loads (a path under `prefix`). */
  script: string;
  /** For ES-module builds: the name the page imports the module as. */
  moduleAs?: string;
  stylesheet?: string;
  title: string;
  body: string;
  /** Inline code that uses the library and ends with `done()`. */
  run: string;
}

const DONE = "function done(result) { document.body.dataset.libraryDone = String(result).slice(0, 80) || 'yes'; }";

export const LIBRARY_PAGES: readonly LibraryPage[] = [
  {
    id: 'fingerprintjs',
    role: 'fingerprinter',
    host: 'openfpcdn.io',
    prefix: '/fingerprintjs/v3.4.2/',
    pkg: '@fingerprintjs/fingerprintjs',
    dir: 'dist',
    script: 'fp.min.js',
    title: 'Create an account',
    body: '<h1>Create an account</h1><form><label>Email <input type="email" name="email"></label></form>',
    run: 'FingerprintJS.load().then(function (fp) { return fp.get(); }).then(function (r) { done(r.visitorId); });',
  },
  {
    id: 'clientjs',
    role: 'fingerprinter',
    host: 'cdn.jsdelivr.net',
    prefix: '/npm/clientjs@0.2.1/',
    pkg: 'clientjs',
    dir: '',
    script: 'dist/client.min.js',
    title: 'Checkout: payment',
    body: '<h1>Payment</h1><p>Fraud check before payment.</p>',
    run: 'done(new ClientJS().getFingerprint());',
  },
  {
    id: 'fingerprintjs2',
    role: 'fingerprinter',
    host: 'cdnjs.cloudflare.com',
    prefix: '/ajax/libs/fingerprintjs2/2.1.4/',
    pkg: 'fingerprintjs2',
    dir: 'dist',
    script: 'fingerprint2.min.js',
    title: 'Sign in',
    body: '<h1>Sign in</h1><form><label>Email <input type="email" name="email"></label></form>',
    run: `Fingerprint2.get(function (components) {
  done(Fingerprint2.x64hash128(components.map(function (c) { return c.value; }).join(''), 31));
});`,
  },
  {
    id: 'three',
    role: 'ordinary',
    host: 'unpkg.com',
    prefix: '/three@0.187.0/',
    pkg: 'three',
    dir: '',
    script: 'build/three.module.js',
    moduleAs: 'THREE',
    title: 'Trail Runner Shoe in 3D',
    body: '<h1>Trail Runner Shoe in 3D</h1><div id="viewer"></div><img id="snapshot" alt="Snapshot" width="160">',
    run: `const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
renderer.setSize(320, 240);
document.getElementById('viewer').append(renderer.domElement);
const scene = new THREE.Scene();
const camera = new THREE.PerspectiveCamera(50, 320 / 240, 0.1, 100);
camera.position.set(2, 2, 3);
camera.lookAt(0, 0, 0);
scene.add(new THREE.AmbientLight(0xffffff, 0.6));
const light = new THREE.DirectionalLight(0xffffff, 1);
light.position.set(3, 5, 2);
scene.add(light);
const shoe = new THREE.Mesh(new THREE.BoxGeometry(1.6, 0.6, 0.7), new THREE.MeshStandardMaterial({ color: 0x2a7 }));
scene.add(shoe);
let frames = 0;
renderer.setAnimationLoop(() => {
  shoe.rotation.y += 0.05;
  renderer.render(scene, camera);
  if (++frames === 30) {
    renderer.setAnimationLoop(null);
    document.getElementById('snapshot').src = renderer.domElement.toDataURL('image/png');
    done('frames ' + frames);
  }
});`,
  },
  {
    id: 'chartjs',
    role: 'ordinary',
    host: 'cdn.jsdelivr.net',
    prefix: '/npm/chart.js@4.6.1/',
    pkg: 'chart.js',
    dir: '',
    script: 'dist/chart.umd.min.js',
    title: 'Price history',
    body: '<h1>Price history</h1><div style="width:480px"><canvas id="prices"></canvas></div><a id="download">Download</a>',
    run: `const chart = new Chart(document.getElementById('prices'), {
  type: 'line',
  data: {
    labels: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug'],
    datasets: [
      { label: 'Trail Runner Shoe', data: [129, 125, 131, 119, 112, 115, 99, 104] },
      { label: 'Rain Shell Jacket', data: [189, 189, 175, 179, 169, 159, 165, 149] },
    ],
  },
  options: { animation: false, responsive: false, plugins: { title: { display: true, text: 'Price in USD' } } },
});
document.getElementById('download').href = chart.toBase64Image();
done('chart');`,
  },
  {
    id: 'howler',
    role: 'ordinary',
    host: 'cdnjs.cloudflare.com',
    prefix: '/ajax/libs/howler/2.2.4/',
    pkg: 'howler',
    dir: 'dist',
    script: 'howler.min.js',
    title: 'Your cart',
    body: '<h1>Your cart</h1><button id="add">Add to cart</button>',
    run: `const chime = new Howl({
  src: ['/assets/libraries/added-to-cart.wav'],
  onload: function () { chime.play(); done('loaded ' + chime.duration().toFixed(2)); },
  onloaderror: function (_id, error) { done('error ' + error); },
});`,
  },
  {
    id: 'leaflet',
    role: 'ordinary',
    host: 'unpkg.com',
    prefix: '/leaflet@1.9.4/',
    pkg: 'leaflet',
    dir: 'dist',
    script: 'leaflet.js',
    stylesheet: 'leaflet.css',
    title: 'Find a store',
    body: '<h1>Find a store</h1><div id="map" style="width:480px;height:320px"></div>',
    run: `const map = L.map('map', { preferCanvas: true }).setView([52.52, 13.405], 12);
L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', { attribution: '© OpenStreetMap' }).addTo(map);
L.circleMarker([52.52, 13.405], { radius: 8 }).addTo(map).bindPopup('Demo Outfitters Berlin').openPopup();
L.marker([52.5, 13.35]).addTo(map).bindTooltip('Demo Outfitters West', { permanent: true });
map.setZoom(13);
done('map');`,
  },
  {
    id: 'cropper',
    role: 'ordinary',
    host: 'cdn.jsdelivr.net',
    prefix: '/npm/cropperjs@1.6.3/',
    pkg: 'cropperjs',
    dir: 'dist',
    script: 'cropper.min.js',
    stylesheet: 'cropper.min.css',
    title: 'Write a review',
    body: `<h1>Write a review</h1><p>Your photo</p>
<div style="width:400px"><img id="photo" src="/assets/libraries/review-photo.svg" alt="Your photo" style="max-width:100%"></div>
<img id="exported" alt="Cropped photo" width="200">`,
    run: `const photo = document.getElementById('photo');
function edit() {
  new Cropper(photo, {
    aspectRatio: 1,
    autoCropArea: 0.8,
    ready() {
      const canvas = this.cropper.getCroppedCanvas({ width: 300, height: 300 });
      const ctx = canvas.getContext('2d');
      ctx.font = 'bold 20px sans-serif';
      ctx.fillStyle = '#fff';
      ctx.fillText('Fits perfectly!', 12, 284);
      document.getElementById('exported').src = canvas.toDataURL('image/jpeg', 0.9);
      done('exported');
    },
  });
}
if (photo.complete) edit(); else photo.addEventListener('load', edit);`,
  },
];

export const LIBRARY_PAGE_PATH = (id: string) => `/libraries/${id}`;

export const libraryScriptUrl = (page: LibraryPage) => `https://${page.host}${page.prefix}${page.script}`;

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface LibraryResponse {
  type: string;
  body: string | Buffer;
}

function page(entry: LibraryPage, layout: Layout): string {
  const load = entry.moduleAs
    ? `<script type="module">
import * as ${entry.moduleAs} from '${libraryScriptUrl(entry)}';
${DONE}
${entry.run}
</script>`
    : `<script src="${libraryScriptUrl(entry)}"></script>
<script>
${DONE}
${entry.run}
</script>`;
  const css = entry.stylesheet
    ? `<link rel="stylesheet" href="https://${entry.host}${entry.prefix}${entry.stylesheet}">`
    : '';
  return layout({ title: entry.title, page: `library-${entry.id}`, body: `${css}${entry.body}\n${load}` });
}

/** A file of a library package under its CDN prefix, or undefined (outside the package, unknown type). */
function packageFile(entry: LibraryPage, path: string): LibraryResponse | undefined {
  const type = CONTENT_TYPES[extname(path)];
  const root = join(packageDir(entry.pkg), entry.dir);
  const file = normalize(join(root, path.slice(entry.prefix.length)));
  if (!type || !file.startsWith(root + sep) || !existsSync(file)) return undefined;
  return { type, body: readFileSync(file) };
}

/** A short chime as 16-bit mono PCM WAV: what a shop plays when something lands in the cart. */
function chimeWav(): Buffer {
  const rate = 8000;
  const samples = rate / 5;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++)
    wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 880 * i) / rate) * (1 - i / samples)), 44 + i * 2);
  return wav;
}

const REVIEW_PHOTO = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480" viewBox="0 0 640 480">
<rect width="640" height="480" fill="#7ab"/><circle cx="480" cy="120" r="60" fill="#fd5"/>
<path d="M120 360 q120 -80 260 -20 l40 60 h-320 z" fill="#2a7"/><rect x="0" y="400" width="640" height="80" fill="#555"/></svg>`;

/** Answers the library pages, the libraries' files and the pages' assets, or undefined. */
export function libraryRoute(host: string, path: string, layout: Layout): LibraryResponse | undefined {
  if (host === STORE_HOST) {
    if (path === '/assets/libraries/added-to-cart.wav') return { type: 'audio/wav', body: chimeWav() };
    if (path === '/assets/libraries/review-photo.svg') return { type: 'image/svg+xml', body: REVIEW_PHOTO };
    const entry = LIBRARY_PAGES.find((p) => path === LIBRARY_PAGE_PATH(p.id));
    return entry ? { type: 'text/html; charset=utf-8', body: page(entry, layout) } : undefined;
  }
  const entry = LIBRARY_PAGES.find((p) => p.host === host && path.startsWith(p.prefix));
  return entry ? packageFile(entry, path) : undefined;
}
