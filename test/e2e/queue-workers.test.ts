/**
 * The PostgreSQL work queue end to end (issue 17): three `hyperfleet worker` processes (dist/) on a real, throwaway
 * PostgreSQL; `experiment --queue` submits a grid (2 policies × 3 seeds of the paper protocol on the openb default
 * trace); the first worker to start a task is killed with SIGKILL in the middle of it. The task must be finished
 * by another worker within seconds — its database session ended; the task timeout (300 s) plays no part — and the
 * paper CSVs must equal a local run's byte for byte. Bad `--queue` values (wrong scheme, nobody listening) are
 * refused in one line, exit 2, password never shown.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUnavailableReason, type RunningPostgres, startPostgres } from '../support/postgres.js';
import { expectRefusal, projectRoot, runCli, tempDir } from '../support/cli.js';
import { announceSkip, sharedOpenbDir } from '../support/shared.js';

const unavailable = postgresUnavailableReason();
const traces = announceSkip(sharedOpenbDir(), 'queue e2e tests');
const CSVS = ['analysis_allo_discrete.csv', 'analysis_frag_discrete.csv', 'analysis_frag_ratio_discrete.csv'];
const GRID = ['--policies', 'fgd,bestfit', '--seeds', '42-44', '--tune', '1.3'];

/** A CLI process whose output is collected as it comes. */
interface Started {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exit: Promise<number | null>;
}

function start(args: readonly string[]): Started {
  const child = spawn(process.execPath, [join(projectRoot, 'bin/hyperfleet.cjs'), ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started: Started = {
    child,
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (b: Buffer) => (started.stdout += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (started.stderr += b.toString()));
  return started;
}

async function until<T>(what: string, check: () => T | undefined, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits (at most 10 s) until a worker has recorded task `taskId` as running (queue/queue-tables). */
async function recordedRunning(url: string, taskId: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const end = Date.now() + 10_000;
    for (;;) {
      const { rowCount } = await client.query('SELECT 1 FROM hyperfleet_queue.running WHERE task_id = $1', [
        taskId,
      ]);
      if (rowCount) return;
      if (Date.now() > end) throw new Error(`timed out waiting for task ${taskId} to be recorded as running`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await client.end();
  }
}

/** A loopback port nobody listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(unavailable !== undefined || traces === undefined)('hyperfleet worker --queue', () => {
  let postgres: RunningPostgres;
  let url: string;
  const workers: Started[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    url = await postgres.createDatabase('queue_e2e');
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await postgres?.stop();
  });

  it('three workers, one killed mid-task: the grid still equals the local run byte for byte', async () => {
    const dir = tempDir();
    const local = runCli([
      'experiment',
      '--traces',
      traces!,
      ...GRID,
      '--workers',
      '1',
      '--out',
      join(dir, 'local'),
    ]);
    expect(local.status).toBe(0);

    for (let i = 0; i < 3; i++) workers.push(start(['worker', '--queue', url]));
    await until(
      'three workers',
      () => (workers.every((w) => /taking tasks/.test(w.stdout)) ? true : undefined),
      30_000,
    );

    // A task timeout far beyond the test's own: the killed worker's task must be retried because its session
    // ended, not because it timed out.
    const queued = start([
      'experiment',
      '--traces',
      traces!,
      ...GRID,
      '--out',
      join(dir, 'queued'),
      '--queue',
      url,
      '--task-timeout',
      '300',
    ]);
    const [victim, taskId] = await until(
      'a task to start',
      () => {
        for (const w of workers) {
          const m = /task (\S+) grid started/.exec(w.stdout);
          if (m) return [w, m[1]] as const;
        }
        return undefined;
      },
      30_000,
    );
    // The task starts while its worker records it as running; the kill comes once the record is there (a worker
    // killed before it is retried only at the task timeout).
    await recordedRunning(url, taskId);
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await victim.exit).toBe(null);
    const survivors = workers.filter((w) => w !== victim);
    await until(
      'the killed worker’s task to start again',
      () => (survivors.some((w) => w.stdout.includes(`task ${taskId} grid started`)) ? true : undefined),
      60_000,
    );
    const recoveryMs = Date.now() - killedAt;
    console.log(
      `queue e2e: a SIGKILLed worker's task started again elsewhere ${recoveryMs} ms after the kill`,
    );
    // Within seconds (a check every 2 s, a worker polling every 0.5 s), nowhere near the 300 s timeout.
    expect(recoveryMs).toBeLessThan(30_000);
    // The first task of a worker loads the trace (seconds): it was killed before finishing it.
    expect(victim.stdout).not.toContain(`task ${taskId} grid done`);

    expect(await queued.exit).toBe(0);
    expect(queued.stderr).toMatch(/6 runs in .* on queue workers/);
    for (const csv of CSVS) {
      expect(readFileSync(join(dir, 'queued', csv), 'utf8')).toBe(
        readFileSync(join(dir, 'local', csv), 'utf8'),
      );
    }
    // Retried elsewhere: a surviving worker ran the killed worker's task to the end.
    expect(survivors.some((w) => w.stdout.includes(`task ${taskId} grid done`))).toBe(true);
    // Every task was done by some worker; the survivors stop cleanly on SIGTERM.
    for (const w of survivors) w.child.kill('SIGTERM');
    for (const w of survivors) expect(await w.exit).toBe(0);
    expect(survivors.map((w) => w.stdout).join('')).toMatch(/task\(s\) done, stopped/);
  }, 120_000);

  it('refuses a URL that is not PostgreSQL’s, and a server nobody answers, in one line (exit 2)', async () => {
    expectRefusal(
      runCli(['worker', '--queue', 'http://user:secret@localhost/x']),
      /^✖ --queue: expected a PostgreSQL URL, postgres:\/\/USER\[:PASSWORD\]@HOST\[:PORT\]\/DATABASE, got "http:\/\/localhost\/x"$/,
    );
    expectRefusal(runCli(['worker', '--queue', 'not a url']), /^✖ --queue: expected a PostgreSQL URL/);
    const port = await closedPort();
    const down = runCli(['worker', '--queue', `postgres://user:secret@127.0.0.1:${port}/x`]);
    expectRefusal(
      down,
      new RegExp(
        `^✖ --queue: cannot use the PostgreSQL queue at postgres://127\\.0\\.0\\.1:${port}/x: .*ECONNREFUSED`,
      ),
    );
    expect(down.stderr).not.toContain('secret');
    const dir = tempDir();
    expectRefusal(
      runCli([
        'experiment',
        '--traces',
        traces!,
        ...GRID,
        '--out',
        dir,
        '--queue',
        `postgresql://127.0.0.1:${port}/x`,
      ]),
      /^✖ --queue: cannot use the PostgreSQL queue at postgresql:\/\/127\.0\.0\.1:\d+\/x/,
    );
    expectRefusal(
      runCli(['worker', '--queue', url, '--threads', '0']),
      /^✖ --threads: expected a whole number ≥ 1/,
    );
  }, 60_000);
});
