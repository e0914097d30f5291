/**
 * @module defrag/defrag-state
 * The planner's working copy of the cluster: a clone of the state with the running pods, where each pod is now,
 * which pods each node holds, what moving each costs, and which pods a plan has already moved (a pod moves at most
 * once per plan: moving it twice is never cheaper than moving it once to where it ends).
 */
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
    this.state.forget(node, this.pods[i].spec, this.devicesOf[i]);
    const on = this.podsOn[node];
    on.splice(on.indexOf(i), 1);
  }

  /** Puts pod `i` (lifted) on `node` and `devices`. */
  drop(i: number, node: number, devices: readonly number[]): void {
    this.state.assume(node, this.pods[i].spec, devices);
    this.nodeOf[i] = node;
    this.devicesOf[i] = [...devices];
    this.podsOn[node].push(i);
  }
}
