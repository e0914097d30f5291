/**
 * @module defrag/eviction-sets
 * Which pods must leave a node for a pending pod to fit there: the sets of movable pods of a given size whose
 * removal makes room (CPU, memory and `gpuCount` devices with `gpuMilli` left each), found by arithmetic on the
 * node's remainders without touching the state.
 *
 * The pods are tried cheapest first; a branch stops when even removing every pod still available to it would not
 * make room, or when its cost cannot beat the best plan found so far. With `minimalOnly`, a set is kept only when
 * every member is needed (the fallback search); otherwise supersets of a fitting set are kept too, since moving one
 * more pod out can open a place on the node for another (the exact search).
 */
import { MAX_PODS_PER_NODE } from '../model/index.js';
import { modelFits } from '../framework/index.js';
import type { PodRequest } from '../policies/index.js';
import type { DefragState } from './defrag-state.js';

export interface EvictionSet {
  readonly node: number;
  /** Pod indices, cheapest first. */
  readonly pods: readonly number[];
  /** Σ of their move costs (thousandths). */
  readonly cost: number;
}

export interface EvictionSearch {
  readonly size: number;
  readonly minimalOnly: boolean;
  /** Sets costing this much or more are not wanted. */
  readonly bound: number;
}

/** Every wanted eviction set of `search.size` pods on `node` for `req`, appended to `out`. */
export function evictionSets(
  ds: DefragState,
  req: PodRequest,
  node: number,
  search: EvictionSearch,
  out: EvictionSet[],
): void {
  const candidates = ds.podsOn[node]
    .filter((i) => ds.canMove(i))
    .sort((a, b) => ds.cost[a] - ds.cost[b] || a - b);
  if (candidates.length < search.size) return;
  const room = new NodeRoom(ds, req, node);
  const chosen: number[] = [];
  const walk = (start: number, cost: number): void => {
    if (chosen.length === search.size) {
      if (room.fitsWithout(chosen) && (!search.minimalOnly || everyMemberNeeded(room, chosen))) {
        out.push({ node, pods: [...chosen], cost });
      }
      return;
    }
    const left = search.size - chosen.length;
    for (let k = start; k <= candidates.length - left; k++) {
      const i = candidates[k];
      // The cheapest completion: this pod and the next cheapest ones.
      let least = cost;
      for (let j = k; j < k + left; j++) least += ds.cost[candidates[j]];
      if (least >= search.bound) return;
      // Removing this pod and every later candidate is the most room this branch can make.
      chosen.push(i);
      if (room.fitsWithout([...chosen, ...candidates.slice(k + 1)])) walk(k + 1, cost + ds.cost[i]);
      chosen.pop();
    }
  };
  walk(0, 0);
}

/** Whether `req` would fit `node` once `pods` (on that node) have left. */
export function podsFitWithout(
  ds: DefragState,
  req: PodRequest,
  node: number,
  pods: readonly number[],
): boolean {
  return new NodeRoom(ds, req, node).fitsWithout(pods);
}

function everyMemberNeeded(room: NodeRoom, set: readonly number[]): boolean {
  return set.every((_, k) => !room.fitsWithout(set.filter((__, j) => j !== k)));
}

/** A node's remainders, and whether a request would fit with some of its pods gone. */
class NodeRoom {
  private readonly left: Int32Array;

  constructor(
    private readonly ds: DefragState,
    private readonly req: PodRequest,
    private readonly node: number,
  ) {
    const s = ds.state;
    this.left = s.gpuLeft.slice(s.gpuOffset[node], s.gpuOffset[node + 1]);
  }

  fitsWithout(pods: readonly number[]): boolean {
    const { ds, req, node } = this;
    const s = ds.state;
    let cpu = s.cpuLeft[node];
    let mem = s.memLeft[node];
    for (const i of pods) {
      cpu += ds.pods[i].spec.cpuMilli;
      mem += ds.pods[i].spec.memMiB;
    }
    if (cpu < req.cpuMilli || mem < req.memMiB || s.podCount[node] - pods.length >= MAX_PODS_PER_NODE)
      return false;
    if (req.gpuCount === 0) return true;
    if (!modelFits(s, req, node)) return false;
    const left = this.left.slice();
    for (const i of pods) {
      const milli = ds.requestOf(i).gpuMilli;
      for (const d of ds.devicesOf[i]) left[d] += milli;
    }
    let found = 0;
    for (let d = 0; d < left.length; d++) if (left[d] >= req.gpuMilli) found++;
    return found >= req.gpuCount;
  }
}
