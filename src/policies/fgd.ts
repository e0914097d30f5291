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
import { FragMeasure } from './frag.js';
import type { CycleContext, Policy } from './policy.js';
import type { PodRequest } from './pod-request.js';
import type { TypicalPods } from './typical-pods.js';

/** int(100 · sigmoid(Δ / 1000)), Δ = F(before) − F(after), in the reference's float order. */
export function fgdScoreOfDelta(fragBefore: number, fragAfter: number): number {
  const x = (fragBefore - fragAfter) / 1000;
  return Math.trunc(100 * (1 / (1 + Math.exp(-x))));
}

export class FgdPolicy implements Policy {
  readonly name = 'fgd' as const;
  readonly paperLabel = '06-FGD';
  readonly pureScore = true;
  readonly typical: TypicalPods;
  private measures = new WeakMap<readonly string[], FragMeasure>();
  private nowCache = new WeakMap<ClusterState, { version: Int32Array; frag: Float64Array }>();
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

  score(ctx: CycleContext, req: PodRequest, node: number): number {
    return this.evaluate(ctx.state, req, node, false);
  }

  pickDevices(ctx: CycleContext, req: PodRequest, node: number): number[] {
    if (req.gpuCount === 0) return [];
    // Whole devices by the exclusive rule; partial multi-device requests on the tightest devices, as scored.
    if (!req.sharing) return bestDevices(ctx.state, req, node);
    return [this.evaluate(ctx.state, req, node, true)];
  }

  /**
   * F of the node as it is now, cached per node version (the state bumps a node's version on every change).
   * Keyed by state object, so a cloned state never reads the original's entries.
   */
  private fragNow(state: ClusterState, measure: FragMeasure, node: number): number {
    let cache = this.nowCache.get(state);
    if (!cache) {
      cache = { version: new Int32Array(state.nodeCount).fill(-1), frag: new Float64Array(state.nodeCount) };
      this.nowCache.set(state, cache);
    }
    if (cache.version[node] !== state.version[node]) {
      cache.frag[node] = measure.frag(
        state.modelId[node],
        state.cpuLeft[node],
        state.gpuLeft,
        state.gpuOffset[node],
        state.gpuCountOf(node),
      );
      cache.version[node] = state.version[node];
    }
    return cache.frag[node];
  }

  /** The node's score, or with `wantDevice` the device index that attains it (sharing pods only). */
  private evaluate(state: ClusterState, req: PodRequest, node: number, wantDevice: boolean): number {
    const measure = this.measureFor(state);
    const model = state.modelId[node];
    const base = state.gpuOffset[node];
    const gpus = state.gpuCountOf(node);
    const cpuLeft = state.cpuLeft[node];
    const before = this.fragNow(state, measure, node);
    const cpuAfter = cpuLeft - req.cpuMilli;
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
