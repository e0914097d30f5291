/**
 * @module schedule/leadership/advisory-lock-leadership
 * Leader election among replicas sharing `--db postgres://…`: a PostgreSQL session advisory lock
 * (`pg_try_advisory_lock`) on the store's own connection, held for the life of that session.
 *
 * - A follower tries the lock `periodMs / 4` after each poll; the one that gets it records a new epoch (the
 *   fencing token, `hyperfleet_leaders`), rebuilds its view from the database, then decides. One whose rebuild
 *   fails, or that loses leadership meanwhile, lets the lock go at once (`pg_advisory_unlock`) so that another
 *   replica can lead.
 * - The store is writable only while this replica holds the lock and has not lost leadership: the leader flag
 *   decides that (schedule/leadership/leadership).
 * - The lock goes with the session: a killed leader's connection closes and the server releases it at once; a
 *   frozen leader (no query for `periodMs`) is ended by the server's `idle_session_timeout` (the leader's
 *   heartbeat runs `periodMs / 4` after each poll); a dead host is noticed by TCP keepalive (~5 s). That bound is
 *   the "lease period": a follower takes over within it plus one poll.
 * - The leader loses leadership the moment its connection reports an error or its end, and a failed heartbeat
 *   or write ends the session too (no decision is taken on a session that may no longer hold the lock).
 * - Writes go over the same session (schedule/postgres-store), so a deposed leader cannot commit anything.
 */
import type { PostgresStore } from '../postgres-store.js';
import { FlaggedLeadership } from './leadership.js';

/** Key of the leader lock (a constant every replica agrees on). */
const LEADER_LOCK = 0x68660002;

export interface AdvisoryLockOptions {
  readonly replica: string;
  /** The lease period, ms: the server ends a session silent this long (see the module comment). */
  readonly periodMs: number;
  /**
   * Rebuilds the replica's view from the database: before deciding (`leader`, the store already writable, e.g.
   * for the nodes of `--nodes`), and on followers now and then (their read-only API follows the leader's writes).
   */
  readonly rebuild: (leader: boolean) => Promise<void>;
  /** Told of elections, losses and failures. */
  readonly log: (message: string) => void;
  readonly now?: () => number;
}

export class AdvisoryLockLeadership extends FlaggedLeadership {
  readonly mechanism = 'postgres-advisory-lock';
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastRefresh = 0;
  /**
   * Whether this session holds the leader lock: taken once (session locks stack), kept until let go — also after
   * a lost lead ({@link lose}), so that the replica leads again at its next poll, after a rebuild.
   */
  private locked = false;

  constructor(
    private readonly store: PostgresStore,
    private readonly options: AdvisoryLockOptions,
  ) {
    // The flag makes the store writable while this replica leads, read-only otherwise.
    super(options.replica, options.log, store);
    store.onConnectionLost((why) => {
      this.locked = false;
      this.drop(`the PostgreSQL connection was lost (${why.message})`);
    });
  }

  /** Tries the lock now, then `periodMs / 4` after each poll ends. */
  async start(): Promise<void> {
    await this.tick();
    this.next();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /**
   * The next poll, once this one has ended: polls never overlap (two lock tries at once would take the session
   * lock twice), so no guard is needed.
   */
  private next(): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => void this.tick().then(() => this.next()),
      Math.max(50, this.options.periodMs / 4),
    );
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.isLeader()) await this.heartbeat();
      else await this.tryLead();
    } catch (e) {
      this.drop(`the database failed: ${(e as Error).message}`);
    }
  }

  /** The leader's proof of life (the server's idle timeout ends a silent session) and a check of its writes. */
  private async heartbeat(): Promise<void> {
    await this.store.session('SELECT 1');
    await this.store.flush();
  }

  private async tryLead(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    if (!this.locked) {
      const [row] = await this.store.session<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        LEADER_LOCK,
      ]);
      if (!row.ok) {
        // A follower's view follows the leader's writes, for the read-only API.
        if (now - this.lastRefresh >= this.options.periodMs) {
          this.lastRefresh = now;
          await this.options.rebuild(false);
        }
        return;
      }
      this.locked = true;
    }
    try {
      const [elected] = await this.store.session<{ epoch: string }>(
        'INSERT INTO hyperfleet_leaders (replica, elected_at) VALUES ($1, $2) RETURNING epoch',
        [this.replica, now],
      );
      const epoch = String(elected.epoch);
      if (await this.acquire(epoch, () => this.options.rebuild(true))) {
        this.log(`replica ${this.replica} is the leader (epoch ${epoch})`);
        return;
      }
      this.log(`replica ${this.replica} lost leadership while rebuilding (epoch ${epoch})`);
    } catch (e) {
      this.log(`replica ${this.replica} could not become the leader: ${(e as Error).message}`);
    }
    // A replica that cannot lead must not keep the lock: the others could never take over.
    await this.unlock();
  }

  /** Lets the leader lock go (a closed session would let it go too: the server ends its locks with it). */
  private async unlock(): Promise<void> {
    this.locked = false;
    await this.store.session('SELECT pg_advisory_unlock($1)', [LEADER_LOCK]);
  }
}
