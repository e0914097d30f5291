/**
 * Small, pure descriptive-statistics helpers used by the HTML reports.
 *
 * All functions ignore nothing: callers filter out non-finite values first if
 * they need to (see {@link finiteValues}). Empty inputs yield `NaN` rather than
 * throwing so that a missing run renders as "n/a" instead of aborting a report.
 */
import { quantileSorted } from '../stats/index.js';

/** Returns the finite numbers of `values`, in order. */
export function finiteValues(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v));
}

/**
 * Quantile with linear interpolation between closest ranks — numpy's default
 * (`method="linear"`, R type 7): `h = (n − 1)·q`, result
 * `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])` on the sorted sample.
 *
 * @param values sample (not modified, need not be sorted)
 * @param q quantile in [0, 1]
 * @returns `NaN` for an empty sample
 */
export function quantile(values: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  const n = values.length;
  if (n === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return quantileSorted(sorted, q);
}

/** {@link quantile} for an already ascending-sorted sample (no copy, no sort). */
export { quantileSorted };

/** Median (= `quantile(values, 0.5)`); `NaN` for an empty sample. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Arithmetic mean; `NaN` for an empty sample. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

export interface MeanSd {
  mean: number;
  /** Standard deviation with `ddof` degrees of freedom removed (0 when `n <= ddof`). */
  sd: number;
  n: number;
}

/**
 * Mean and standard deviation. `ddof = 1` (default) gives the sample SD, like
 * pandas' `Series.std()` used by the paper's plotting scripts; `ddof = 0` gives
 * the population SD (numpy's `np.std` default). When `n <= ddof` the SD is
 * reported as 0 (a single seed has no spread to show); an empty sample gives
 * `{ mean: NaN, sd: NaN, n: 0 }`.
 */
export function meanSd(values: readonly number[], ddof = 1): MeanSd {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN, n: 0 };
  const m = mean(values);
  if (n <= ddof) return { mean: m, sd: 0, n };
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return { mean: m, sd: Math.sqrt(ss / (n - ddof)), n };
}

export interface PointwiseBand {
  median: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
}

/**
 * Point-wise median and [qLow, qHigh] quantiles across several equally indexed
 * series (e.g. one per seed). Index `i` uses the finite values at `i` of every
 * series that has one; indices with none give `null` (a gap in a chart).
 */
export function pointwiseBand(
  series: readonly (readonly number[])[],
  qLow = 0.25,
  qHigh = 0.75,
): PointwiseBand {
  const len = series.reduce((m, s) => Math.max(m, s.length), 0);
  const out: PointwiseBand = { median: [], lower: [], upper: [] };
  for (let i = 0; i < len; i++) {
    const col: number[] = [];
    for (const s of series) {
      const v = s[i];
      if (v !== undefined && Number.isFinite(v)) col.push(v);
    }
    if (col.length === 0) {
      out.median.push(null);
      out.lower.push(null);
      out.upper.push(null);
      continue;
    }
    col.sort((a, b) => a - b);
    out.median.push(quantileSorted(col, 0.5));
    out.lower.push(quantileSorted(col, qLow));
    out.upper.push(quantileSorted(col, qHigh));
  }
  return out;
}
