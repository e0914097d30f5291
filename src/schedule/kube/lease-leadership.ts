/**
 * @module schedule/kube/lease-leadership
 * Leadership in a cluster (`serve --leader-lease NAMESPACE/NAME`): hyperfleet runs as a sidecar of the
 * kube-scheduler that calls it, kube-scheduler elects its leader with a `coordination.k8s.io/v1` Lease
 * (`--leader-elect`), and hyperfleet decides only while its own pod holds that Lease — so extender calls and
 * decisions always come from the same leader. hyperfleet never writes the Lease; it watches it.
 *
 * kube-scheduler writes `holderIdentity` as `<hostname>_<uuid>` (client-go's leaderelection; in a pod the hostname
 * is the pod name), so this replica holds the Lease when the holder is its identity followed by `_`. A holder that
 * stopped renewing is not trusted: the Lease counts only until `renewTime + leaseDurationSeconds`, and a timer
 * ends leadership then even when no watch event comes. `leaseTransitions` (which kube-scheduler increases with
 * every change of holder) is the fencing token. Becoming the leader first rebuilds the view from the API server
 * (the pods' device annotations are the durable truth), through `rebuild`.
 */
import { CoordinationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { FlaggedLeadership, type WritableStore } from '../leadership/leadership.js';
import { ListWatch, WatchPhase } from './list-watch.js';

export interface LeaseLeadershipOptions {
  readonly namespace: string;
  readonly name: string;
  /** This pod's identity: the hostname kube-scheduler puts before `_` in `holderIdentity` (the pod name). */
  readonly identity: string;
  /** Rebuilds the view from the API server before deciding (the store, if any, writable meanwhile). */
  readonly rebuild: () => Promise<void>;
  /**
   * A store shared with the other replicas (`--db postgres://…`): the leader flag keeps it writable only while
   * this pod holds the Lease (from the start of the rebuild until a loss), read-only otherwise.
   */
  readonly store?: WritableStore;
  readonly log: (message: string) => void;
  readonly now?: () => number;
}

/** The fields of a Lease read here (watch events are plain JSON, lists typed: times may be strings or Dates). */
interface LeaseObject {
  metadata?: { name?: string };
  spec?: {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number | null;
    renewTime?: string | Date | null;
    leaseTransitions?: number | null;
  };
}

/** Until when `identity` holds `lease` (Unix ms; 0 when it is not the holder or the Lease is incomplete). */
export function leaseExpiry(lease: LeaseObject | undefined, identity: string): number {
  const spec = lease?.spec;
  const holder = spec?.holderIdentity ?? '';
  if (holder !== identity && !holder.startsWith(`${identity}_`)) return 0;
  if (!spec?.renewTime || !spec.leaseDurationSeconds) return 0;
  const renewed = new Date(spec.renewTime).getTime();
  return Number.isFinite(renewed) ? renewed + spec.leaseDurationSeconds * 1000 : 0;
}

export class LeaseLeadership extends FlaggedLeadership {
  readonly mechanism = 'kubernetes-lease';
  private readonly phase = new WatchPhase();
  private readonly watch: ListWatch;
  private lease: LeaseObject | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(
    kc: KubeConfig,
    private readonly options: LeaseLeadershipOptions,
  ) {
    super(options.identity, options.log, options.store);
    this.now = options.now ?? Date.now;
    const api = kc.makeApiClient(CoordinationV1Api);
    const { namespace, name } = options;
    const fieldSelector = `metadata.name=${name}`;
    const seen = (o: unknown): void => {
      if ((o as LeaseObject).metadata?.name !== name) return;
      this.lease = o as LeaseObject;
      this.evaluate();
    };
    this.watch = new ListWatch(
      kc,
      {
        what: `lease ${namespace}/${name}`,
        path: `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases`,
        list: () => api.listNamespacedLease({ namespace, fieldSelector }),
        handlers: {
          upsert: seen,
          delete: (o) => {
            if ((o as LeaseObject).metadata?.name !== name) return;
            this.lease = undefined;
            this.evaluate();
          },
        },
      },
      this.phase,
      { server: kc.getCurrentCluster()?.server, retryMs: 1000, report: options.log },
    );
  }

  /** Lists and watches the Lease; rejects when the API server refuses the list (RBAC, wrong namespace…). */
  async start(): Promise<void> {
    await this.watch.list();
    this.phase.synced = true;
    this.evaluate();
  }

  /**
   * Stops deciding now (a change the database did not commit: schedule/postgres-store). While this pod still holds
   * the Lease, it becomes the leader again through the same rebuild as a takeover (the database read again, the
   * cluster listed again), which clears the store's failure; the epoch stays the Lease's.
   */
  override lose(why: string): void {
    if (this.phase.stopped) return;
    this.drop(why);
    this.evaluate();
  }

  async stop(): Promise<void> {
    clearTimeout(this.expiryTimer);
    this.phase.stop();
    this.drop();
    await this.watch.stop();
  }

  /** Leader exactly while this pod holds an unexpired Lease. */
  private evaluate(): void {
    if (this.phase.stopped) return;
    const expiry = leaseExpiry(this.lease, this.options.identity);
    const now = this.now();
    clearTimeout(this.expiryTimer);
    if (expiry <= now) {
      this.drop(`it does not hold the Lease ${this.where()}`);
      return;
    }
    // Not renewed by then: a dead holder's Lease is not trusted past its duration.
    this.expiryTimer = setTimeout(() => this.evaluate(), expiry - now + 1);
    this.expiryTimer.unref();
    // One rebuild at a time: a Lease regained while one runs is looked at again when it ends.
    if (this.isLeader() || this.acquiring) return;
    const epoch = String(this.lease?.spec?.leaseTransitions ?? 0);
    void this.acquire(epoch, this.options.rebuild)
      .then((acquired) => {
        if (acquired)
          this.log(`replica ${this.replica} is the leader (Lease ${this.where()}, epoch ${epoch})`);
      })
      .then(
        () => {
          // The Lease may have changed while rebuilding.
          this.evaluate();
        },
        (e: unknown) => {
          this.log(`replica ${this.replica} could not rebuild its view: ${(e as Error).message}; retrying`);
          setTimeout(() => this.evaluate(), 1000).unref();
        },
      );
  }

  private where(): string {
    return `${this.options.namespace}/${this.options.name}`;
  }
}
