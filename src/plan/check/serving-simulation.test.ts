import { describe, expect, it } from 'vitest';
import { GoRand } from '../../rng/index.js';
import { simulateServing, type ServingSimulationInput } from './serving-simulation.js';
import { binomialUpperTail, sloVerdict } from './slo-verdict.js';

/** A replica whose step costs a fixed decode time plus a time per prompt token: answers known by hand. */
const DECODE = 0.02;
const PER_PROMPT_TOKEN = 1e-4;
const base: ServingSimulationInput = {
  requestsPerSec: 0.01,
  replicas: 1,
  batchLimit: 8,
  inputTokens: 1000,
  outputTokens: 50,
  stepSec: (_decoding, prefillTokens) => DECODE + PER_PROMPT_TOKEN * prefillTokens,
  windowSec: 20_000,
  maxRequests: 1000,
  rng: new GoRand(1),
};
const run = (over: Partial<ServingSimulationInput>) =>
  simulateServing({ ...base, rng: new GoRand(1), ...over });
const slo = { ttftSec: 0.5, tpotSec: 0.05, percentile: 99 };

describe('simulateServing', () => {
  it('at low load, TTFT is the prefill step and TPOT the decode step', () => {
    const r = run({});
    expect(r.ttftSec.length).toBeGreaterThan(100);
    // At 0.01 req/s and a 1.1 s request, requests almost never meet: each finds the replica idle
    // (the tolerance is the rounding of arrival times up to 20 000 s).
    const prefill = DECODE + PER_PROMPT_TOKEN * 1000;
    const alone = [...r.ttftSec].filter((t) => Math.abs(t - prefill) < 1e-9).length;
    expect(alone / r.ttftSec.length).toBeGreaterThan(0.98);
    for (const t of r.tpotSec) expect(t).toBeGreaterThanOrEqual(DECODE - 1e-12);
    expect(Math.min(...r.tpotSec)).toBeCloseTo(DECODE, 9);
    expect(sloVerdict(r.ttftSec, r.tpotSec, slo).meets).toBe(true);
  });

  it('above capacity the queue grows: attainment collapses and the SLO fails', () => {
    // One replica completes at most batchLimit / (O × DECODE) = 8 requests/s; offer 12.
    const r = run({ requestsPerSec: 12, windowSec: 300, maxRequests: 10_000 });
    const v = sloVerdict(r.ttftSec, r.tpotSec, slo);
    expect(v.meets).toBe(false);
    expect(v.attainment).toBeLessThan(0.2);
    expect(v.pValue).toBeLessThan(1e-6);
  });

  it('spreads arrivals over replicas: two replicas serve what overloads one', () => {
    const one = sloVerdict(...pair(run({ requestsPerSec: 6, windowSec: 300 })), slo);
    const two = sloVerdict(...pair(run({ requestsPerSec: 6, windowSec: 300, replicas: 2 })), slo);
    expect(two.ttftSec).toBeLessThan(one.ttftSec);
    expect(two.attainment).toBeGreaterThanOrEqual(one.attainment);
  });

  it('is deterministic by seed, and another seed draws other arrivals', () => {
    const a = run({ requestsPerSec: 5, windowSec: 100 });
    const b = run({ requestsPerSec: 5, windowSec: 100 });
    const c = simulateServing({ ...base, requestsPerSec: 5, windowSec: 100, rng: new GoRand(2) });
    expect([...a.ttftSec]).toEqual([...b.ttftSec]);
    expect([...a.ttftSec]).not.toEqual([...c.ttftSec]);
  });

  it('stops arrivals at the request cap', () => {
    const r = run({ requestsPerSec: 100, windowSec: 1000, maxRequests: 500 });
    expect(r.ttftSec.length).toBe(500);
    expect(r.arrivalSec).toBeLessThan(1000);
  });
});

function pair(r: { ttftSec: Float64Array; tpotSec: Float64Array }): [Float64Array, Float64Array] {
  return [r.ttftSec, r.tpotSec];
}

describe('binomialUpperTail', () => {
  it('matches sums of the binomial pmf computed directly', () => {
    const pmf = (n: number, k: number, p: number) => {
      let c = 1;
      for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
      return c * p ** k * (1 - p) ** (n - k);
    };
    for (const [n, k, p] of [
      [10, 3, 0.2],
      [40, 0, 0.5],
      [40, 25, 0.5],
      [100, 4, 0.01],
    ]) {
      let tail = 0;
      for (let j = k; j <= n; j++) tail += pmf(n, j, p);
      expect(binomialUpperTail(n, k, p)).toBeCloseTo(tail, 12);
    }
  });

  it('stays finite where the pmf underflows', () => {
    expect(binomialUpperTail(20_000, 1, 0.5)).toBeCloseTo(1, 9);
    expect(binomialUpperTail(20_000, 19_000, 0.01)).toBe(0);
  });
});
