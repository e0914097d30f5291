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
 *
 * The flag is also the one place that decides whether a shared store may write ({@link WritableStore}): read-only
 * from the start, writable from the moment an acquisition begins (the rebuild writes the new leader's view: its
 * nodes, the policy, the cluster listed again), read-only again at once on any loss — even one in the middle of
 * the rebuild — and when the rebuild fails. Neither mechanism nor the service sets it anywhere else, so no order
 * of events can leave a follower's store writable.
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

/** A store shared by replicas, which only the leader may write (schedule/postgres-store). */
export interface WritableStore {
  readOnly: boolean;
}

/**
 * What the elected mechanisms share: the leader flag, read out the same way by each, and the two steps every
 * mechanism takes on it — an acquisition ({@link acquire}, one at a time: {@link acquiring}) and a loss
 * ({@link drop}).
 */
export abstract class FlaggedLeadership implements Leadership {
  abstract readonly mechanism: string;
  private readonly flag: LeaderFlag;

  /** `store`: the shared store this leadership makes writable (none with SQLite under a Lease). */
  constructor(
    readonly replica: string,
    /** Told of elections, losses and failures. */
    protected readonly log: (message: string) => void,
    store?: WritableStore,
  ) {
    this.flag = new LeaderFlag(store);
  }

  isLeader(): boolean {
    return this.flag.isLeader;
  }

  epoch(): string | undefined {
    return this.flag.epoch;
  }

  onChange(listener: (leader: boolean) => void): void {
    this.flag.onChange(listener);
  }

  /** Stops deciding now; a mechanism that still holds the lock or the Lease leads again after a rebuild. */
  lose(why: string): void {
    this.drop(why);
  }

  abstract stop(): Promise<void>;

  /** Whether an acquisition's rebuild is running (another one would be refused). */
  protected get acquiring(): boolean {
    return this.flag.acquiring;
  }

  /** {@link LeaderFlag.acquire}: leads with `epoch` once `rebuild` is done, unless the lead was lost meanwhile. */
  protected acquire(epoch: string, rebuild: () => Promise<void>): Promise<boolean> {
    return this.flag.acquire(epoch, rebuild);
  }

  /**
   * The one way a mechanism loses the lead: no decision from now on, the store read-only at once (even in the
   * middle of a rebuild, which then does not turn the flag on). `why` goes to the log when this replica was the
   * leader; a shutdown gives none.
   */
  protected drop(why?: string): void {
    const was = this.flag.isLeader;
    this.flag.lose();
    if (was && why) this.log(`replica ${this.replica} is no longer the leader: ${why}`);
  }
}

/** The leader flag with its listeners, shared by the mechanisms; it alone sets the store's writability. */
export class LeaderFlag {
  private leader = false;
  private token: string | undefined;
  private readonly listeners = new Set<(leader: boolean) => void>();
  /** Bumped by every loss: a rebuild that was running when leadership went away does not turn the flag on. */
  private generation = 0;
  private rebuilding = false;

  /** `store` is read-only from now on, until an acquisition begins. */
  constructor(private readonly store?: WritableStore) {
    if (store) store.readOnly = true;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  get epoch(): string | undefined {
    return this.leader ? this.token : undefined;
  }

  /** Whether an acquisition's rebuild is running. */
  get acquiring(): boolean {
    return this.rebuilding;
  }

  onChange(listener: (leader: boolean) => void): void {
    this.listeners.add(listener);
  }

  /**
   * Becomes the leader with `epoch` once `rebuild` is done (unless leadership was lost meanwhile: false). The
   * store is writable while `rebuild` runs, until a loss; a rebuild that throws leaves it read-only. One
   * acquisition at a time: another one asked for meanwhile is refused (false), since the first one's rebuild may
   * still write.
   */
  async acquire(epoch: string, rebuild: () => Promise<void>): Promise<boolean> {
    if (this.rebuilding) return false;
    this.rebuilding = true;
    const generation = this.generation;
    this.setReadOnly(false);
    try {
      await rebuild();
    } catch (e) {
      this.setReadOnly(true);
      throw e;
    } finally {
      this.rebuilding = false;
    }
    if (generation !== this.generation) return false;
    this.token = epoch;
    this.leader = true;
    for (const l of this.listeners) l(true);
    return true;
  }

  /** Stops deciding now; the store writes nothing more. */
  lose(): void {
    this.generation++;
    this.setReadOnly(true);
    if (!this.leader) return;
    this.leader = false;
    this.token = undefined;
    for (const l of this.listeners) l(false);
  }

  private setReadOnly(readOnly: boolean): void {
    if (this.store) this.store.readOnly = readOnly;
  }
}
