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
  const room = new NodeRoom(ds, req, node, candidates);
  const n = candidates.length;
  const chosen: number[] = [];
  const walk = (start: number, cost: number): void => {
    if (chosen.length === search.size) {
      if (room.fits(chosen.length, n) && (!search.minimalOnly || everyMemberNeeded(room, chosen))) {
        out.push({ node, pods: chosen.map((k) => candidates[k]), cost });
      }
      return;
    }
    const left = search.size - chosen.length;
    for (let k = start; k <= n - left; k++) {
      // The cheapest completion: this pod and the next cheapest ones.
      let least = cost;
      for (let j = k; j < k + left; j++) least += ds.cost[candidates[j]];
      if (least >= search.bound) return;
      // Removing this pod and every later candidate is the most room this branch can make.
      chosen.push(k);
      room.add(k, 1);
      if (room.fits(chosen.length, k + 1)) walk(k + 1, cost + ds.cost[candidates[k]]);
      room.add(k, -1);
      chosen.pop();
    }
  };
  walk(0, 0);
}

/** Whether `req` would fit `node` once `pods` (on that node, a few) have left. */
export function podsFitWithout(
  ds: DefragState,
  req: PodRequest,
  node: number,
  pods: readonly number[],
): boolean {
  // Called for every pod of every node a chain may go through: sums in place, no room built.
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
  const base = s.gpuOffset[node];
  let found = 0;
  for (let d = 0; d < s.gpuOffset[node + 1] - base; d++) {
    let left = s.gpuLeft[base + d];
    for (const i of pods) if (ds.devicesOf[i].includes(d)) left += ds.pods[i].spec.gpuMilli;
    if (left >= req.gpuMilli && ++found >= req.gpuCount) return true;
  }
  return false;
}

/** Whether the set (candidate positions, all added to `room`) would no longer make room without any one member. */
function everyMemberNeeded(room: NodeRoom, set: readonly number[]): boolean {
  return set.every((k) => {
    room.add(k, -1);
    const fits = room.fits(set.length - 1, room.size);
    room.add(k, 1);
    return !fits;
  });
}

const scratch = { sums: new Float64Array(64), milli: new Int32Array(256), left: new Int32Array(16) };

/**
 * A node's remainders for one request with some of its candidate pods taken off: the candidates added so far, plus
 * optionally every candidate from a position on (the most room a branch can still make), by running sums and
 * suffix sums — no allocation per check, since the search asks this millions of times.
 */
class NodeRoom {
  readonly size: number;
  private readonly devices: number;
  private readonly fitsModel: boolean;
  private cpu: number;
  private mem: number;
  /** Remainder of each device with the added candidates off. */
  private readonly left: Int32Array;
  /** Σ over candidates k.. of CPU, memory, and of each device's milli (row k, `devices` wide). */
  private readonly cpuFrom: Float64Array;
  private readonly memFrom: Float64Array;
  private readonly milliFrom: Int32Array;

  constructor(
    private readonly ds: DefragState,
    private readonly req: PodRequest,
    private readonly node: number,
    private readonly candidates: readonly number[],
  ) {
    const s = ds.state;
    const n = candidates.length;
    this.size = n;
    this.cpu = s.cpuLeft[node];
    this.mem = s.memLeft[node];
    this.devices = s.gpuOffset[node + 1] - s.gpuOffset[node];
    if (scratch.left.length < this.devices) scratch.left = new Int32Array(2 * this.devices);
    this.left = scratch.left.subarray(0, this.devices);
    this.left.set(s.gpuLeft.subarray(s.gpuOffset[node], s.gpuOffset[node + 1]));
    this.fitsModel = req.gpuCount === 0 || modelFits(s, req, node);
    // Scratch shared by every room (one room is in use at a time): the search builds a room per node and size.
    if (scratch.sums.length < 2 * (n + 1)) scratch.sums = new Float64Array(4 * (n + 1));
    if (scratch.milli.length < (n + 1) * this.devices)
      scratch.milli = new Int32Array(2 * (n + 1) * this.devices);
    this.cpuFrom = scratch.sums.subarray(0, n + 1);
    this.memFrom = scratch.sums.subarray(n + 1, 2 * (n + 1));
    this.milliFrom = scratch.milli.subarray(0, (n + 1) * this.devices);
    this.cpuFrom[n] = 0;
    this.memFrom[n] = 0;
    this.milliFrom.fill(0, n * this.devices);
    for (let k = n - 1; k >= 0; k--) {
      const spec = ds.pods[candidates[k]].spec;
      this.cpuFrom[k] = this.cpuFrom[k + 1] + spec.cpuMilli;
      this.memFrom[k] = this.memFrom[k + 1] + spec.memMiB;
      const row = k * this.devices;
      this.milliFrom.copyWithin(row, row + this.devices, row + 2 * this.devices);
      for (const d of ds.devicesOf[candidates[k]]) this.milliFrom[row + d] += spec.gpuMilli;
    }
  }

  /** Takes candidate `k` off the node (`sign` 1), or puts it back (−1). */
  add(k: number, sign: 1 | -1): void {
    const i = this.candidates[k];
    const spec = this.ds.pods[i].spec;
    this.cpu += sign * spec.cpuMilli;
    this.mem += sign * spec.memMiB;
    for (const d of this.ds.devicesOf[i]) this.left[d] += sign * spec.gpuMilli;
  }

  /** Whether the request fits with the `count` added candidates off, and every candidate from `from` on too. */
  fits(count: number, from: number): boolean {
    const { req } = this;
    const s = this.ds.state;
    const gone = count + (this.size - from);
    if (this.cpu + this.cpuFrom[from] < req.cpuMilli || this.mem + this.memFrom[from] < req.memMiB)
      return false;
    if (s.podCount[this.node] - gone >= MAX_PODS_PER_NODE) return false;
    if (req.gpuCount === 0) return true;
    if (!this.fitsModel) return false;
    const row = from * this.devices;
    let found = 0;
    for (let d = 0; d < this.devices; d++) {
      if (this.left[d] + this.milliFrom[row + d] >= req.gpuMilli && ++found >= req.gpuCount) return true;
    }
    return false;
  }
}
