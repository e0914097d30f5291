import { describe, expect, it } from 'vitest';
import { finiteValues, mean, meanSd, median, pointwiseBand, quantile, quantileSorted } from './stats.js';

describe('quantile (numpy linear)', () => {
  it('interpolates between closest ranks like numpy.quantile', () => {
    // np.quantile([1, 2, 3, 4], [0, .25, .5, .75, 1]) -> [1, 1.75, 2.5, 3.25, 4]
    expect(quantile([4, 1, 3, 2], 0)).toBe(1);
    expect(quantile([4, 1, 3, 2], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantile([4, 1, 3, 2], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantile([4, 1, 3, 2], 0.75)).toBeCloseTo(3.25, 12);
    expect(quantile([4, 1, 3, 2], 1)).toBe(4);
    // np.quantile([10, 20, 30, 40, 50], .1) -> 14.0 ; .9 -> 46.0
    expect(quantile([50, 10, 40, 20, 30], 0.1)).toBeCloseTo(14, 12);
    expect(quantile([50, 10, 40, 20, 30], 0.9)).toBeCloseTo(46, 12);
    // np.quantile([7, 1, 3], .25) -> h = 0.5 -> 1 + .5*(3-1) = 2
    expect(quantile([7, 1, 3], 0.25)).toBeCloseTo(2, 12);
  });

  it('handles degenerate samples and rejects bad q', () => {
    expect(quantile([5], 0.3)).toBe(5);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => quantile([1, 2], Number.NaN)).toThrow(RangeError);
  });

  it('does not mutate its input; quantileSorted agrees on sorted input', () => {
    const xs = [3, 1, 2];
    quantile(xs, 0.5);
    expect(xs).toEqual([3, 1, 2]);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
  });
});

describe('median / mean / meanSd', () => {
  it('median of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(median([-1, 5])).toBe(2);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it('meanSd: sample SD by default, population SD with ddof = 0', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9]; // mean 5, Σ(x−m)² = 32
    const s = meanSd(xs);
    expect(s.n).toBe(8);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(meanSd(xs, 0).sd).toBeCloseTo(2, 12);
    expect(mean([1, 2, 3, 4])).toBe(2.5);
  });

  it('meanSd: single value has SD 0, empty sample is NaN', () => {
    expect(meanSd([3.5])).toEqual({ mean: 3.5, sd: 0, n: 1 });
    const e = meanSd([]);
    expect(e.n).toBe(0);
    expect(Number.isNaN(e.mean) && Number.isNaN(e.sd)).toBe(true);
  });

  it('finiteValues drops NaN and infinities', () => {
    expect(finiteValues([1, Number.NaN, 2, Infinity, -Infinity, 3])).toEqual([1, 2, 3]);
  });
});

describe('pointwiseBand', () => {
  it('computes median and quartiles per index, skipping non-finite values', () => {
    const band = pointwiseBand([
      [1, 10, Number.NaN],
      [2, 20, Number.NaN],
      [3, 30],
      [4, 40, Number.NaN, 7],
    ]);
    expect(band.median).toEqual([2.5, 25, null, 7]);
    expect(band.lower[0]).toBeCloseTo(1.75, 12);
    expect(band.upper[0]).toBeCloseTo(3.25, 12);
    expect(band.lower[1]).toBeCloseTo(17.5, 12);
    expect(band.upper[1]).toBeCloseTo(32.5, 12);
    expect(band.lower[2]).toBeNull();
    expect(band.lower[3]).toBe(7);
    expect(band.upper[3]).toBe(7);
  });

  it('returns empty arrays for no series', () => {
    expect(pointwiseBand([])).toEqual({ median: [], lower: [], upper: [] });
  });
});
