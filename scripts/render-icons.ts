/**
 * Renders ShareLedger's icon (public/icon/shareledger.svg, our own design) to the PNG sizes the
 * manifests name: public/icon/16.png, 32.png, 48.png, 128.png. Run after changing the SVG:
 * `npx tsx scripts/render-icons.ts` (the PNGs are committed, so builds need no rasteriser).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

const ICON_SIZES = [16, 32, 48, 128] as const;
const DIR = resolve(import.meta.dirname, '../public/icon');

const svg = readFileSync(resolve(DIR, 'shareledger.svg'), 'utf8');
for (const size of ICON_SIZES) {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
  writeFileSync(resolve(DIR, `${size}.png`), png);
  console.log(`public/icon/${size}.png: ${png.length} bytes`);
}
