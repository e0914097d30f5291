/**
 * @module server/live-scheduler
 * The extender's decisions on the live cluster state, independent of HTTP: decide a pod's node (filter), score
 * (prioritize), and bind (assume the pod on a node with the devices the policy picks, record the placement).
 * The decision itself is the engine's: framework/scheduler's `Scheduler` with the `scan` strategy (no per-class
 * memory that would grow with every pod shape a live cluster sends), `fits`/`unfitReasons` for reasons, and the
 * policy's `pickDevices`.
 *
 * State is in memory in this step (SQLite persistence is the next one). Calls are synchronous, so on Node's one
 * thread two binds never interleave: of two binds that would overcommit a device, the second sees the first's
 * assume and is refused.
 */
import type { ClusterState } from '../model/cluster-state.js';
import type { PodSpec } from '../model/pod.js';
import { fits, unfitReasons } from '../framework/fit.js';
import { Scheduler } from '../framework/scheduler.js';
import { compileRequest } from '../policies/pod-request.js';
import type { CycleContext, Policy } from '../policies/policy.js';
import type { Rng } from '../rng/rng.js';
import { GoRand } from '../rng/go-rand.js';
import { MILLI_PER_DEVICE } from '../model/units.js';

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
}

/** The outcome of filter for one pod. */
export interface Decision {
  /** Chosen node index, -1 when the pod fits none of the candidates. */
  readonly node: number;
  readonly devices: readonly number[];
  /** Node version when decided: bind reuses `devices` only if the node did not change since. */
  readonly version: number;
  /** Node name → why it is not passed on (unknown, does not fit, or not the policy's choice). */
  readonly failed: Record<string, string>;
  readonly spec: PodSpec;
}

/** Unbound decisions kept at most (pods filtered but never bound, e.g. bound by another scheduler). */
const MAX_PENDING = 10_000;

export interface LiveSchedulerOptions {
  readonly state: ClusterState;
  readonly policy: Policy;
  /** Tie-break rank per node (smaller wins); default: node order. */
  readonly rank?: Int32Array;
  /** Random source for the `random` policy (default: seed 42). */
  readonly rng?: Rng;
}

export class LiveScheduler {
  readonly state: ClusterState;
  readonly policy: Policy;
  private readonly scheduler: Scheduler;
  private readonly ctx: CycleContext;
  private readonly nodeIndex = new Map<string, number>();
  private readonly pending = new Map<string, Decision>();
  private readonly placements = new Map<
    string,
    Placement & { readonly spec: PodSpec; readonly nodeIndex: number }
  >();

  constructor(options: LiveSchedulerOptions) {
    this.state = options.state;
    this.policy = options.policy;
    const rng = options.rng ?? new GoRand(42);
    this.ctx = { state: this.state, rng };
    this.scheduler = new Scheduler(this.state, this.policy, { rank: options.rank, rng, strategy: 'scan' });
    this.state.nodes.forEach((n, i) => this.nodeIndex.set(n.name, i));
  }

  /** Index of a node by name, or undefined for a node hyperfleet does not know. */
  indexOf(name: string): number | undefined {
    return this.nodeIndex.get(name);
  }

  /**
   * Filter: the single best node among `candidates` (names kube-scheduler sent) by the policy, with a reason for
   * every other candidate. Remembered by pod UID for prioritize and bind (bind carries no pod spec).
   */
  decide(uid: string, spec: PodSpec, candidates: readonly string[]): Decision {
    const { state } = this;
    const req = compileRequest(state, spec);
    const failed: Record<string, string> = {};
    const known: number[] = [];
    for (const name of candidates) {
      const i = this.nodeIndex.get(name);
      if (i === undefined) failed[name] = 'node unknown to hyperfleet (not in its node inventory)';
      else known.push(i);
    }
    let node = -1;
    let devices: readonly number[] = [];
    // The whole-cluster decision is the engine's fast path; when its node is among the candidates it is also
    // the best of the candidates (same scores, same tie-break). Otherwise decide among the candidates only.
    const outcome = this.scheduler.schedule(req);
    if (outcome.ok) {
      if (known.includes(outcome.node)) {
        node = outcome.node;
        devices = outcome.devices;
      } else {
        const among = this.scheduler.schedule(req, known);
        if (among.ok) {
          node = among.node;
          devices = among.devices;
        }
      }
    }
    const chosenName = node >= 0 ? state.nodes[node].name : '';
    for (const i of known) {
      if (i === node) continue;
      const name = state.nodes[i].name;
      failed[name] = fits(state, req, i)
        ? `fits, but hyperfleet's ${this.policy.name} policy places the pod on ${chosenName}`
        : unfitReasons(state, req, i).join('; ');
    }
    const decision: Decision = { node, devices, version: node >= 0 ? state.version[node] : -1, failed, spec };
    if (node >= 0) {
      this.pending.delete(uid);
      this.pending.set(uid, decision);
      if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    }
    return decision;
  }

  /** The remembered filter decision of a pod, if any. */
  decisionOf(uid: string): Decision | undefined {
    return this.pending.get(uid);
  }

  /**
   * Bind: assume the pod on `nodeName`. Returns an error message (the protocol's `Error`) or '' on success; on
   * error nothing changed.
   */
  bind(args: { uid: string; namespace: string; name: string; nodeName: string }): string {
    const { state } = this;
    const who = `pod ${args.namespace}/${args.name} (uid ${args.uid})`;
    const bound = this.placements.get(args.uid);
    if (bound) return `${who} is already bound to node ${bound.node}`;
    const decision = this.pending.get(args.uid);
    if (!decision) {
      return `${who}: no filter decision to bind (bind carries no pod spec, so hyperfleet must filter the pod first)`;
    }
    const node = this.nodeIndex.get(args.nodeName);
    if (node === undefined) return `${who}: node ${args.nodeName} unknown to hyperfleet`;
    const req = compileRequest(state, decision.spec);
    let devices: readonly number[];
    if (node === decision.node && state.version[node] === decision.version) {
      devices = decision.devices;
    } else if (fits(state, req, node)) {
      // Another node than filter chose, or the node changed since: pick the devices there now.
      devices = this.policy.pickDevices(this.ctx, req, node);
    } else {
      return `${who} does not fit node ${args.nodeName}: ${unfitReasons(state, req, node).join('; ')}`;
    }
    try {
      state.assume(node, decision.spec, devices);
    } catch (e) {
      return `${who} cannot be placed on node ${args.nodeName}: ${(e as Error).message}`;
    }
    this.pending.delete(args.uid);
    const milliPerDevice = req.gpuCount > 0 ? req.gpuMilli : 0;
    this.placements.set(args.uid, {
      namespace: args.namespace,
      name: args.name,
      uid: args.uid,
      node: args.nodeName,
      devices: [...devices],
      milliPerDevice,
      cpuMilli: decision.spec.cpuMilli,
      memMiB: decision.spec.memMiB,
      spec: decision.spec,
      nodeIndex: node,
    });
    return '';
  }

  /** Every placement, in bind order. */
  listPlacements(): Placement[] {
    return [...this.placements.values()].map(({ spec: _spec, nodeIndex: _node, ...p }) => p);
  }

  /** Nodes with capacity and what is left (GET /v1/nodes). */
  listNodes(): object[] {
    const { state } = this;
    return state.nodes.map((n, i) => ({
      name: n.name,
      model: n.gpuModel,
      gpuCount: n.gpuCount,
      cpuMilli: n.cpuMilli,
      memMiB: n.memMiB,
      cpuMilliLeft: state.cpuLeft[i],
      memMiBLeft: state.memLeft[i],
      pods: state.podCount[i],
      gpuMilliLeft: Array.from({ length: n.gpuCount }, (_, g) => state.gpuLeftOf(i, g)),
    }));
  }

  /** Σ allocated device milli / Σ capacity, in % (0 without devices). */
  gpuAllocationPercent(): number {
    return this.state.totalGpus === 0
      ? 0
      : (100 * this.state.usedGpuMilli) / (this.state.totalGpus * MILLI_PER_DEVICE);
  }
}
