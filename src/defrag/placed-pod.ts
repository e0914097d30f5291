/**
 * @module defrag/placed-pod
 * A pod that runs now, as the planner sees it: who it is (namespace/name), where it runs (node index and devices),
 * its request, and what decides whether and at what price it may move (QoS, annotations, owner, local storage).
 */
import type { PodSpec } from '../model/index.js';

export interface PlacedPod {
  readonly namespace: string;
  readonly name: string;
  /** Index of its node in the cluster state. */
  readonly node: number;
  /** Device indices within the node (empty for CPU-only pods); `spec.gpuCount` of them, each holding `spec.gpuMilli`. */
  readonly devices: readonly number[];
  /** Its request; `spec.qos` is read for the move cost (BE, LS, Burstable, Guaranteed). */
  readonly spec: PodSpec;
  /** Kubernetes annotations; `hyperfleet.io/move-cost` and `hyperfleet.io/movable` are read (defrag/move-cost). */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Kind of the pod's controller (`DaemonSet`, `ReplicaSet`, …): DaemonSet pods never move. */
  readonly ownerKind?: string;
  /** The pod keeps data on its node (emptyDir, hostPath, local volumes): it never moves. */
  readonly localStorage?: boolean;
}

/** `namespace/name`. */
export function podId(pod: Pick<PlacedPod, 'namespace' | 'name'>): string {
  return `${pod.namespace}/${pod.name}`;
}
