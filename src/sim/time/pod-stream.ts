/**
 * @module sim/time/pod-stream
 * A workload given as a stream instead of a list: its pods in arrival order (non-decreasing `arrivalSec`), read
 * once as the simulation reaches them, so that a run of ten million pods never holds them all (see live-slots).
 */
import type { TypicalPods } from '../../policies/index.js';
import type { TimedPod } from './time-sim-input.js';

export interface PodStream {
  /** The pods in arrival order; read once. */
  readonly stream: Iterable<TimedPod>;
  /** How many pods it is expected to yield (progress reports only: the run counts those it read). */
  readonly expected: number;
  /**
   * The workload FGD optimises for and stranded capacity is measured against: a list's default (all its pods)
   * cannot be computed from a stream read once, so a stream brings it (policies `typicalPodsOf` on a first pass).
   */
  readonly typical: TypicalPods;
}

/** True for a {@link PodStream}, false for a list of pods. */
export function isPodStream(pods: readonly TimedPod[] | PodStream): pods is PodStream {
  return !Array.isArray(pods);
}
