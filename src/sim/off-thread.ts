/**
 * @module sim/off-thread
 * Runs simulation tasks on worker threads (Piscina), so that a service answering other requests — the live
 * scheduler — keeps its event loop free while a long simulation runs. One pool per owner; tasks name their module
 * (`grid-task`, `time/time-task`), whose default export runs one task. When the compiled module is not there (the
 * TypeScript sources under a test runner), the task runs in this thread instead.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';

export class OffThread {
  private pool: Piscina | undefined;
  private readonly threads: number;

  /** `threads`: at most this many workers (default: all cores but one, at least one). */
  constructor(threads = Math.max(1, availableParallelism() - 1)) {
    this.threads = threads;
  }

  /**
   * Runs the default export of `module` (the URL of a compiled .js module) on `task` in a worker; `inThread` is
   * the same function, used when the compiled module is not there.
   */
  async run<T, R>(module: URL, task: T, inThread: () => Promise<(t: T) => Promise<R>>): Promise<R> {
    if (!existsSync(fileURLToPath(module))) return (await inThread())(task);
    this.pool ??= new Piscina({ maxThreads: this.threads, minThreads: 0, idleTimeout: 30_000 });
    return (await this.pool.run(task, { filename: module.href })) as R;
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = undefined;
  }
}
