/**
 * @module cli/commands/serve-leadership
 * How `hyperfleet serve` replicas share the work (schedule/leadership): the store they open (SQLite, or a shared
 * PostgreSQL), which one decides (the PostgreSQL advisory lock, or the kube-scheduler's Lease), and what a replica
 * does when it becomes the leader — rebuild its view from the durable truth (the database; with a Lease, also the
 * API server's pods) before its first decision.
 *
 * A replica whose PostgreSQL connection is lost stops deciding at once, then exits non-zero: its memory may differ
 * from the database, and a restart (the container's, or systemd's) rebuilds it cleanly.
 */
import { ErrorCode, InputError } from '../../errors/index.js';
import type { Leadership, PostgresStore, Store } from '../../schedule/index.js';
import type { ServeDatabase, ServeElection, ServeSettings } from './serve-options.js';

/** Opens `--db`: a SQLite file, or a PostgreSQL database (connected and migrated). */
export async function openStore(
  database: ServeDatabase,
  durability: ServeSettings['durability'],
  /** The lease period: the server ends a session silent this long (advisory-lock election). */
  periodMs?: number,
): Promise<Store> {
  const { SqliteStore, PostgresStore, redactUrl } = await import('../../schedule/index.js');
  if (database.kind === 'sqlite') {
    try {
      return new SqliteStore(database.file, durability);
    } catch (e) {
      throw new InputError(ErrorCode.InvalidOption, {
        file: database.file,
        field: '--db',
        message: `cannot open the database: ${(e as Error).message}`,
      });
    }
  }
  try {
    return await PostgresStore.open(database.url, { idleSessionTimeoutMs: periodMs });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--db',
      message: `cannot use the PostgreSQL database ${redactUrl(database.url)}: ${err.code ? `${err.code} ` : ''}${err.message}`,
    });
  }
}

/** What a replica needs to become the leader. */
export interface LeadershipHooks {
  /** Rebuilds the replica's view from the store (and the API server with a Lease); `leader`: it will decide. */
  readonly rebuild: (leader: boolean) => Promise<void>;
  readonly log: (message: string) => void;
  /** A lost PostgreSQL connection: the process must end. */
  readonly fatal: (message: string) => void;
}

/** The leadership `election` asks for, not started yet (`start` runs the first election). */
export async function electLeader(
  election: ServeElection,
  store: Store,
  kubeconfig: string | undefined,
  hooks: LeadershipHooks,
): Promise<{ leadership: Leadership; start: () => Promise<void> } | undefined> {
  if (election.kind === 'sole') return undefined;
  const { AdvisoryLockLeadership, LeaseLeadership, PostgresStore, loadKubeConfig } =
    await import('../../schedule/index.js');
  const pg = store instanceof PostgresStore ? store : undefined;
  pg?.onConnectionLost((why) =>
    hooks.fatal(
      `lost the PostgreSQL connection (${why.message}); exiting so that a restart rebuilds from the database`,
    ),
  );
  if (election.kind === 'postgres-advisory-lock') {
    const leadership = new AdvisoryLockLeadership(pg as PostgresStore, {
      replica: `${process.env.POD_NAME ?? (await import('node:os')).hostname()}-${process.pid}`,
      periodMs: election.periodMs,
      rebuild: hooks.rebuild,
      log: hooks.log,
    });
    return { leadership, start: () => leadership.start() };
  }
  const kc = loadKubeConfig(kubeconfig === 'in-cluster' ? undefined : kubeconfig);
  const leadership = new LeaseLeadership(kc, {
    namespace: election.namespace,
    name: election.name,
    identity: election.identity,
    rebuild: () => hooks.rebuild(true),
    // Only the Lease holder writes the shared database; the leader flag decides when.
    store: pg,
    log: hooks.log,
  });
  const start = async (): Promise<void> => {
    try {
      await leadership.start();
    } catch (e) {
      throw new InputError(ErrorCode.InvalidOption, {
        field: '--leader-lease',
        message: (e as Error).message,
      });
    }
  };
  return { leadership, start };
}
