// Part of `npm run build` (run by scripts/bundle-simulate.mjs, with its output discarded): writes the V8 code cache
// of the simulate bundle, dist/cli/simulate.bundle.cache, which bin/hyperfleet.cjs compiles the bundle with.
// Why: a single experiment takes ~0.3 s, and parsing and compiling the few hundred functions it runs costs several
// milliseconds of it on every start. The cache is made after one simulation of the built-in synthetic trace, so it
// holds the bytecode of the functions a simulation runs, not only the bundle's top level.
'use strict';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { loadBundle, tuneForShortRun, BUNDLE, BUNDLE_CACHE } = require('../bin/hyperfleet.cjs');

async function makeCache() {
  const [{ syntheticOpenbTrace }, { formatOpenbNodes, formatOpenbPods }] = await Promise.all([
    import('../dist/traces/synthetic-openb.js'),
    import('../dist/traces/openb-format.js'),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'hyperfleet-code-cache-'));
  try {
    const { nodes, pods } = syntheticOpenbTrace(1);
    const nodeFile = join(dir, 'nodes.csv');
    const podFile = join(dir, 'pods.csv');
    writeFileSync(nodeFile, formatOpenbNodes(nodes));
    writeFileSync(podFile, formatOpenbPods(pods));
    const args = ['simulate', '--nodes', nodeFile, '--pods', podFile, '--json'];
    // V8 accepts a code cache only under the flags it was made with: those of a short run, as the launcher sets.
    if (!tuneForShortRun(args)) throw new Error('the synthetic trace should count as a short run');
    const { exports, script } = loadBundle(BUNDLE, null);
    const code = await exports.main(args);
    if (code !== 0) throw new Error(`the synthetic simulation exited with ${code}`);
    writeFileSync(BUNDLE_CACHE, script.createCachedData());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

makeCache().catch((e) => {
  console.error(`simulate code cache: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
