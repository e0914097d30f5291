/**
 * @module sim/time/percentiles
 * Summary statistics of a sample: mean and the 50th, 95th and 99th percentiles (stats/quantile).
 */
import { quantileSorted } from '../../stats/index.js';

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  count: number;
}

export function summarize(values: readonly number[]): Percentiles {
  return summarizeSorted(Float64Array.from(values).sort());
}

/** The summary of values already sorted in ascending order. */
export function summarizeSorted(sorted: Float64Array): Percentiles {
  const n = sorted.length;
  // An empty sample (no pod placed) reports 0, not NaN, so JSON output stays numeric.
  const q = (p: number) => (n === 0 ? 0 : quantileSorted(sorted, p));
  let total = 0;
  for (const v of sorted) total += v;
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99), mean: n ? total / n : 0, count: n };
}
