/**
 * @module measure/right-sized-share
 * A pod's right-sized share: the smallest multiple of the granularity covering its peak memory and a percentile
 * of its utilisation, both with headroom:
 *
 *   m_p = min(r_p, ⌈ max(M_p·(1+h)/M_dev, q_p·(1+h)/100) · 1000 / g ⌉ · g) (multi-device pods keep theirs)
 *
 * with r_p the current request (milli per device), M_p the peak memory, M_dev the device memory, q_p the
 * utilisation percentile, h the headroom and g the granularity.
 */
import type { PolicyName } from '../policies/index.js';
import type { PodUsage } from './types.js';

export interface RightSizingParams {
  percentile: number;
  headroom: number;
  policy: PolicyName;
  granularityMilli: number;
  seed: number;
}

export function rightSizedMilli(
  pod: Omit<PodUsage, 'rightSizedMilli'>,
  memoryGiB: number | null,
  p: Pick<RightSizingParams, 'headroom' | 'granularityMilli'>,
): number {
  if (pod.gpuCount > 1 || pod.gpuMilli <= 0) return pod.gpuMilli;
  const g = p.granularityMilli;
  const byUtil = (pod.utilisationPctile * (1 + p.headroom)) / 100;
  const byMem =
    pod.peakMemoryMiB !== null && memoryGiB
      ? (pod.peakMemoryMiB * (1 + p.headroom)) / (memoryGiB * 1024)
      : pod.gpuMilli / 1000; // no memory figure: memory cannot shrink the request
  const milli = Math.ceil((Math.max(byUtil, byMem) * 1000) / g - 1e-9) * g;
  // Never above the current request: on a shared device the memory and utilisation metrics are the device's,
  // which overstate each pod's own use; right-sizing only takes back what was over-allocated.
  return Math.min(pod.gpuMilli, 1000, Math.max(g, milli));
}
