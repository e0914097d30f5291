/**
 * @module schedule/live-scheduler
 * The live service's decisions and state, independent of HTTP: decide a pod's node (filter), bind it, release it,
 * register nodes, switch policy, and answer what-if questions on a copy of the state.
 *
 * The decision is the engine's: framework/scheduler's `Scheduler` with the `scan` strategy (no per-class memory
 * that would grow with every pod shape a live cluster sends), `fits`/`unfitReasons` for reasons, and the policy's
 * `pickDevices`.
 *
 * Reservation at filter: kube-scheduler runs a pod's binding cycle asynchronously, so it may filter the next pod
 * before the previous one is bound. The devices filter chose are therefore assumed at once, as a reservation of
 * the pod's UID, and bind turns the reservation into a placement. A reservation ends when the pod is bound, filtered
 * again, or after `reservationTtlMs` without a bind (the pod was bound elsewhere or given up).
 *
 * Durability: every placement and node change is written to the store (SQLite) in one transaction before it is
 * acknowledged; reservations live in memory only (a bind that arrives after a restart finds none and is refused,
 * so kube-scheduler retries the pod). Calls are synchronous, so on Node's one thread two binds never interleave:
 * of two binds that would overcommit a device, the second sees the first's placement and is refused.
 *
 * Refusals are values (errors/refusal): bind, adopt, release, upsertNodes and removeNode return `{ ok: true, … }`
 * or a Refusal (not-found, conflict) with the reason, and change nothing when they refuse. A store that fails to
 * write is not a refusal but a failure: the state is put back and the store's error is thrown.
 */
import { type Outcome, refuse, type Refusal } from '../errors/index.js';
import { ClusterState, type NodeSpec, type PodSpec } from '../model/index.js';
import { fits, fitsEmptyNode, Scheduler, unfitReasons } from '../framework/index.js';
import { compileRequest, type CycleContext, type Policy, type TypicalPods } from '../policies/index.js';
import { GoRand, type Rng } from '../rng/index.js';
import { FleetGauges, type FleetFigures, type HistoryPoint } from './fleet-gauges.js';
import { nodeView, perModel, type ModelFigures, type NodeView } from './fleet-views.js';
import { whatIf, type WhatIfResult } from './what-if.js';
import type { BoundPod, KubeSink, SinkOutcome } from './kube/kube-sink.js';
import type { Candidates } from './candidates.js';
import { SqliteStore, type Store, type StoredPlacement } from './store.js';

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
  readonly cpuMilli: number;
  readonly memMiB: number;
  /** Unix milliseconds when bound. */
  readonly boundAt: number;
}

/**
 * The outcome of filter for one pod. When no candidate fits, every candidate is in `failed` or `unresolvable`
 * with the reason, as kube-scheduler tells Unschedulable from UnschedulableAndUnresolvable: only nodes of
 * `failed` may take the pod once pods are evicted from them.
 */
export interface Decision {
  /** Chosen node index, -1 when the pod fits none of the candidates. */
  readonly node: number;
  readonly devices: readonly number[];
  /** Node name → why the pod cannot run there now (the node is full: preemption may help). */
  readonly failed: Record<string, string>;
  /**
   * Node name → why the pod can never run there: a device model it does not accept, more than the node has in
   * total, or a node hyperfleet does not know. Preemption will not help.
   */
  readonly unresolvable: Record<string, string>;
  readonly spec: PodSpec;
}

/** A bind that was done: where the pod now runs. */
export type BindOutcome = Outcome<{ readonly placement: Placement }>;

interface Reservation {
  readonly node: number;
  readonly devices: readonly number[];
  readonly spec: PodSpec;
  readonly expiresAt: number;
}

export interface FleetSummary extends FleetFigures {
  readonly nodes: number;
  readonly devices: number;
  readonly placements: number;
  readonly reservations: number;
  readonly policy: string;
  readonly perModel: Record<string, ModelFigures>;
}

/** Reservations kept at most (pods filtered but never bound); the oldest is released beyond. */
const MAX_RESERVATIONS = 10_000;

export interface LiveSchedulerOptions {
  readonly policy: Policy;
  /** Where state is kept (default: an in-memory SQLite database). */
  readonly store?: Store;
  /** Nodes to register at start, in addition to (or updating) the store's. */
  readonly nodes?: readonly NodeSpec[];
  /** Typical pods of the target workload: fragmentation figures (and FGD) need them. */
  readonly typical?: TypicalPods;
  /** Tie-break rank per node (smaller wins); default: node order. Nodes registered later rank after these. */
  readonly rank?: Int32Array;
  /** Random source for the `random` policy (default: seed 42). */
  readonly rng?: Rng;
  /** How long a filter decision holds its devices without a bind (default 30 s). */
  readonly reservationTtlMs?: number;
  /** Clock (Unix ms), for tests. */
  readonly now?: () => number;
}

export class LiveScheduler implements KubeSink {
  private policyNow: Policy;
  private stateNow: ClusterState;
  private scheduler: Scheduler;
  private ctx: CycleContext;
  private gauges: FleetGauges;
  private rank: Int32Array;
  private readonly rng: Rng;
  private readonly store: Store;
  private readonly typical: TypicalPods | undefined;
  private readonly ttl: number;
  private readonly now: () => number;
  private nodeIndex = new Map<string, number>();
  private readonly reservations = new Map<string, Reservation>();
  private readonly placements = new Map<string, StoredPlacement>();
  private readonly byPod = new Map<string, string>();
  /** UIDs the API server reported since {@link beginReconcile}; null when not reconciling. */
  private seen: Set<string> | null = null;
  private seenNodes: Set<string> | null = null;
  /** Placements that could not be restored at start (node gone, or over capacity), with the reason. */
  readonly restoreIssues: string[] = [];

  constructor(options: LiveSchedulerOptions) {
    this.policyNow = options.policy;
    this.store = options.store ?? new SqliteStore(':memory:');
    this.typical = options.typical;
    this.ttl = options.reservationTtlMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.rng = options.rng ?? new GoRand(42);
    if (options.nodes && options.nodes.length > 0) this.store.upsertNodes(options.nodes);
    const nodes = this.store.loadNodes();
    this.rank = extendRank(options.rank, nodes.length);
    this.stateNow = new ClusterState(nodes);
    this.ctx = { state: this.stateNow, rng: this.rng };
    this.scheduler = this.newScheduler();
    this.gauges = new FleetGauges(this.stateNow, this.typical);
    this.indexNodes();
    for (const p of this.store.loadPlacements()) {
      const node = this.nodeIndex.get(p.node);
      if (node === undefined) {
        this.restoreIssues.push(
          `placement of ${p.namespace}/${p.name} on unknown node ${p.node} not restored`,
        );
        continue;
      }
      try {
        this.stateNow.assume(node, p.spec, p.devices);
      } catch (e) {
        this.restoreIssues.push(
          `placement of ${p.namespace}/${p.name} not restored: ${(e as Error).message}`,
        );
        continue;
      }
      this.gauges.nodeChanged(node);
      this.remember(p);
    }
    this.gauges.record(this.now(), this.placements.size);
  }

  get state(): ClusterState {
    return this.stateNow;
  }

  get policy(): Policy {
    return this.policyNow;
  }

  private newScheduler(): Scheduler {
    return new Scheduler(this.stateNow, this.policyNow, { rank: this.rank, rng: this.rng, strategy: 'scan' });
  }

  private indexNodes(): void {
    this.nodeIndex = new Map(this.stateNow.nodes.map((n, i) => [n.name, i]));
  }

  private remember(p: StoredPlacement): void {
    this.placements.set(p.uid, p);
    this.byPod.set(`${p.namespace}/${p.name}`, p.uid);
  }

  /** Switches the policy used by later decisions (reservations and placements stay). */
  setPolicy(policy: Policy): void {
    this.policyNow = policy;
    this.scheduler = this.newScheduler();
    this.store.setSetting('policy', policy.name);
  }

  private changed(node: number): void {
    this.gauges.nodeChanged(node);
    this.gauges.record(this.now(), this.placements.size);
  }

  /** Releases reservations whose time is up (the map is in expiry order: one TTL for all). */
  private expireReservations(): void {
    const now = this.now();
    for (const [uid, r] of this.reservations) {
      if (r.expiresAt > now && this.reservations.size <= MAX_RESERVATIONS) break;
      this.releaseReservation(uid);
    }
  }

  private releaseReservation(uid: string): void {
    const r = this.reservations.get(uid);
    if (!r) return;
    this.reservations.delete(uid);
    this.stateNow.forget(r.node, r.spec, r.devices);
    this.changed(r.node);
  }

  /**
   * Filter: the single best node among `candidates` (names kube-scheduler sent) by the policy, reserved for the
   * pod's UID until bind. When no candidate fits, every candidate is in `failed` with the reason.
   */
  decide(uid: string, spec: PodSpec, candidates: Candidates): Decision {
    this.expireReservations();
    this.releaseReservation(uid);
    const state = this.stateNow;
    const req = compileRequest(state, spec);
    const failed: Record<string, string> = {};
    const unresolvable: Record<string, string> = {};
    let node = -1;
    let devices: readonly number[] = [];
    // The whole-cluster decision is the engine's fast path; when its node is among the candidates it is also the
    // best of the candidates (same scores, same tie-break). Finding one name in the list is a cheap string scan;
    // indexing every candidate (a hash lookup per name, 10,000 per call on a large cluster) is needed only when
    // it is not there: then decide among the candidates alone, or say why none fits.
    const outcome = this.scheduler.schedule(req);
    if (outcome.ok && candidates.includes(state.nodes[outcome.node].name)) {
      node = outcome.node;
      devices = outcome.devices;
    } else {
      const known: number[] = [];
      for (const name of candidates) {
        const i = this.nodeIndex.get(name);
        if (i === undefined) unresolvable[name] = 'node unknown to hyperfleet (not in its node inventory)';
        else known.push(i);
      }
      const among = outcome.ok ? this.scheduler.schedule(req, known) : outcome;
      if (among.ok) {
        node = among.node;
        devices = among.devices;
      } else {
        for (const i of known) {
          const why = unfitReasons(state, req, i).join('; ');
          if (fitsEmptyNode(state, req, i)) failed[state.nodes[i].name] = why;
          else unresolvable[state.nodes[i].name] = why;
        }
      }
    }
    if (node >= 0) {
      state.assume(node, spec, devices);
      this.reservations.set(uid, { node, devices, spec, expiresAt: this.now() + this.ttl });
      this.changed(node);
      this.expireReservations();
    }
    return node >= 0
      ? { node, devices, failed: {}, unresolvable: {}, spec }
      : { node, devices, failed, unresolvable, spec };
  }

  /** The current reservation (filter decision) of a pod, if any. */
  decisionOf(uid: string): Decision | undefined {
    const r = this.reservations.get(uid);
    return r && { node: r.node, devices: r.devices, failed: {}, unresolvable: {}, spec: r.spec };
  }

  /** Pods filtered and not yet bound. */
  get reservationCount(): number {
    return this.reservations.size;
  }

  /**
   * Bind: place the pod on `nodeName` (its reservation when filter chose that node). Returns the placement, or the
   * refusal whose reason is the protocol's `Error`; when refused nothing changed.
   */
  bind(args: { uid: string; namespace: string; name: string; nodeName: string }): BindOutcome {
    this.expireReservations();
    const state = this.stateNow;
    const who = `pod ${args.namespace}/${args.name} (uid ${args.uid})`;
    const bound = this.placements.get(args.uid);
    if (bound) return refuse('conflict', `${who} is already bound to node ${bound.node}`);
    const sameName = this.byPod.get(`${args.namespace}/${args.name}`);
    if (sameName !== undefined) {
      return refuse(
        'conflict',
        `${who}: a pod of that name is already bound (uid ${sameName}, node ${this.placements.get(sameName)?.node})`,
      );
    }
    const reservation = this.reservations.get(args.uid);
    if (!reservation) {
      return refuse(
        'not-found',
        `${who}: no filter decision to bind (bind carries no pod spec, so hyperfleet must filter the pod first; a decision is held ${this.ttl / 1000} s)`,
      );
    }
    const node = this.nodeIndex.get(args.nodeName);
    if (node === undefined) return refuse('not-found', `${who}: node ${args.nodeName} unknown to hyperfleet`);
    const { spec } = reservation;
    let devices = reservation.devices;
    if (node !== reservation.node) {
      // Another node than filter chose: free the reservation, and place the pod there if it fits.
      state.forget(reservation.node, spec, reservation.devices);
      const req = compileRequest(state, spec);
      if (!fits(state, req, node)) {
        const why = unfitReasons(state, req, node).join('; ');
        state.assume(reservation.node, spec, reservation.devices);
        return refuse('conflict', `${who} does not fit node ${args.nodeName}: ${why}`);
      }
      devices = this.policyNow.pickDevices(this.ctx, req, node);
      state.assume(node, spec, devices);
    }
    const placement = this.commit(args, args.nodeName, spec, devices, () => {
      if (node !== reservation.node) {
        state.forget(node, spec, devices);
        state.assume(reservation.node, spec, reservation.devices);
      }
    });
    this.reservations.delete(args.uid);
    if (node !== reservation.node) this.gauges.nodeChanged(reservation.node);
    this.changed(node);
    return { ok: true, placement: view(placement) };
  }

  /**
   * Stores a placement whose devices are already assumed on the state and remembers it. When the store fails,
   * `undo` puts the state back and the store's error is rethrown (a failure of the service, not a refusal).
   */
  private commit(
    pod: { uid: string; namespace: string; name: string },
    nodeName: string,
    spec: PodSpec,
    devices: readonly number[],
    undo: () => void,
  ): StoredPlacement {
    const placement: StoredPlacement = {
      uid: pod.uid,
      namespace: pod.namespace,
      name: pod.name,
      node: nodeName,
      devices: [...devices],
      milliPerDevice: spec.gpuCount > 0 ? spec.gpuMilli : 0,
      spec,
      boundAt: this.now(),
    };
    try {
      this.store.addPlacement(placement);
    } catch (e) {
      undo();
      throw e;
    }
    this.remember(placement);
    return placement;
  }

  /**
   * A pod placed by someone else (e.g. found on a node when syncing with the API server): counted as it is, with
   * `devices` when known, else devices the policy picks. Idempotent by UID (`adopted: false` when already counted).
   */
  adopt(p: {
    uid: string;
    namespace: string;
    name: string;
    node: string;
    spec: PodSpec;
    devices?: number[];
  }): Outcome<{ readonly adopted: boolean }> {
    if (this.placements.has(p.uid)) return { ok: true, adopted: false };
    this.releaseReservation(p.uid);
    const who = `pod ${p.namespace}/${p.name}`;
    const node = this.nodeIndex.get(p.node);
    if (node === undefined) return refuse('not-found', `${who}: node ${p.node} unknown to hyperfleet`);
    const state = this.stateNow;
    const req = compileRequest(state, p.spec);
    const devices =
      p.devices ?? (fits(state, req, node) ? this.policyNow.pickDevices(this.ctx, req, node) : null);
    if (devices === null) {
      return refuse(
        'conflict',
        `${who} does not fit node ${p.node}: ${unfitReasons(state, req, node).join('; ')}`,
      );
    }
    try {
      // The devices may come from the pod's annotation: assume checks them against the node.
      state.assume(node, p.spec, devices);
    } catch (e) {
      return refuse('conflict', `${who} cannot be counted on node ${p.node}: ${(e as Error).message}`);
    }
    this.commit(p, p.node, p.spec, devices, () => state.forget(node, p.spec, devices));
    this.changed(node);
    return { ok: true, adopted: true };
  }

  /**
   * Preemption check: of the nodes kube-scheduler proposes, with the victims it would evict there, those where the
   * pod would then fit by hyperfleet's device accounting (victims it does not know free nothing). Changes nothing.
   */
  preemptionNodes(spec: PodSpec, proposals: ReadonlyMap<string, { uids: readonly string[] }>): string[] {
    this.expireReservations();
    const state = this.stateNow;
    const req = compileRequest(state, spec);
    const ok: string[] = [];
    for (const [name, { uids }] of proposals) {
      const node = this.nodeIndex.get(name);
      if (node === undefined) continue;
      const victims = uids
        .map((uid) => this.placements.get(uid))
        .filter((p): p is StoredPlacement => p !== undefined && p.node === name);
      for (const v of victims) state.forget(node, v.spec, v.devices);
      if (fits(state, req, node)) ok.push(name);
      for (const v of victims) state.assume(node, v.spec, v.devices);
    }
    return ok;
  }

  /** A pod left: frees its devices. Returns the placement it had (refused as not-found when it had none). */
  release(namespace: string, name: string): Outcome<{ readonly placement: Placement }> {
    const uid = this.byPod.get(`${namespace}/${name}`);
    const p = uid === undefined ? undefined : this.placements.get(uid);
    if (!p) return refuse('not-found', `pod ${namespace}/${name} has no placement`);
    const node = this.nodeIndex.get(p.node)!;
    this.store.deletePlacement(p.uid);
    this.stateNow.forget(node, p.spec, p.devices);
    this.placements.delete(p.uid);
    this.byPod.delete(`${namespace}/${name}`);
    this.changed(node);
    return { ok: true, placement: view(p) };
  }

  /**
   * Registers nodes, or updates the capacity of known ones. Refused as a whole (conflict) when a node would no
   * longer hold the pods placed or reserved on it.
   */
  upsertNodes(specs: readonly NodeSpec[]): Outcome<{ readonly added: number; readonly updated: number }> {
    for (const n of specs) this.seenNodes?.add(n.name);
    const nodes = [...this.stateNow.nodes];
    let added = 0;
    let updated = 0;
    for (const spec of specs) {
      const i = this.nodeIndex.get(spec.name);
      if (i === undefined) {
        nodes.push(spec);
        added++;
      } else if (!sameNode(nodes[i], spec)) {
        nodes[i] = spec;
        updated++;
      }
    }
    if (added + updated > 0) {
      const refused = this.rebuild(nodes, extendRank(this.rank, nodes.length));
      if (refused) return refused;
      this.store.upsertNodes(specs);
    }
    return { ok: true, added, updated };
  }

  /** Removes a node; refused while pods are placed on it (conflict) or when it is not registered (not-found). */
  removeNode(name: string): Outcome {
    const i = this.nodeIndex.get(name);
    if (i === undefined) return refuse('not-found', `node ${name} is not registered`);
    const pods = [...this.placements.values()].filter((p) => p.node === name);
    if (pods.length > 0) {
      return refuse(
        'conflict',
        `node ${name} still runs ${pods.length} pod(s) (e.g. ${pods[0].namespace}/${pods[0].name}); delete their placements first`,
      );
    }
    for (const [uid, r] of this.reservations) if (r.node === i) this.releaseReservation(uid);
    const keep = this.stateNow.nodes.map((_, j) => j).filter((j) => j !== i);
    this.rebuild(
      keep.map((j) => this.stateNow.nodes[j]),
      Int32Array.from(keep, (j) => this.rank[j]),
    );
    this.store.deleteNode(name);
    return { ok: true };
  }

  /**
   * Builds the state anew on another node list and places every pod and reservation again; refused (and nothing
   * changed) when a node would no longer hold what is placed or reserved on it.
   */
  private rebuild(nodes: readonly NodeSpec[], rank: Int32Array): Refusal | undefined {
    const state = new ClusterState(nodes);
    const index = new Map(nodes.map((n, i) => [n.name, i]));
    const moved = new Map<string, Reservation>();
    /** The node index, or the refusal when the node is too small now (assume checks the capacity). */
    const place = (nodeName: string, spec: PodSpec, devices: readonly number[], what: string) => {
      const node = index.get(nodeName)!;
      try {
        state.assume(node, spec, devices);
      } catch (e) {
        return refuse('conflict', `node ${nodeName} would no longer hold ${what}: ${(e as Error).message}`);
      }
      return node;
    };
    for (const p of this.placements.values()) {
      const placed = place(p.node, p.spec, p.devices, `pod ${p.namespace}/${p.name}`);
      if (typeof placed !== 'number') return placed;
    }
    for (const [uid, r] of this.reservations) {
      const node = place(this.stateNow.nodes[r.node].name, r.spec, r.devices, `the pod reserved as ${uid}`);
      if (typeof node !== 'number') return node;
      moved.set(uid, { ...r, node });
    }
    for (const [uid, r] of moved) this.reservations.set(uid, r);
    this.stateNow = state;
    this.rank = rank;
    this.ctx = { state, rng: this.rng };
    this.scheduler = this.newScheduler();
    this.gauges = new FleetGauges(state, this.typical, this.gauges.history());
    this.indexNodes();
    this.gauges.record(this.now(), this.placements.size);
    return undefined;
  }

  /**
   * Would `pods` all fit right now, in this order, where, and what would the figures be after? Computed with the
   * same policy on a copy of the state; nothing changes.
   */
  whatIf(pods: readonly PodSpec[]): WhatIfResult {
    this.expireReservations();
    return whatIf(this.stateNow, this.policyNow, this.rank, this.typical, this.gauges.figures(), pods);
  }

  /** The placement of a pod by UID, if it is placed. */
  placementOf(uid: string): Placement | undefined {
    const p = this.placements.get(uid);
    return p && view(p);
  }

  /** Every placement, in bind order. */
  listPlacements(): Placement[] {
    return [...this.placements.values()].map(view);
  }

  /** Nodes with capacity and what is left. */
  listNodes(): NodeView[] {
    return this.stateNow.nodes.map((_, i) => nodeView(this.stateNow, i));
  }

  /** One node with its placements, or undefined. */
  node(name: string): (NodeView & { placements: Placement[]; reservations: number }) | undefined {
    const i = this.nodeIndex.get(name);
    if (i === undefined) return undefined;
    const placements = [...this.placements.values()].filter((p) => p.node === name).map(view);
    const reservations = [...this.reservations.values()].filter((r) => r.node === i).length;
    return { ...nodeView(this.stateNow, i), placements, reservations };
  }

  /** Σ allocated device milli / Σ capacity, in % (0 without devices). Reservations count as allocated. */
  gpuAllocationPercent(): number {
    return this.gauges.figures().gpuAllocationPercent;
  }

  figures(): FleetFigures {
    return this.gauges.figures();
  }

  history(): readonly HistoryPoint[] {
    return this.gauges.history();
  }

  /** Pods placed (bound). */
  get placementCount(): number {
    return this.placements.size;
  }

  /** Nodes, devices and allocated device milli per device model. */
  perModel(): Record<string, ModelFigures> {
    return perModel(this.stateNow);
  }

  /** Headline figures with a breakdown by device model (GET /v1/fleet/summary). */
  summary(): FleetSummary {
    const perModel = this.perModel();
    return {
      nodes: this.stateNow.nodeCount,
      devices: this.stateNow.totalGpus,
      placements: this.placements.size,
      reservations: this.reservations.size,
      policy: this.policyNow.name,
      ...this.gauges.figures(),
      perModel,
    };
  }

  // KubeSink: the cluster as the Kubernetes API server reports it (schedule/kube/kube-sync).

  upsertNode(node: NodeSpec): SinkOutcome {
    return this.upsertNodes([node]);
  }

  deleteNode(name: string): SinkOutcome {
    return this.removeNode(name);
  }

  podBound(p: BoundPod): SinkOutcome {
    this.seen?.add(p.uid);
    return this.adopt(p);
  }

  podGone(p: { uid: string; namespace: string; name: string }): void {
    this.releaseReservation(p.uid);
    if (this.placements.get(p.uid)) this.release(p.namespace, p.name);
  }

  /** Starts noting which pods the API server reports (before its initial list). */
  beginReconcile(): void {
    this.seen = new Set();
    this.seenNodes = new Set();
  }

  /**
   * Ends the initial sync: placements of pods the API server no longer has (they ended while the service was down)
   * are released. Returns how many.
   */
  endReconcile(): number {
    const { seen, seenNodes } = this;
    this.seen = null;
    this.seenNodes = null;
    if (!seen || !seenNodes) return 0;
    const stale = [...this.placements.values()].filter((p) => !seen.has(p.uid));
    for (const p of stale) this.release(p.namespace, p.name);
    // Nodes the cluster no longer has (their pods were released above, as the API server no longer lists them); a
    // node that still runs a pod the API server reported is kept (removeNode refuses it).
    for (const n of this.stateNow.nodes.filter((n) => !seenNodes.has(n.name))) this.removeNode(n.name);
    return stale.length;
  }

  /** Closes the store (graceful shutdown). */
  close(): void {
    this.store.close();
  }
}

function view(p: StoredPlacement): Placement {
  return {
    namespace: p.namespace,
    name: p.name,
    uid: p.uid,
    node: p.node,
    devices: [...p.devices],
    milliPerDevice: p.milliPerDevice,
    cpuMilli: p.spec.cpuMilli,
    memMiB: p.spec.memMiB,
    boundAt: p.boundAt,
  };
}

function sameNode(a: NodeSpec, b: NodeSpec): boolean {
  return (
    a.cpuMilli === b.cpuMilli &&
    a.memMiB === b.memMiB &&
    a.gpuCount === b.gpuCount &&
    a.gpuModel === b.gpuModel
  );
}

/** `rank` for `n` nodes: the given ranks, then node order for nodes beyond them. */
function extendRank(rank: Int32Array | undefined, n: number): Int32Array {
  const out = new Int32Array(n);
  const have = rank ? Math.min(rank.length, n) : 0;
  let max = -1;
  for (let i = 0; i < have; i++) {
    out[i] = rank![i];
    if (out[i] > max) max = out[i];
  }
  for (let i = have; i < n; i++) out[i] = ++max;
  return out;
}
