/**
 * @module plan/check/slo-verdict
 * The verdict on one simulated service: the share of requests meeting both TTFT and TPOT (attainment), TTFT and
 * TPOT at the SLO's percentile, and a one-sided binomial p-value for "at most (100 − percentile) % of requests
 * miss the SLO" given the misses seen. The verdict asks both: TTFT and TPOT at the percentile within the SLO, and
 * at least that share of requests meeting both at once (the stricter reading: a request late on either counts as
 * a miss, so the joint share can fall short while each percentile holds); the p-value
 * says how surprising the misses are if the SLO truly held (requests of one run are not independent, so read it
 * as a guide, not a test at a stated level).
 */
import { quantileSorted } from '../../stats/index.js';

export interface SloVerdict {
  readonly requests: number;
  /** Share of requests meeting both TTFT and TPOT, 0..1. */
  readonly attainment: number;
  readonly ttftSec: number;
  readonly tpotSec: number;
  readonly pValue: number;
  readonly meets: boolean;
}

export function sloVerdict(
  ttft: Float64Array,
  tpot: Float64Array,
  slo: { readonly ttftSec: number; readonly tpotSec: number; readonly percentile: number },
): SloVerdict {
  const n = ttft.length;
  let misses = 0;
  for (let i = 0; i < n; i++) if (ttft[i] > slo.ttftSec || tpot[i] > slo.tpotSec) misses++;
  const q = slo.percentile / 100;
  const at = (xs: Float64Array) => quantileSorted(Float64Array.from(xs).sort(), q);
  const ttftSec = n === 0 ? 0 : at(ttft);
  const tpotSec = n === 0 ? 0 : at(tpot);
  return {
    requests: n,
    attainment: n === 0 ? 1 : (n - misses) / n,
    ttftSec,
    tpotSec,
    pValue: binomialUpperTail(n, misses, 1 - q),
    meets: ttftSec <= slo.ttftSec && tpotSec <= slo.tpotSec && (n === 0 || (n - misses) / n >= q),
  };
}

/** P(X ≥ k) for X ~ Binomial(n, p): the pmf from k upward, summed in log space so no term underflows. */
export function binomialUpperTail(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n || p <= 0) return 0;
  if (p >= 1) return 1;
  // log C(n, k) + k log p + (n − k) log(1 − p), then pmf(j + 1) = pmf(j) · (n − j)/(j + 1) · p/(1 − p).
  let logPmf = k * Math.log(p) + (n - k) * Math.log1p(-p);
  for (let i = 1; i <= k; i++) logPmf += Math.log((n - k + i) / i);
  const logRatio = Math.log(p) - Math.log1p(-p);
  let logSum = -Infinity;
  for (let j = k; j <= n; j++) {
    const hi = Math.max(logSum, logPmf);
    logSum = hi + Math.log(Math.exp(logSum - hi) + Math.exp(logPmf - hi));
    // Past the mode the terms only shrink: stop once they no longer change the sum.
    if (j > n * p && logPmf < logSum - 40) break;
    logPmf += Math.log((n - j) / (j + 1)) + logRatio;
  }
  return Math.min(1, Math.exp(logSum));
}
