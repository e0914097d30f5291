/**
 * @module queue/queue-worker
 * `hyperfleet worker --queue …`: takes tasks from the pg-boss queue, one per thread at a time, runs each on this
 * process's worker threads (sim's OffThread, as a submitter without a queue would) and stores its outcome — the
 * result, or the task's own failure, which is not retried (it fails the same way everywhere). Progress reports are
 * stored as they come. Only an outcome that cannot be stored fails the job, so that pg-boss retries it. On stop, the
 * tasks in hand are finished first. The worker holds a liveness session (worker-liveness.ts) and records its key
 * with each task it starts, so that its tasks are retried elsewhere within seconds if it dies.
 */
import type PgBoss from 'pg-boss';
import { OffThread } from '../sim/index.js';
import { connectQueue, parseQueueUrl, queueRefusal } from './queue-connection.js';
import { TASK_QUEUE, WORKER_POLL_SEC } from './queue-settings.js';
import { recordRunning, type Sql, storeOutcome, storeProgress } from './queue-tables.js';
import { isTaskKind, TASK_KINDS } from './task-kinds.js';
import { encodeFailure, encodeResult } from './task-outcome.js';
import { WorkerLiveness } from './worker-liveness.js';

export interface QueueWorkerOptions {
  /** The `--queue` URL as given, and the option's name for refusals. */
  readonly url: string;
  readonly field: string;
  /** Tasks run at once (each on a thread of its own). */
  readonly threads: number;
  /** One line per event (started, each task begun and ended). */
  readonly log: (line: string) => void;
  /** Resolves when the worker should stop. */
  readonly stop: Promise<unknown>;
}

interface TaskMessage {
  readonly kind?: unknown;
  readonly task?: unknown;
}

/** Runs until `stop`; returns how many tasks it finished. */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<number> {
  const { log } = options;
  const url = parseQueueUrl(options.url, options.field);
  const connection = await connectQueue(url, options.field, (e) =>
    log(`queue error (retrying): ${e.message}`),
  );
  // pg-boss's workers of this process, woken when a submitter signals new tasks (task-signal.ts).
  const workerIds: string[] = [];
  const wake = () => {
    for (const id of workerIds) connection.boss.notifyWorker(id);
  };
  let liveness: WorkerLiveness;
  try {
    liveness = await WorkerLiveness.open(url, log, wake);
  } catch (e) {
    await connection.close();
    throw queueRefusal(url, options.field, e);
  }
  // The threads live as long as the worker (each parses a trace once, for all the tasks it runs on it).
  const pool = new OffThread(options.threads, { keepThreads: true });
  const sql = connection.boss.getDb();
  let finished = 0;
  try {
    // They start now with the grid cell's code loaded: grid cells are the short tasks, where loading it would show.
    // A worker whose threads cannot load it takes no task.
    await pool.preload(TASK_KINDS.grid.module);
    for (let i = 0; i < options.threads; i++) {
      let workerId = '';
      workerId = await connection.boss.work<TaskMessage>(
        TASK_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: WORKER_POLL_SEC },
        async ([job]) => {
          if (!job) return;
          await runJob(sql, pool, job, liveness.key, log);
          finished++;
          // pg-boss waits out the polling interval after a short task; a worker that just finished one asks for
          // the next at once (short grid cells would otherwise run at most two a second).
          connection.boss.notifyWorker(workerId);
        },
      );
      workerIds.push(workerId);
    }
    log(`hyperfleet worker: taking tasks from ${connection.where} on ${options.threads} thread(s)`);
    await options.stop;
    log('hyperfleet worker: stopping after the tasks in hand');
  } finally {
    // A graceful stop waits for the handlers running now; their outcomes are stored before it returns.
    await connection.close();
    await liveness.close();
    await pool.close();
  }
  return finished;
}

/**
 * Runs one task and stores its outcome. The task starts at once, while its record as running is written: a worker
 * that dies before the record lands has its task retried at the task's timeout instead of within seconds.
 */
export async function runJob(
  sql: Sql,
  pool: Pick<OffThread, 'run'>,
  job: Pick<PgBoss.Job<TaskMessage>, 'id' | 'data'>,
  workerKey: number,
  log: (line: string) => void,
): Promise<void> {
  const { kind, task } = job.data ?? {};
  // Not recorded (the database is unreachable for a moment): the task is retried at its timeout if we die.
  const recorded = recordRunning(sql, job.id, workerKey).catch((e: Error) =>
    log(`task ${job.id}: not recorded as running: ${e.message}`),
  );
  const t0 = performance.now();
  let outcome: Buffer;
  if (!isTaskKind(kind)) {
    outcome = encodeFailure(new Error(`unknown task kind ${JSON.stringify(kind)}`));
  } else {
    log(`task ${job.id} ${kind} started`);
    const entry = TASK_KINDS[kind];
    // Reports are stored in order, one after the other; one that cannot be stored is told, not fatal.
    let stored = Promise.resolve();
    let seq = 0;
    const report = entry.reports
      ? (progress: unknown) => {
          const n = seq++;
          stored = stored.then(() =>
            storeProgress(sql, job.id, n, progress).catch((e: Error) =>
              log(`task ${job.id}: progress not stored: ${e.message}`),
            ),
          );
        }
      : undefined;
    try {
      const result = await pool.run(entry.module, task, async () => entry.run as never, report);
      outcome = encodeResult(result);
    } catch (e) {
      outcome = encodeFailure(e);
      log(`task ${job.id} ${kind} failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
    await stored;
  }
  // The record lands before the outcome: one written after the submitter read the outcome and forgot the task
  // would stay behind.
  await recorded;
  // Thrown on: pg-boss fails the job and retries it.
  await storeOutcome(sql, job.id, outcome);
  log(`task ${job.id} ${String(kind)} done in ${Math.round(performance.now() - t0)} ms`);
}
