import { describe, expect, it } from 'vitest';
import {
  formatFixedHalfEven,
  goFixed2,
  npRint,
  npRound2,
  numpyPairwiseSum,
  pandasMean,
  pyRepr,
  pyRound,
} from './number-format.js';

/** Small deterministic generator (mulberry32) so every run searches the same inputs. */
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

/**
 * Independent, deliberately plain transcription of numpy's `pairwise_sum_DOUBLE` working on array copies
 * (slices) instead of offsets, plus the reduction's 0.0 identity.
 */
function referencePairwise(a: number[]): number {
  const n = a.length;
  if (n < 8) {
    let res = 0.0;
    for (const v of a) res = res + v;
    return res;
  }
  if (n <= 128) {
    const r = a.slice(0, 8);
    let i: number;
    for (i = 8; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = r[j] + a[i + j];
    }
    const left = (r[0] + r[1]) + (r[2] + r[3]); // prettier-ignore
    const right = (r[4] + r[5]) + (r[6] + r[7]); // prettier-ignore
    let res = left + right;
    for (; i < n; i++) res = res + a[i];
    return res;
  }
  let n2 = Math.trunc(n / 2);
  n2 = n2 - (n2 % 8);
  return referencePairwise(a.slice(0, n2)) + referencePairwise(a.slice(n2));
}

function naiveSum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

function randomValues(rng: () => number, n: number): number[] {
  return Array.from({ length: n }, () => (rng() - 0.4) * 10 ** Math.floor(rng() * 8 - 3));
}

describe('goFixed2', () => {
  it('resolves exact ties at the third decimal to the even neighbour, unlike toFixed', () => {
    expect(goFixed2(0.125)).toBe('0.12');
    expect((0.125).toFixed(2)).toBe('0.13');
    expect(goFixed2(0.375)).toBe('0.38');
    expect(goFixed2(0.625)).toBe('0.62');
    expect(goFixed2(0.875)).toBe('0.88');
    expect(goFixed2(1000.125)).toBe('1000.12');
    expect(goFixed2(123456789.375)).toBe('123456789.38');
  });

  it('rounds non-ties from the exact binary value, so 2.675 and 1.005 go down', () => {
    expect(goFixed2(2.675)).toBe('2.67');
    expect(goFixed2(1.005)).toBe('1.00');
    expect(goFixed2(0.126)).toBe('0.13');
    expect(goFixed2(99.995)).toBe('100.00'); // stored slightly above 99.995
    expect(goFixed2(13.919183673469389)).toBe('13.92');
  });

  it('keeps the minus sign of negative numbers, negative zero and negatives that round to zero', () => {
    expect(goFixed2(-0.125)).toBe('-0.12');
    expect(goFixed2(-0.375)).toBe('-0.38');
    expect(goFixed2(-2.675)).toBe('-2.67');
    expect(goFixed2(-0)).toBe('-0.00');
    expect(goFixed2(-0.001)).toBe('-0.00');
    expect(goFixed2(0)).toBe('0.00');
  });

  it('prints huge values in full and non-finite values the way Go does', () => {
    expect(goFixed2(1e21)).toBe('1000000000000000000000.00');
    expect(goFixed2(2 ** 70)).toBe('1180591620717411303424.00');
    expect(goFixed2(NaN)).toBe('NaN');
    expect(goFixed2(Infinity)).toBe('+Inf');
    expect(goFixed2(-Infinity)).toBe('-Inf');
  });

  it('agrees with toFixed on every value that is not an exact tie', () => {
    const rng = mulberry32(7);
    for (let i = 0; i < 20000; i++) {
      const x = Math.floor(rng() * 1e7) / 1000 + (rng() < 0.5 ? 0 : 1e-9);
      if (Number.isInteger(x * 8) && (x * 8) % 2 === 1) continue;
      expect(goFixed2(x)).toBe(x.toFixed(2));
    }
  });

  it('generalises to other digit counts with the same tie rule', () => {
    expect(formatFixedHalfEven(2.5, 0)).toBe('2');
    expect(formatFixedHalfEven(3.5, 0)).toBe('4');
    expect(formatFixedHalfEven(0.0625, 3)).toBe('0.062');
    expect(formatFixedHalfEven(0.1875, 3)).toBe('0.188');
    expect(() => formatFixedHalfEven(1, -1)).toThrow(RangeError);
  });
});

describe('pyRound', () => {
  it('rounds to an integer with ties to even when ndigits is 0', () => {
    expect(pyRound(2.5, 0)).toBe(2);
    expect(pyRound(3.5, 0)).toBe(4);
    expect(pyRound(0.5, 0)).toBe(0);
    expect(pyRound(1.5, 0)).toBe(2);
    expect(pyRound(-2.5, 0)).toBe(-2);
    expect(pyRound(2.5000000000000004, 0)).toBe(3);
    expect(pyRound(129.49999999999997, 0)).toBe(129);
  });

  it('keeps the sign of zero like Python (round(-0.4, 0) is -0.0)', () => {
    expect(Object.is(pyRound(-0.4, 0), -0)).toBe(true);
    expect(Object.is(pyRound(-0.001, 2), -0)).toBe(true);
    expect(Object.is(pyRound(0.4, 0), 0)).toBe(true);
  });

  it('rounds to two decimals correctly from the exact binary value, ties to even', () => {
    expect(pyRound(0.125, 2)).toBe(0.12);
    expect(pyRound(0.375, 2)).toBe(0.38);
    expect(pyRound(2.675, 2)).toBe(2.67);
    expect(pyRound(1.005, 2)).toBe(1);
    expect(pyRound(0.015, 2)).toBe(0.01);
    expect(pyRound(95.14499, 2)).toBe(95.14);
  });

  it('treats the arrive ratio of the pipeline (two divisions then round) as Python does', () => {
    // 31060 / 6212 = 5 exactly, / 10 = 0.5: an exact tie that must go to 0, not 1.
    expect(pyRound(31060 / 6212 / 10, 0)).toBe(0);
    expect(pyRound(93180 / 6212 / 10, 0)).toBe(2); // 1.5 → 2
  });

  it('passes NaN and infinities through', () => {
    expect(pyRound(NaN, 2)).toBeNaN();
    expect(pyRound(Infinity, 0)).toBe(Infinity);
    expect(pyRound(-Infinity, 2)).toBe(-Infinity);
  });
});

describe('npRint and npRound2', () => {
  it('rint rounds halves to even and keeps negative zero', () => {
    expect(npRint(0.5)).toBe(0);
    expect(npRint(1.5)).toBe(2);
    expect(npRint(2.5)).toBe(2);
    expect(npRint(-1.5)).toBe(-2);
    expect(Object.is(npRint(-0.5), -0)).toBe(true);
    expect(npRint(2 ** 53 + 2)).toBe(2 ** 53 + 2);
  });

  it('npRound2 multiplies by 100 first, so it can differ from the correctly rounded pyRound', () => {
    // 0.015 is slightly below 0.015 but 0.015 * 100 rounds to exactly 1.5 → rint gives 2.
    expect(0.015 * 100).toBe(1.5);
    expect(npRound2(0.015)).toBe(0.02);
    expect(pyRound(0.015, 2)).toBe(0.01);
    // 0.025 is slightly above but 0.025 * 100 = 2.5 exactly → rint gives 2.
    expect(npRound2(0.025)).toBe(0.02);
    expect(pyRound(0.025, 2)).toBe(0.03);
    expect(npRound2(95.14333)).toBe(95.14);
  });
});

describe('pyRepr', () => {
  it('prints integral floats with a trailing .0', () => {
    expect(pyRepr(2)).toBe('2.0');
    expect(pyRepr(0)).toBe('0.0');
    expect(pyRepr(-0)).toBe('-0.0');
    expect(pyRepr(100)).toBe('100.0');
    expect(pyRepr(1e15)).toBe('1000000000000000.0');
  });

  it('prints the shortest round-trip digits in fixed notation for moderate exponents', () => {
    expect(pyRepr(99.56999999999996)).toBe('99.56999999999996');
    expect(pyRepr(13.919183673469389)).toBe('13.919183673469389');
    expect(pyRepr(95.3)).toBe('95.3');
    expect(pyRepr(0.25)).toBe('0.25');
    expect(pyRepr(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(pyRepr(0.0001)).toBe('0.0001');
    expect(pyRepr(-1.3)).toBe('-1.3');
  });

  it('switches to Python-style scientific notation below 1e-4 and from 1e16 on', () => {
    expect(pyRepr(1e-5)).toBe('1e-05');
    expect(pyRepr(1.2345e-7)).toBe('1.2345e-07');
    expect(pyRepr(1e16)).toBe('1e+16');
    expect(pyRepr(1.5e16)).toBe('1.5e+16');
    expect(pyRepr(1e100)).toBe('1e+100');
    expect(pyRepr(5e-324)).toBe('5e-324');
    expect(pyRepr(-2.5e-10)).toBe('-2.5e-10');
    expect(pyRepr(1.7976931348623157e308)).toBe('1.7976931348623157e+308');
  });

  it('spells the special values like Python', () => {
    expect(pyRepr(NaN)).toBe('nan');
    expect(pyRepr(Infinity)).toBe('inf');
    expect(pyRepr(-Infinity)).toBe('-inf');
  });

  it('round-trips: parsing the repr gives the same double back', () => {
    const rng = mulberry32(11);
    for (let i = 0; i < 5000; i++) {
      const x = (rng() - 0.5) * 10 ** Math.floor(rng() * 60 - 30);
      expect(Object.is(Number(pyRepr(x)), x)).toBe(true);
    }
  });
});

describe('numpyPairwiseSum', () => {
  it.each([0, 1, 7, 8, 9, 15, 16, 17, 127, 128, 129, 130, 136, 300, 1000, 4099])(
    'matches an independent transcription of numpy pairwise summation for n = %i',
    (n) => {
      const rng = mulberry32(1000 + n);
      const padded = randomValues(rng, n + 6);
      const a = padded.slice(3, 3 + n);
      expect(Object.is(numpyPairwiseSum(padded, 3, n), referencePairwise(a))).toBe(true);
      expect(Object.is(numpyPairwiseSum(Float64Array.from(padded), 3, n), referencePairwise(a))).toBe(true);
    },
  );

  it('equals plain left-to-right summation below eight values', () => {
    const a = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
    expect(numpyPairwiseSum(a, 0, 7)).toBe(naiveSum(a));
  });

  it('differs from naive summation on sixteen copies of 0.1', () => {
    const a = new Array<number>(16).fill(0.1);
    expect(naiveSum(a)).toBe(1.6000000000000003);
    expect(numpyPairwiseSum(a, 0, 16)).toBe(1.6);
  });

  it('differs from naive summation on an input found by a seeded search, proving the order matters', () => {
    const rng = mulberry32(2024);
    let found: number[] | undefined;
    for (let attempt = 0; attempt < 1000 && !found; attempt++) {
      const n = 8 + Math.floor(rng() * 300);
      const a = Array.from({ length: n }, () => Math.round(rng() * 1e6) / 100);
      if (numpyPairwiseSum(a, 0, n) !== naiveSum(a)) found = a;
    }
    expect(found).toBeDefined();
    const a = found!;
    expect(numpyPairwiseSum(a, 0, a.length)).toBe(referencePairwise(a));
    expect(numpyPairwiseSum(a, 0, a.length)).not.toBe(naiveSum(a));
  });

  it('rejects a range outside the array', () => {
    expect(() => numpyPairwiseSum([1, 2, 3], 2, 2)).toThrow(RangeError);
  });
});

describe('pandasMean', () => {
  it('divides the pairwise sum of the range by its length', () => {
    const a = [9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 9];
    expect(pandasMean(a, 1, 16)).toBe(1.6 / 16);
    expect(pandasMean([1, 2, 4], 0, 3)).toBe(7 / 3);
  });

  it('is NaN for an empty range, as pandas returns for an empty Series', () => {
    expect(pandasMean([1, 2], 1, 0)).toBeNaN();
  });
});
