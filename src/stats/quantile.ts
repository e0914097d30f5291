/**
 * @module stats/quantile
 * The one quantile definition of hyperfleet: linear interpolation between order statistics, numpy's default
 * (`method="linear"`, R type 7): h = (n − 1)·q, result x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). Reports, time
 * simulation percentiles and the workload fit all use it, so their figures agree.
 */

/** Quantile `q` ∈ [0, 1] of an ascending-sorted sample (no copy, no sort); `NaN` for an empty sample. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const frac = h - lo;
  const a = sorted[lo];
  return frac === 0 ? a : a + frac * (sorted[hi] - a);
}
