// What: the round trip of one small task through the PostgreSQL work queue to an idle, warm `hyperfleet worker` —
// what `serve --queue` adds to each simulation a user asks for: the worker's wake-up (a NOTIFY from the submitter),
// the task, and the submitter's read of the outcome (a NOTIFY from the worker, or its next poll, every 200 ms).
// One worker (one thread) on a throwaway PostgreSQL; 3 warm-up tasks, then BENCH_TASKS (default 20) tasks one after
// another, each a 1-day synthetic run of 20 pods on a 10-node fleet (a few ms of work), with their median and p90.
// Why: issue 17 asks for runs on demand through the queue; a fixed delay on each is what users wait for.
// BENCH_COMPARE=DIR measures the built checkout in DIR too (another commit, for a before/after), rounds interleaved.
import { resolve, join } from 'node:path';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { postgresUnavailableReason, startPostgres } from '../test/support/postgres.js';
import { median, printTable, projectRoot, startQueueWorker } from './support.js';

const unavailable = postgresUnavailableReason();
if (unavailable) {
  console.log(`queue-latency: skipped (${unavailable})`);
  process.exit(0);
}
const tasks = Math.max(1, Number(process.env.BENCH_TASKS ?? 20));
const checkouts = [
  { label: 'this checkout', root: projectRoot },
  ...(process.env.BENCH_COMPARE
    ? [{ label: 'BENCH_COMPARE', root: resolve(process.env.BENCH_COMPARE) }]
    : []),
];
const fleet = `site: { pue: 1.3, electricityUsdPerKWh: 0.08 }
pools: [{ name: a, accelerator: nvidia-a100, nodes: 10, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576 }]`;
const task = (seed) => ({
  fleet,
  fleetName: 'latency.yaml',
  workload: `synthetic:pods=20,days=1,seed=${seed}`,
  policy: 'bestfit',
  seed,
});

let databases = 0;
/** The round trips (ms) of `tasks` tasks sent one after another to one warm worker of `checkout`. */
async function round(pg, checkout) {
  const { QueuePool } = await import(pathToFileURL(join(checkout.root, 'dist/queue/index.js')).href);
  const { runTimeTaskOffThread } = await import(pathToFileURL(join(checkout.root, 'dist/sim/index.js')).href);
  const url = await pg.createDatabase(`latency_${databases++}`);
  const worker = await startQueueWorker(checkout.root, url);
  const pool = await QueuePool.connect(url, '--queue', { taskTimeoutSec: 60, onError: () => undefined });
  try {
    for (let i = 0; i < 3; i++) await runTimeTaskOffThread(pool, task(i + 1));
    const trips = [];
    for (let i = 0; i < tasks; i++) {
      const t0 = performance.now();
      const result = await runTimeTaskOffThread(pool, task(100 + i));
      trips.push(performance.now() - t0);
      if (result.placed !== 20) throw new Error(`${checkout.label}: ${result.placed} of 20 pods placed`);
    }
    return trips;
  } finally {
    await pool.close();
    worker.child.kill('SIGTERM');
    await worker.exit;
  }
}

const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(0.9 * (xs.length - 1))];
const loadAtStart = loadavg()[0];
const pg = await startPostgres();
try {
  const trips = new Map(checkouts.map((c) => [c.label, []]));
  for (const checkout of checkouts) trips.get(checkout.label).push(...(await round(pg, checkout)));
  const ms = (x) => `${x.toFixed(0)} ms`;
  printTable(
    `One task at a time to an idle warm worker (${tasks} tasks; load average ${loadAtStart.toFixed(1)} → ${loadavg()[0].toFixed(1)})`,
    checkouts.map((c) => {
      const xs = trips.get(c.label);
      return [c.label, `median ${ms(median(xs))}, p90 ${ms(p90(xs))}, min ${ms(Math.min(...xs))}`];
    }),
  );
  if (checkouts.length > 1) {
    const [a, b] = checkouts.map((c) => median(trips.get(c.label)));
    console.log(`median round trip, this checkout / BENCH_COMPARE: ${(a / b).toFixed(2)}`);
  }
} finally {
  await pg.stop();
}
