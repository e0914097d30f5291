/**
 * @module schedule/placements
 * The pods the live scheduler counts as bound — where each runs, on which devices, with which request — by UID
 * and by namespace/name, backed by the durable store.
 *
 * What is durable and when: a placement is written to the store (SQLite, one transaction) before it is
 * remembered here and before the bind or adopt that made it is acknowledged, so an answered bind survives a
 * crash of the process. The caller has already assumed the devices on the state; when the store fails to write,
 * the caller's `undo` puts the state back and the store's error is thrown (a failure of the service, not a
 * refusal), leaving no trace of the placement anywhere. A removal is deleted from the store first, for the
 * same reason. Reservations are not placements and are never stored.
 *
 * Kubernetes names one pod by namespace/name and UID: a name may be reused by a new pod (new UID) only once the
 * old one is gone, hence the index by name next to the one by UID.
 */
import type { PodSpec } from '../model/index.js';
import type { PodTraits } from './pod-traits.js';
import type { Store, StoredPlacement } from './store.js';

/** Where a bound pod runs and on which devices (GET /v1/placements). */
export interface Placement {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly node: string;
  /** Device indices within the node; empty for CPU-only pods. */
  readonly devices: readonly number[];
  /** Milli the pod holds on each of `devices` (1000 for whole devices, 0 for CPU-only pods). */
  readonly milliPerDevice: number;
  /** The partition the pod holds on each of `devices` (MIG profile, vNPU template), when it asked for one. */
  readonly profile?: string;
  readonly cpuMilli: number;
  readonly memMiB: number;
  /** Device models the pod accepts (absent: any). */
  readonly gpuModels?: readonly string[];
  /** Kubernetes QoS class (Guaranteed, Burstable, BestEffort), when known. */
  readonly qos?: string;
  /** The pod's `hyperfleet.io/` annotations (move cost, movable), when it has any. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Kind of the pod's controller, when known (DaemonSet pods are never moved). */
  readonly owner?: string;
  /** True when the pod mounts node-local storage (emptyDir, hostPath): never moved. */
  readonly localStorage?: boolean;
  /** Unix milliseconds when bound. */
  readonly boundAt: number;
}

/** Who a pod is, as the Kubernetes API names it. */
export interface PodIdentity {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
}

export class Placements {
  /** By UID, in bind order. */
  private readonly byUid = new Map<string, StoredPlacement>();
  /** `namespace/name` → UID. */
  private readonly byName = new Map<string, string>();

  constructor(private readonly store: Store) {}

  get size(): number {
    return this.byUid.size;
  }

  get(uid: string): StoredPlacement | undefined {
    return this.byUid.get(uid);
  }

  /** The placement of the pod of that name, whatever its UID. */
  named(namespace: string, name: string): StoredPlacement | undefined {
    const uid = this.byName.get(key(namespace, name));
    return uid === undefined ? undefined : this.byUid.get(uid);
  }

  /** Every placement, in bind order. */
  values(): IterableIterator<StoredPlacement> {
    return this.byUid.values();
  }

  /** The placements on a node, in bind order. */
  onNode(node: string): StoredPlacement[] {
    return [...this.byUid.values()].filter((p) => p.node === node);
  }

  /** Remembers a placement read back from the store (at start; it is there already). */
  restore(p: StoredPlacement): void {
    this.byUid.set(p.uid, p);
    this.byName.set(key(p.namespace, p.name), p.uid);
  }

  /**
   * Stores a placement whose devices are already assumed on the state, then remembers it. When the store fails,
   * `undo` puts the state back and the store's error is rethrown.
   */
  add(
    pod: PodIdentity,
    at: { node: string; spec: PodSpec; devices: readonly number[]; boundAt: number; traits?: PodTraits },
    undo: () => void,
  ): StoredPlacement {
    const placement: StoredPlacement = {
      uid: pod.uid,
      namespace: pod.namespace,
      name: pod.name,
      node: at.node,
      devices: [...at.devices],
      milliPerDevice: at.spec.gpuCount > 0 ? at.spec.gpuMilli : 0,
      spec: at.spec,
      ...(at.traits !== undefined ? { traits: at.traits } : {}),
      boundAt: at.boundAt,
    };
    // A pod held here is stored strictly (a second row would be a bug); one not held may have a row a restart
    // could not count again (its node gone or shrunk): its new binding replaces that row.
    const held = this.byUid.has(pod.uid) || this.byName.has(key(pod.namespace, pod.name));
    try {
      if (held) this.store.addPlacement(placement);
      else this.store.supersedePlacement(placement);
    } catch (e) {
      undo();
      throw e;
    }
    this.restore(placement);
    return placement;
  }

  /** Deletes a placement from the store, then forgets it (the caller frees its devices on the state). */
  remove(p: StoredPlacement): void {
    this.store.deletePlacement(p.uid);
    this.byUid.delete(p.uid);
    this.byName.delete(key(p.namespace, p.name));
  }
}

/** A stored placement as the API shows it. */
export function placementView(p: StoredPlacement): Placement {
  return {
    namespace: p.namespace,
    name: p.name,
    uid: p.uid,
    node: p.node,
    devices: [...p.devices],
    milliPerDevice: p.milliPerDevice,
    ...(p.spec.gpuProfile !== undefined ? { profile: p.spec.gpuProfile } : {}),
    cpuMilli: p.spec.cpuMilli,
    memMiB: p.spec.memMiB,
    ...(p.spec.gpuCount > 0 && p.spec.gpuTypes.length > 0 ? { gpuModels: [...p.spec.gpuTypes] } : {}),
    ...p.traits,
    boundAt: p.boundAt,
  };
}

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
