/**
 * `npm run bench`: runs every bench/*.bench.ts (each exports `run()` returning named figures),
 * prints one table and writes bench-results.json at the repo root: {"name": {"value": n, "unit": "ms"}}.
 * Pass names to run only some: `npm run bench -- classify ledger`.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatTable } from '../cli/report';

export type Figures = Record<string, { value: number; unit: string }>;

const HERE = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(HERE)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();

const results: Figures = {};
for (const file of files) {
  const started = Date.now();
  process.stderr.write(`bench ${file}…\n`);
  const mod = (await import(pathToFileURL(join(HERE, file)).href)) as { run(): Promise<Figures> };
  Object.assign(results, await mod.run());
  process.stderr.write(`bench ${file} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const round = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3));
console.log(
  formatTable(
    ['figure', 'value', 'unit'],
    Object.entries(results).map(([name, f]) => [name, round(f.value), f.unit]),
  ),
);
const out = resolve(HERE, '..', 'bench-results.json');
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${out}`);
