// What: the REAL kube-scheduler v1.20.5 (../shared/tools/kube-scheduler, embedded in the FGD paper's simulator)
// places the openb default trace — all 8,152 pods by default — with `hyperfleet serve` (dist/) as its extender,
// registered as a new user would (filter + prioritize, no bindVerb; the default --confirm auto and reservation
// TTL). For each policy and nodeCacheCapable setting it prints: the pods placed, how many placements equal
// hyperfleet's in-process decisions (the framework's Scheduler on the same nodes, in the order hyperfleet
// registered them, same policy and random source, pods in CSV order), how many placements hyperfleet still knows
// at the end, its reported GPU allocation beside the real one (from kube-scheduler's placements), the
// reservations that expired unconfirmed, and the wall time. test/e2e/real-kube-scheduler.test.ts runs a 300-pod
// prefix of the same in the suite.
// Why: issue 15 — without a bind, hyperfleet forgot placed pods after the 30 s TTL (2 % allocation reported for
// 35 % real after 3,000 pods); the whole trace runs for far longer than the TTL.
// Options (environment): BENCH_PODS (default: the whole trace), BENCH_POLICIES (default fgd,bestfit),
// BENCH_NODE_CACHE (default true,false). A run takes roughly 0.1–0.3 s per pod, most of it the simulator's own
// per-pod fragmentation report.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Scheduler } from '../dist/framework/scheduler.js';
import { ClusterState } from '../dist/model/cluster-state.js';
import { createPolicy } from '../dist/policies/registry.js';
import { typicalPods } from '../dist/policies/typical-pods.js';
import { GoRand } from '../dist/rng/go-rand.js';
import { loadOpenbNodes, loadOpenbPods } from '../dist/traces/openb.js';
import { openbTraceDir, printTable, projectRoot } from './support.js';

const harness =
  process.env.HYPERFLEET_KUBE_SCHEDULER_DIR ?? join(projectRoot, '..', 'shared', 'tools', 'kube-scheduler');
const openb = openbTraceDir();
if (!existsSync(join(harness, 'run.sh')) || !openb) {
  console.log(`kube-scheduler bench skipped: ${harness}/run.sh or the openb traces not found`);
  process.exit(0);
}
const podsCsv = join(openb, 'openb_pod_list_default.csv');
const nodesCsv = join(harness, 'openb_node_list_gpu_node.seed42-names.csv');
const allPods = (await loadOpenbPods(podsCsv)).pods;
const count = Number(process.env.BENCH_PODS ?? allPods.length);
const pods = allPods.slice(0, count);
const typical = typicalPods(allPods);
const csvNodes = new Map((await loadOpenbNodes(nodesCsv)).map((n) => [n.name, n]));
const list = (v, d) => (v ?? d).split(',').map((s) => s.trim());

/** `hyperfleet serve` in a child process; resolves with its address once it listens. */
function startServe(args) {
  const child = spawn(process.execPath, [
    join(projectRoot, 'bin/hyperfleet.cjs'),
    'serve',
    '--port',
    '0',
    ...args,
  ]);
  let out = '';
  return new Promise((resolve, reject) => {
    const look = (d) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, address: m[1] });
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

function runKubeScheduler(extender, nodeCacheCapable) {
  const env = {
    ...process.env,
    NODE_CACHE_CAPABLE: String(nodeCacheCapable),
    WORKDIR: mkdtempSync(join(tmpdir(), 'hf-ks-')),
    // run.sh stops the simulator after 900 s by default: the whole trace needs longer (~0.1–0.4 s a pod).
    SIMON_TIMEOUT: process.env.SIMON_TIMEOUT ?? String(Math.max(900, Math.ceil(count * 0.6))),
  };
  const child = spawn('bash', [join(harness, 'run.sh'), extender, podsCsv, String(count)], { env });
  let out = '';
  child.stdout.on('data', (d) => (out += d.toString()));
  child.stderr.on('data', (d) => process.env.BENCH_DEBUG && process.stderr.write(d));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0
        ? resolve(
            new Map(
              out
                .split('\n')
                .filter((l) => l.trim())
                .map((l) => l.trim().split(/\s+/)),
            ),
          )
        : reject(
            new Error(
              code === 124
                ? `the simulator was stopped after SIMON_TIMEOUT=${env.SIMON_TIMEOUT} s (placements so far in ${env.WORKDIR}/placements.txt); raise SIMON_TIMEOUT or lower BENCH_PODS`
                : `run.sh exited ${code} (see ${env.WORKDIR}/simon.log)`,
            ),
          ),
    ),
  );
}

function inProcess(nodes, policy) {
  const state = new ClusterState(nodes);
  const scheduler = new Scheduler(state, createPolicy(policy, { typical }), { rng: new GoRand(42) });
  const out = new Map();
  for (const p of pods) {
    const o = scheduler.schedule(p);
    if (o.ok) state.assume(o.node, p, o.devices);
    out.set(p.name, o.ok ? nodes[o.node].name : '-');
  }
  return out;
}

for (const policy of list(process.env.BENCH_POLICIES, 'fgd,bestfit')) {
  for (const cache of list(process.env.BENCH_NODE_CACHE, 'true,false')) {
    const nodeCacheCapable = cache === 'true';
    const serve = await startServe([
      '--db',
      ':memory:',
      '--policy',
      policy,
      '--pods',
      podsCsv,
      ...(nodeCacheCapable ? ['--nodes', nodesCsv] : []),
    ]);
    const started = performance.now();
    let real;
    try {
      real = await runKubeScheduler(`${serve.address}/extender`, nodeCacheCapable);
    } catch (e) {
      serve.child.kill('SIGTERM');
      console.error(`kube-scheduler bench (${policy}, nodeCacheCapable ${nodeCacheCapable}): ${e.message}`);
      process.exit(1);
    }
    const wall = (performance.now() - started) / 1000;
    const get = async (path) => (await globalThis.fetch(`${serve.address}${path}`)).json();
    const nodes = (await get('/v1/nodes')).nodes.map((n) => csvNodes.get(n.name));
    const { placements } = await get('/v1/placements');
    const summary = await get('/v1/fleet/summary');
    const metrics = await (await globalThis.fetch(`${serve.address}/metrics`)).text();
    serve.child.kill('SIGTERM');
    const expected = inProcess(nodes, policy);
    const byName = new Map(pods.map((p) => [p.name, p]));
    let used = 0;
    let placed = 0;
    let matches = 0;
    for (const [pod, node] of real) {
      if (node === expected.get(pod)) matches++;
      if (node === '-') continue;
      placed++;
      used += byName.get(pod).gpuCount * byName.get(pod).gpuMilli;
    }
    const capacity = nodes.reduce((s, n) => s + n.gpuCount * 1000, 0);
    const known = placements.filter((p) => real.get(p.name) === p.node).length;
    printTable(`${policy}, nodeCacheCapable ${nodeCacheCapable}, ${count} pods`, [
      ['pods placed by kube-scheduler', `${placed} / ${real.size}`],
      ['equal to in-process decisions', `${matches} / ${real.size}`],
      ['placements hyperfleet knows', `${known} (of ${placements.length} listed)`],
      [
        'GPU allocation reported / real',
        `${summary.gpuAllocationPercent.toFixed(3)} % / ${((100 * used) / capacity).toFixed(3)} %`,
      ],
      [
        'reservations expired unconfirmed',
        /^hyperfleet_reservations_expired_total (\S+)/m.exec(metrics)?.[1] ?? '?',
      ],
      ['wall time', `${wall.toFixed(1)} s (${((1000 * wall) / count).toFixed(0)} ms per pod)`],
    ]);
  }
}
