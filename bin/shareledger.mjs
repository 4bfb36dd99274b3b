#!/usr/bin/env node
// Entry point of `npx shareledger`: runs the CLI bundled at build time (scripts/bundle-cli.mjs), so a
// command starts in plain node; without a bundle (or with SHARELEDGER_CLI_FROM_SOURCE=1) it runs the
// TypeScript sources through tsx, which compiles them at every start.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/main.mjs', import.meta.url);
let main;
if (existsSync(bundle) && !process.env.SHARELEDGER_CLI_FROM_SOURCE) {
  ({ main } = await import(bundle.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
