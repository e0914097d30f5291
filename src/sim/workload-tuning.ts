/**
 * @module sim/workload-tuning
 * The FGD paper's workload generation (specs/fgd-reproduction.md §2): sort the trace by name, shuffle it with
 * the seeded Go RNG, then add random copies (or drop random pods) until the total GPU request is about
 * `tune` × cluster capacity. Reproduces the reference's hidden RNG draws and its stop-rule quirk (Q1).
 */
import type { PodSpec } from '../model/pod.js';
import type { GoRand } from '../rng/go-rand.js';

/** Byte-wise name order (the reference sorts Go strings; all names are ASCII). */
export function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export interface TunedWorkload {
  /** Pods in submission order. */
  readonly pods: PodSpec[];
  /** Σ gpuMilli·gpuCount of `pods`. */
  readonly totalGpuMilli: number;
  readonly copies: number;
  readonly removed: number;
}

/**
 * Shuffles and tunes `sortedPods` (the trace sorted by name) towards `tune × capacityGpuMilli`, consuming draws
 * from `rng` exactly as the reference: one discarded draw, the shuffle, then the tuning loop.
 */
export function tuneWorkload(
  sortedPods: readonly PodSpec[],
  capacityGpuMilli: number,
  tune: number,
  rng: GoRand,
): TunedWorkload {
  rng.int63Discard(); // a rand.Int() evaluated inside a debug-log call of the reference
  const pods = sortedPods.slice();
  rng.shuffleArray(pods);
  const target = tune * capacityGpuMilli;
  let total = 0;
  for (let i = 0; i < pods.length; i++) total += pods[i].gpuMilli * pods[i].gpuCount;
  let copies = 0;
  let removed = 0;
  if (total < target) {
    for (;;) {
      const q = sortedPods[rng.intn(sortedPods.length)];
      // Quirk Q1: the stop test uses the per-device milli, but the whole request is added.
      if (total + q.gpuMilli > target) break;
      total += q.gpuMilli * q.gpuCount;
      pods.push({ ...q, name: `${q.name}-tuned-${copies}` });
      copies++;
    }
  } else if (total > target) {
    while (total > target) {
      const [q] = pods.splice(rng.intn(pods.length), 1);
      total -= q.gpuMilli * q.gpuCount;
      removed++;
    }
  }
  return { pods, totalGpuMilli: total, copies, removed };
}
