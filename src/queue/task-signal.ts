/**
 * @module queue/task-signal
 * Waking the other side of the queue instead of leaving it to its polling, on PostgreSQL channels (`NOTIFY`):
 * - tasks sent: pg-boss 10 only polls, and no faster than every 0.5 s, so on their own idle workers would take a
 *   new task up to that late — a fixed delay on every grid and every simulation the server sends to idle workers.
 *   A submitter that sent tasks says so, and each worker listens on its liveness session (held anyway) and asks
 *   pg-boss for a task at once;
 * - outcome stored: the worker's insert of an outcome notifies with the task's id (in the same statement, so the
 *   notice is delivered when the outcome is committed and readable), and the submitter waiting for that task reads
 *   it at once instead of at its next poll (up to SUBMITTER_POLL_MS later).
 * The polling stays on both sides: a signal lost (a session reconnecting) only means the next poll does the work.
 */
import type pg from 'pg';
import type { Sql } from './queue-tables.js';
import { OUTCOME_STORED_CHANNEL } from './queue-settings.js';

/** The channel (a name of our own, so that other users of the database do not wake our workers by chance). */
const TASK_SENT_CHANNEL = 'hyperfleet_task_sent';

/** Tells listening workers that tasks wait. */
export async function signalTasksSent(sql: Sql): Promise<void> {
  await sql.executeSql(`SELECT pg_notify('${TASK_SENT_CHANNEL}', '')`);
}

/** Calls `onSent` whenever a submitter signals tasks on `client`'s session, from now on. */
export async function listenForTasks(client: pg.Client, onSent: () => void): Promise<void> {
  client.on('notification', (message) => {
    if (message.channel === TASK_SENT_CHANNEL) onSent();
  });
  await client.query(`LISTEN ${TASK_SENT_CHANNEL}`);
}

/** Calls `onStored(taskId)` whenever a worker stores an outcome, heard on `client`'s session from now on. */
export async function listenForOutcomes(
  client: pg.Client,
  onStored: (taskId: string) => void,
): Promise<void> {
  client.on('notification', (message) => {
    if (message.channel === OUTCOME_STORED_CHANNEL && message.payload) onStored(message.payload);
  });
  await client.query(`LISTEN ${OUTCOME_STORED_CHANNEL}`);
}
