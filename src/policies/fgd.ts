/**
 * @module policies/fgd
 * Fragmentation Gradient Descent (Weng et al., USENIX ATC '23): place each pod where it increases the expected
 * fragmentation of the cluster — measured against the typical workload — the least (reference behaviour:
 * specs/fgd-reproduction.md §5.3).
 *
 * Score = int(100 · sigmoid((F(before) − F(after)) / 1000)). The device of a sharing pod is the first index
 * attaining the highest *integer* score, recomputed at Reserve exactly as the reference does (quirk Q4).
 */
import type { ClusterState } from '../model/cluster-state.js';
import { MILLI_PER_DEVICE } from '../model/units.js';
import { bestDevices } from './device-choice.js';
import { FRAG_CATEGORY_COUNT, FRAG_STRIDE, FragMeasure } from './frag.js';
import type { CycleContext, Policy } from './policy.js';
import type { PodRequest } from './pod-request.js';
import type { TypicalPods } from './typical-pods.js';

/** int(100 · sigmoid(Δ / 1000)), Δ = F(before) − F(after), in the reference's float order. */
export function fgdScoreOfDelta(fragBefore: number, fragAfter: number): number {
  const x = (fragBefore - fragAfter) / 1000;
  return Math.trunc(100 * (1 / (1 + Math.exp(-x))));
}

/** What FGD remembers about one cluster state (one set of device models). */
interface StateMemo {
  readonly state: ClusterState;
  readonly measure: FragMeasure;
  /** Per node: the version last measured, and the memo entry of the node's state at that version. */
  readonly version: Int32Array;
  readonly entry: Int32Array;
  /** Per request shape (`cpu/milli/count`): score by (entry of the node's state, CPU class after placement). */
  readonly scores: Map<string, Map<number, number>>;
}

export class FgdPolicy implements Policy {
  readonly name = 'fgd' as const;
  readonly paperLabel = '06-FGD';
  readonly pureScore = true;
  readonly typical: TypicalPods;
  private measures = new WeakMap<readonly string[], FragMeasure>();
  private memos = new WeakMap<ClusterState, StateMemo>();
  /** The memo of the state scored last, and the score map of the request scored last (consecutive calls share them). */
  private lastMemo: StateMemo | null = null;
  private lastReq: PodRequest | null = null;
  private lastScores: Map<number, number> | null = null;
  /** Scratch copy of one node's device remainders (hypothetical "after" states). */
  private after = new Int32Array(0);

  constructor(typical: TypicalPods) {
    this.typical = typical;
  }

  /** The fragmentation measure for this state's device models (shared with reports). */
  measureFor(state: ClusterState): FragMeasure {
    let m = this.measures.get(state.models);
    if (!m) {
      m = new FragMeasure(this.typical, state.models, state.maxGpusPerNode);
      this.measures.set(state.models, m);
    }
    return m;
  }

  /**
   * The score depends on the node only through its state's memo entry (model, CPU class, multiset of device
   * remainders: F(before)) and the CPU class left after placement (with the remainders after placement, which
   * follow from the multiset and the request: F(after)). So scores are memoised on that pair, per request shape —
   * the same float operations on the same inputs, hence bit-identical to recomputing them.
   */
  score(ctx: CycleContext, req: PodRequest, node: number): number {
    const state = ctx.state;
    const memo = this.memoFor(state);
    const measure = memo.measure;
    const entry = this.entryNow(memo, node);
    let scores = this.lastScores;
    if (req !== this.lastReq || scores === null) {
      const shape = `${req.cpuMilli}/${req.gpuMilli}/${req.gpuCount}`;
      scores = memo.scores.get(shape) ?? null;
      if (scores === null) {
        scores = new Map();
        memo.scores.set(shape, scores);
      }
      this.lastReq = req;
      this.lastScores = scores;
    }
    const key = entry * measure.cpuClassCount + measure.cpuClass(state.cpuLeft[node] - req.cpuMilli);
    let s = scores.get(key);
    if (s === undefined) {
      s = this.evaluate(memo, req, node, entry, false);
      scores.set(key, s);
    }
    return s;
  }

  pickDevices(ctx: CycleContext, req: PodRequest, node: number): number[] {
    if (req.gpuCount === 0) return [];
    // Whole devices by the exclusive rule; partial multi-device requests on the tightest devices, as scored.
    if (!req.sharing) return bestDevices(ctx.state, req, node);
    const memo = this.memoFor(ctx.state);
    return [this.evaluate(memo, req, node, this.entryNow(memo, node), true)];
  }

  /** Keyed by state object, so a cloned state never reads the original's entries. */
  private memoFor(state: ClusterState): StateMemo {
    const last = this.lastMemo;
    if (last !== null && last.state === state) return last;
    let memo = this.memos.get(state);
    if (!memo) {
      memo = {
        state,
        measure: this.measureFor(state),
        version: new Int32Array(state.nodeCount).fill(-1),
        entry: new Int32Array(state.nodeCount),
        scores: new Map(),
      };
      this.memos.set(state, memo);
    }
    this.lastMemo = memo;
    this.lastReq = null;
    return memo;
  }

  /** The memo entry of the node as it is now, cached per node version (bumped on every change of the node). */
  private entryNow(memo: StateMemo, node: number): number {
    const state = memo.state;
    if (memo.version[node] !== state.version[node]) {
      memo.entry[node] = memo.measure.lookup(
        state.modelId[node],
        state.cpuLeft[node],
        state.gpuLeft,
        state.gpuOffset[node],
        state.gpuCountOf(node),
      );
      memo.version[node] = state.version[node];
    }
    return memo.entry[node];
  }

  /** The node's score, or with `wantDevice` the device index that attains it (sharing pods only). */
  private evaluate(
    memo: StateMemo,
    req: PodRequest,
    node: number,
    entry: number,
    wantDevice: boolean,
  ): number {
    const { state, measure } = memo;
    const model = state.modelId[node];
    const base = state.gpuOffset[node];
    const gpus = state.gpuCountOf(node);
    const before = measure.values[entry * FRAG_STRIDE + FRAG_CATEGORY_COUNT];
    const cpuAfter = state.cpuLeft[node] - req.cpuMilli;
    if (this.after.length < gpus) this.after = new Int32Array(gpus);
    const after = this.after;
    for (let g = 0; g < gpus; g++) after[g] = state.gpuLeft[base + g];
    if (req.sharing) {
      let best = -1;
      let bestDevice = -1;
      devices: for (let g = 0; g < gpus; g++) {
        const left = after[g];
        if (left < req.gpuMilli) continue;
        // Devices with equal remainders give equal scores, and the first index wins ties: score each value once.
        for (let h = 0; h < g; h++) if (after[h] === left) continue devices;
        after[g] = left - req.gpuMilli;
        const s = fgdScoreOfDelta(before, measure.frag(model, cpuAfter, after, 0, gpus));
        after[g] = left;
        if (s > best) {
          best = s;
          bestDevice = g;
        }
      }
      return wantDevice ? bestDevice : best;
    }
    if (req.gpuCount > 0) {
      // Take the request from the k fitting devices with the least left (ascending, stable): for whole devices
      // these are free ones, and F depends only on the multiset of remainders.
      takeTightest(after, gpus, req.gpuMilli, req.gpuCount);
    }
    return fgdScoreOfDelta(before, measure.frag(model, cpuAfter, after, 0, gpus));
  }
}

/** Subtracts `m` from the `k` devices with the least remainder ≥ m (ties to the lowest index), in place. */
function takeTightest(left: Int32Array, count: number, m: number, k: number): void {
  if (m === MILLI_PER_DEVICE) {
    for (let g = 0, taken = 0; g < count && taken < k; g++) {
      if (left[g] === MILLI_PER_DEVICE) {
        left[g] = 0;
        taken++;
      }
    }
    return;
  }
  for (let taken = 0; taken < k; taken++) {
    let pick = -1;
    for (let g = 0; g < count; g++) {
      if (left[g] >= m && (pick < 0 || left[g] < left[pick])) pick = g;
    }
    if (pick < 0) return;
    left[pick] -= m;
  }
}
