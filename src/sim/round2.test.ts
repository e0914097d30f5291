import { describe, expect, it } from 'vitest';
import { GoRand } from '../rng/go-rand.js';
import { goFixed2, pyRound, round2HalfEven } from './number-format.js';

/** The exact (string) path that round2HalfEven short-cuts. */
const exact = (x: number): number => Number.parseFloat(goFixed2(x));

/** The values among `xs` where the two disagree (expected: none). */
function mismatches(xs: Iterable<number>): number[] {
  const bad: number[] = [];
  for (const x of xs) if (!Object.is(round2HalfEven(x), exact(x))) bad.push(x);
  return bad;
}

describe('round2HalfEven (the %.2f-and-reparse of the paper series without strings)', () => {
  it('equals the string path on random values of every magnitude', () => {
    const rng = new GoRand(5);
    const xs = Array.from({ length: 200000 }, () => rng.float64() * 10 ** (rng.intn(13) - 4));
    expect(mismatches(xs)).toEqual([]);
  });

  it('equals the string path on exact ties, near-ties and the FGD logs’ kinds of values', () => {
    const rng = new GoRand(6);
    const xs: number[] = [0.125, 0.375, 2.675, 1.005, 0.005, 0.015, 1e-300, 2 ** 28 + 0.125];
    for (let i = 0; i < 50000; i++) {
      const k = rng.intn(1 << 30);
      xs.push(k / 8, (k + 0.5) / 100, k / 100, k / 1000, (100 * k) / 6212 / 10, k / 3);
    }
    expect(mismatches(xs)).toEqual([]);
  });

  it('takes the exact path for zeros, negatives, huge and non-finite values', () => {
    expect(mismatches([0, -0, -0.001, -2.675, 1e21, 2 ** 40 + 0.5, NaN, Infinity, -Infinity])).toEqual([]);
  });

  it('is what pyRound(x, 2) returns', () => {
    for (const x of [0.125, 0.135, 86.304999, 12.345, 1 / 3]) expect(pyRound(x, 2)).toBe(round2HalfEven(x));
  });
});
