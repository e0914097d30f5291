/**
 * @module policies/dot-product
 * DotProduct ("Tetris") alignment: prefers nodes whose leftover CPU and GPU, normalised by the largest node
 * spec, have the smallest dot product with the pod's request — less leftover in the directions the pod uses.
 * All devices of a node are merged into one dimension (reference: specs/fgd-reproduction.md §4.2).
 */
import { bestDevices } from './device-choice.js';
import { POLICY_LABELS, type CycleContext, type Policy } from './policy.js';
import type { PodRequest } from './pod-request.js';

/** Normalisers of the reference: 128 cores and 8 GPUs. */
export const MAX_SPEC_CPU_MILLI = 128000;
export const MAX_SPEC_GPU_MILLI = 8000;

export class DotProductPolicy implements Policy {
  readonly name = 'dotprod' as const;
  readonly paperLabel = POLICY_LABELS.dotprod;
  readonly pureScore = true;

  score(ctx: CycleContext, req: PodRequest, node: number): number {
    const cpuLeft = ctx.state.cpuLeft[node];
    if (cpuLeft < req.cpuMilli) return 0;
    const a0 = cpuLeft / MAX_SPEC_CPU_MILLI;
    const a1 = ctx.state.gpuTotalLeft[node] / MAX_SPEC_GPU_MILLI;
    const b0 = req.cpuMilli / MAX_SPEC_CPU_MILLI;
    const b1 = req.totalGpuMilli / MAX_SPEC_GPU_MILLI;
    const dot = 0 + a0 * b0 + a1 * b1;
    return Math.trunc(100 * (1 - dot / 2));
  }

  pickDevices(ctx: CycleContext, req: PodRequest, node: number): number[] {
    return bestDevices(ctx.state, req, node);
  }
}
