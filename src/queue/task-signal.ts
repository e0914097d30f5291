/**
 * @module queue/task-signal
 * Waking idle workers when tasks are sent. pg-boss 10 only polls, and no faster than every 0.5 s: on their own,
 * idle workers would take a new task up to that late — a fixed delay on every grid and every simulation the server
 * sends to idle workers. So a submitter that sent tasks says so on a PostgreSQL channel (`NOTIFY`), and each
 * worker listens on its liveness session (held anyway) and asks pg-boss for a task at once. The polling stays: a
 * signal lost (a worker reconnecting) only means the task is taken at the next poll.
 */
import type pg from 'pg';
import type { Sql } from './queue-tables.js';

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
