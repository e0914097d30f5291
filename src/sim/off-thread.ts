/**
 * @module sim/off-thread
 * Runs simulation tasks on worker threads (Piscina), so that a service answering other requests — the live
 * scheduler — keeps its event loop free while a long simulation runs. One pool per owner; tasks name their module
 * (`grid-task`, `time/time-task`), whose default export runs one task. When the compiled module is not there (the
 * TypeScript sources under a test runner), the task runs in this thread instead.
 *
 * A task may report progress while it runs (a plan's phases): its function then takes a `report` callback as
 * second argument, called in this thread directly, or from a worker through a MessagePort (sim/reporting-task)
 * whose every report is delivered before the run settles.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { ReportingMessage, ReportingOutcome, ReportingTask } from './reporting-task.js';

/** What a task does: its input, and (for a task that reports progress) where its reports go. */
export type TaskFunction<T, R, P = never> = (task: T, report?: (progress: P) => void) => Promise<R>;

/** The worker entry of a task that reports progress (compiled next to this file). */
const REPORTING_TASK = new URL('./reporting-task.js', import.meta.url);

/**
 * Where tasks run: worker threads of this process ({@link OffThread}) or, with `--queue`, workers elsewhere reading
 * a PostgreSQL queue (src/queue). `module` names the task (one of this pillar's or plan's task modules).
 */
export interface TaskPool {
  run<T, R, P = never>(
    module: URL,
    task: T,
    inThread: () => Promise<TaskFunction<T, R, P>>,
    onProgress?: (progress: P) => void,
  ): Promise<R>;
  close(): Promise<void>;
}

export interface OffThreadOptions {
  /**
   * Keep the threads for the pool's life instead of ending those idle for 30 s: for a process whose only job is
   * to run tasks (a queue worker), so that what a thread caches — a parsed trace, loaded code — serves every later
   * task.
   */
  readonly keepThreads?: boolean;
}

/** The worker entry that loads a task module ahead of its first task (compiled next to this file). */
const PRELOAD_TASK = new URL('./preload-task.js', import.meta.url);

/** Whether the compiled module `url` is there (not under a test runner, which runs the TypeScript sources). */
function compiled(url: URL): boolean {
  return existsSync(fileURLToPath(url));
}

export class OffThread implements TaskPool {
  private pool: Piscina | undefined;

  /** `threads`: at most this many workers (default: all cores but one, at least one). */
  constructor(
    private readonly threads = Math.max(1, availableParallelism() - 1),
    private readonly options: OffThreadOptions = {},
  ) {}

  /**
   * Loads task `module` on every thread now, so that a process started ahead of its work (a queue worker) does not
   * spend its first task's time loading code. Only for a pool that keeps its threads, and a compiled module.
   * Rejects, naming the module, when a thread cannot load it.
   */
  async preload(module: URL): Promise<void> {
    if (!this.options.keepThreads || !compiled(module) || !compiled(PRELOAD_TASK)) return;
    const pool = this.piscina();
    // One load per thread: the threads are all idle, and each takes one task at a time.
    const loads = Array.from({ length: this.threads }, () =>
      pool.run(module.href, { filename: PRELOAD_TASK.href }),
    );
    const failed = (await Promise.allSettled(loads)).find((l) => l.status === 'rejected');
    if (failed) {
      const reason = failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
      throw new Error(`the worker threads cannot load ${fileURLToPath(module)}: ${reason}`);
    }
  }

  private piscina(): Piscina {
    this.pool ??= new Piscina(
      this.options.keepThreads
        ? { maxThreads: this.threads, minThreads: this.threads, idleTimeout: Infinity }
        : { maxThreads: this.threads, minThreads: 0, idleTimeout: 30_000 },
    );
    return this.pool;
  }

  /**
   * Runs the default export of `module` (the URL of a compiled .js module) on `task` in a worker; `inThread` is
   * the same function, used when the compiled module is not there. With `onProgress`, what the task reports
   * reaches it in order, every report before the returned promise settles.
   */
  async run<T, R, P = never>(
    module: URL,
    task: T,
    inThread: () => Promise<TaskFunction<T, R, P>>,
    onProgress?: (progress: P) => void,
  ): Promise<R> {
    if (!compiled(module) || (onProgress && !compiled(REPORTING_TASK)))
      return (await inThread())(task, onProgress);
    const pool = this.piscina();
    if (!onProgress) return (await pool.run(task, { filename: module.href })) as R;
    return this.runReporting(pool, module, task, onProgress);
  }

  /**
   * A task whose reports cross the thread boundary on a MessagePort of their own, its outcome last on the same
   * port: every report arrives before the run settles, whether the task returns or throws. A report the caller
   * fails to take fails the run, as it would in this thread (not the process, as an error thrown from a port's
   * listener would). A worker that dies fails the run with Piscina's error.
   */
  private async runReporting<T, R, P>(
    pool: Piscina,
    module: URL,
    task: T,
    onProgress: (progress: P) => void,
  ): Promise<R> {
    const { port1, port2 } = new MessageChannel();
    let refused: { readonly error: unknown } | undefined;
    const outcome = new Promise<ReportingOutcome<R>>((resolve) => {
      port1.on('message', (message: ReportingMessage<P, R>) => {
        if (!('progress' in message)) return resolve(message);
        try {
          if (!refused) onProgress(message.progress);
        } catch (error) {
          refused = { error };
        }
      });
    });
    const reporting: ReportingTask<T> = { module: module.href, task, port: port2 };
    try {
      await pool.run(reporting, { filename: REPORTING_TASK.href, transferList: [port2] });
      const end = await outcome;
      if (refused) throw refused.error;
      if ('error' in end) throw end.error;
      return end.result;
    } finally {
      port1.close();
    }
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = undefined;
  }
}
