#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (built by `npm run build`, run automatically by `npm install`).
// `simulate` runs from its single-file CommonJS bundle (see scripts/bundle-simulate.mjs) when the build made one;
// this launcher is CommonJS too, because starting Node's ES-module loader alone costs ~20 ms of a 0.3 s run.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const argv = process.argv.slice(2);
const bundle = join(__dirname, '../dist/cli/simulate.bundle.cjs');
if (argv[0] === 'simulate' && existsSync(bundle)) {
  require(bundle)
    .main(argv)
    // A one-shot command: leave as soon as everything written has been flushed, rather than tearing the whole
    // heap down first (~10 ms).
    .then((code) => process.stdout.write('', () => process.exit(code)));
} else {
  import('../dist/cli/main.js')
    .then(({ main }) => main(argv))
    .then((code) => {
      process.exitCode = code;
    });
}
