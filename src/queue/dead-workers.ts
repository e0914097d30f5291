/**
 * @module queue/dead-workers
 * Finding the tasks whose worker died and handing them back to pg-boss at once, instead of after their timeout
 * (pg-boss 10 has no heartbeat). A task's worker is dead when the advisory lock it recorded with the task
 * (worker-liveness.ts) is held by no session any more — PostgreSQL's own record of live sessions (`pg_locks`,
 * readable by every user), not a clock. Such a task is failed through pg-boss's API (`fail`), which puts it back in
 * the queue for another worker while retries remain, exactly as its timeout would.
 *
 * Most checks find nothing dead, so the check is a plain query first ({@link tasksOfDeadWorkers}: no transaction,
 * no lock). Only tasks it finds are failed, in one transaction that locks their job rows and checks them again
 * ({@link failTasksOfDeadWorkers}): a job that pg-boss's own expiry retried meanwhile, and another worker took and
 * recorded, is not failed a second time (the recorded attempt must still be the active one).
 */
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { BOSS_SCHEMA, LIVENESS_LOCK_CLASS, RESULT_SCHEMA, TASK_QUEUE } from './queue-settings.js';
import type { Sql } from './queue-tables.js';

/** What pg-boss stores as the reason (read back if the task runs out of retries). */
const DIED = { value: { message: 'its worker died (its database session ended)' } };

/** The active tasks among `$2` whose recorded attempt's worker holds no liveness lock any more. */
const DEAD_TASKS = `SELECT j.id FROM ${BOSS_SCHEMA}.job j
     JOIN ${RESULT_SCHEMA}.running r ON r.task_id = j.id AND r.started_on = j.started_on
    WHERE j.name = $1 AND j.id = ANY($2::uuid[]) AND j.state = 'active'
      AND NOT EXISTS (
        SELECT 1 FROM pg_locks l
         WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ${LIVENESS_LOCK_CLASS}
           AND l.objid = r.worker_key AND l.objsubid = 2)`;

/** The tasks among `taskIds` that look active on a worker whose session has ended (read without a lock). */
export async function tasksOfDeadWorkers(sql: Sql, taskIds: readonly string[]): Promise<string[]> {
  const { rows } = await sql.executeSql(DEAD_TASKS, [TASK_QUEUE, taskIds]);
  return rows.map((r) => String(r.id));
}

/**
 * Fails the tasks among `taskIds` that are still active on a worker whose session has ended, checked again with
 * their job rows locked; returns their ids. `client` is a connection of the caller's own (the transaction needs one
 * session), `boss` the caller's pg-boss.
 */
export async function failTasksOfDeadWorkers(
  client: pg.ClientBase,
  boss: PgBoss,
  taskIds: readonly string[],
): Promise<string[]> {
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ id: string }>(`${DEAD_TASKS} FOR UPDATE OF j SKIP LOCKED`, [
      TASK_QUEUE,
      taskIds,
    ]);
    const dead = rows.map((r) => r.id);
    const db = { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
    // One at a time: pg-boss types take a reason only with a single id (a dead worker had a few tasks at most).
    for (const id of dead) await boss.fail(TASK_QUEUE, id, DIED, { db });
    await client.query('COMMIT');
    return dead;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
