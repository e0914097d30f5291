/**
 * @module sim/time/preemption
 * Preemption of best-effort pods: a waiting pod above best-effort may evict best-effort pods from one node to
 * make room. The node is the first by rank where evicting its best-effort pods, newest first, frees enough for
 * one of the pod's variants; only as many are evicted as needed. Evicted pods wait again and restart from the
 * beginning (their pending departure goes stale, see departure).
 */
import type { ClusterState } from '../../model/index.js';
import { fits } from '../../framework/index.js';
import type { PodRequest } from '../../policies/index.js';
import { endRun, tryStart } from './placement.js';
import type { PodRuns } from './pod-runs.js';
import { BEST_EFFORT } from './qos.js';
import type { TimeSimState } from './time-sim-state.js';

/** Best-effort pods to evict from one node. */
export interface Eviction {
  readonly node: number;
  /** In the order they are evicted (newest first). */
  readonly victims: readonly number[];
}

/**
 * The eviction that makes room for one of `reqs`, or null. Leaves `cluster` as it found it (it tries removals
 * and puts the pods back).
 */
export function chooseEviction(
  cluster: ClusterState,
  runs: PodRuns,
  rank: Int32Array,
  reqs: readonly PodRequest[],
  ordinalOf: (pod: number) => number = (pod) => pod,
): Eviction | null {
  const fitsAny = (node: number) => reqs.some((req) => fits(cluster, req, node));
  const victimsByNode = new Map<number, number[]>();
  for (const v of runs.runningBestEffort) {
    const node = runs.node[v];
    const list = victimsByNode.get(node);
    if (list) list.push(v);
    else victimsByNode.set(node, [v]);
  }
  const candidates = [...victimsByNode.keys()].sort((a, b) => rank[a] - rank[b]);
  for (const node of candidates) {
    const victims = victimsByNode
      .get(node)!
      .sort((a, b) => runs.start[b] - runs.start[a] || ordinalOf(b) - ordinalOf(a));
    const removed: number[] = [];
    for (const v of victims) {
      cluster.forget(node, runs.spec[v]!, runs.devices[v]!);
      removed.push(v);
      if (fitsAny(node)) break;
    }
    const ok = fitsAny(node);
    for (const v of removed) cluster.assume(node, runs.spec[v]!, runs.devices[v]!);
    if (ok) return { node, victims: removed };
  }
  return null;
}

/** Evicts best-effort pods so that pod `i` fits, and starts it; returns whether it started. */
export function tryPreempt(sim: TimeSimState, i: number): boolean {
  const variants = sim.variantsOf(i);
  if (typeof variants === 'string') return false;
  const eviction = chooseEviction(
    sim.cluster,
    sim.runs,
    sim.rank,
    variants.map((v) => sim.requestOf(v)),
    (pod) => sim.ordinalOf(pod),
  );
  if (eviction === null) return false;
  for (const v of eviction.victims) {
    endRun(sim, v);
    sim.waiting.add(v, BEST_EFFORT);
    sim.tally.preemptions++;
  }
  return tryStart(sim, i);
}

/**
 * Starts pod `i` of priority `level` if it fits, else — with preemption on and above best-effort — by evicting
 * best-effort pods; returns whether it started.
 */
export function startOrPreempt(sim: TimeSimState, i: number, level: number): boolean {
  return tryStart(sim, i) || (sim.input.preemption === true && level > BEST_EFFORT && tryPreempt(sim, i));
}
