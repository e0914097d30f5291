/**
 * @module schedule/live-scheduler
 * The live service's decisions and state, independent of HTTP: decide a pod's node (filter), bind it, release it,
 * register nodes, switch policy, and answer what-if questions on a copy of the state.
 *
 * A thin facade over one unit per concept, as kube-scheduler keeps its cache and queue apart from the framework:
 * - schedule/decision: the filter decision over the candidates (the engine's `Scheduler` with the `scan`
 *   strategy — no per-class memory that would grow with every pod shape a live cluster sends — and per-node
 *   reasons when none fits);
 * - schedule/reservations: the devices filter chose, held for the pod's UID until bind (why: kube-scheduler binds
 *   asynchronously), with their TTL and cap; schedule/confirmation: what confirms a decision (a bind, a watch, or
 *   the filter itself, schedule/filter-confirmation), so that no placement is lost;
 * - schedule/placements, schedule/binding and schedule/restore: bound pods, written to the store before they are
 *   acknowledged, how a bind or an adopt makes one (the single-threaded ordering of binds), and what a restart
 *   counts again;
 * - schedule/node-inventory: the nodes, their ranks and the state, rebuilt with every placement and reservation
 *   when the node list changes;
 * - schedule/fleet-views, fleet-gauges, what-if, preemption and reconcile-marks: read views, figures, questions
 *   that change nothing, and the bookkeeping of a reconcile with the API server (the {@link KubeSink} side).
 *
 * Durability: every placement and node change is written to the store (SQLite) in one transaction before it is
 * acknowledged; reservations live in memory only. Calls are synchronous, so on Node's one thread two binds never
 * interleave.
 *
 * Refusals are values (errors/refusal): bind, adopt, release, upsertNodes and removeNode return `{ ok: true, … }`
 * or a Refusal (not-found, conflict) with the reason, and change nothing when they refuse. A store that fails to
 * write is not a refusal but a failure: the state is put back and the store's error is thrown.
 */
import { type Outcome, refuse, type Refusal } from '../errors/index.js';
import type { ClusterState, NodeSpec, PodSpec } from '../model/index.js';
import { Scheduler } from '../framework/index.js';
import type { CycleContext, Policy, TypicalPods } from '../policies/index.js';
import { GoRand, type Rng } from '../rng/index.js';
import { boundDecision } from './bound-decision.js';
import { adoptPlaced, bindReserved, type BindOutcome, type BindingUnits, type PlacedPod } from './binding.js';
import type { Candidates } from './candidates.js';
import { type Decision, decideAmong } from './decision.js';
import type { FleetFigures, HistoryPoint } from './fleet-gauges.js';
import { nodeView, perModel, type ModelFigures, type NodeView } from './fleet-views.js';
import { fleetOccupancy, type FleetOccupancy } from './fleet-occupancy.js';
import {
  type DescribedNodeView,
  describedNodeView,
  type NodeFilter,
  type NodePage,
  type NodePageQuery,
  queryNodes,
} from './node-query.js';
import { type HeldDevices, NodeInventory, type NodeListChange } from './node-inventory.js';
import { type Placement, placementView, Placements } from './placements.js';
import type { PodTraits } from './pod-traits.js';
import { type DefragHold, holdMatches } from './defrag/defrag-holds.js';
import { preemptionNodes } from './preemption.js';
import { ReconcileMarks } from './reconcile-marks.js';
import type { ConfirmMode } from './confirmation.js';
import { confirmAtFilter, releaseReplaced } from './filter-confirmation.js';
import { type Reservation, Reservations } from './reservations.js';
import { restorePlacements } from './restore.js';
import { whatIf, type WhatIfResult } from './what-if.js';
import type { BoundPod, KubeSink, SinkOutcome } from './kube/kube-sink.js';
import { SqliteStore, type Store, type StoredDefragPlan } from './store.js';

export type { BindOutcome } from './binding.js';
export type { Decision } from './decision.js';
export type { Placement } from './placements.js';

export interface FleetSummary extends FleetFigures {
  readonly nodes: number;
  readonly devices: number;
  readonly placements: number;
  readonly reservations: number;
  readonly policy: string;
  readonly perModel: Record<string, ModelFigures>;
}

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
  /** Reservations kept at most (default 10,000); the oldest is released beyond. */
  readonly maxReservations?: number;
  /** Clock (Unix ms), for tests. */
  readonly now?: () => number;
  /** What confirms a filter decision (schedule/confirmation; default `bind`). */
  readonly confirm?: ConfirmMode;
  /** Told of each reservation that ends unconfirmed (TTL or cap), after its devices are freed. */
  readonly onReservationExpired?: (uid: string, r: Reservation, why: 'ttl' | 'cap') => void;
}

export class LiveScheduler implements KubeSink {
  private policyNow: Policy;
  private scheduler!: Scheduler;
  private ctx!: CycleContext;
  private readonly rng: Rng;
  private readonly store: Store;
  private readonly typical: TypicalPods | undefined;
  private readonly now: () => number;
  private inventory!: NodeInventory;
  private reservations!: Reservations;
  private placements!: Placements;
  private readonly options: LiveSchedulerOptions;
  private readonly marks = new ReconcileMarks();
  /** Devices held for defrag executions, by key. */
  private readonly holds = new Map<string, DefragHold>();
  private readonly releaseListeners = new Set<() => void>();
  private readonly confirm: ConfirmMode;
  private expiredNow = 0;
  /** Placements that could not be restored at start (node gone, or over capacity), with the reason. */
  restoreIssues!: string[];

  constructor(options: LiveSchedulerOptions) {
    this.policyNow = options.policy;
    this.store = options.store ?? new SqliteStore(':memory:');
    this.typical = options.typical;
    this.now = options.now ?? Date.now;
    this.rng = options.rng ?? new GoRand(42);
    this.options = options;
    if (options.nodes && options.nodes.length > 0) this.store.upsertNodes(options.nodes);
    this.confirm = options.confirm ?? 'bind';
    this.loadFromStore();
  }

  /**
   * Rebuilds every placement and node from the store, as a restart would, with `policy` (a replica that becomes
   * the leader, schedule/leadership): reservations and defrag holds of an earlier leadership are dropped.
   */
  reload(policy: Policy = this.policyNow): void {
    this.policyNow = policy;
    this.holds.clear();
    this.loadFromStore();
  }

  /** Nodes (with their descriptions: schema version 3) and placements from the store; no reservation yet. */
  private loadFromStore(): void {
    this.inventory = new NodeInventory(this.store.loadNodes(), this.options.rank, this.typical);
    this.placements = new Placements(this.store);
    this.reservations = this.newReservations();
    this.ctx = { state: this.inventory.state, rng: this.rng };
    this.scheduler = this.newScheduler();
    this.restoreIssues = restorePlacements(this.store.loadPlacements(), this.inventory, this.placements);
    this.inventory.gauges.record(this.now(), this.placements.size);
  }

  /** Resolves once every change so far is durable (at once for SQLite; PostgreSQL commits asynchronously). */
  async flush(): Promise<void> {
    await this.store.flush?.();
  }

  get state(): ClusterState {
    return this.inventory.state;
  }

  get policy(): Policy {
    return this.policyNow;
  }

  /** Switches the policy used by later decisions (reservations and placements stay). */
  setPolicy(policy: Policy): void {
    this.policyNow = policy;
    this.scheduler = this.newScheduler();
    this.store.setSetting('policy', policy.name);
  }

  /**
   * Filter: the single best node among `candidates` (names kube-scheduler sent) by the policy, reserved for the
   * pod's UID until bind. When no candidate fits, every candidate is in `failed` with the reason. A pod counted
   * as bound is answered from its placement (schedule/bound-decision), except when only the filter confirmed it.
   */
  decide(
    uid: string,
    spec: PodSpec,
    candidates: Candidates,
    traits?: PodTraits,
    pod?: { readonly namespace: string; readonly name: string },
  ): Decision {
    this.reservations.expire();
    const placed = this.placements.get(uid);
    // Bound (a bind or the API server confirmed it): the pod runs there; deciding anew would lose its devices.
    if (placed && this.confirm !== 'filter') {
      return boundDecision(placed, this.inventory.indexOf(placed.node) ?? -1, placed.spec, candidates);
    }
    this.reservations.release(uid);
    // Confirmed at filter only: a pod filtered again is not running there (kube-scheduler's later phases failed).
    if (placed) this.release(placed.namespace, placed.name);
    if (this.confirm === 'filter') {
      releaseReplaced(this.placements, uid, spec, (namespace, name) => void this.release(namespace, name));
    }
    const state = this.inventory.state;
    const held = pod && this.takeHold(pod, spec, candidates);
    if (held) {
      // A defrag execution expects this pod here: its held devices become the pod's reservation.
      this.reservations.hold(uid, { node: held.node, devices: held.devices, spec, traits });
      this.reservations.expire();
      if (this.confirm === 'filter') confirmAtFilter(this.bindingUnits(), uid, spec);
      return {
        node: this.inventory.indexOf(held.node)!,
        devices: held.devices,
        failed: {},
        unresolvable: {},
        spec,
      };
    }
    const decision = decideAmong(state, this.scheduler, this.inventory.byName, spec, candidates);
    if (decision.node >= 0) {
      state.assume(decision.node, spec, decision.devices);
      this.reservations.hold(uid, {
        node: state.nodes[decision.node].name,
        devices: decision.devices,
        spec,
        traits,
      });
      this.changed(decision.node);
      this.reservations.expire();
      if (this.confirm === 'filter') confirmAtFilter(this.bindingUnits(), uid, spec);
    }
    return decision;
  }

  /**
   * Holds devices for a pod a defrag execution expects (schedule/defrag/defrag-holds): assumed on the state at
   * once. Refused (conflict, nothing changed) when they are not free.
   */
  holdForDefrag(h: DefragHold): Outcome {
    const node = this.inventory.indexOf(h.node);
    if (node === undefined) return refuse('not-found', `node ${h.node} is not registered`);
    if (this.holds.has(h.key)) return { ok: true };
    try {
      this.inventory.state.assume(node, h.spec, h.devices);
    } catch (e) {
      return refuse('conflict', `node ${h.node} [${h.devices.join(',')}]: ${(e as Error).message}`);
    }
    this.holds.set(h.key, h);
    this.changed(node);
    return { ok: true };
  }

  /** Releases the holds of a defrag plan (all, or the one of `key`); returns how many. */
  releaseDefragHolds(planId: string, key?: string): number {
    let n = 0;
    for (const h of [...this.holds.values()]) {
      if (h.planId !== planId || (key !== undefined && h.key !== key)) continue;
      this.holds.delete(h.key);
      const node = this.inventory.indexOf(h.node)!;
      this.inventory.state.forget(node, h.spec, h.devices);
      this.changed(node);
      n++;
    }
    return n;
  }

  /** Every defrag hold, in the order made. */
  listDefragHolds(): DefragHold[] {
    return [...this.holds.values()];
  }

  /** Calls `listener` after each pod's devices are freed (release, or the pod gone from the cluster). */
  onPodReleased(listener: () => void): () => void {
    this.releaseListeners.add(listener);
    return () => this.releaseListeners.delete(listener);
  }

  /** What confirms a filter decision (schedule/confirmation). */
  get confirmMode(): ConfirmMode {
    return this.confirm;
  }

  /** Reservations that ended unconfirmed (TTL or cap) since start. */
  get expiredReservations(): number {
    return this.expiredNow;
  }

  /** Whether a node of that name is registered. */
  hasNode(name: string): boolean {
    return this.inventory.indexOf(name) !== undefined;
  }

  /** The current reservation (filter decision) of a pod, if any. */
  decisionOf(uid: string): Decision | undefined {
    // Confirmed at filter (or bound meanwhile): the placement is the decision.
    const r = this.reservations.get(uid) ?? this.placements.get(uid);
    if (!r) return undefined;
    const node = this.inventory.indexOf(r.node)!;
    return { node, devices: r.devices, failed: {}, unresolvable: {}, spec: r.spec };
  }

  /** Every reservation with its pod's UID, oldest first (expired ones released first). */
  listReservations(): { uid: string; reservation: Reservation }[] {
    this.reservations.expire();
    return [...this.reservations.entries()].map(([uid, reservation]) => ({ uid, reservation }));
  }

  /** Pods filtered and not yet bound. */
  get reservationCount(): number {
    return this.reservations.size;
  }

  /**
   * Bind: place the pod on `nodeName` (its reservation when filter chose that node); a pod placed there already
   * is acknowledged as it is. Returns the placement, or the refusal whose reason is the protocol's `Error`; when
   * refused nothing changed.
   */
  bind(args: { uid: string; namespace: string; name: string; nodeName: string }): BindOutcome {
    this.reservations.expire();
    return bindReserved(this.bindingUnits(), args);
  }

  /**
   * A pod placed by someone else (e.g. found on a node when syncing with the API server): counted as it is, with
   * `devices` when known, else devices the policy picks. Idempotent by UID (`adopted: false` when already counted).
   */
  adopt(p: PlacedPod): Outcome<{ readonly adopted: boolean }> {
    return adoptPlaced(this.bindingUnits(), p);
  }

  /**
   * Preemption check: of the nodes kube-scheduler proposes, with the victims it would evict there, those where the
   * pod would then fit by hyperfleet's device accounting (victims it does not know free nothing). Changes nothing.
   */
  preemptionNodes(spec: PodSpec, proposals: ReadonlyMap<string, { uids: readonly string[] }>): string[] {
    this.reservations.expire();
    return preemptionNodes(this.inventory.state, this.inventory.byName, this.placements, spec, proposals);
  }

  /** A pod left: frees its devices. Returns the placement it had (refused as not-found when it had none). */
  release(namespace: string, name: string): Outcome<{ readonly placement: Placement }> {
    const p = this.placements.named(namespace, name);
    if (!p) return refuse('not-found', `pod ${namespace}/${name} has no placement`);
    const node = this.inventory.indexOf(p.node)!;
    this.placements.remove(p);
    this.inventory.state.forget(node, p.spec, p.devices);
    this.changed(node);
    // Synchronously, so a defrag execution holds freed devices before any other request can take them.
    for (const listener of this.releaseListeners) listener();
    return { ok: true, placement: placementView(p) };
  }

  /**
   * Registers nodes, or updates the capacity of known ones. Refused as a whole (conflict) when a node would no
   * longer hold the pods placed or reserved on it.
   */
  upsertNodes(specs: readonly NodeSpec[]): Outcome<{ readonly added: number; readonly updated: number }> {
    for (const n of specs) this.marks.noteNode(n.name);
    const change = this.inventory.withUpserts(specs);
    if (change.added + change.updated > 0) {
      const refused = this.rebuild(change);
      if (refused) return refused;
      this.store.upsertNodes(specs);
    }
    return { ok: true, added: change.added, updated: change.updated };
  }

  /** Removes a node; refused while pods are placed on it (conflict) or when it is not registered (not-found). */
  removeNode(name: string): Outcome {
    const i = this.inventory.indexOf(name);
    if (i === undefined) return refuse('not-found', `node ${name} is not registered`);
    const pods = this.placements.onNode(name);
    if (pods.length > 0) {
      return refuse(
        'conflict',
        `node ${name} still runs ${pods.length} pod(s) (e.g. ${pods[0].namespace}/${pods[0].name}); delete their placements first`,
      );
    }
    this.reservations.releaseOn(name);
    this.rebuild(this.inventory.without(i));
    this.store.deleteNode(name);
    return { ok: true };
  }

  /**
   * Would `pods` all fit right now, in this order, where, and what would the figures be after? Computed with the
   * same policy on a copy of the state; nothing changes.
   */
  whatIf(pods: readonly PodSpec[]): WhatIfResult {
    this.reservations.expire();
    const { state, rank, gauges } = this.inventory;
    return whatIf(state, this.policyNow, rank, this.typical, gauges.figures(), pods);
  }

  /** The placement of a pod by UID, if it is placed. */
  placementOf(uid: string): Placement | undefined {
    const p = this.placements.get(uid);
    return p && placementView(p);
  }

  /** Every placement, in bind order. */
  listPlacements(): Placement[] {
    return [...this.placements.values()].map(placementView);
  }

  /** Nodes with capacity and what is left. */
  listNodes(): NodeView[] {
    const state = this.inventory.state;
    return state.nodes.map((_, i) => nodeView(state, i));
  }

  /** A page of the nodes matching a filter (GET /v1/nodes with parameters; see schedule/node-query). */
  queryNodes(query: NodePageQuery): NodePage {
    return queryNodes(this.inventory.state, query);
  }

  /** The matching nodes' occupancy by pool × device model, one cell per node (GET /v1/fleet/occupancy). */
  occupancy(filter: NodeFilter): FleetOccupancy {
    const { state, gauges } = this.inventory;
    return fleetOccupancy(state, filter, (i) => gauges.nodeFragMilli(i));
  }

  /** One node with its placements, or undefined. */
  node(name: string): (DescribedNodeView & { placements: Placement[]; reservations: number }) | undefined {
    const i = this.inventory.indexOf(name);
    if (i === undefined) return undefined;
    const placements = this.placements.onNode(name).map(placementView);
    return {
      ...describedNodeView(this.inventory.state, i),
      placements,
      reservations: this.reservations.countOn(name),
    };
  }

  /** Σ allocated device milli / Σ capacity, in % (0 without devices). Reservations count as allocated. */
  gpuAllocationPercent(): number {
    return this.inventory.gauges.figures().gpuAllocationPercent;
  }

  figures(): FleetFigures {
    return this.inventory.gauges.figures();
  }

  history(): readonly HistoryPoint[] {
    return this.inventory.gauges.history();
  }

  /** Pods placed (bound). */
  get placementCount(): number {
    return this.placements.size;
  }

  /** Nodes, devices and allocated device milli per device model. */
  perModel(): Record<string, ModelFigures> {
    return perModel(this.inventory.state);
  }

  /** Headline figures with a breakdown by device model (GET /v1/fleet/summary). */
  summary(): FleetSummary {
    const perModel = this.perModel();
    const state = this.inventory.state;
    return {
      nodes: state.nodeCount,
      devices: state.totalGpus,
      placements: this.placements.size,
      reservations: this.reservations.size,
      policy: this.policyNow.name,
      ...this.inventory.gauges.figures(),
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
    this.marks.notePod(p.uid);
    return this.adopt(p);
  }

  podGone(p: { uid: string; namespace: string; name: string }): void {
    this.reservations.release(p.uid);
    if (this.placements.get(p.uid)) this.release(p.namespace, p.name);
  }

  /** Starts noting which pods the API server reports (before its initial list). */
  beginReconcile(): void {
    this.marks.begin();
  }

  /**
   * Ends the initial sync: placements of pods the API server no longer has (they ended while the service was down)
   * are released. Returns how many.
   */
  endReconcile(): number {
    const reported = this.marks.end();
    if (!reported) return 0;
    const stale = [...this.placements.values()].filter((p) => !reported.pods.has(p.uid));
    for (const p of stale) this.release(p.namespace, p.name);
    // Nodes the cluster no longer has (their pods were released above, as the API server no longer lists them); a
    // node that still runs a pod the API server reported is kept (removeNode refuses it).
    const gone = this.inventory.state.nodes.filter((n) => !reported.nodes.has(n.name));
    for (const n of gone) this.removeNode(n.name);
    return stale.length;
  }

  /** Persists a defrag plan's status and progress (schedule/defrag). */
  saveDefragPlan(p: StoredDefragPlan): void {
    this.store.saveDefragPlan(p);
  }

  /** The defrag plans the store keeps, in the order created. */
  loadDefragPlans(): StoredDefragPlan[] {
    return this.store.loadDefragPlans();
  }

  /** Closes the store (graceful shutdown). */
  close(): void {
    this.store.close();
  }

  private newReservations(): Reservations {
    const options = this.options;
    return new Reservations({
      ttlMs: options.reservationTtlMs ?? 30_000,
      max: options.maxReservations,
      now: this.now,
      free: (r) => this.freeReserved(r),
      onExpired: (uid, r, why) => {
        this.expiredNow++;
        options.onReservationExpired?.(uid, r, why);
      },
    });
  }

  private newScheduler(): Scheduler {
    const { state, rank } = this.inventory;
    return new Scheduler(state, this.policyNow, { rank, rng: this.rng, strategy: 'scan' });
  }

  /** Node `node`'s devices changed: refresh its gauges, and record the fleet's figures unless `record` is false. */
  private changed(node: number, record = true): void {
    const { gauges } = this.inventory;
    gauges.nodeChanged(node);
    if (record) gauges.record(this.now(), this.placements.size);
  }

  private bindingUnits(): BindingUnits {
    return {
      inventory: this.inventory,
      reservations: this.reservations,
      placements: this.placements,
      policy: this.policyNow,
      ctx: this.ctx,
      now: this.now,
      confirm: this.confirm,
      changed: (node, record) => this.changed(node, record),
    };
  }

  /** The first hold that expects `pod` on one of the candidates, taken off the holds (its devices stay assumed). */
  private takeHold(pod: { namespace: string; name: string }, spec: PodSpec, candidates: Candidates) {
    for (const h of this.holds.values()) {
      if (candidates.includes(h.node) && holdMatches(h, pod, spec)) {
        this.holds.delete(h.key);
        return h;
      }
    }
    return undefined;
  }

  /** A reservation ended without a bind: its devices are free again. */
  private freeReserved(r: Reservation): void {
    const node = this.inventory.indexOf(r.node)!;
    this.inventory.state.forget(node, r.spec, r.devices);
    this.changed(node);
  }

  /** Rebuilds the node inventory on another node list with every placement and reservation placed again. */
  private rebuild(change: NodeListChange): Refusal | undefined {
    const refused = this.inventory.rebuild(change, this.held());
    if (refused) return refused;
    this.ctx = { state: this.inventory.state, rng: this.rng };
    this.scheduler = this.newScheduler();
    this.inventory.gauges.record(this.now(), this.placements.size);
    return undefined;
  }

  /** What holds devices, placements first (in bind order), then reservations (in expiry order). */
  private *held(): Generator<HeldDevices> {
    for (const p of this.placements.values()) {
      yield { node: p.node, spec: p.spec, devices: p.devices, what: `pod ${p.namespace}/${p.name}` };
    }
    for (const [uid, r] of this.reservations.entries()) {
      yield { node: r.node, spec: r.spec, devices: r.devices, what: `the pod reserved as ${uid}` };
    }
    for (const h of this.holds.values()) {
      yield {
        node: h.node,
        spec: h.spec,
        devices: h.devices,
        what: `defrag plan ${h.planId}'s hold ${h.key}`,
      };
    }
  }
}
