// What: `hyperfleet run` at fleet scale with a streamed workload — 1,000,000 accelerators (mixed H20 / Zhenwu 810E /
// A100 nodes of 8, described by counts) × {1M, 3M, 10M} synthetic pods over 30 days, durations stretched so the
// fleet is ~70 % busy, under FGD; each size in its own process: wall time (setup, the typical-workload pass, the
// simulation), CPU time, peak RSS (process.resourceUsage().maxRSS), pods/s, and the growth from one size to the
// next. Why: issue 17's target is 1M accelerators × 10M pods × 30 days in ≤ 3 min and ≤ 4 GiB on 2 cores, time
// growing about linearly with the pods and memory following the live pods, not the run's.
// Knobs (the default run is modest): BENCH_SCALE_ACCELERATORS (default 1000000), BENCH_SCALE_PODS (comma list,
// default 100000,300000,1000000; the sizes: 1000000,3000000,10000000), BENCH_SCALE_DAYS (30),
// BENCH_SCALE_LOAD (0.7), BENCH_SCALE_POLICY (fgd).
import { spawnSync } from 'node:child_process';
import { openbTraceDir, printTable } from './support.js';

if (!openbTraceDir()) {
  console.log(
    'scale: skipped (../shared/traces/alibaba-gpu-v2023 not found: the synthetic workload is fitted on it)',
  );
  process.exit(0);
}
const env = process.env;
const accelerators = Number(env.BENCH_SCALE_ACCELERATORS ?? 1_000_000);
const sizes = (env.BENCH_SCALE_PODS ?? '100000,300000,1000000').split(',').map(Number);
const days = env.BENCH_SCALE_DAYS ?? '30';
const load = env.BENCH_SCALE_LOAD ?? '0.7';
const policy = env.BENCH_SCALE_POLICY ?? 'fgd';
const rows = [];
let previous;
for (const pods of sizes) {
  const r = spawnSync(
    process.execPath,
    ['bench/scale-child.js', String(accelerators), String(pods), days, policy, load],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`${pods} pods failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split('\n').pop());
  const growth = previous
    ? `; ×${(m.wallSec / previous.wallSec).toFixed(2)} time, ×${(m.peakRssMiB / previous.peakRssMiB).toFixed(2)} memory for ×${(pods / previous.pods).toFixed(1)} pods`
    : '';
  rows.push([
    `${pods.toLocaleString('en-US')} pods`,
    `${m.wallSec.toFixed(1)} s wall (${m.setupSec.toFixed(1)} setup + ${m.typicalSec.toFixed(1)} typical pass + ` +
      `${m.simulateSec.toFixed(1)} simulate), ${m.cpuSec.toFixed(1)} s CPU, peak ${m.peakRssMiB.toFixed(0)} MiB, ` +
      `${Math.round(pods / m.wallSec).toLocaleString('en-US')} pods/s, ` +
      `${(100 * m.allocatedShare).toFixed(1)} % of device-hours allocated${growth}`,
  ]);
  previous = { ...m, pods };
}
printTable(
  `hyperfleet run, streamed synthetic workload, ${accelerators.toLocaleString('en-US')} accelerators, ${days} days, ` +
    `${policy}, ~${Math.round(100 * Number(load))} % load (target at 10M pods: ≤ 180 s, ≤ 4096 MiB)`,
  rows,
);
