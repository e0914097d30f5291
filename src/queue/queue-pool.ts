/**
 * @module queue/queue-pool
 * A {@link TaskPool} whose tasks run on `hyperfleet worker` processes anywhere: each task is sent to the pg-boss
 * queue with its kind, and its outcome (and progress reports) are read back from hyperfleet's tables. Callers see
 * no difference from worker threads: the same task in, the same result out (sim's grid, the server's simulations
 * and plans take either pool).
 *
 * Delivery is at least once: a worker that dies mid-task is noticed within seconds (its database session ends:
 * dead-workers.ts, checked here every DEAD_WORKER_CHECK_MS), or at the latest at the task's timeout, and pg-boss
 * hands the task to another worker (up to TASK_RETRY_LIMIT times). A task is a pure function of its input, so a
 * retry computes the same outcome; the first one stored is the one read.
 */
import pg from 'pg';
import type { TaskFunction, TaskPool } from '../sim/index.js';
import { failTasksOfDeadWorkers, tasksOfDeadWorkers } from './dead-workers.js';
import { connectQueue, parseQueueUrl, type QueueConnection, sessionConfig } from './queue-connection.js';
import {
  ABANDONED_CHECK_MS,
  DEAD_WORKER_CHECK_MS,
  SUBMITTER_POLL_MS,
  TASK_QUEUE,
  TASK_RETRY_LIMIT,
} from './queue-settings.js';
import { forgetTasks, readAbandoned, readOutcomes, readProgress } from './queue-tables.js';
import { kindOfModule } from './task-kinds.js';
import { listenForOutcomes, signalTasksSent } from './task-signal.js';
import { decodeOutcome, RemoteTaskError } from './task-outcome.js';

export interface QueuePoolOptions {
  /** How long a task may run on a worker before it is retried elsewhere (dead workers are noticed sooner). */
  readonly taskTimeoutSec: number;
  /** Where what goes wrong with the database while tasks wait is told (it is retried). */
  readonly onError: (error: Error) => void;
  /** How often waiting tasks are read when no stored outcome was announced (default SUBMITTER_POLL_MS). */
  readonly pollMs?: number;
}

/** One task sent and not yet finished. */
interface Waiting {
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly onProgress: ((progress: unknown) => void) | undefined;
  /** The last report delivered (-1: none). */
  seen: number;
}

/**
 * How often the checks that are not about a task finishing run: tasks whose worker died (a few seconds' delay is
 * what the retry costs anyway) and tasks pg-boss gave up on (rare: a task that ran out of retries, each of which
 * took a dead-worker check or a task timeout; a few seconds more to report it matter little).
 */
const CHECK_EVERY_MS = { deadWorkers: DEAD_WORKER_CHECK_MS, abandoned: ABANDONED_CHECK_MS } as const;

/** After this long without a successful read of the database, the tasks waiting fail. */
const LOST_AFTER_MS = 120_000;

/** How long after losing the session that hears stored outcomes a new one is opened (polling goes on meanwhile). */
const RELISTEN_MS = 5_000;

export class QueuePool implements TaskPool {
  private readonly waiting = new Map<string, Waiting>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  /** A stored outcome was announced during a read: read again as soon as it ends. */
  private pollAgain = false;
  private signalling = false;
  /** The session that hears stored outcomes (task-signal.ts); null while it is down, when polling alone reads them. */
  private listener: pg.Client | null = null;
  private relisten: NodeJS.Timeout | undefined;
  private lastRead = Date.now();
  /** When each periodic check last ran (both wait one period after the pool opens: nothing is late yet). */
  private readonly lastCheck = { abandoned: Date.now(), deadWorkers: Date.now() };
  private closed = false;

  private constructor(
    private readonly url: URL,
    private readonly connection: QueueConnection,
    /** One session of our own, for the dead-worker check's transaction (pg-boss's pool hands out any). */
    private readonly session: pg.Pool,
    private readonly options: QueuePoolOptions,
  ) {}

  /** Connects to the queue at `urlText` (the value of option `field`); bad URLs and unreachable servers refused. */
  static async connect(urlText: string, field: string, options: QueuePoolOptions): Promise<QueuePool> {
    const url = parseQueueUrl(urlText, field);
    const connection = await connectQueue(url, field, options.onError);
    const session = new pg.Pool({ ...sessionConfig(url, 'hyperfleet-submitter'), max: 1 });
    // A session lost while idle is replaced at the next check; the check reports its own failures.
    session.on('error', () => undefined);
    const pool = new QueuePool(url, connection, session, options);
    await pool.listen();
    return pool;
  }

  /**
   * Opens the session that hears stored outcomes. Not being able to is told, not fatal: outcomes are then read at
   * each poll, and a new session is tried after RELISTEN_MS.
   */
  private async listen(): Promise<void> {
    const client = new pg.Client(sessionConfig(this.url, 'hyperfleet-submitter'));
    client.on('error', (e: Error) => this.lostListener(client, e.message));
    client.on('end', () => this.lostListener(client, 'the session ended'));
    try {
      await client.connect();
      await listenForOutcomes(client, (taskId) => {
        if (this.waiting.has(taskId)) this.pollNow();
      });
      if (this.closed) await client.end();
      else this.listener = client;
    } catch (e) {
      this.lostListener(client, (e as Error).message);
      await client.end().catch(() => undefined);
    }
  }

  private lostListener(client: pg.Client, why: string): void {
    if (this.listener === client) this.listener = null;
    if (this.closed || this.relisten !== undefined || this.listener !== null) return;
    this.options.onError(
      new Error(
        `the session that hears stored outcomes is lost (${why}): results are read at each poll meanwhile`,
      ),
    );
    this.relisten = setTimeout(() => {
      this.relisten = undefined;
      void this.listen();
    }, RELISTEN_MS);
  }

  /** The server, as it may be shown. */
  get where(): string {
    return this.connection.where;
  }

  async run<T, R, P = never>(
    module: URL,
    task: T,
    _inThread: () => Promise<TaskFunction<T, R, P>>,
    onProgress?: (progress: P) => void,
  ): Promise<R> {
    if (this.closed) throw new Error('the queue pool is closed');
    const kind = kindOfModule(module);
    if (!kind) throw new Error(`no queue worker runs the task module ${module.href}`);
    const id = await this.connection.boss.send(
      TASK_QUEUE,
      { kind, task: task as object },
      {
        expireInSeconds: this.options.taskTimeoutSec,
        retryLimit: TASK_RETRY_LIMIT,
        retryDelay: 0,
      },
    );
    if (id === null) throw new Error('pg-boss did not accept the task');
    this.signalSent();
    return new Promise<R>((resolve, reject) => {
      this.waiting.set(id, {
        resolve: resolve as (result: unknown) => void,
        reject,
        onProgress: onProgress as ((progress: unknown) => void) | undefined,
        seen: -1,
      });
      this.schedule();
    });
  }

  /**
   * Wakes idle workers (task-signal.ts), once for the tasks sent in the same turn of the event loop (a grid sends
   * all its cells at once). A signal that fails is told and not retried: the workers' polling takes the task.
   */
  private signalSent(): void {
    if (this.signalling) return;
    this.signalling = true;
    setImmediate(() => {
      this.signalling = false;
      signalTasksSent(this.connection.boss.getDb()).catch((e: Error) => this.options.onError(e));
    });
  }

  private schedule(): void {
    if (this.timer || this.closed || this.waiting.size === 0) return;
    const delay = this.pollAgain ? 0 : (this.options.pollMs ?? SUBMITTER_POLL_MS);
    this.pollAgain = false;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll().finally(() => this.schedule());
    }, delay);
  }

  /** A task of ours has its outcome stored: read now rather than at the next poll. */
  private pollNow(): void {
    if (this.closed) return;
    this.pollAgain = true;
    if (this.polling) return; // the read in progress schedules the next one at once
    clearTimeout(this.timer);
    this.timer = undefined;
    this.schedule();
  }

  /**
   * One read of the waiting tasks' outcomes and progress; now and then (their own cadences) a look for tasks that
   * pg-boss gave up on and for tasks whose worker died. Outcomes are read before progress: a worker stores a task's
   * reports before its outcome, so every report of a finished task is in the one progress read that follows, and
   * is delivered before the outcome settles the task.
   */
  private async poll(): Promise<void> {
    if (this.polling || this.waiting.size === 0) return;
    this.polling = true;
    const sql = this.connection.boss.getDb();
    try {
      const ids = [...this.waiting.keys()];
      const outcomes = await readOutcomes(sql, ids);
      const reporting = new Map<string, number>();
      for (const [id, w] of this.waiting) if (w.onProgress) reporting.set(id, w.seen);
      const reports = reporting.size > 0 ? await readProgress(sql, reporting) : [];
      const open = ids.filter((id) => !outcomes.has(id));
      const abandoned = open.length > 0 && this.due('abandoned') ? await readAbandoned(sql, open) : new Map();
      this.lastRead = Date.now();
      for (const { taskId, seq, report } of reports) this.deliver(taskId, seq, report);
      for (const [id, bytes] of outcomes) this.settle(id, () => decodeOutcome(bytes, id));
      for (const [id, reason] of abandoned) {
        this.settle(id, () => {
          throw new RemoteTaskError(
            `task ${id} was abandoned after ${TASK_RETRY_LIMIT} retries (${reason}): its workers died or ` +
              `ran longer than the task timeout`,
          );
        });
      }
      const finished = [...outcomes.keys(), ...abandoned.keys()];
      if (finished.length > 0) await forgetTasks(sql, finished);
      const running = open.filter((id) => !abandoned.has(id));
      if (running.length > 0 && this.due('deadWorkers')) await this.failTasksOfDeadWorkers(running);
    } catch (e) {
      this.options.onError(e instanceof Error ? e : new Error(String(e)));
      if (Date.now() - this.lastRead > LOST_AFTER_MS) this.failAll('lost the queue database');
    } finally {
      this.polling = false;
    }
  }

  /** Whether the periodic check `check` is due now (and if so, it counts as done now). */
  private due(check: keyof typeof CHECK_EVERY_MS): boolean {
    const now = Date.now();
    if (now - this.lastCheck[check] < CHECK_EVERY_MS[check]) return false;
    this.lastCheck[check] = now;
    return true;
  }

  /**
   * Hands the tasks among `ids` whose worker died back to pg-boss, for another worker to run now. A plain query
   * looks first: the session and its locking transaction are taken only when some worker looks dead.
   */
  private async failTasksOfDeadWorkers(ids: readonly string[]): Promise<void> {
    const suspects = await tasksOfDeadWorkers(this.connection.boss.getDb(), ids);
    if (suspects.length === 0) return;
    const client = await this.session.connect();
    try {
      await failTasksOfDeadWorkers(client, this.connection.boss, suspects);
      client.release();
    } catch (e) {
      // A broken session is dropped, not reused.
      client.release(e instanceof Error ? e : true);
      throw e;
    }
  }

  private deliver(taskId: string, seq: number, report: unknown): void {
    const w = this.waiting.get(taskId);
    if (!w?.onProgress || seq <= w.seen) return;
    w.seen = seq;
    try {
      w.onProgress(report);
    } catch (error) {
      // A report the caller fails to take fails the run, as with worker threads.
      this.waiting.delete(taskId);
      w.reject(error);
    }
  }

  private settle(id: string, outcome: () => unknown): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    try {
      w.resolve(outcome());
    } catch (error) {
      w.reject(error);
    }
  }

  private failAll(why: string): void {
    for (const [id, w] of this.waiting) w.reject(new RemoteTaskError(`task ${id}: ${why}`));
    this.waiting.clear();
  }

  /** Stops waiting (tasks still waiting fail; those queued stay for the workers) and disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.relisten);
    this.failAll('the submitter stopped waiting for it');
    await this.listener?.end().catch(() => undefined);
    await this.session.end();
    await this.connection.close();
  }
}
