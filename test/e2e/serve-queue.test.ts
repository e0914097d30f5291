/**
 * `hyperfleet serve --queue` end to end (issue 17): a real `serve` (dist/) submits the dashboard's runs to a real,
 * throwaway PostgreSQL, and one real `hyperfleet worker` runs them. A paper simulation, a fleet-over-time
 * simulation and a plan, posted to `/v1/simulations` and `/v1/plans`, give the same results as a `serve` without
 * `--queue` on the same requests; while they run, status and progress read as without a queue (a plan's phases a
 * prefix of its final ones, simulation progress growing); and the worker's log shows it ran every task.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { postgresUnavailableReason, type RunningPostgres, startPostgres } from '../support/postgres.js';
import { projectRoot } from '../support/cli.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

const unavailable = postgresUnavailableReason();
const SMALL_DEMAND = join(projectRoot, 'examples/plans/small.yaml');
const PAPER = { kind: 'paper', workload: 'synthetic', policies: ['bestfit', 'fgd'], seeds: '42-43' };
const TIME = {
  kind: 'time',
  fleet: 'mixed-10k',
  workload: { pods: 4000, days: 2 },
  policies: ['fgd', 'bestfit'],
  seed: 7,
};

/* eslint-disable @typescript-eslint/no-explicit-any -- runs as the wire carries them */
interface RunState {
  status: string;
  progress?: number;
  phase?: string;
  phases?: { phase: string }[];
  error?: string;
  result?: any;
}

/** A value without what differs between two equal runs: wall-clock times and ids. */
function comparable(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v) =>
      ['seconds', 'elapsedMs', 'wallMs', 'id', 'demandFile', 'createdAt'].includes(key) ? undefined : v,
    ),
  );
}

/** Posts `body` to `path` and polls the run until it ends; returns every state read, the last one finished. */
async function runToEnd(base: string, path: string, body: unknown): Promise<RunState[]> {
  const posted = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(posted.status).toBe(202);
  const { id } = (await posted.json()) as { id: string };
  const seen: RunState[] = [];
  for (;;) {
    const state = (await (await fetch(`${base}${path}/${id}`)).json()) as RunState;
    seen.push(state);
    if (state.status === 'done' || state.status === 'failed') return seen;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(unavailable !== undefined)('hyperfleet serve --queue with a worker', () => {
  let pg: RunningPostgres;
  let worker: ChildProcess;
  let workerLog = '';
  let local: ServeProcess;
  let queued: ServeProcess;

  beforeAll(async () => {
    pg = await startPostgres();
    const url = await pg.createDatabase('serve_queue');
    worker = spawn(process.execPath, [join(projectRoot, 'bin/hyperfleet.cjs'), 'worker', '--queue', url], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.on('data', (b: Buffer) => (workerLog += b.toString()));
    worker.stderr!.on('data', (b: Buffer) => (workerLog += b.toString()));
    const end = Date.now() + 30_000;
    while (!workerLog.includes('taking tasks')) {
      if (Date.now() > end) throw new Error(`the worker did not start:\n${workerLog}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    local = await startServe(['--policy', 'bestfit', '--db', ':memory:']);
    queued = await startServe(['--policy', 'bestfit', '--db', ':memory:', '--queue', url]);
  }, 90_000);

  afterAll(async () => {
    try {
      for (const s of [local, queued]) if (s && s.child.exitCode === null) await s.stop('SIGTERM');
      worker?.kill('SIGTERM');
    } finally {
      await pg?.stop();
    }
  });

  /** The kinds of task the worker finished so far. */
  const doneByWorker = (kind: string) =>
    workerLog.match(new RegExp(`task \\S+ ${kind} done`, 'g'))?.length ?? 0;

  it('simulations: the same results as without a queue, progress readable while they run', async () => {
    for (const [body, kind, tasks] of [
      [PAPER, 'grid', 4],
      [TIME, 'time', 2],
    ] as const) {
      const before = doneByWorker(kind);
      const here = (await runToEnd(local.address, '/v1/simulations', body)).at(-1)!;
      const seen = await runToEnd(queued.address, '/v1/simulations', body);
      const there = seen.at(-1)!;
      expect(here.error).toBeUndefined();
      expect(there.error).toBeUndefined();
      expect(there.status).toBe('done');
      expect(there.result).toBeDefined();
      expect(comparable(there.result)).toEqual(comparable(here.result));
      expect(doneByWorker(kind) - before).toBe(tasks);
      // Progress read while running never goes back and stays within 0..1.
      const progress = seen.filter((s) => s.status === 'running').map((s) => s.progress!);
      expect(progress.length).toBeGreaterThan(0);
      for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
      for (const p of progress) expect(p >= 0 && p <= 1).toBe(true);
    }
  }, 240_000);

  it('a plan: the same plan as without a queue, its phases readable while it runs', async () => {
    const demand = parseYaml(readFileSync(SMALL_DEMAND, 'utf8')) as object;
    const before = doneByWorker('plan');
    const here = (await runToEnd(local.address, '/v1/plans', { demand })).at(-1)!;
    const seen = await runToEnd(queued.address, '/v1/plans', { demand });
    const there = seen.at(-1)!;
    expect(here.error).toBeUndefined();
    expect(there.error).toBeUndefined();
    expect(there.result).toBeDefined();
    expect(comparable(there.result)).toEqual(comparable(here.result));
    expect(doneByWorker('plan') - before).toBe(1);
    const final = there.phases!.map((p) => p.phase);
    expect(final).toEqual(here.phases!.map((p) => p.phase));
    const running = seen.filter((s) => s.status === 'running' && s.phase !== undefined);
    expect(running.length).toBeGreaterThan(0);
    for (const s of running) {
      const done = s.phases!.map((p) => p.phase);
      expect(final.slice(0, done.length)).toEqual(done);
      expect(s.phase).toBe(final[done.length]);
    }
  }, 240_000);
});
