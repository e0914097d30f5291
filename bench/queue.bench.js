// What: throughput of the PostgreSQL work queue — one paper grid (openb default, 6 policies × 10 seeds = 60 cells)
// submitted with `experiment --queue` to 1, 2 and 4 `hyperfleet worker` processes (one thread each) on a throwaway
// PostgreSQL, and the scaling efficiency t1 / (k · tk). Each round uses a fresh database and fresh workers, started
// before the clock; the time includes each worker loading the trace for its first cell (its real cost). Why: issue
// 17 asks what spreading a grid over queue workers buys; on this 2-core machine more than 2 workers can only share
// the cores. Also checks that every round's CSVs equal the local run's. BENCH_SEEDS overrides the seeds (42-51).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresUnavailableReason, startPostgres } from '../test/support/postgres.js';
import { openbTraceDir, printTable, projectRoot } from './support.js';

const traces = openbTraceDir();
const unavailable = postgresUnavailableReason();
if (!traces || unavailable) {
  console.log(`queue: skipped (${unavailable ?? '../shared/traces/alibaba-gpu-v2023 not found'})`);
  process.exit(0);
}
const seeds = process.env.BENCH_SEEDS ?? '42-51';
const grid = ['--traces', traces, '--policies', 'all', '--seeds', seeds];
const csv = 'analysis_allo_discrete.csv';
const out = mkdtempSync(join(tmpdir(), 'hyperfleet-queue-bench-'));
const cli = (args, options = {}) =>
  spawn(process.execPath, ['bin/hyperfleet.cjs', ...args], { cwd: projectRoot, ...options });

function runToEnd(args) {
  const r = spawnSync(process.execPath, ['bin/hyperfleet.cjs', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`hyperfleet ${args[0]} failed: ${r.stderr}`);
}

/** Starts `k` workers on `url`; resolves with them once each takes tasks. */
async function startWorkers(url, k) {
  const workers = [];
  for (let i = 0; i < k; i++) {
    const child = cli(['worker', '--queue', url], { stdio: ['ignore', 'pipe', 'inherit'] });
    const ready = new Promise((resolve) => {
      let text = '';
      child.stdout.on('data', (b) => {
        text += b;
        if (text.includes('taking tasks')) resolve();
      });
    });
    workers.push({ child, ready, exit: new Promise((resolve) => child.on('exit', resolve)) });
  }
  await Promise.all(workers.map((w) => w.ready));
  return workers;
}

const pg = await startPostgres();
try {
  const t0 = performance.now();
  runToEnd(['experiment', ...grid, '--workers', '1', '--out', join(out, 'local')]);
  const localMs = performance.now() - t0;
  const local = readFileSync(join(out, 'local', csv), 'utf8');
  const cells = local.trim().split('\n').length - 1;
  const rows = [[`local, 1 thread (${cells} cells)`, `${(localMs / 1000).toFixed(1)} s`]];
  let t1;
  for (const k of [1, 2, 4]) {
    const url = await pg.createDatabase(`bench_${k}`);
    const workers = await startWorkers(url, k);
    const start = performance.now();
    await new Promise((resolve, reject) => {
      const child = cli(['experiment', ...grid, '--out', join(out, `q${k}`), '--queue', url], {
        stdio: 'ignore',
      });
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`experiment --queue exited ${code}`)),
      );
    });
    const ms = performance.now() - start;
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exit));
    if (readFileSync(join(out, `q${k}`, csv), 'utf8') !== local)
      throw new Error(`${k} workers: CSV differs from local`);
    t1 ??= ms;
    rows.push([
      `${k} worker(s)`,
      `${(ms / 1000).toFixed(1)} s, ${((cells * 1000) / ms).toFixed(2)} cells/s, efficiency t1/(k·tk) ${(t1 / (k * ms)).toFixed(2)}`,
    ]);
  }
  rows.push(['load average (1 min) at the end', loadavg()[0].toFixed(1)]);
  printTable(
    `queue: paper grid over pg-boss workers, 6 policies × seeds ${seeds} (CSVs equal the local run's)`,
    rows,
  );
} finally {
  await pg.stop();
  rmSync(out, { recursive: true, force: true });
}
