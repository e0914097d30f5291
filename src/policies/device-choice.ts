/**
 * @module policies/device-choice
 * Device-selection rules shared by several policies (the reference simulator's Reserve-time methods):
 * the exclusive rule for whole devices and the "best" (tightest) rule for sharing pods.
 */
import { type ClusterState, MILLI_PER_DEVICE } from '../model/index.js';
import type { PodRequest } from './pod-request.js';

/** Whole-device pods: the `k` lowest-index completely free devices. */
export function lowestFreeDevices(state: ClusterState, node: number, k: number): number[] {
  const base = state.gpuOffset[node];
  const count = state.gpuCountOf(node);
  const out: number[] = [];
  for (let g = 0; g < count && out.length < k; g++) {
    if (state.gpuLeft[base + g] === MILLI_PER_DEVICE) out.push(g);
  }
  return out;
}

/**
 * The devices a pod would take in the "best" rule: the `k` devices with the least milli left that still fit
 * `m`, ties to the lowest index (a stable sort by milli left, ascending).
 */
export function tightestDevices(state: ClusterState, node: number, m: number, k: number): number[] {
  const base = state.gpuOffset[node];
  const count = state.gpuCountOf(node);
  if (k === 1) {
    // The usual case (a sharing pod): the first device with the least milli left, without sorting.
    let pick = -1;
    for (let g = 0; g < count; g++) {
      const left = state.gpuLeft[base + g];
      if (left >= m && (pick < 0 || left < state.gpuLeft[base + pick])) pick = g;
    }
    return pick < 0 ? [] : [pick];
  }
  const out: number[] = [];
  for (let g = 0; g < count; g++) if (state.gpuLeft[base + g] >= m) out.push(g);
  out.sort((a, b) => state.gpuLeft[base + a] - state.gpuLeft[base + b] || a - b);
  out.length = Math.min(out.length, k);
  return out;
}

/** Reserve rule "best": sharing pods on the tightest fitting device, whole-device pods by the exclusive rule. */
export function bestDevices(state: ClusterState, req: PodRequest, node: number): number[] {
  if (req.gpuCount === 0) return [];
  if (req.gpuMilli === MILLI_PER_DEVICE) return lowestFreeDevices(state, node, req.gpuCount);
  return tightestDevices(state, node, req.gpuMilli, req.gpuCount);
}
