/**
 * @module sim/preload-task
 * The worker entry that loads a task module on a thread ahead of its first task (sim/off-thread's `preload`): the
 * thread's module cache keeps it, so that task's first run does not pay for loading its code. A module that cannot
 * load fails this task like any other (Piscina's own start-up loading would end the thread instead, and no task
 * would run). Only worker threads load this module, by file name.
 */
import { threadId } from 'node:worker_threads';

/** Loads `module` (a file URL) on this thread; returns the thread's id. */
export default async function preloadTask(module: string): Promise<number> {
  await import(module);
  return threadId;
}
