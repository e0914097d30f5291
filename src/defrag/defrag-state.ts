/**
 * @module defrag/defrag-state
 * The planner's working copy of the cluster: a clone of the state with the running pods, where each pod is now,
 * which pods each node holds, what moving each costs, and which pods a plan has already moved (a pod moves at most
 * once per plan: moving it twice is never cheaper than moving it once to where it ends).
 *
 * It also answers "which nodes does this request fit now" without scanning the fleet on every step of the search:
 * the nodes a request fits in the base state (the state the search starts from) are listed once per request, and a
 * node is checked afresh only while the search has changed it (a pod lifted off it or dropped on it that is not
 * back in its base place) — every other node is in its base state, so the base list is exact for it.
 */
import { fits } from '../framework/index.js';
import { compileRequest, type CycleContext, type PodRequest, type Policy } from '../policies/index.js';
import type { ClusterState } from '../model/index.js';
import { GoRand } from '../rng/index.js';
import { movabilityOf, type MoveRules } from './move-cost.js';
import type { PlacedPod } from './placed-pod.js';

export class DefragState {
  readonly state: ClusterState;
  readonly pods: readonly PlacedPod[];
  readonly policy: Policy;
  readonly ctx: CycleContext;
  /** Where each pod is now. */
  readonly nodeOf: Int32Array;
  readonly devicesOf: number[][];
  /** Pod indices on each node. */
  readonly podsOn: number[][];
  /** Cost of moving each pod in thousandths, -1 when it may not move (then `whyNot` says why). */
  readonly cost: Int32Array;
  readonly whyNot: (string | undefined)[];
  /** 1 for pods the plan being built has moved. */
  readonly moved: Uint8Array;
  private readonly requests: PodRequest[] = [];
  /** The state the search starts from, and where each pod is in it. */
  private base: ClusterState;
  private homeNode: Int32Array;
  private homeDevices: (readonly number[])[];
  /** Per node: pods lifted off it or dropped on it that are not in their base place; > 0 means changed. */
  private readonly away: Int32Array;
  /** The nodes with `away` > 0. */
  private readonly changed = new Set<number>();
  /** Per request (fit key): the nodes it fits in the base state, by index. */
  private baseFits = new Map<string, Int32Array>();
  /** Nodes looked at by {@link fittingNodes} since the last {@link takeScanWork}. */
  private scanWork = 0;

  /** `state` must hold exactly `pods` (it is cloned, never changed). */
  constructor(state: ClusterState, pods: readonly PlacedPod[], policy: Policy, rules: MoveRules) {
    this.state = state.clone();
    this.pods = pods;
    this.policy = policy;
    // Policies draw only in `prepare` (Random); a fixed seed keeps plans deterministic.
    this.ctx = { state: this.state, rng: new GoRand(1) };
    this.nodeOf = Int32Array.from(pods, (p) => p.node);
    this.devicesOf = pods.map((p) => [...p.devices]);
    this.podsOn = Array.from({ length: state.nodeCount }, () => [] as number[]);
    pods.forEach((p, i) => this.podsOn[p.node].push(i));
    this.cost = new Int32Array(pods.length);
    this.whyNot = pods.map((p, i) => {
      const m = movabilityOf(p, rules);
      this.cost[i] = m.movable ? m.cost : -1;
      return m.movable ? undefined : m.why;
    });
    this.moved = new Uint8Array(pods.length);
    this.away = new Int32Array(state.nodeCount);
    this.base = state;
    this.homeNode = this.nodeOf.slice();
    this.homeDevices = this.devicesOf.map((d) => [...d]);
  }

  /**
   * Makes the current state the base (after the planner applies a gang member's plan, which changes the state
   * outside lift/drop): where every pod is now is its base place.
   */
  rebase(): void {
    this.base = this.state.clone();
    this.homeNode = this.nodeOf.slice();
    this.homeDevices = this.devicesOf.map((d) => [...d]);
    this.away.fill(0);
    this.changed.clear();
    this.baseFits = new Map();
  }

  /** The nodes `req` fits now, in no set order (the same as testing every node, see the module comment). */
  fittingNodes(req: PodRequest): number[] {
    let listed = this.baseFits.get(req.fitKey);
    if (listed === undefined) {
      const found: number[] = [];
      for (let node = 0; node < this.base.nodeCount; node++) if (fits(this.base, req, node)) found.push(node);
      listed = Int32Array.from(found);
      this.baseFits.set(req.fitKey, listed);
      this.scanWork += this.base.nodeCount;
    }
    const out: number[] = [];
    for (const node of listed) if (this.away[node] === 0) out.push(node);
    for (const node of this.changed) if (fits(this.state, req, node)) out.push(node);
    this.scanWork += listed.length + this.changed.size;
    return out;
  }

  /** The nodes {@link fittingNodes} looked at since the last call (the search's measure of work). */
  takeScanWork(): number {
    const work = this.scanWork;
    this.scanWork = 0;
    return work;
  }

  /** The compiled request of pod `i` (compiled once). */
  requestOf(i: number): PodRequest {
    return (this.requests[i] ??= compileRequest(this.state, this.pods[i].spec));
  }

  /** Whether pod `i` may still be moved by the plan being built. */
  canMove(i: number): boolean {
    return this.cost[i] >= 0 && this.moved[i] === 0;
  }

  /** Takes pod `i` off its node (the first half of a move). */
  lift(i: number): void {
    const node = this.nodeOf[i];
    this.mark(node, this.atHome(i, node, this.devicesOf[i]) ? 1 : -1);
    this.state.forget(node, this.pods[i].spec, this.devicesOf[i]);
    const on = this.podsOn[node];
    on.splice(on.indexOf(i), 1);
  }

  /** Puts pod `i` (lifted) on `node` and `devices`. */
  drop(i: number, node: number, devices: readonly number[]): void {
    this.mark(node, this.atHome(i, node, devices) ? -1 : 1);
    this.state.assume(node, this.pods[i].spec, devices);
    this.nodeOf[i] = node;
    this.devicesOf[i] = [...devices];
    this.podsOn[node].push(i);
  }

  private atHome(i: number, node: number, devices: readonly number[]): boolean {
    const home = this.homeDevices[i];
    return (
      node === this.homeNode[i] && devices.length === home.length && devices.every((d, k) => d === home[k])
    );
  }

  private mark(node: number, delta: 1 | -1): void {
    const away = (this.away[node] += delta);
    if (away === 0) this.changed.delete(node);
    else this.changed.add(node);
  }
}
