/**
 * @module queue/worker-liveness
 * How a worker shows it is alive: one PostgreSQL session of its own holding a session advisory lock
 * (`LIVENESS_LOCK_CLASS`, a key from a sequence) for as long as the process lives. The worker records the key with
 * each task it starts (queue-tables' `running`); when the process dies, its connection closes, PostgreSQL ends the
 * session and releases the lock, and a submitter sees the lock gone (dead-workers.ts). No heartbeat to write and
 * no clock to trust: the database itself says whether the session is there.
 *
 * A machine that vanishes without closing its connection is noticed by TCP keepalive, set short on the server side
 * for this session. If the session is lost while the worker lives (a database restart, a partition), the tasks in
 * hand are taken for dead and retried elsewhere — a duplicate run, which is safe (docs/queue.md) — and the worker
 * opens a new session with a new key for its next tasks.
 *
 * The same session listens for submitters signalling new tasks (task-signal.ts), so that an idle worker takes them
 * at once instead of at its next poll.
 */
import pg from 'pg';
import { sessionConfig } from './queue-connection.js';
import { listenForTasks } from './task-signal.js';
import {
  LIVENESS_KEEPALIVE,
  LIVENESS_LOCK_CLASS,
  LIVENESS_RECONNECT_MS,
  RESULT_SCHEMA,
} from './queue-settings.js';

export class WorkerLiveness {
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  private constructor(
    private readonly url: URL,
    private readonly log: (line: string) => void,
    private readonly onTaskSent: () => void,
    private client: pg.Client,
    private current: number,
  ) {
    this.watch(client);
  }

  /**
   * Opens the liveness session (connection errors are thrown, for the caller to report); `onTaskSent` hears each
   * signal of new tasks.
   */
  static async open(
    url: URL,
    log: (line: string) => void,
    onTaskSent: () => void = () => undefined,
  ): Promise<WorkerLiveness> {
    const { client, key } = await lockedSession(url, onTaskSent);
    return new WorkerLiveness(url, log, onTaskSent, client, key);
  }

  /** The key of the lock this worker holds: recorded with each task it starts. */
  get key(): number {
    return this.current;
  }

  private watch(client: pg.Client): void {
    let gone = false;
    const lost = (why: string) => {
      if (gone || this.closed || client !== this.client) return;
      gone = true;
      this.log(`liveness session lost (${why}): tasks in hand may run again elsewhere; reconnecting`);
      this.reconnect();
    };
    client.on('error', (e) => lost(e.message));
    client.on('end', () => lost('the connection ended'));
  }

  private reconnect(): void {
    this.retry = setTimeout(() => {
      this.retry = undefined;
      lockedSession(this.url, this.onTaskSent).then(
        ({ client, key }) => {
          if (this.closed) return void client.end().catch(() => undefined);
          void this.client.end().catch(() => undefined);
          this.client = client;
          this.current = key;
          this.watch(client);
          this.log(`liveness session open again (key ${key})`);
        },
        () => {
          if (!this.closed) this.reconnect();
        },
      );
    }, LIVENESS_RECONNECT_MS);
  }

  /** Ends the session (the lock goes with it). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.client.end().catch(() => undefined);
  }
}

/** A new session holding a lock on a key no other session holds, and listening for new tasks. */
async function lockedSession(url: URL, onTaskSent: () => void): Promise<{ client: pg.Client; key: number }> {
  const client = new pg.Client(sessionConfig(url, 'hyperfleet-worker'));
  // An error before `watch` listens (the connection dropping while we set up) must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { idleSec, intervalSec, count } = LIVENESS_KEEPALIVE;
    await client.query(
      `SET tcp_keepalives_idle = ${idleSec}; SET tcp_keepalives_interval = ${intervalSec};
       SET tcp_keepalives_count = ${count}`,
    );
    for (;;) {
      // The sequence cycles: a key still held by a long-lived worker is skipped.
      const { rows } = await client.query<{ key: number; locked: boolean }>(
        `SELECT k.key, pg_try_advisory_lock(${LIVENESS_LOCK_CLASS}, k.key) AS locked
           FROM (SELECT nextval('${RESULT_SCHEMA}.worker_key')::integer AS key) k`,
      );
      const row = rows[0]!;
      if (!row.locked) continue;
      await listenForTasks(client, onTaskSent);
      return { client, key: row.key };
    }
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
}
