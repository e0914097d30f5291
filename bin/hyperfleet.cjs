#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (built by `npm run build`, run automatically by `npm install`).
// `simulate` runs from its single-file CommonJS bundle (see scripts/bundle-simulate.mjs) when the build made one;
// this launcher is CommonJS too, because starting Node's ES-module loader alone costs ~20 ms of a 0.3 s run.
'use strict';
const { statSync } = require('node:fs');
const { join } = require('node:path');

/** Whether the bundle exists and was built after the modules it bundles (`tsc` alone leaves it stale). */
function bundleIsCurrent(bundle, entry) {
  const built = statSync(bundle, { throwIfNoEntry: false });
  const source = statSync(entry, { throwIfNoEntry: false });
  return built !== undefined && source !== undefined && built.mtimeMs >= source.mtimeMs;
}

const argv = process.argv.slice(2);
const bundle = join(__dirname, '../dist/cli/simulate.bundle.cjs');
if (argv[0] === 'simulate' && bundleIsCurrent(bundle, join(__dirname, '../dist/cli/simulate-main.js'))) {
  require(bundle)
    .main(argv)
    .then((code) => {
      // A one-shot command: leave at once rather than tearing the whole heap down first (~10 ms). On Linux every
      // write to standard output and error (file, terminal or pipe) is synchronous, so nothing is pending; other
      // systems exit the usual way, after pending writes.
      if (process.platform === 'linux') process.exit(code);
      process.exitCode = code;
    });
} else {
  import('../dist/cli/main.js')
    .then(({ main }) => main(argv))
    .then((code) => {
      process.exitCode = code;
    });
}
