// What: throughput of the PostgreSQL work queue — one paper grid (openb default, 6 policies × 10 seeds = 60 cells)
// submitted with `experiment --queue` to 1, 2 and 4 `hyperfleet worker` processes (one thread each) on a throwaway
// PostgreSQL, and the scaling efficiency t1 / (k · tk). Each round uses a fresh database and fresh workers, started
// before the clock, and runs the grid twice: "fresh", which includes each worker loading the trace and warming its
// code up on its first cells (its real cost, paid once per process), then "warm", the same grid again on the same
// workers (what long-lived workers give). Why: issue
// 17 asks what spreading a grid over queue workers buys; on this 2-core machine more than 2 workers can only share
// the cores. Also checks that every round's CSVs equal the local run's.
//
// Each round shows two walls: the whole command (process start, trace check, outputs written — the same serial
// work as a local run, which no number of workers shortens) and the grid phase the command reports itself (first
// cell sent to last result in), which is what workers can shorten; and the CPU the workers used, over the grid
// phase: how many cores they kept busy (Linux /proc; the rest of the machine is shared, so the load average is
// shown at the start and the end).
//
// BENCH_SEEDS overrides the seeds (42-51); BENCH_REPEAT=n runs every round n times and shows medians;
// BENCH_COMPARE=DIR runs each round also with the built checkout in DIR (another commit: a before/after under the
// same load, rounds interleaved).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { postgresUnavailableReason, startPostgres } from '../test/support/postgres.js';
import { median, openbTraceDir, printTable, projectRoot, startQueueWorker } from './support.js';

const traces = openbTraceDir();
const unavailable = postgresUnavailableReason();
if (!traces || unavailable) {
  console.log(`queue: skipped (${unavailable ?? '../shared/traces/alibaba-gpu-v2023 not found'})`);
  process.exit(0);
}
const seeds = process.env.BENCH_SEEDS ?? '42-51';
const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 1));
const checkouts = [
  { label: 'this checkout', root: projectRoot },
  ...(process.env.BENCH_COMPARE
    ? [{ label: 'BENCH_COMPARE', root: resolve(process.env.BENCH_COMPARE) }]
    : []),
];
const grid = ['--traces', traces, '--policies', 'all', '--seeds', seeds];
const csv = 'analysis_allo_discrete.csv';
const out = mkdtempSync(join(tmpdir(), 'hyperfleet-queue-bench-'));
const cli = (root, args, options = {}) =>
  spawn(process.execPath, [join(root, 'bin/hyperfleet.cjs'), ...args], { cwd: root, ...options });

/** CPU seconds (user + system, every thread) that process `pid` used so far; NaN without Linux's /proc. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, in clock ticks of 1/100 s (USER_HZ on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Runs `experiment` to its end; resolves with its wall and the grid phase it reports (ms). */
function experiment(root, args) {
  const start = performance.now();
  return new Promise((done, fail) => {
    const child = cli(root, ['experiment', ...grid, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    child.on('exit', (code) => {
      const wallMs = performance.now() - start;
      const phase = /(\d+) runs in ([\d.]+) s/.exec(stderr);
      if (code !== 0 || !phase) return fail(new Error(`experiment exited ${code}: ${stderr.slice(-500)}`));
      done({ wallMs, gridMs: Number(phase[2]) * 1000 });
    });
  });
}

/** Starts `k` workers on `url`; resolves with them once each takes tasks. */
function startWorkers(root, url, k) {
  return Promise.all(Array.from({ length: k }, () => startQueueWorker(root, url)));
}

let databases = 0;
/** One round: the grid through the queue on `k` fresh workers of `checkout`, its CSV checked against `local`. */
async function queueRound(pg, checkout, k, local) {
  const url = await pg.createDatabase(`bench_${databases++}`);
  const workers = await startWorkers(checkout.root, url, k);
  const runGrid = async (name) => {
    const cpu0 = workers.map((w) => cpuSeconds(w.child.pid));
    const dir = join(out, `q${databases}${name}`);
    const round = await experiment(checkout.root, ['--out', dir, '--queue', url]);
    const cpu = workers.reduce((sum, w, i) => sum + cpuSeconds(w.child.pid) - cpu0[i], 0);
    if (readFileSync(join(dir, csv), 'utf8') !== local)
      throw new Error(`${checkout.label}, ${k} workers (${name}): CSV differs from local`);
    return { ...round, cpu };
  };
  try {
    return { fresh: await runGrid('fresh'), warm: await runGrid('warm') };
  } finally {
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exit));
  }
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const loadAtStart = loadavg()[0];
const pg = await startPostgres();
try {
  const rounds = new Map(); // `${label}/${k}` → rounds (k 0: local, one thread)
  const add = (key, r) => rounds.set(key, [...(rounds.get(key) ?? []), r]);
  let local;
  for (let rep = 0; rep < repeat; rep++) {
    for (const checkout of checkouts) {
      const dir = join(out, `local${rep}${checkout.label}`);
      add(`${checkout.label}/0`, await experiment(checkout.root, ['--workers', '1', '--out', dir]));
      const text = readFileSync(join(dir, csv), 'utf8');
      if (local !== undefined && text !== local) throw new Error(`${checkout.label}: local CSV differs`);
      local = text;
    }
    for (const k of [1, 2, 4]) {
      for (const checkout of checkouts) {
        const { fresh, warm } = await queueRound(pg, checkout, k, local);
        add(`${checkout.label}/${k}`, fresh);
        add(`${checkout.label}/${k}/warm`, warm);
      }
    }
  }
  const cells = local.trim().split('\n').length - 1;
  const med = (key, field) => median(rounds.get(key).map((r) => r[field]));
  for (const { label } of checkouts) {
    const localKey = `${label}/0`;
    const rows = [
      [
        `local, 1 thread (${cells} cells)`,
        `${seconds(med(localKey, 'wallMs'))} (grid phase ${seconds(med(localKey, 'gridMs'))})`,
      ],
    ];
    for (const state of ['', '/warm']) {
      const t1 = { wallMs: med(`${label}/1${state}`, 'wallMs'), gridMs: med(`${label}/1${state}`, 'gridMs') };
      for (const k of [1, 2, 4]) {
        const key = `${label}/${k}${state}`;
        const wallMs = med(key, 'wallMs');
        const gridMs = med(key, 'gridMs');
        const cpu = med(key, 'cpu');
        rows.push([
          `${k} worker(s), ${state ? 'warm' : 'fresh'}`,
          `${seconds(wallMs)} (efficiency ${(t1.wallMs / (k * wallMs)).toFixed(2)}); grid phase ` +
            `${seconds(gridMs)}, ${((cells * 1000) / gridMs).toFixed(1)} cells/s (efficiency ` +
            `${(t1.gridMs / (k * gridMs)).toFixed(2)}); workers' CPU ${cpu.toFixed(1)} s, ` +
            `${((cpu * 1000) / gridMs).toFixed(2)} cores busy`,
        ]);
      }
    }
    rows.push([
      'load average (1 min), start → end',
      `${loadAtStart.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
    ]);
    printTable(
      `queue (${label}${label === 'BENCH_COMPARE' ? `: ${checkouts[1].root}` : ''}): paper grid over pg-boss ` +
        `workers, 6 policies × seeds ${seeds}, median of ${repeat} (CSVs equal the local run's; efficiency ` +
        `t1 / (k · tk))`,
      rows,
    );
  }
} finally {
  await pg.stop();
  rmSync(out, { recursive: true, force: true });
}
