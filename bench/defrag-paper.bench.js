// What: the paper protocol's opt-in defrag variant (issue 16) on the openb default trace under FGD (tune 1.3,
// seed 42): plain FGD, then FGD+defrag≤1, ≤2 and ≤4 over the whole run. For each: how many of the pods plain FGD
// fails the variant places, the moves and their cost, the GPU allocation at 100 % and 130 % arrived demand, and the
// planner's time per failed pod (p50/p99/max).
// How pods are counted: each pod is submitted once (the paper's protocol has no retries), so its first failure is
// its only one. Once a plan has moved pods the two runs' states differ, so a pod plain FGD placed may fail in the
// variant and the reverse: both counts are shown, with the net change in failed pods.
// Bound: the planner's work limit per failed pod is BENCH_DEFRAG_WORK_LIMIT (default 300,000, a tenth of the
// planner's default: past 100 % arrived demand nearly every pod fails and most plans end at the limit, so the limit
// sets the run time). Runs on dist/: `npm run build` first; needs ../shared/traces (or HYPERFLEET_SHARED_TRACES).
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { paperSeries, runPaperExperiment } from '../dist/sim/index.js';
import { loadOpenbNodes, loadOpenbPods } from '../dist/traces/index.js';
import { openbTraceDir, printTable } from './support.js';

const WORK_LIMIT = Number(process.env.BENCH_DEFRAG_WORK_LIMIT ?? 300_000);
// BENCH_DEFRAG_MOVES (default 1,2,4): the variants to run.
const MOVES = (process.env.BENCH_DEFRAG_MOVES ?? '1,2,4').split(',').map(Number);

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** One run: its result, whether each pod (by submission order) was placed, and the first plan applied. */
function run(nodes, pods, maxMoves) {
  const placed = [];
  let firstPlan;
  const t0 = performance.now();
  const result = runPaperExperiment({
    nodes,
    pods,
    policy: 'fgd',
    tune: 1.3,
    seed: 42,
    ...(maxMoves && { defrag: { maxMoves, workLimit: WORK_LIMIT } }),
    onSubmit: (pod, node, _devices, plan) => {
      placed.push(node !== undefined);
      if (plan && !firstPlan) firstPlan = { pod, plan, index: placed.length - 1 };
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  return { result, series: paperSeries(result.log), placed, firstPlan, seconds };
}

const dir = openbTraceDir();
if (!dir) {
  console.log('defrag-paper bench: the openb traces are not found (../shared/traces); skipped');
  process.exit(0);
}
const nodes = await loadOpenbNodes(join(dir, 'openb_node_list_gpu_node.csv'));
const { pods } = await loadOpenbPods(join(dir, 'openb_pod_list_default.csv'));

const plain = run(nodes, pods, 0);
const firstFailure = plain.placed.indexOf(false);
const rows = [
  ['series', 'FGD'],
  ['pods submitted', String(plain.result.submitted)],
  ['failed (of which fit no empty node)', `${plain.result.failedPods} (${plain.result.neverFit})`],
  ['first failure at submission', String(firstFailure)],
  [
    'GPU allocation at 100 % / 130 % arrived (%)',
    `${plain.series.allocation[100]} / ${plain.series.allocation[130]}`,
  ],
  ['run time (s)', plain.seconds.toFixed(1)],
];
printTable(`plain FGD, openb default trace, tune 1.3, seed 42 (${nodes.length} nodes)`, rows);

for (const k of MOVES) {
  const v = run(nodes, pods, k);
  const d = v.result.defrag;
  let rescued = 0;
  let lost = 0;
  for (let j = 0; j < plain.placed.length; j++) {
    if (!plain.placed[j] && v.placed[j]) rescued++;
    if (plain.placed[j] && !v.placed[j]) lost++;
  }
  printTable(`FGD+defrag≤${k} (planner work limit ${WORK_LIMIT} per failed pod)`, [
    ['pods the policy placed nowhere: planned for', String(d.planned)],
    ['  placed after a plan', String(d.placedByPlan)],
    ['  no plan, proven (planner ran)', String(d.planned - d.placedByPlan - d.unproven - d.provenBefore)],
    ['  no plan, proven earlier for the same request', String(d.provenBefore)],
    ['  no plan found, not proven (work limit / beyond 2 moves)', String(d.unproven)],
    ['pods plain FGD fails that this run places', String(rescued)],
    ['pods plain FGD places that this run fails', String(lost)],
    [
      'failed pods: plain → this run (net)',
      `${plain.result.failedPods} → ${v.result.failedPods} (${v.result.failedPods - plain.result.failedPods})`,
    ],
    ['moves applied, total move cost', `${d.moves}, ${d.moveCost}`],
    [
      'GPU allocation at 100 % / 130 % arrived (%)',
      `${v.series.allocation[100]} / ${v.series.allocation[130]} (FGD ${plain.series.allocation[100]} / ${plain.series.allocation[130]})`,
    ],
    [
      'planner per planned pod p50 / p99 / max (ms)',
      `${quantile(d.planMs, 0.5).toFixed(1)} / ${quantile(d.planMs, 0.99).toFixed(1)} / ${Math.max(...d.planMs).toFixed(1)}`,
    ],
    ['planner time in all (s)', (d.planMs.reduce((a, b) => a + b, 0) / 1000).toFixed(1)],
    ['run time (s)', v.seconds.toFixed(1)],
  ]);
  if (v.firstPlan) {
    const { pod, plan, index } = v.firstPlan;
    console.log(
      `  first plan applied, at submission ${index} (${pod.name}: ${pod.gpuCount} × ${pod.gpuMilli} milli): ` +
        `${plan.moves.length} move(s), cost ${plan.cost}: ` +
        plan.moves
          .map((m) => `${m.name} ${m.from.node}[${m.from.devices}] → ${m.to.node}[${m.to.devices}]`)
          .join('; '),
    );
  }
}
