/**
 * @module schedule/kube/reconcile
 * Reconciles what the Kubernetes API server reports — node and pod objects, as the list and the watch deliver
 * them — with a {@link KubeSink} (the live scheduler): which nodes exist and with what capacity, and which pods
 * hold resources on them. No network here; schedule/kube/list-watch delivers the objects.
 *
 * - Nodes are read by schedule/kube-node's `readNode` through the resource map; the sink hears of a node only
 *   when its spec (CPU, memory, device count, model) changed, not on every status heartbeat. A node's warnings
 *   (unknown model, …) are reported once per change.
 * - Pods count while they are bound and not finished (schedule/kube/watched-pod). The sink hears `podBound` once
 *   per UID and `podGone` when the pod finishes, is deleted, or its node is deleted. A pod bound to a node not
 *   seen yet is held until the node appears (the node and pod watches are two streams, ordered within each but
 *   not across them). A pod whose request cannot be read is reported and not counted.
 * - Until {@link KubeReconciler.initialNodesListed}, nodes are collected and handed over in one `upsertNodes`
 *   call when the sink takes a batch (a sink that rebuilds its state on every node change does it once).
 * - A change the sink refuses, or a sink call that throws, is reported and the reconcile carries on.
 */
import type { NodeSpec } from '../../model/index.js';
import type { DeviceProtocol } from '../device-protocol.js';
import { readNode } from '../kube-node.js';
import { sameDescription, sameNodeSpec } from '../node-inventory.js';
import type { ResourceModels } from '../resource-models.js';
import type { KubeSink, SinkOutcome } from './kube-sink.js';
import { boundNodeOf, describeFailure, podStanding, readCountedPod } from './watched-pod.js';

interface TrackedPod {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly node: string;
  /** Whether the sink was told (false for a pod whose request could not be read). */
  readonly counted: boolean;
}

/** What the reconcile tracks now (for /readyz and tests). */
export interface SyncCounts {
  nodes: number;
  pods: number;
  unreadablePods: number;
  waitingForNode: number;
}

export class KubeReconciler {
  private readonly nodes = new Map<string, NodeSpec>();
  private readonly nodeWarnings = new Map<string, string>();
  /** Pods counted (or refused by the sink, or unreadable), by UID. */
  private readonly pods = new Map<string, TrackedPod>();
  /** Bound pods whose node is not known yet, by UID. */
  private readonly waiting = new Map<string, unknown>();
  /** Nodes of the initial list, collected to hand over in one call; null once handed over (or without batches). */
  private initialNodes: Map<string, NodeSpec> | null;

  constructor(
    private readonly sink: KubeSink,
    private readonly models: ResourceModels,
    private readonly report: (message: string) => void,
    /** Reads nodes and pods instead of the resource map alone (`--device-protocol`). */
    private readonly protocol?: DeviceProtocol,
  ) {
    this.initialNodes = sink.upsertNodes ? new Map() : null;
  }

  /** A node object was added or updated. */
  node(obj: unknown): void {
    let reading;
    try {
      reading = this.protocol ? this.protocol.readNode(obj) : readNode(obj, this.models);
    } catch (e) {
      const name = (obj as { metadata?: { name?: unknown } }).metadata?.name;
      this.report(`node ${typeof name === 'string' ? `${name} ` : ''}not read: ${describeFailure(e)}`);
      return;
    }
    const { spec } = reading;
    const warnings = reading.warnings.join('; ');
    if (warnings !== '' && this.nodeWarnings.get(spec.name) !== warnings) this.report(warnings);
    this.nodeWarnings.set(spec.name, warnings);
    const known = this.nodes.get(spec.name);
    if (known && sameNodeSpec(known, spec) && sameDescription(known, spec)) return;
    this.nodes.set(spec.name, spec);
    if (this.initialNodes) {
      this.initialNodes.set(spec.name, spec);
      return;
    }
    this.call(`node ${spec.name}`, () => this.sink.upsertNode(spec));
    this.flushWaiting(spec.name);
  }

  /** A node object was deleted: its pods are gone first, then the node. */
  nodeDeleted(obj: unknown): void {
    const name = (obj as { metadata?: { name?: string } }).metadata?.name;
    if (name === undefined || !this.nodes.has(name)) return;
    for (const p of [...this.pods.values()]) if (p.node === name) this.gone(p);
    for (const [uid, w] of this.waiting) if (boundNodeOf(w) === name) this.waiting.delete(uid);
    this.nodes.delete(name);
    this.nodeWarnings.delete(name);
    if (this.initialNodes) this.initialNodes.delete(name);
    else this.call(`node ${name}`, () => this.sink.deleteNode(name));
  }

  /** A pod object was added or updated. */
  pod(obj: unknown): void {
    const standing = podStanding(obj);
    if (!standing) return;
    const { uid, namespace, name, node } = standing;
    const tracked = this.pods.get(uid);
    if (!standing.counts || node === undefined) {
      this.waiting.delete(uid);
      if (tracked) this.gone(tracked);
      return;
    }
    if (tracked) return;
    if (!this.nodes.has(node)) {
      this.waiting.set(uid, obj);
      return;
    }
    const reading = readCountedPod(obj, standing, node, this.models, this.protocol);
    if (!reading.ok) {
      this.report(reading.reason);
      this.pods.set(uid, { uid, namespace, name, node, counted: false });
      return;
    }
    if (reading.issue !== undefined) this.report(reading.issue);
    this.pods.set(uid, { uid, namespace, name, node, counted: true });
    this.call(`pod ${namespace}/${name} on node ${node}`, () => this.sink.podBound(reading.pod));
  }

  /** A pod object was deleted. */
  podDeleted(obj: unknown): void {
    const uid = (obj as { metadata?: { uid?: string } }).metadata?.uid;
    if (!uid) return;
    this.waiting.delete(uid);
    const tracked = this.pods.get(uid);
    if (tracked) this.gone(tracked);
  }

  /** The initial node list is complete: the nodes collected go to the sink in one call; later ones one by one. */
  initialNodesListed(): void {
    const batch = this.initialNodes && [...this.initialNodes.values()];
    this.initialNodes = null;
    if (batch && batch.length > 0) this.call('initial nodes', () => this.sink.upsertNodes?.(batch));
  }

  /** After the initial lists: reports the nodes that bound pods wait for (the API server does not list them). */
  reportWaiting(): void {
    for (const name of new Set([...this.waiting.values()].map(boundNodeOf))) {
      if (name !== undefined)
        this.report(`pods bound to node ${name}, which the API server does not list, wait for it`);
    }
  }

  counts(): SyncCounts {
    const pods = [...this.pods.values()];
    return {
      nodes: this.nodes.size,
      pods: pods.filter((p) => p.counted).length,
      unreadablePods: pods.filter((p) => !p.counted).length,
      waitingForNode: this.waiting.size,
    };
  }

  private gone(p: TrackedPod): void {
    this.pods.delete(p.uid);
    if (!p.counted) return;
    this.call(`pod ${p.namespace}/${p.name}`, () =>
      this.sink.podGone({ uid: p.uid, namespace: p.namespace, name: p.name }),
    );
  }

  /** Hands over the pods that waited for `node`, now that it is known. */
  private flushWaiting(node: string): void {
    for (const [uid, obj] of [...this.waiting]) {
      if (boundNodeOf(obj) !== node) continue;
      this.waiting.delete(uid);
      this.pod(obj);
    }
  }

  /** Calls the sink; a refusal or a throw is reported, not raised. */
  private call(what: string, f: () => SinkOutcome): void {
    try {
      const outcome = f();
      if (outcome && !outcome.ok) this.report(`${what}: ${outcome.reason}`);
    } catch (e) {
      this.report(`${what}: ${describeFailure(e)}`);
    }
  }
}
