/**
 * @module sim/paper-series
 * Turns one experiment's per-pod measurement log (spec `fgd-reproduction.md` §6) into the 131 sample points
 * x = 0…130 of the paper's published CSVs (§7, §7.1): GPU allocation ratio, fragmentation amount and
 * fragmentation ratio as functions of the arrived GPU request in percent of cluster capacity. The arithmetic
 * follows the reference Python/pandas/numpy pipeline operation for operation (§10), see `sim/number-format`.
 */
import { npRound2, pandasMean, pyRound, round2HalfEven } from './number-format.js';

/** Number of sample points (x = 0…130, percent of cluster GPU capacity requested so far). */
export const PAPER_POINTS = 131;

/** A numeric column of a {@link PerPodLog}: writable, so a simulator can fill a pre-sized array in place. */
export type NumericColumn = Float64Array | Int32Array | number[];

/**
 * One experiment's per-pod log: row j describes the cluster right after the j-th submitted pod (scheduled *or*
 * failed), in submission order (§6). Only the first `count` entries of each array are read.
 */
export interface PerPodLog {
  /** Total GPUs in the cluster (6212 for the Alibaba openb cluster); the `total_gpus` column. */
  totalGpus: number;
  /** Number of rows (submitted pods). */
  count: number;
  /**
   * `arrived_gpu_milli`: cumulative Σ (GPU count × GPU milli) of all pods submitted so far, failed ones included
   * (integers, non-decreasing in a real log).
   */
  arrivedMilli: NumericColumn;
  /** `used_gpu_milli`: GPU-milli allocated on the whole cluster after this pod (integers). */
  usedMilli: NumericColumn;
  /** Raw (unrounded) fragmentation amount Σ_n F(n) in GPU-milli; the simulator prints it `%.2f` (§5.2, §6). */
  fragMilli: NumericColumn;
  /** Raw (unrounded) fragmentation ratio 100 × Σ F / Σ idle; the simulator prints it `%.2f` (§6). */
  fragRatio: NumericColumn;
}

/** The three published rows of one experiment, each of length {@link PAPER_POINTS}; NaN marks an empty cell. */
export interface PaperSeries {
  /** `analysis_allo_discrete.csv`: npround2(mean alloc_ratio) — GPU allocation in % of capacity. */
  allocation: number[];
  /** `analysis_frag_discrete.csv`: npround2(100 × mean origin_milli / 1000 / total_gpus). */
  fragAmount: number[];
  /** `analysis_frag_ratio_discrete.csv`: mean origin_ratio, unrounded. */
  fragRatio: number[];
}

/**
 * The per-row values exactly as the reference scripts hold them (§6, §7): `arrive_ratio`, `alloc_ratio`, and the
 * `%.2f`-printed-then-reparsed `origin_milli` / `origin_ratio`.
 */
export interface PaperRowValues {
  arriveRatio: Float64Array;
  allocRatio: Float64Array;
  originMilli: Float64Array;
  originRatio: Float64Array;
}

/** Computes the per-row values of §7 (two successive float divisions, Python rounding, `%.2f` round trip). */
export function paperRowValues(log: PerPodLog): PaperRowValues {
  const n = log.count;
  const g = log.totalGpus;
  for (const [name, arr] of [
    ['arrivedMilli', log.arrivedMilli],
    ['usedMilli', log.usedMilli],
    ['fragMilli', log.fragMilli],
    ['fragRatio', log.fragRatio],
  ] as const) {
    if (arr.length < n) throw new RangeError(`PerPodLog.${name} has ${arr.length} entries, count is ${n}`);
  }
  const arriveRatio = new Float64Array(n);
  const allocRatio = new Float64Array(n);
  const originMilli = new Float64Array(n);
  const originRatio = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    arriveRatio[j] = pyRound(log.arrivedMilli[j] / g / 10, 0);
    allocRatio[j] = round2HalfEven(log.usedMilli[j] / g / 10);
    // Printed %.2f by the simulator and re-parsed by the scripts: the same number as round2HalfEven gives.
    originMilli[j] = round2HalfEven(log.fragMilli[j]);
    originRatio[j] = round2HalfEven(log.fragRatio[j]);
  }
  return { arriveRatio, allocRatio, originMilli, originRatio };
}

/**
 * The paper's 131 sample points for one experiment (§7). For each x = 0…130 the sample set S is the rows with
 * `arrive_ratio == x`, or, if there are none, the rows with `x−1 ≤ arrive_ratio ≤ x+1`; if that is empty too all
 * three cells are NaN (written as empty cells). Means are pandas means over S in row order (numpy pairwise sum).
 *
 * In a real log `arrivedMilli` never decreases, so every S is a contiguous run of rows, found by binary search and
 * averaged in place (O(N) overall). If the arrive ratios are not monotone, S is gathered in row order into a
 * scratch buffer instead — the same values in the same order a pandas boolean mask would select.
 */
export function paperSeries(log: PerPodLog): PaperSeries {
  const n = log.count;
  const g = log.totalGpus;
  const rows = paperRowValues(log);
  const ar = rows.arriveRatio;
  const allocation = new Array<number>(PAPER_POINTS);
  const fragAmount = new Array<number>(PAPER_POINTS);
  const fragRatio = new Array<number>(PAPER_POINTS);

  const store = (x: number, mean: (col: Float64Array) => number): void => {
    allocation[x] = npRound2(mean(rows.allocRatio));
    fragAmount[x] = npRound2((100 * mean(rows.originMilli)) / 1000 / g);
    fragRatio[x] = mean(rows.originRatio);
  };
  const empty = (x: number): void => {
    allocation[x] = NaN;
    fragAmount[x] = NaN;
    fragRatio[x] = NaN;
  };

  let monotone = true;
  for (let j = 1; j < n && monotone; j++) monotone = ar[j] >= ar[j - 1];
  if (monotone && (n === 0 || !Number.isNaN(ar[0]))) {
    /** First row index with arrive ratio > v (`after = true`) or ≥ v (`after = false`). */
    const bound = (v: number, after: boolean): number => {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (after ? ar[mid] <= v : ar[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    for (let x = 0; x < PAPER_POINTS; x++) {
      let start = bound(x, false);
      let end = bound(x, true);
      if (start === end) {
        start = bound(x - 1, false);
        end = bound(x + 1, true);
      }
      if (start === end) empty(x);
      else store(x, (col) => pandasMean(col, start, end - start));
    }
    return { allocation, fragAmount, fragRatio };
  }

  const idx = new Int32Array(n);
  const scratch = new Float64Array(n);
  for (let x = 0; x < PAPER_POINTS; x++) {
    let k = 0;
    for (let j = 0; j < n; j++) if (ar[j] === x) idx[k++] = j;
    if (k === 0) {
      for (let j = 0; j < n; j++) if (ar[j] >= x - 1 && ar[j] <= x + 1) idx[k++] = j;
    }
    if (k === 0) {
      empty(x);
      continue;
    }
    store(x, (col) => {
      for (let i = 0; i < k; i++) scratch[i] = col[idx[i]];
      return pandasMean(scratch, 0, k);
    });
  }
  return { allocation, fragAmount, fragRatio };
}
