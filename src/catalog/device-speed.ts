/**
 * @module catalog/device-speed
 * How fast one accelerator runs a kind of work relative to another, from catalog figures alone (in the spirit of
 * Gavel's effective throughput): compute-bound work (training, whole-device jobs) scales with dense BF16
 * throughput, memory-bound work (inference decode, sharing pods) with memory bandwidth. The time simulator and the
 * planner both use it, so a device-hour means the same in both.
 */
import type { Accelerator } from './types.js';

export type WorkKind = 'compute' | 'memory';

/** The catalog figure each kind of work scales with. */
export const SPEED_FIGURE = { compute: 'bf16Tflops', memory: 'memoryBandwidthTBps' } as const;

/** Speed of `a` relative to `reference` on `kind` work; null when either lacks the figure. */
export function relativeSpeed(a: Accelerator, reference: Accelerator, kind: WorkKind): number | null {
  const field = SPEED_FIGURE[kind];
  const mine = a[field];
  const theirs = reference[field];
  return mine === null || theirs === null ? null : mine / theirs;
}
