#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (built by `npm run build`, run automatically by `npm install`).
// `simulate` runs from its single-file CommonJS bundle (see scripts/bundle-simulate.mjs) when the build made one;
// this launcher is CommonJS too, because starting Node's ES-module loader alone costs ~20 ms of a 0.3 s run.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

/** Whether the bundle exists and was built after the modules it bundles (`tsc` alone leaves it stale). */
function bundleIsCurrent(bundle, entry) {
  const built = statSync(bundle, { throwIfNoEntry: false });
  const source = statSync(entry, { throwIfNoEntry: false });
  return built !== undefined && source !== undefined && built.mtimeMs >= source.mtimeMs;
}

/**
 * Runs a CommonJS bundle as `require` would, compiled with the V8 code cache `cacheFile` when there is one: the
 * build saves the bytecode of the functions a simulation runs (scripts/simulate-code-cache.cjs), so they are not
 * parsed and compiled again on every start. V8 ignores a cache made by another Node version, with other flags or
 * for another bundle, and then compiles as usual. Returns the bundle's exports and its compiled script.
 */
function loadBundle(file, cacheFile) {
  const source = readFileSync(file, 'utf8');
  const cachedData =
    cacheFile && statSync(cacheFile, { throwIfNoEntry: false }) ? readFileSync(cacheFile) : undefined;
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, require, module, file, dirname(file));
  return { exports: module.exports, script };
}

/**
 * V8 tuning for short simulations. One experiment on an openb trace runs for ~0.2 s, and meanwhile V8's optimising
 * compiler, on background threads, spends nearly as much CPU compiling the hot functions with everything they call
 * inlined (185 ms against the main thread's ~235); on a 2-core machine those threads compete with the run itself. A
 * smaller inlining budget (200 bytes of bytecode per optimised function instead of V8's 920) cuts that to ~110 ms:
 * about −28 ms (−10 %) per openb experiment in interleaved runs. The code it makes is 30–60 % slower once warm,
 * which costs more than it saves from ~50 000 submissions on, so only pod files up to SHORT_RUN_POD_FILE_BYTES
 * (~28 000 openb rows) get it. Results are the same either way: only how much V8 inlines changes.
 */
const SHORT_RUN_POD_FILE_BYTES = 2 * 1024 * 1024;
const SHORT_RUN_V8_FLAGS = '--max-inlined-bytecode-size-cumulative=200';

/** Applies the short-run tuning when `argv`'s `--pods` file is small enough; returns whether it did. */
function tuneForShortRun(argv) {
  const at = argv.indexOf('--pods');
  const file = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--pods='))?.slice('--pods='.length);
  let size;
  try {
    size = file === undefined ? undefined : statSync(file, { throwIfNoEntry: false })?.size;
  } catch {
    size = undefined; // unreadable: the command itself reports it
  }
  if (size === undefined || size > SHORT_RUN_POD_FILE_BYTES) return false;
  require('node:v8').setFlagsFromString(SHORT_RUN_V8_FLAGS);
  return true;
}

const BUNDLE = join(__dirname, '../dist/cli/simulate.bundle.cjs');
const BUNDLE_CACHE = join(__dirname, '../dist/cli/simulate.bundle.cache');

function main(argv) {
  if (argv[0] === 'simulate' && bundleIsCurrent(BUNDLE, join(__dirname, '../dist/cli/simulate-main.js'))) {
    tuneForShortRun(argv); // before the bundle is compiled: V8 checks the code cache against its flags
    loadBundle(BUNDLE, BUNDLE_CACHE)
      .exports.main(argv)
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
}

if (require.main === module) main(process.argv.slice(2));
module.exports = { loadBundle, tuneForShortRun, BUNDLE, BUNDLE_CACHE, SHORT_RUN_POD_FILE_BYTES };
