/**
 * @module policies/gpu-packing
 * GpuPacking: fill partially used devices first, then partially used nodes, and open an empty node last
 * (reference: specs/fgd-reproduction.md §4.4). CPU-only pods score 0.
 */
import { MILLI_PER_DEVICE } from '../model/index.js';
import { bestDevices, tightestDevices } from './device-choice.js';
import { POLICY_LABELS, type CycleContext, type Policy } from './policy.js';
import type { PodRequest } from './pod-request.js';

export class GpuPackingPolicy implements Policy {
  readonly name = 'packing' as const;
  readonly paperLabel = POLICY_LABELS.packing;
  readonly pureScore = true;

  score(ctx: CycleContext, req: PodRequest, node: number): number {
    if (req.gpuCount === 0) return 0;
    const { state } = ctx;
    const gpus = state.gpuCountOf(node);
    if (state.gpuFreeCount[node] === gpus) return Math.max(33 - gpus, gpus);
    const chosen = tightestDevices(state, node, req.gpuMilli, req.gpuCount);
    const base = state.gpuOffset[node];
    let free = 0;
    let percentLeft = 0;
    for (const g of chosen) {
      const left = state.gpuLeft[base + g];
      if (left === MILLI_PER_DEVICE) free++;
      percentLeft += Math.trunc((left * 100) / MILLI_PER_DEVICE);
    }
    if (free > 0) return Math.max(50 - free, 33);
    return Math.max(100 - Math.trunc(percentLeft / 10), 50);
  }

  pickDevices(ctx: CycleContext, req: PodRequest, node: number): number[] {
    return bestDevices(ctx.state, req, node);
  }
}
