// What: the defragmentation planner (src/defrag) on fleets filled by the FGD paper protocol (policy fgd, tune 1.3,
// seed 42) until the first pod fails: the openb node list (1,213 nodes, the default trace) and a synthetic fleet of
// 10,000 nodes (the openb nodes repeated, the same trace tuned to its size). At the state of the first failure, a
// plan (max 4 moves) for each of the first 200 pods the run fails: p50/p99 time per plan, how many are feasible.
// Why: issue 16's targets: p99 ≤ 100 ms at 1,213 nodes and ≤ 1 s at 10,000; and the plan at the openb run's first
// failed pod (moves, cost). Runs on dist/: `npm run build` first; needs ../shared/traces (or HYPERFLEET_SHARED_TRACES).
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { planDefrag } from '../dist/defrag/index.js';
import { ClusterState } from '../dist/model/index.js';
import { runPaperExperiment } from '../dist/sim/index.js';
import { loadOpenbNodes, loadOpenbPods } from '../dist/traces/index.js';
import { openbTraceDir, printTable } from './support.js';

const PENDING = 200;
const MAX_MOVES = 4;

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** The fleet at the protocol's first failure: its state, its running pods, and the first failed pods. */
function fillUntilFirstFailure(nodes, pods) {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const placed = [];
  const failed = [];
  runPaperExperiment({
    nodes,
    pods,
    policy: 'fgd',
    tune: 1.3,
    seed: 42,
    onSubmit: (pod, node, devices) => {
      if (node === undefined) {
        if (failed.length < PENDING) failed.push(pod);
      } else if (failed.length === 0) placed.push({ pod, node, devices: [...devices] });
    },
  });
  const sorted = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  const index = new Map(sorted.map((n, i) => [n.name, i]));
  const state = new ClusterState(sorted);
  const running = placed.map(({ pod, node, devices }) => {
    state.assume(index.get(node), pod, devices);
    return { namespace: 'openb', name: pod.name, node: index.get(node), devices, spec: pod };
  });
  return { state, running, failed };
}

function bench(label, nodes, pods) {
  const start = performance.now();
  const { state, running, failed } = fillUntilFirstFailure(nodes, pods);
  const fillSec = (performance.now() - start) / 1000;
  planDefrag(state, running, failed[0], { maxMoves: MAX_MOVES }); // warm-up
  const times = [];
  let feasible = 0;
  let proven = 0;
  let first;
  for (const pod of failed) {
    const t = performance.now();
    const plan = planDefrag(state, running, pod, { maxMoves: MAX_MOVES });
    times.push(performance.now() - t);
    if (plan.feasible) feasible++;
    if (plan.exhaustive) proven++;
    first ??= { pod, plan };
  }
  printTable(
    `defrag: ${label} (${state.nodeCount} nodes, ${running.length} pods running at the first failure)`,
    [
      ['fill until first failure (s)', fillSec.toFixed(1)],
      ['plans (first failed pods)', String(failed.length)],
      ['feasible within 4 moves', String(feasible)],
      ['proven (exhaustive)', String(proven)],
      ['p50 per plan (ms)', quantile(times, 0.5).toFixed(2)],
      ['p99 per plan (ms)', quantile(times, 0.99).toFixed(2)],
      ['max per plan (ms)', Math.max(...times).toFixed(2)],
    ],
  );
  return first;
}

const dir = openbTraceDir();
if (!dir) {
  console.log('defrag bench: the openb traces are not found (../shared/traces); skipped');
  process.exit(0);
}
const nodes = await loadOpenbNodes(join(dir, 'openb_node_list_gpu_node.csv'));
const { pods } = await loadOpenbPods(join(dir, 'openb_pod_list_default.csv'));
const first = bench('openb default trace, FGD, tune 1.3, seed 42', nodes, pods);
const p = first.pod;
console.log(
  `\nfirst failed pod: ${p.name} (${p.gpuCount} × ${p.gpuMilli} milli, ${p.cpuMilli} milli CPU, ${p.memMiB} MiB` +
    `${p.gpuTypes.length ? `, ${p.gpuTypes.join('|')}` : ''})`,
);
console.log(JSON.stringify(first.plan, null, 1));

const big = Array.from({ length: 10_000 }, (_, i) => ({
  ...nodes[i % nodes.length],
  name: `syn-${String(i).padStart(5, '0')}`,
}));
bench('synthetic 10,000 nodes (openb nodes repeated), default trace tuned to the fleet', big, pods);
