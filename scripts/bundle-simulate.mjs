// Part of `npm run build`: bundles `hyperfleet simulate` (dist/cli/simulate-main.js and everything it imports,
// commander included) into one CommonJS file, dist/cli/simulate.bundle.cjs, which bin/hyperfleet.cjs runs for that
// command. Why: a single experiment takes ~0.3 s, and Node's ES-module loader spends tens of milliseconds
// resolving and linking the ~40 modules of its import graph one by one; one script is read and compiled at once.
// Then writes the bundle's V8 code cache (scripts/simulate-code-cache.cjs).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * commander requires node:child_process at load time for executable sub-commands, which hyperfleet does not have;
 * loading it pulls in net, streams and dgram (~5 ms of a 0.3 s run). The bundle gets it on first use instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.namespace === 'lazy'
        ? { path: 'node:child_process', external: true }
        : { path: 'child_process', namespace: 'lazy' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents:
        "let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};
const result = await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli/simulate-main.js'],
  outfile: 'dist/cli/simulate.bundle.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Modules that locate files next to themselves (import.meta.url) see the bundle's own location.
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__bundleUrl' },
  plugins: [lazyChildProcess],
  sourcemap: 'linked',
  logLevel: 'warning',
});
if (result.errors.length + result.warnings.length > 0) process.exit(1);

// The bundle's V8 code cache, made after one synthetic simulation (the run prints its JSON: discarded). Only a
// start-up optimisation: without it the bundle is compiled as usual, so a failure warns instead of failing the
// build (the test suite checks the cache exists and is used).
const cache = spawnSync(process.execPath, ['scripts/simulate-code-cache.cjs'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (cache.status !== 0) {
  rmSync(join(root, 'dist/cli/simulate.bundle.cache'), { force: true });
  console.warn(
    'warning: no code cache for the simulate bundle (see the message above); it will start slower',
  );
}
