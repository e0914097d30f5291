/**
 * @module sim/time/percentiles
 * Summary statistics of a sample: mean and the 50th, 95th and 99th percentiles (linear interpolation between
 * order statistics, numpy's default).
 */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  count: number;
}

export function summarize(values: readonly number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const q = (p: number) => {
    if (n === 0) return 0;
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(n - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  };
  let total = 0;
  for (const v of sorted) total += v;
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99), mean: n ? total / n : 0, count: n };
}
