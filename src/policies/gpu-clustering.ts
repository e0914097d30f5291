/**
 * @module policies/gpu-clustering
 * GpuClustering: keeps pods of the same kind (sharing, 1-GPU, 2-GPU, …) together on nodes already hosting
 * that kind, and prefers fuller nodes (reference: specs/fgd-reproduction.md §4.3). CPU-only pods score 0.
 */
import { bestDevices } from './device-choice.js';
import { MAX_SPEC_GPU_MILLI } from './dot-product.js';
import { POLICY_LABELS, type CycleContext, type Policy } from './policy.js';
import type { PodRequest } from './pod-request.js';

export class GpuClusteringPolicy implements Policy {
  readonly name = 'clustering' as const;
  readonly paperLabel = POLICY_LABELS.clustering;
  readonly pureScore = true;

  score(ctx: CycleContext, req: PodRequest, node: number): number {
    if (req.gpuCount === 0) return 0;
    const { state } = ctx;
    // The reference normalises by 8 GPUs for every node, so small nodes look fuller (quirk Q7).
    const base = Math.trunc((25 * (MAX_SPEC_GPU_MILLI - state.gpuTotalLeft[node])) / MAX_SPEC_GPU_MILLI);
    let same = false;
    let other = false;
    const row = node * state.tagStride;
    for (let tag = 0; tag < state.tagStride; tag++) {
      if (state.tagCount[row + tag] === 0) continue;
      if (tag === req.tag) same = true;
      else other = true;
    }
    if (same) return (other ? 50 : 75) + base;
    return (other ? 0 : 25) + base;
  }

  pickDevices(ctx: CycleContext, req: PodRequest, node: number): number[] {
    return bestDevices(ctx.state, req, node);
  }
}
