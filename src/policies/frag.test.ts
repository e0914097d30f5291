import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FragMeasure } from './frag.js';
import type { TypicalPods } from './typical-pods.js';

/** Typical pods with the given CPU requests (the CPU class depends on nothing else). */
function typicalWithCpu(cpus: readonly number[]): TypicalPods {
  const types = cpus.map((cpuMilli) => ({
    cpuMilli,
    gpuMilli: 1000,
    gpuCount: 1,
    spec: '',
    gpuTypes: [],
    count: 1,
    freq: 1 / cpus.length,
  }));
  return { types, covered: cpus.length, totalPods: cpus.length };
}

describe('FragMeasure.cpuClass', () => {
  it('counts the distinct typical CPU requests a remainder fits, by table or by search alike', () => {
    fc.assert(
      fc.property(
        // Requests on a common grid (a small table), arbitrary ones (a large table or the search), and remainders
        // around and beyond them, negative ones included.
        fc.oneof(
          fc.array(
            fc.integer({ min: 0, max: 64 }).map((k) => k * 500),
            { minLength: 1, maxLength: 12 },
          ),
          fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 1, maxLength: 12 }),
        ),
        fc.array(fc.integer({ min: -2_000, max: 250_000 }), { minLength: 1, maxLength: 50 }),
        (cpus, remainders) => {
          const measure = new FragMeasure(typicalWithCpu(cpus), ['A']);
          const distinct = [...new Set(cpus)];
          for (const c of [...remainders, ...distinct, ...distinct.map((t) => t - 1)]) {
            expect(measure.cpuClass(c)).toBe(distinct.filter((t) => t <= c).length);
          }
        },
      ),
    );
  });
});
