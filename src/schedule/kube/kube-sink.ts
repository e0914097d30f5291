/**
 * @module schedule/kube/kube-sink
 * The boundary between the Kubernetes API (schedule/kube/kube-sync) and the service's state: the live scheduler
 * implements it, the sync calls it. Every call is synchronous and idempotent by name (nodes) or UID (pods).
 * A call may refuse a change by returning a {@link Refusal} (errors/refusal); the sync reports it (`onIssue`) and
 * carries on. A call that throws has failed (a bug, a store that cannot write): the sync reports that too.
 */
import type { Outcome } from '../../errors/index.js';
import type { NodeSpec, PodSpec } from '../../model/index.js';
import type { PodTraits } from '../pod-traits.js';

/** What a sink call returns: nothing or `{ ok: true, … }` when the change was made, a Refusal when not. */
export type SinkOutcome = Outcome | void;

/** A pod on a node, as the sync reports it. */
export interface BoundPod {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly node: string;
  readonly spec: PodSpec;
  /** Device indices from the pod's `hyperfleet.io/gpu-devices` annotation, when it has a valid one. */
  readonly devices?: number[];
  /** What decides whether a defrag plan may move it (schedule/pod-traits). */
  readonly traits?: PodTraits;
}

export interface KubeSink {
  /** A node appeared or changed (capacity/labels). Called only when its {@link NodeSpec} changed. */
  upsertNode(node: NodeSpec): SinkOutcome;
  /**
   * Optional: the initial list of nodes in one call (a sink that rebuilds its state on every node change does it
   * once instead of once per node). Without it, the sync calls {@link upsertNode} for each.
   */
  upsertNodes?(nodes: readonly NodeSpec[]): SinkOutcome;
  /** A node left the cluster. The sync first reports every pod it knew on the node as gone. */
  deleteNode(name: string): SinkOutcome;
  /**
   * A pod is running/bound on a node (bound by anyone, e.g. at start-up or by the default scheduler): make sure
   * the service counts it (devices from the hyperfleet.io/gpu-devices annotation when present). Idempotent.
   */
  podBound(p: BoundPod): SinkOutcome;
  /** A pod ended (Succeeded/Failed) or was deleted. Idempotent: a pod the sink does not know is ignored. */
  podGone(p: { uid: string; namespace: string; name: string }): SinkOutcome;
}
