/**
 * @module queue/queue-tables
 * hyperfleet's own tables beside pg-boss's: each task's outcome (one row, written once: a retried task writes the
 * same outcome, and the first one stays) and its progress reports in order. The submitter that waits for a task
 * reads both and deletes them once it has the outcome. And which worker runs which task, so that a task whose worker
 * died is found (dead-workers.ts). Created by whichever process connects first, under a lock
 * so that workers starting together do not race.
 */
import { BOSS_SCHEMA, OUTCOME_STORED_CHANNEL, RESULT_SCHEMA, TASK_QUEUE } from './queue-settings.js';

/** What runs SQL: pg-boss's connection pool. */
export interface Sql {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** An arbitrary but fixed advisory-lock key for creating the tables (`hf-queue` in ASCII). */
const CREATE_LOCK = 0x68662d7175657565n;

export async function createQueueTables(sql: Sql): Promise<void> {
  await sql.executeSql(`
    BEGIN;
    SELECT pg_advisory_xact_lock(${CREATE_LOCK});
    CREATE SCHEMA IF NOT EXISTS ${RESULT_SCHEMA};
    CREATE TABLE IF NOT EXISTS ${RESULT_SCHEMA}.outcome (
      task_id uuid PRIMARY KEY,
      outcome bytea NOT NULL,
      finished_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE IF NOT EXISTS ${RESULT_SCHEMA}.progress (
      task_id uuid NOT NULL,
      seq integer NOT NULL,
      report jsonb NOT NULL,
      PRIMARY KEY (task_id, seq)
    );
    CREATE TABLE IF NOT EXISTS ${RESULT_SCHEMA}.running (
      task_id uuid PRIMARY KEY,
      worker_key integer NOT NULL,
      started_on timestamptz NOT NULL
    );
    CREATE SEQUENCE IF NOT EXISTS ${RESULT_SCHEMA}.worker_key AS integer CYCLE;
    COMMIT;`);
}

/**
 * Stores a task's outcome; a retry's (the same) outcome after the first is ignored. The first one notifies the
 * submitter (task-signal.ts), in the same statement: the notice is delivered once the outcome is committed.
 */
export async function storeOutcome(sql: Sql, taskId: string, outcome: Buffer): Promise<void> {
  await sql.executeSql(
    `WITH stored AS (
       INSERT INTO ${RESULT_SCHEMA}.outcome (task_id, outcome) VALUES ($1, $2)
       ON CONFLICT (task_id) DO NOTHING RETURNING task_id)
     SELECT pg_notify('${OUTCOME_STORED_CHANNEL}', task_id::text) FROM stored`,
    [taskId, outcome],
  );
}

/** Stores a task's `seq`-th report; a retry repeats the same reports in the same order, and those are ignored. */
export async function storeProgress(sql: Sql, taskId: string, seq: number, report: unknown): Promise<void> {
  await sql.executeSql(
    `INSERT INTO ${RESULT_SCHEMA}.progress (task_id, seq, report) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [taskId, seq, JSON.stringify(report)],
  );
}

/** The outcomes stored for any of `taskIds`. */
export async function readOutcomes(sql: Sql, taskIds: readonly string[]): Promise<Map<string, Buffer>> {
  const { rows } = await sql.executeSql(
    `SELECT task_id, outcome FROM ${RESULT_SCHEMA}.outcome WHERE task_id = ANY($1::uuid[])`,
    [taskIds],
  );
  return new Map(rows.map((r) => [r.task_id as string, r.outcome as Buffer]));
}

/** The reports of `taskIds` after the `seq` each has been given up to (-1: none yet), in order. */
export async function readProgress(
  sql: Sql,
  after: ReadonlyMap<string, number>,
): Promise<{ taskId: string; seq: number; report: unknown }[]> {
  const ids = [...after.keys()];
  const seqs = ids.map((id) => after.get(id) ?? -1);
  const { rows } = await sql.executeSql(
    `SELECT p.task_id, p.seq, p.report FROM ${RESULT_SCHEMA}.progress p
       JOIN UNNEST($1::uuid[], $2::int[]) AS w(task_id, seen) ON w.task_id = p.task_id AND p.seq > w.seen
     ORDER BY p.task_id, p.seq`,
    [ids, seqs],
  );
  return rows.map((r) => ({ taskId: r.task_id as string, seq: r.seq as number, report: r.report }));
}

/**
 * Records that the worker holding the liveness lock `workerKey` runs task `taskId` (pg-boss's attempt that is
 * active now, told apart from earlier ones by its start time: a record left by a dead worker's attempt never
 * matches the retry).
 */
export async function recordRunning(sql: Sql, taskId: string, workerKey: number): Promise<void> {
  await sql.executeSql(
    `INSERT INTO ${RESULT_SCHEMA}.running (task_id, worker_key, started_on)
       SELECT id, $2, started_on FROM ${BOSS_SCHEMA}.job WHERE name = $3 AND id = $1 AND state = 'active'
     ON CONFLICT (task_id) DO UPDATE SET worker_key = EXCLUDED.worker_key, started_on = EXCLUDED.started_on`,
    [taskId, workerKey, TASK_QUEUE],
  );
}

/** Deletes what was kept of finished tasks (one statement: one round trip, whatever the number of tables). */
export async function forgetTasks(sql: Sql, taskIds: readonly string[]): Promise<void> {
  await sql.executeSql(
    `WITH progress AS (DELETE FROM ${RESULT_SCHEMA}.progress WHERE task_id = ANY($1::uuid[])),
          running AS (DELETE FROM ${RESULT_SCHEMA}.running WHERE task_id = ANY($1::uuid[]))
     DELETE FROM ${RESULT_SCHEMA}.outcome WHERE task_id = ANY($1::uuid[])`,
    [taskIds],
  );
}

/**
 * The tasks among `taskIds` that pg-boss gave up on: their worker died or timed out more often than the retry
 * limit allows (a task that failed by itself has an outcome instead), with pg-boss's reason.
 */
export async function readAbandoned(sql: Sql, taskIds: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await sql.executeSql(
    `SELECT id, output FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'failed'`,
    [TASK_QUEUE, taskIds],
  );
  return new Map(rows.map((r) => [r.id as string, reasonOf(r.output)]));
}

function reasonOf(output: unknown): string {
  const value = (output as { value?: { message?: unknown } } | null)?.value;
  return typeof value?.message === 'string' ? value.message : 'abandoned by pg-boss';
}
