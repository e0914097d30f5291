import { describe, expect, it } from 'vitest';
import { goFixed2, npRound2, pandasMean, pyRound } from './number-format.js';
import { PAPER_POINTS, paperRowValues, paperSeries, type PerPodLog } from './paper-series.js';

/**
 * A hand-made log on a 10-GPU cluster (capacity 10 000 GPU-milli, so 100 arrived milli = 1 %).
 * Arrive ratios per row: 0, 0, 1, 3, 3, 5 — x = 2 and x = 4 have no exact rows (window fallback), x = 6 falls
 * back to the single row at 5, and x ≥ 7 has nothing within ±1 (empty cells).
 */
function handLog(): PerPodLog {
  return {
    totalGpus: 10,
    count: 6,
    arrivedMilli: [0, 40, 100, 300, 310, 500],
    usedMilli: [0, 50, 100, 250, 300, 480],
    fragMilli: Float64Array.from([1000.125, 1000.375, 2000, 3000.004, 2999.996, 5000]),
    fragRatio: Float64Array.from([10.125, 10.375, 20, 30, 31, 50]),
  };
}

/** Straightforward re-implementation of §7 with array filters, to cross-check the scratch-buffer version. */
function referenceSeries(log: PerPodLog) {
  const rows = Array.from({ length: log.count }, (_, j) => ({
    ar: pyRound(log.arrivedMilli[j] / log.totalGpus / 10, 0),
    alloc: pyRound(log.usedMilli[j] / log.totalGpus / 10, 2),
    milli: Number(goFixed2(log.fragMilli[j])),
    ratio: Number(goFixed2(log.fragRatio[j])),
  }));
  const allocation: number[] = [];
  const fragAmount: number[] = [];
  const fragRatio: number[] = [];
  for (let x = 0; x <= 130; x++) {
    let s = rows.filter((r) => r.ar === x);
    if (s.length === 0) s = rows.filter((r) => x - 1 <= r.ar && r.ar <= x + 1);
    const mean = (v: number[]) => pandasMean(v, 0, v.length);
    allocation.push(s.length ? npRound2(mean(s.map((r) => r.alloc))) : NaN);
    fragAmount.push(s.length ? npRound2((100 * mean(s.map((r) => r.milli))) / 1000 / log.totalGpus) : NaN);
    fragRatio.push(s.length ? mean(s.map((r) => r.ratio)) : NaN);
  }
  return { allocation, fragAmount, fragRatio };
}

/** Deterministic generator (mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A synthetic log shaped like a default-trace run: ~11k pods on 6212 GPUs, arrival up to ≈ 130 %. */
function syntheticLog(seed: number): PerPodLog {
  const rng = mulberry32(seed);
  const totalGpus = 6212;
  const count = 10866;
  const arrivedMilli = new Int32Array(count);
  const usedMilli = new Int32Array(count);
  const fragMilli = new Float64Array(count);
  const fragRatio = new Float64Array(count);
  let arrived = 0;
  let used = 0;
  for (let j = 0; j < count; j++) {
    const r = rng();
    const req =
      r < 0.2
        ? 0
        : r < 0.7
          ? 1000
          : r < 0.9
            ? Math.floor(rng() * 10) * 100
            : 1000 * (1 + Math.floor(rng() * 2));
    arrived += req;
    if (used + req <= totalGpus * 950 && rng() < 0.8) used += req;
    arrivedMilli[j] = arrived;
    usedMilli[j] = used;
    fragMilli[j] = 600000 + rng() * 300000 + (rng() < 0.05 ? 0.125 : 0);
    fragRatio[j] = 10 + (90 * used) / (totalGpus * 1000) + rng() * 1e-3;
  }
  return { totalGpus, count, arrivedMilli, usedMilli, fragMilli, fragRatio };
}

describe('paperRowValues', () => {
  it('computes arrive ratios with two divisions and Python half-even rounding', () => {
    const rows = paperRowValues({
      totalGpus: 10,
      count: 4,
      arrivedMilli: [50, 150, 250, 251],
      usedMilli: [0, 0, 0, 0],
      fragMilli: [0, 0, 0, 0],
      fragRatio: [0, 0, 0, 0],
    });
    expect(Array.from(rows.arriveRatio)).toEqual([0, 2, 2, 3]);
  });

  it('reparses the fragmentation values from their Go %.2f text, ties to even', () => {
    const rows = paperRowValues(handLog());
    expect(Array.from(rows.originMilli)).toEqual([1000.12, 1000.38, 2000, 3000, 3000, 5000]);
    expect(Array.from(rows.originRatio)).toEqual([10.12, 10.38, 20, 30, 31, 50]);
    expect(Array.from(rows.allocRatio)).toEqual([0, 0.5, 1, 2.5, 3, 4.8]);
  });

  it('rounds repeated rows alike, zeros keeping their sign', () => {
    const log: PerPodLog = {
      totalGpus: 10,
      count: 5,
      arrivedMilli: [0, 0, 100, 100, 250],
      usedMilli: [0, 0, 100, 100, 250],
      fragMilli: Float64Array.from([0, -0, -0, 12.345, 12.345]),
      fragRatio: Float64Array.from([5.125, 5.125, 0, -0, 7]),
    };
    const rows = paperRowValues(log);
    expect(Array.from(rows.arriveRatio)).toEqual([0, 0, 1, 1, 2]); // 2.5 rounds half to even
    expect(Array.from(rows.allocRatio)).toEqual([0, 0, 1, 1, 2.5]);
    expect(Array.from(rows.originMilli).map((x) => Object.is(x, -0))).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
    expect(Array.from(rows.originMilli).slice(3)).toEqual([12.35, 12.35]);
    expect(Array.from(rows.originRatio).map((x) => Object.is(x, -0))).toEqual([
      false,
      false,
      false,
      true,
      false,
    ]);
    expect(rows.originRatio[1]).toBe(5.12); // 5.125 is a tie: to even, as Go prints it
  });

  it('rejects a log whose arrays are shorter than its count', () => {
    expect(() => paperRowValues({ ...handLog(), count: 7 })).toThrow(RangeError);
  });
});

describe('paperSeries', () => {
  it('returns 131 points per series', () => {
    const s = paperSeries(handLog());
    expect(s.allocation).toHaveLength(PAPER_POINTS);
    expect(s.fragAmount).toHaveLength(PAPER_POINTS);
    expect(s.fragRatio).toHaveLength(PAPER_POINTS);
  });

  it('averages the rows whose arrive ratio equals x when there are any', () => {
    const s = paperSeries(handLog());
    expect(s.allocation[0]).toBe(0.25); // rows 0 and 1: (0 + 0.5) / 2
    expect(s.allocation[1]).toBe(1);
    expect(s.allocation[3]).toBe(2.75); // (2.5 + 3) / 2
    expect(s.allocation[5]).toBe(4.8);
    // 100 × 1000.25 / 1000 / 10 = 10.0025 → npround2 → 10.0
    expect(s.fragAmount[0]).toBe(10);
    expect(s.fragRatio[0]).toBe((10.12 + 10.38) / 2);
    expect(s.fragRatio[3]).toBe((30 + 31) / 2);
  });

  it('falls back to the window x−1…x+1 when no row has arrive ratio x', () => {
    const s = paperSeries(handLog());
    // x = 2: rows with ratio 1, 3, 3 → (1 + 2.5 + 3) / 3 = 2.1666… → 2.17
    expect(s.allocation[2]).toBe(2.17);
    expect(s.fragAmount[2]).toBe(26.67); // mean milli 2666.67 → 26.666…%
    expect(s.fragRatio[2]).toBe((20 + 30 + 31) / 3);
    // x = 4: rows with ratio 3, 3, 5 → (2.5 + 3 + 4.8) / 3 = 3.4333… → 3.43
    expect(s.allocation[4]).toBe(3.43);
    // x = 6: only the row at 5
    expect(s.allocation[6]).toBe(4.8);
    expect(s.fragRatio[6]).toBe(50);
  });

  it('leaves a point empty (NaN) when nothing lies within one percent of x', () => {
    const s = paperSeries(handLog());
    for (const x of [7, 50, 130]) {
      expect(s.allocation[x]).toBeNaN();
      expect(s.fragAmount[x]).toBeNaN();
      expect(s.fragRatio[x]).toBeNaN();
    }
  });

  it('gathers non-contiguous rows when arrival is not monotone, like a pandas boolean mask', () => {
    const s = paperSeries({
      totalGpus: 10,
      count: 3,
      arrivedMilli: [0, 100, 0],
      usedMilli: [100, 900, 300],
      fragMilli: [0, 0, 0],
      fragRatio: [1, 99, 2],
    });
    expect(s.allocation[0]).toBe(2); // rows 0 and 2: (1 + 3) / 2
    expect(s.fragRatio[0]).toBe(1.5);
    expect(s.allocation[1]).toBe(9);
  });

  it('agrees cell for cell with a straightforward filter-based implementation on an 11k-pod log', () => {
    for (const seed of [1, 2]) {
      const log = syntheticLog(seed);
      const got = paperSeries(log);
      const want = referenceSeries(log);
      expect(got.allocation).toEqual(want.allocation);
      expect(got.fragAmount).toEqual(want.fragAmount);
      expect(got.fragRatio).toEqual(want.fragRatio);
      expect(got.allocation.filter(Number.isNaN)).toHaveLength(0);
    }
  });

  it('gives the filter-based result on a shuffled (non-monotone) 11k-pod log too', () => {
    const log = syntheticLog(4);
    const rng = mulberry32(99);
    const order = Array.from({ length: log.count }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const pick = (a: ArrayLike<number>) => Float64Array.from(order, (i) => a[i]);
    const shuffled: PerPodLog = {
      totalGpus: log.totalGpus,
      count: log.count,
      arrivedMilli: pick(log.arrivedMilli),
      usedMilli: pick(log.usedMilli),
      fragMilli: pick(log.fragMilli),
      fragRatio: pick(log.fragRatio),
    };
    const got = paperSeries(shuffled);
    const want = referenceSeries(shuffled);
    expect(got.allocation).toEqual(want.allocation);
    expect(got.fragAmount).toEqual(want.fragAmount);
    expect(got.fragRatio).toEqual(want.fragRatio);
  });
});
