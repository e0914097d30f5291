/**
 * @module queue/queue-settings
 * The work queue's names and timings, shared by the submitters (`experiment --queue`, `serve --queue`) and the
 * workers (`hyperfleet worker --queue`), with why each value is what it is (docs/queue.md says the same for users).
 */

/** The pg-boss queue every task goes through (one queue: a worker runs every kind of task). */
export const TASK_QUEUE = 'hyperfleet-tasks';

/** The pg-boss schema (its default) and the schema of hyperfleet's own tables (results, progress). */
export const BOSS_SCHEMA = 'pgboss';
export const RESULT_SCHEMA = 'hyperfleet_queue';

/**
 * How long a task may stay active before pg-boss takes it for dead and hands it to another worker. Longer than any
 * task's run — a paper cell takes seconds, a time run or a plan minutes. A worker that dies is noticed sooner, by
 * its database session ending (DEAD_WORKER_CHECK_MS); the timeout remains for a task nobody waits for any more and
 * for a worker that hangs with its session open.
 */
export const DEFAULT_TASK_TIMEOUT_SEC = 900;

/**
 * How often a task is retried after its worker died or timed out (a task's own failure — bad input, a bug — is no
 * reason to retry: it is stored as the task's outcome, and fails the same way everywhere).
 */
export const TASK_RETRY_LIMIT = 3;

/**
 * How often each pg-boss instance checks for expired tasks (one instance per interval does it, pg-boss takes a
 * lock): cheap, and it bounds how late after its timeout a dead worker's task is retried.
 */
export const MAINTENANCE_INTERVAL_SEC = 5;

/** How often an idle worker asks for a task (a busy one takes the next at once). */
export const WORKER_POLL_SEC = 0.5;

/**
 * The channel a stored outcome is announced on (queue-tables `storeOutcome`, task-signal): a name of our own, so
 * that other users of the database do not wake our submitters by chance.
 */
export const OUTCOME_STORED_CHANNEL = 'hyperfleet_outcome_stored';

/** How often a submitter reads the outcomes and progress of its waiting tasks (a stored outcome wakes it sooner). */
export const SUBMITTER_POLL_MS = 200;

/** Connections of one process to PostgreSQL (the queue's and the outcome reads share them). */
export const MAX_CONNECTIONS = 4;

/** How long connecting to PostgreSQL may take before `--queue` is refused as unreachable. */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The first key of the session advisory locks that mark live workers (`pg_advisory_lock(LIVENESS_LOCK_CLASS, n)`,
 * n from a sequence, one per worker session): `hf` in ASCII, so that other users of the database are unlikely to
 * take the same locks.
 */
export const LIVENESS_LOCK_CLASS = 0x6866;

/**
 * How often a submitter looks for its tasks whose worker's session has ended, and fails them so that pg-boss
 * retries them at once (with the process's death, PostgreSQL releases the session's lock within milliseconds).
 */
export const DEAD_WORKER_CHECK_MS = 2_000;

/**
 * TCP keepalive of a worker's liveness session, set on the server side: a worker whose machine vanishes without
 * closing its connection (power loss, a network partition) has its session ended after about idle + interval ·
 * count seconds, and its tasks retried; PostgreSQL's default would wait two hours.
 */
export const LIVENESS_KEEPALIVE = { idleSec: 10, intervalSec: 5, count: 3 } as const;

/**
 * How often a submitter looks for its tasks that pg-boss gave up on (out of retries): rare, and each retry before
 * took a dead-worker check or a task timeout, so the check need not run with every read of the outcomes.
 */
export const ABANDONED_CHECK_MS = 5_000;

/** How long a worker waits before opening its liveness session again after losing it. */
export const LIVENESS_RECONNECT_MS = 2_000;
