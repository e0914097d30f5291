/**
 * @module queue/queue-connection
 * Connecting to the work queue named by `--queue postgres://…`: the URL checked (scheme, host), pg-boss started
 * (it creates or migrates its schema, under its own lock), the queue and hyperfleet's tables created. A URL that
 * is not PostgreSQL's, or a server that cannot be reached or refuses us, is bad input: one line naming the option,
 * the server (never the password) and what went wrong, not a stack trace.
 */
import type pg from 'pg';
import PgBoss from 'pg-boss';
import { ErrorCode, InputError } from '../errors/index.js';
import {
  BOSS_SCHEMA,
  CONNECT_TIMEOUT_MS,
  MAINTENANCE_INTERVAL_SEC,
  MAX_CONNECTIONS,
  TASK_QUEUE,
} from './queue-settings.js';
import { createQueueTables } from './queue-tables.js';

const SCHEMES = ['postgres:', 'postgresql:'];
const EXPECTED = 'a PostgreSQL URL, postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE';

/** The URL as it may be shown: without user name or password. */
function shown(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** `text` checked as a PostgreSQL URL (`field` names the option in the refusal). */
export function parseQueueUrl(text: string, field = '--queue'): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(ErrorCode.InvalidOption, { field, expected: EXPECTED, got: text });
  }
  if (!SCHEMES.includes(url.protocol) || url.hostname === '') {
    // The value is shown without its credentials.
    const got = url.password === '' ? text : shown(url);
    throw new InputError(ErrorCode.InvalidOption, { field, expected: EXPECTED, got });
  }
  return url;
}

/**
 * node-postgres settings for a connection of our own to the queue's database (beside pg-boss's pool): a server
 * that does not answer is refused, not waited for, and the session is named in `pg_stat_activity`.
 */
export function sessionConfig(url: URL, applicationName: string): pg.ClientConfig {
  return {
    connectionString: url.href,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: applicationName,
  };
}

export interface QueueConnection {
  readonly boss: PgBoss;
  /** The server as it may be shown (no credentials). */
  readonly where: string;
  close(): Promise<void>;
}

/**
 * Connects to the queue at `url`: pg-boss started, the queue and the result tables there. `onError` hears what
 * pg-boss reports later (a lost connection it will retry): a process keeps running through a database restart.
 */
export async function connectQueue(
  url: URL,
  field: string,
  onError: (error: Error) => void,
): Promise<QueueConnection> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startBoss(url, onError);
    } catch (e) {
      // Processes that set up a new database at the same moment can deadlock in pg-boss's DDL (PostgreSQL breaks
      // it by failing one of them): that one tries again.
      if ((e as { code?: unknown }).code === DEADLOCK && attempt < SETUP_ATTEMPTS) continue;
      throw queueRefusal(url, field, e);
    }
  }
}

/** The one-line refusal of option `field` for a queue at `url` that failed with `e`. */
export function queueRefusal(url: URL, field: string, e: unknown): InputError {
  const reason = e instanceof Error ? e.message || (e as { code?: string }).code : String(e);
  return new InputError(ErrorCode.InvalidOption, {
    field,
    message: `cannot use the PostgreSQL queue at ${shown(url)}: ${reason ?? 'no answer'}`,
  });
}

/** PostgreSQL's SQLSTATE for a deadlock it broke, and how often setting up is tried. */
const DEADLOCK = '40P01';
const SETUP_ATTEMPTS = 5;

async function startBoss(url: URL, onError: (error: Error) => void): Promise<QueueConnection> {
  const boss = new PgBoss({
    // Passed on to node-postgres: the connection string, the connect timeout and the session's name.
    ...(sessionConfig(url, 'hyperfleet') as object),
    schema: BOSS_SCHEMA,
    max: MAX_CONNECTIONS,
    maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SEC,
  });
  let started = false;
  boss.on('error', (error) => {
    if (started) onError(error);
  });
  try {
    await boss.start();
    await boss.createQueue(TASK_QUEUE);
    await createQueueTables(boss.getDb());
  } catch (e) {
    await boss.stop({ graceful: false, wait: false }).catch(() => undefined);
    throw e;
  }
  started = true;
  return {
    boss,
    where: shown(url),
    close: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
