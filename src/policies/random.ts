/**
 * @module policies/random
 * Random placement: a uniformly random feasible node, and for sharing pods a uniformly random device that fits
 * (reference: specs/fgd-reproduction.md §4.1). The baseline every other policy is compared with.
 */
import { MILLI_PER_DEVICE } from '../model/index.js';
import { lowestFreeDevices } from './device-choice.js';
import { POLICY_LABELS, type CycleContext, type Policy } from './policy.js';
import type { PodRequest } from './pod-request.js';

export class RandomPolicy implements Policy {
  readonly name = 'random' as const;
  readonly paperLabel = POLICY_LABELS.random;
  readonly pureScore = false;
  /** The node drawn in `prepare` for the current cycle. */
  private chosen = -1;

  prepare(ctx: CycleContext, _req: PodRequest, feasible: Int32Array, count: number): void {
    this.chosen = feasible[ctx.rng.intn(count)];
  }

  score(_ctx: CycleContext, _req: PodRequest, node: number): number {
    return node === this.chosen ? 100 : 0;
  }

  pickDevices(ctx: CycleContext, req: PodRequest, node: number): number[] {
    if (req.gpuCount === 0) return [];
    if (req.gpuMilli === MILLI_PER_DEVICE) return lowestFreeDevices(ctx.state, node, req.gpuCount);
    // Reservoir sampling of `gpuCount` devices among those that fit, in index order (one device for sharing
    // pods, as the reference does).
    const { state } = ctx;
    const base = state.gpuOffset[node];
    const count = state.gpuCountOf(node);
    const k = req.gpuCount;
    const picked: number[] = [];
    let seen = 0;
    for (let g = 0; g < count; g++) {
      if (state.gpuLeft[base + g] < req.gpuMilli) continue;
      seen++;
      if (picked.length < k) {
        if (k === 1) {
          if (ctx.rng.intn(seen) === 0) picked[0] = g;
        } else picked.push(g);
      } else {
        const j = ctx.rng.intn(seen);
        if (j < k) picked[j] = g;
      }
    }
    return picked.sort((a, b) => a - b);
  }
}
