/**
 * The queue pool and worker in one process on a real, throwaway PostgreSQL (the tasks run in this thread: under
 * the test runner there is no compiled worker module). A plan through the queue reports the same phases, in the
 * same order, and returns the same plan as run here; a task refused for bad input comes back as the same
 * InputError (code and message), not as an internal failure; outcomes keep what JSON would lose.
 */
import postgres from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, InputError, isInputError } from '../errors/index.js';
import {
  demandRequest,
  runPlanOffThread,
  runPlanTask,
  type PlanProgress,
  type PlanTask,
} from '../plan/index.js';
import { runTimeTaskOffThread, type TimeTask } from '../sim/index.js';
import { smallDemand } from '../../test/support/plan-fixture.js';
import {
  postgresUnavailableReason,
  type RunningPostgres,
  startPostgres,
} from '../../test/support/postgres.js';
import { QueuePool, type QueuePoolOptions } from './queue-pool.js';
import { runQueueWorker } from './queue-worker.js';
import { ABANDONED_CHECK_MS, BOSS_SCHEMA, TASK_QUEUE } from './queue-settings.js';
import { storeOutcome } from './queue-tables.js';
import { decodeOutcome, encodeFailure, encodeResult, RemoteTaskError } from './task-outcome.js';

const unavailable = postgresUnavailableReason();

/** A value as JSON without the solver's wall-clock seconds (the one field that differs between equal runs). */
function withoutSolveTimes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'seconds' ? undefined : v)));
}

/** The id of the one task queued in `db` (waits until it is there). */
async function queuedTaskId(db: postgres.Client): Promise<string> {
  for (;;) {
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM ${BOSS_SCHEMA}.job WHERE name = $1`, [
      TASK_QUEUE,
    ]);
    if (rows[0]) return rows[0].id;
  }
}

describe('task outcomes', () => {
  it('come back exactly: NaN, −0, undefined fields and the last bit of a double', () => {
    const result = { a: NaN, b: -0, c: undefined, d: 0.1 + 0.2, e: [Infinity] };
    expect(decodeOutcome(encodeResult(result), 't')).toStrictEqual(result);
  });

  it('keep bad input as an InputError with its code and issues; other failures are the worker’s', () => {
    const bad = new InputError(ErrorCode.InvalidField, { file: 'f.csv', line: 3, field: 'x', got: 'y' });
    expect(() => decodeOutcome(encodeFailure(bad), 't')).toThrow(bad.message);
    try {
      decodeOutcome(encodeFailure(bad), 't');
    } catch (e) {
      expect(isInputError(e) && e.code).toBe(ErrorCode.InvalidField);
    }
    expect(() => decodeOutcome(encodeFailure(new Error('boom')), 't1')).toThrow(RemoteTaskError);
    expect(() => decodeOutcome(encodeFailure(new Error('boom')), 't1')).toThrow(
      /task t1 failed on its worker: boom/,
    );
  });
});

describe.skipIf(unavailable !== undefined)('the queue pool with a worker, on PostgreSQL', () => {
  let pg: RunningPostgres;
  let pool: QueuePool;
  let stopWorker: () => void;
  let worker: Promise<number>;
  const lines: string[] = [];

  beforeAll(async () => {
    pg = await startPostgres();
    const url = await pg.createDatabase('queue_unit');
    worker = runQueueWorker({
      url,
      field: '--queue',
      threads: 1,
      log: (line) => lines.push(line),
      stop: new Promise((resolve) => (stopWorker = () => resolve(undefined))),
    });
    pool = await QueuePool.connect(url, '--queue', {
      taskTimeoutSec: 60,
      onError: (e) => lines.push(e.message),
    });
  }, 60_000);

  afterAll(async () => {
    stopWorker?.();
    try {
      await worker;
      await pool?.close();
    } finally {
      await pg?.stop();
    }
  });

  it('a plan: the same phases in order and the same plan as here', async () => {
    const task: PlanTask = {
      demandRequest: demandRequest(smallDemand(), 'demand'),
      mipRelGap: 0.001,
      timeLimitSec: 60,
      paretoPoints: 0,
    };
    const here: PlanProgress[] = [];
    const expected = await runPlanTask(task, (p) => here.push(p));
    const there: PlanProgress[] = [];
    const got = await runPlanOffThread(pool, task, (p) => there.push(p));
    expect(there.length).toBeGreaterThan(2);
    expect(there).toEqual(here);
    expect(withoutSolveTimes(got)).toEqual(withoutSolveTimes(expected));
    expect(lines.some((l) => /task \S+ plan done/.test(l))).toBe(true);
  }, 60_000);

  it('a task refused for bad input fails with that InputError, not as an internal failure', async () => {
    const task = {
      fleet: 'pools: [',
      fleetName: 'broken.yaml',
      workload: 'synthetic:pods=10,days=1,seed=1',
      policy: 'bestfit',
      seed: 1,
    } as TimeTask;
    const error = await runTimeTaskOffThread(pool, task).catch((e: unknown) => e);
    expect(isInputError(error)).toBe(true);
    expect((error as InputError).message).toMatch(/broken\.yaml/);
  }, 30_000);

  /** A task that is never run: no worker listens on the databases these tests make for it. */
  const idleTask = {
    fleet: 'pools: []',
    workload: 'synthetic:pods=1,days=1,seed=1',
    policy: 'bestfit',
    seed: 1,
  } as TimeTask;

  /** Runs `use` with a submitter on a database of its own (no worker) and a client of that database. */
  async function withIdleQueue(
    database: string,
    options: Partial<QueuePoolOptions>,
    use: (submitter: QueuePool, db: postgres.Client) => Promise<void>,
  ): Promise<void> {
    const url = await pg.createDatabase(database);
    const submitter = await QueuePool.connect(url, '--queue', {
      taskTimeoutSec: 60,
      onError: (e) => lines.push(e.message),
      ...options,
    });
    const db = new postgres.Client({ connectionString: url });
    await db.connect();
    try {
      await use(submitter, db);
    } finally {
      await db.end();
      await submitter.close();
    }
  }

  it('an outcome stored is read at once, announced, not at the next poll', async () => {
    // Polls a minute apart: only the announcement can deliver in time.
    await withIdleQueue('queue_announced', { pollMs: 60_000 }, async (submitter, db) => {
      const result = runTimeTaskOffThread(submitter, idleTask);
      const id = await queuedTaskId(db);
      const stored = Date.now();
      // What a worker does when the task is done (one statement: the outcome and its announcement).
      await storeOutcome(
        { executeSql: (text, values) => db.query(text, values) },
        id,
        encodeResult({ answer: 42 }),
      );
      expect(await result).toEqual({ answer: 42 });
      expect(Date.now() - stored).toBeLessThan(10_000);
    });
  }, 30_000);

  it('a task pg-boss gave up on fails with its reason, found by the slower check, not every read', async () => {
    // The task stays queued until we mark it given up on.
    const opened = Date.now();
    await withIdleQueue('queue_abandoned', {}, async (submitter, db) => {
      const outcome = runTimeTaskOffThread(submitter, idleTask).then(
        () => undefined,
        (e: unknown) => ({ error: e, at: Date.now() }),
      );
      const id = await queuedTaskId(db);
      // What pg-boss leaves when a task ran out of retries.
      await db.query(`UPDATE ${BOSS_SCHEMA}.job SET state = 'failed', output = $2 WHERE id = $1`, [
        id,
        { value: { message: 'its worker died (test)' } },
      ]);
      const failed = await outcome;
      expect(failed?.error).toBeInstanceOf(RemoteTaskError);
      expect((failed?.error as Error).message).toMatch(
        /abandoned after 3 retries \(its worker died \(test\)\)/,
      );
      expect(failed!.at - opened).toBeGreaterThanOrEqual(ABANDONED_CHECK_MS);
    });
  }, 30_000);
});
