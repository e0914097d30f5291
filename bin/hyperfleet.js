#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (built by `npm run build`, run automatically by `npm install`).
// `simulate` runs from its single-file bundle (see scripts/bundle-simulate.mjs) when the build made one.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const bundle = fileURLToPath(new URL('../dist/cli/simulate.bundle.cjs', import.meta.url));
if (argv[0] === 'simulate' && existsSync(bundle)) {
  const code = await createRequire(import.meta.url)(bundle).main(argv);
  // A one-shot command: leave as soon as everything written has been flushed, rather than tearing the whole
  // heap down first (~10 ms of a 0.3 s run).
  process.stdout.write('', () => process.exit(code));
} else {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(argv);
}
