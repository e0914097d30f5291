/**
 * @module policies/best-fit
 * BestFit: the node with the least CPU and GPU left after placement, half weight each, min–max normalised over
 * the feasible nodes of the pod (reference: specs/fgd-reproduction.md §4.5).
 */
import { bestDevices } from './device-choice.js';
import { MAX_SPEC_CPU_MILLI, MAX_SPEC_GPU_MILLI } from './dot-product.js';
import { minMaxNormalize } from './normalize.js';
import { POLICY_LABELS, type CycleContext, type Policy } from './policy.js';
import type { PodRequest } from './pod-request.js';

export class BestFitPolicy implements Policy {
  readonly name = 'bestfit' as const;
  readonly paperLabel = POLICY_LABELS.bestfit;
  readonly pureScore = true;
  readonly normalizeKeepsBest = true;

  score(ctx: CycleContext, req: PodRequest, node: number): number {
    let s = 0;
    s += ((ctx.state.cpuLeft[node] - req.cpuMilli) / MAX_SPEC_CPU_MILLI) * 0.5;
    s += ((ctx.state.gpuTotalLeft[node] - req.totalGpuMilli) / MAX_SPEC_GPU_MILLI) * 0.5;
    return Math.trunc((1 - s) * 100);
  }

  normalize(scores: Int32Array, count: number): void {
    minMaxNormalize(scores, count);
  }

  pickDevices(ctx: CycleContext, req: PodRequest, node: number): number[] {
    return bestDevices(ctx.state, req, node);
  }
}
