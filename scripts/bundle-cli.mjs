/**
 * Bundles the TypeScript CLI (cli/main.ts and the modules it loads) into dist/cli/ with esbuild, so
 * `npx shareledger` starts in plain node instead of compiling TypeScript at every run (~4 s before).
 * Each command stays its own chunk, loaded only when it runs; npm packages stay external.
 * Run by `npm run build:cli`, `npm run build` and after `npm install`.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT_DIR = join(ROOT, 'dist', 'cli');

/**
 * Modules that find their files next to themselves (the demo store's vendor scripts) read
 * import.meta.url: in the bundle it is the chunk's, so point it back at the source file.
 */
const keepSourceLocation = {
  name: 'keep-source-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const fromChunk = relative(CLI_OUT_DIR, args.path).split('\\').join('/');
      return {
        contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromChunk)}, import.meta.url).href`),
        loader: 'ts',
      };
    });
  },
};

export async function bundleCli() {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: { main: join(ROOT, 'cli', 'main.ts') },
    outdir: CLI_OUT_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
    plugins: [keepSourceLocation],
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await bundleCli();
  } catch (error) {
    // Without esbuild (a production install) the CLI still runs from source through tsx.
    process.stderr.write(`shareledger: CLI not bundled (${error.message.split('\n')[0]}); it will run from source\n`);
  }
}
