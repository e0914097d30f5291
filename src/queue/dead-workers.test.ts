/**
 * The dead-worker check on a real, throwaway PostgreSQL: a task whose worker's liveness session is open is left
 * alone; once that session ends, the task is failed through pg-boss and comes back for another worker (state
 * `retry`, retry count kept); the record of the dead attempt does not make the retry's attempt look dead. The
 * first look takes no lock and opens no transaction; a task it found dead whose retry another worker took and
 * recorded before the locked re-check is not failed. The liveness session also carries the signal of new tasks,
 * and carries it again once reopened.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  postgresUnavailableReason,
  type RunningPostgres,
  startPostgres,
} from '../../test/support/postgres.js';
import { failTasksOfDeadWorkers, tasksOfDeadWorkers } from './dead-workers.js';
import { connectQueue, type QueueConnection } from './queue-connection.js';
import { TASK_QUEUE } from './queue-settings.js';
import { recordRunning } from './queue-tables.js';
import { signalTasksSent } from './task-signal.js';
import { WorkerLiveness } from './worker-liveness.js';

const unavailable = postgresUnavailableReason();

describe.skipIf(unavailable !== undefined)('failing the tasks of dead workers', () => {
  let pg_: RunningPostgres;
  let url: URL;
  let queue: QueueConnection;
  let client: pg.Client;

  beforeAll(async () => {
    pg_ = await startPostgres();
    url = new URL(await pg_.createDatabase('dead_workers'));
    queue = await connectQueue(url, '--queue', () => undefined);
    client = new pg.Client({ connectionString: url.href });
    await client.connect();
  }, 60_000);

  afterAll(async () => {
    try {
      await client?.end();
      await queue?.close();
    } finally {
      await pg_?.stop();
    }
  });

  /** Sends a task and takes it, as a worker would; returns its id. */
  async function takeTask(): Promise<string> {
    const id = await queue.boss.send(TASK_QUEUE, { kind: 'time' }, { retryLimit: 3, retryDelay: 0 });
    const [job] = await queue.boss.fetch(TASK_QUEUE);
    expect(job?.id).toBe(id);
    return id!;
  }

  async function stateOf(id: string): Promise<{ state: string; retryCount: number }> {
    const job = await queue.boss.getJobById(TASK_QUEUE, id);
    return { state: job!.state, retryCount: job!.retryCount };
  }

  it('leaves a live worker’s task alone and hands a dead worker’s back to pg-boss', async () => {
    const lines: string[] = [];
    const alive = await WorkerLiveness.open(url, (l) => lines.push(l));
    const doomed = await WorkerLiveness.open(url, (l) => lines.push(l));
    expect(alive.key).not.toBe(doomed.key);
    const kept = await takeTask();
    const lost = await takeTask();
    await recordRunning(queue.boss.getDb(), kept, alive.key);
    await recordRunning(queue.boss.getDb(), lost, doomed.key);

    expect(await failTasksOfDeadWorkers(client, queue.boss, [kept, lost])).toEqual([]);
    await doomed.close();
    expect(await failTasksOfDeadWorkers(client, queue.boss, [kept, lost])).toEqual([lost]);
    expect(await stateOf(lost)).toEqual({ state: 'retry', retryCount: 0 });
    expect((await stateOf(kept)).state).toBe('active');
    expect(lines).toEqual([]);

    // The retry is taken by another worker before it records itself: the dead attempt's record does not match it.
    const [again] = await queue.boss.fetch(TASK_QUEUE);
    expect(again?.id).toBe(lost);
    expect(await failTasksOfDeadWorkers(client, queue.boss, [kept, lost])).toEqual([]);
    expect(await stateOf(lost)).toEqual({ state: 'active', retryCount: 1 });
    await alive.close();
  }, 30_000);

  it('looks without a transaction first, and re-checks under lock what it found', async () => {
    const alive = await WorkerLiveness.open(url, () => undefined);
    const doomed = await WorkerLiveness.open(url, () => undefined);
    const kept = await takeTask();
    const lost = await takeTask();
    await recordRunning(queue.boss.getDb(), kept, alive.key);
    await recordRunning(queue.boss.getDb(), lost, doomed.key);
    // What the look sends to the database: no BEGIN, no FOR UPDATE.
    const sent: string[] = [];
    const sql = {
      executeSql: (text: string, values?: unknown[]) => {
        sent.push(text);
        return client.query(text, values);
      },
    };
    expect(await tasksOfDeadWorkers(sql, [kept, lost])).toEqual([]);
    await doomed.close();
    expect(await tasksOfDeadWorkers(sql, [kept, lost])).toEqual([lost]);
    expect(sent).toHaveLength(2);
    expect(sent.join('\n')).not.toMatch(/BEGIN|FOR UPDATE/);

    // Between the look and the re-check, pg-boss's own expiry retries the task and a live worker takes it and
    // records itself: the re-check finds its attempt alive and leaves it running.
    await queue.boss.fail(TASK_QUEUE, lost);
    const [again] = await queue.boss.fetch(TASK_QUEUE);
    expect(again?.id).toBe(lost);
    await recordRunning(queue.boss.getDb(), lost, alive.key);
    expect(await failTasksOfDeadWorkers(client, queue.boss, [lost])).toEqual([]);
    expect(await stateOf(lost)).toEqual({ state: 'active', retryCount: 1 });
    await alive.close();
  }, 30_000);

  /** Waits (at most 15 s) until `done()`. */
  async function until(done: () => boolean): Promise<void> {
    const end = Date.now() + 15_000;
    while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  }

  it('a worker hears submitters signal new tasks on its liveness session, before and after reopening it', async () => {
    let heard = 0;
    const liveness = await WorkerLiveness.open(
      url,
      () => undefined,
      () => heard++,
    );
    await signalTasksSent(queue.boss.getDb());
    await until(() => heard === 1);
    expect(heard).toBe(1);
    const before = liveness.key;
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'hyperfleet-worker'`,
    );
    await until(() => liveness.key !== before);
    await signalTasksSent(queue.boss.getDb());
    await until(() => heard === 2);
    expect(heard).toBe(2);
    await liveness.close();
  }, 30_000);

  it('a worker whose session is ended by the server opens a new one with a new key', async () => {
    const lines: string[] = [];
    const liveness = await WorkerLiveness.open(url, (l) => lines.push(l));
    const before = liveness.key;
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'hyperfleet-worker'`,
    );
    const end = Date.now() + 15_000;
    while (liveness.key === before && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(liveness.key).not.toBe(before);
    expect(lines.some((l) => /liveness session lost/.test(l))).toBe(true);
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted`,
      [liveness.key],
    );
    expect(rows[0].n).toBe(1);
    await liveness.close();
  }, 30_000);
});
