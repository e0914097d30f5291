// What: the time simulator's defragmenter (hyperfleet run --defrag) on a synthetic month at ~90 % load: the same
// fleet and workload without defrag, with --defrag on-pending and with --defrag periodic:1h, a migration cost of
// 5 minutes counted (the moved pod holds its new devices that long before its work resumes). Queueing delay (mean,
// p95), JCT (mean, p95), allocated and stranded device-hours, plans tried / applied, pods moved, GPU-hours lost to
// restarts; and the simulator's wall time with and without the defragmenter.
// Why: issue 16 item 4 asks for the queueing and allocation gain of --defrag with the restart cost counted, and a
// month-long run must stay fast. Sizes: BENCH_NODES (8-device H20 nodes, default 250), BENCH_PODS (default 20000).
import { loadCatalog } from '../dist/catalog/index.js';
import { expandFleet } from '../dist/fleet/index.js';
import { validateFleet } from '../dist/fleet/fleet-schema.js';
import { fleetSetup, fleetSimInput, runTimeSimulation } from '../dist/sim/index.js';
import { loadWorkload } from '../dist/workload/index.js';
import { openbTraceDir, printTable } from './support.js';

if (!openbTraceDir()) {
  console.log(
    'defrag-time: skipped (../shared/traces/alibaba-gpu-v2023 not found: the synthetic workload is fitted on it)',
  );
  process.exit(0);
}
const nodes = Number(process.env.BENCH_NODES ?? 250);
const podCount = Number(process.env.BENCH_PODS ?? 20000);
const load = 0.9;
const validated = validateFleet({
  site: { pue: 1.3, electricityUsdPerKWh: 0.08 },
  pools: [
    {
      name: 'h20',
      accelerator: 'nvidia-h20',
      nodes,
      devicesPerNode: 8,
      cpuMilli: 128000,
      memoryMiB: 1048576,
    },
  ],
});
if (!validated.ok) throw new Error(JSON.stringify(validated.issues));
const fleet = validated.fleet;
const catalog = loadCatalog();
const expanded = expandFleet(fleet);
const setup = fleetSetup(fleet, expanded, catalog, 'nvidia-h20');
const devices = nodes * 8;
const { pods, description } = await loadWorkload(
  `synthetic:pods=${podCount},days=30,seed=1`,
  42,
  `${openbTraceDir()}/openb_pod_list_default.csv`,
  { load, devices },
);
const base = { ...fleetSimInput(fleet, expanded, setup), pods, policy: 'fgd', seed: 42, queue: 'backfill' };
const MIGRATION_SEC = 300;
const variants = [
  ['without defrag', undefined],
  ['--defrag on-pending', { trigger: { kind: 'on-pending' }, migrationCostSec: MIGRATION_SEC }],
  [
    '--defrag periodic:1h',
    { trigger: { kind: 'periodic', everySec: 3600 }, migrationCostSec: MIGRATION_SEC },
  ],
];
const h = (s) => (s / 3600).toFixed(2);
const WINDOW_SEC = 30 * 86400;
/** Mean allocation over the 30-day arrival window, from the hourly timeline (the span beyond it is the drain). */
const windowAllocation = (r) => {
  const values = r.timeline.allocationPct['nvidia-h20'].filter((_, k) => r.timeline.tSec[k] < WINDOW_SEC);
  return (values.reduce((a, b) => a + b, 0) / values.length).toFixed(2);
};
const pct = (x, r) => ((100 * x) / r.deviceHours.total).toFixed(2);
const rows = [];
for (const [label, defrag] of variants) {
  const t0 = performance.now();
  const r = runTimeSimulation({ ...base, ...(defrag ? { defrag } : {}) });
  const sec = (performance.now() - t0) / 1000;
  const d = r.defrag;
  rows.push([
    label,
    `wait mean ${h(r.queueDelaySec.mean)} h, p95 ${h(r.queueDelaySec.p95)} h; JCT mean ${h(r.jctSec.mean)} h, p95 ${h(r.jctSec.p95)} h; ` +
      `allocated ${windowAllocation(r)} % in the window, ${pct(r.deviceHours.allocated, r)} % over the span (${(r.horizonSec / 86400).toFixed(1)} d), stranded ${pct(r.deviceHours.stranded, r)} %; ` +
      (d
        ? `plans ${d.plansTried} tried / ${d.plansApplied} applied, ${d.moves} moves of ${d.podsMoved} pods, ${d.migrationGpuHours.toFixed(1)} GPU-h lost to restarts; `
        : '') +
      `${sec.toFixed(1)} s`,
  ]);
}
printTable(
  `defrag in the time simulation: FGD, ${devices} H20, ${description}; migration cost ${MIGRATION_SEC} s`,
  rows,
);
