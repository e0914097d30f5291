/**
 * @module schedule/leadership/leadership
 * Which replica decides. Several `hyperfleet serve` replicas may run; exactly one — the leader — takes filter and
 * bind decisions and changes the state, the others (followers) answer reads only. Leadership comes from an engine
 * that already exists, never from a home-made consensus:
 * - schedule/leadership/advisory-lock-leadership: a PostgreSQL session advisory lock (`--db postgres://…`);
 * - schedule/kube/lease-leadership: the kube-scheduler's `coordination.k8s.io/v1` Lease (`--leader-lease`);
 * - {@link SoleLeadership}: one replica, always the leader (SQLite, as before).
 *
 * A replica that becomes the leader first rebuilds its view from the durable truth (the database, or the API
 * server) and only then decides: {@link LeaderFlag.acquire} runs the rebuild before the flag turns on. Losing
 * leadership turns it off at once, synchronously, so that no decision starts after the loss is known.
 */

/** Whether this replica may decide now, and the fencing token of its leadership. */
export interface Leadership {
  /** This replica's name (logs, the epoch header, `/readyz`). */
  readonly replica: string;
  /** How leadership is held (`sole`, `postgres-advisory-lock`, `kubernetes-lease`). */
  readonly mechanism: string;
  isLeader(): boolean;
  /** The current leadership's fencing token (greater for every later leadership), while leader. */
  epoch(): string | undefined;
  /** Calls `listener` on each change (after the rebuild, when becoming the leader). */
  onChange(listener: (leader: boolean) => void): void;
  /**
   * Stops deciding now, e.g. after a change the database did not commit (the replica's memory and the database may
   * differ). A replica that still holds the lock or the Lease decides again only after a rebuild.
   */
  lose(why: string): void;
  stop(): Promise<void>;
}

/** The one replica there is: always the leader. */
export class SoleLeadership implements Leadership {
  readonly mechanism = 'sole';
  constructor(readonly replica: string) {}
  isLeader(): boolean {
    return true;
  }
  epoch(): string | undefined {
    return undefined;
  }
  onChange(): void {}
  /** The only replica has no one to leave the decisions to; its store (SQLite) writes durably or throws. */
  lose(): void {}
  async stop(): Promise<void> {}
}

/** What the elected mechanisms share: the leader flag, read out the same way by each. */
export abstract class FlaggedLeadership implements Leadership {
  abstract readonly mechanism: string;
  protected readonly flag = new LeaderFlag();

  constructor(readonly replica: string) {}

  isLeader(): boolean {
    return this.flag.isLeader;
  }

  epoch(): string | undefined {
    return this.flag.epoch;
  }

  onChange(listener: (leader: boolean) => void): void {
    this.flag.onChange(listener);
  }

  abstract lose(why: string): void;
  abstract stop(): Promise<void>;
}

/** The leader flag with its listeners, shared by the mechanisms. */
export class LeaderFlag {
  private leader = false;
  private token: string | undefined;
  private readonly listeners = new Set<(leader: boolean) => void>();
  /** Bumped by every loss: a rebuild that was running when leadership went away does not turn the flag on. */
  private generation = 0;

  get isLeader(): boolean {
    return this.leader;
  }

  get epoch(): string | undefined {
    return this.leader ? this.token : undefined;
  }

  onChange(listener: (leader: boolean) => void): void {
    this.listeners.add(listener);
  }

  /** Becomes the leader with `epoch` once `rebuild` is done (unless leadership was lost meanwhile). */
  async acquire(epoch: string, rebuild: () => Promise<void>): Promise<boolean> {
    const generation = this.generation;
    await rebuild();
    if (generation !== this.generation) return false;
    this.token = epoch;
    this.leader = true;
    for (const l of this.listeners) l(true);
    return true;
  }

  /** Stops deciding now. */
  lose(): void {
    this.generation++;
    if (!this.leader) return;
    this.leader = false;
    this.token = undefined;
    for (const l of this.listeners) l(false);
  }
}
