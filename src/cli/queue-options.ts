/**
 * @module cli/queue-options
 * `--queue postgres://…` and `--task-timeout` for the commands that submit tasks to the work queue (`experiment`,
 * `serve`): the options, and the queue pool they open. Without `--queue` nothing here runs.
 */
import type { QueuePool } from '../queue/index.js';
import { parseInteger } from './options.js';

export interface QueueOptionValues {
  queue?: string;
  taskTimeout?: string;
}

/** The task timeout's bounds: pg-boss needs ≥ 1 s and < 24 h. */
const MAX_TASK_TIMEOUT_SEC = 24 * 3600 - 1;

/** `--queue`, for a command that runs `what` (commander's `.option(...)` arguments). */
export const QUEUE_OPTION = (what: string) =>
  [
    '--queue <url>',
    `run ${what} on \`hyperfleet worker\` processes through a PostgreSQL work queue (postgres://…) instead of local threads`,
  ] as const;

export const TASK_TIMEOUT_OPTION = [
  '--task-timeout <seconds>',
  'with --queue: how long a task may run before it is retried elsewhere (default 900; a worker that dies is noticed within seconds anyway)',
] as const;

/** The pool of `--queue`, or undefined without it; problems with the database go to `warn`. */
export async function openQueuePool(
  opts: QueueOptionValues,
  warn: (message: string) => void,
): Promise<QueuePool | undefined> {
  if (opts.queue === undefined) {
    if (opts.taskTimeout !== undefined) parseInteger('--task-timeout', opts.taskTimeout, 1);
    return undefined;
  }
  const { DEFAULT_TASK_TIMEOUT_SEC, QueuePool } = await import('../queue/index.js');
  const taskTimeoutSec =
    opts.taskTimeout === undefined
      ? DEFAULT_TASK_TIMEOUT_SEC
      : Math.min(parseInteger('--task-timeout', opts.taskTimeout, 1), MAX_TASK_TIMEOUT_SEC);
  return QueuePool.connect(opts.queue, '--queue', {
    taskTimeoutSec,
    onError: (e) => warn(`queue: ${e.message} (retrying)`),
  });
}
