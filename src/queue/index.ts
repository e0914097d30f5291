/**
 * @module queue
 * The PostgreSQL work queue (pg-boss): a task pool whose tasks run on `hyperfleet worker` processes anywhere
 * ({@link QueuePool}, what `experiment --queue` and `serve --queue` submit to), and the worker that runs them
 * ({@link runQueueWorker}). See docs/queue.md.
 */
export { parseQueueUrl } from './queue-connection.js';
export { QueuePool, type QueuePoolOptions } from './queue-pool.js';
export { DEFAULT_TASK_TIMEOUT_SEC, TASK_QUEUE } from './queue-settings.js';
export { runQueueWorker, type QueueWorkerOptions } from './queue-worker.js';
export { RemoteTaskError } from './task-outcome.js';
