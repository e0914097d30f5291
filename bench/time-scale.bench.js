// What: the time simulator at fleet scale — 10k, 100k and 1M accelerators (mixed H20 / Zhenwu 810E / A100 nodes
// of 8) with as many synthetic pods over 30 simulated days, under FGD; wall time and peak memory of each size,
// in its own process. Why: the target is 1,000,000 accelerators and 1,000,000 pods in ≤ 5 minutes and
// ≤ 8 GiB on this 2-core machine, with time growing about linearly. Two loads: trace durations (the openb jobs
// are short: the fleet stays nearly idle) and durations stretched so that the fleet is ~70 % busy in the window.
// Set BENCH_SCALE=quick to skip the 1M size.
import { spawnSync } from 'node:child_process';
import { openbTraceDir, printTable } from './support.js';

if (!openbTraceDir()) {
  console.log(
    'time-scale: skipped (../shared/traces/alibaba-gpu-v2023 not found: the synthetic workload is fitted on it)',
  );
  process.exit(0);
}
const sizes = process.env.BENCH_SCALE === 'quick' ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
for (const load of ['0', '0.7']) {
  const rows = [];
  let previous;
  for (const n of sizes) {
    const r = spawnSync(
      process.execPath,
      ['bench/time-scale-child.js', String(n), String(n), '30', 'fgd', load],
      {
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new Error(`size ${n} failed: ${r.stderr}`);
    const m = JSON.parse(r.stdout.trim().split('\n').pop());
    const growth = previous
      ? `×${(m.simulateSec / previous.simulateSec).toFixed(1)} for ×${n / previous.accelerators} size`
      : '';
    rows.push([
      `${n.toLocaleString('en-US')} accelerators, ${m.pods.toLocaleString('en-US')} pods`,
      `${m.simulateSec.toFixed(1)} s simulate + ${m.setupSec.toFixed(1)} s setup, peak ${m.peakRssMiB.toFixed(0)} MiB, ` +
        `${(100 * m.allocatedShare).toFixed(1)} % of device-hours allocated ${growth}`,
    ]);
    previous = m;
  }
  printTable(
    `time simulation, FGD, 30 days, ${load === '0' ? 'trace durations' : 'durations stretched to ~70 % busy'} (target ≤ 300 s, ≤ 8192 MiB at 1M)`,
    rows,
  );
}
