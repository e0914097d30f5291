import { describe, expect, it } from 'vitest';
import { ClusterState } from '../model/cluster-state.js';
import { GoRand } from '../rng/go-rand.js';
import { makeNode, makePod, sharingPod, wholeGpuPod } from '../../test/support/builders.js';
import { BestFitPolicy } from './best-fit.js';
import { DotProductPolicy } from './dot-product.js';
import { FgdPolicy } from './fgd.js';
import { GpuClusteringPolicy } from './gpu-clustering.js';
import { GpuPackingPolicy } from './gpu-packing.js';
import { minMaxNormalize } from './normalize.js';
import { runPolicyConformance, typicalFor } from './policy.case.test.js';
import { compileRequest } from './pod-request.js';
import { RandomPolicy } from './random.js';
import { createPolicy } from './registry.js';
import { testEconomics } from '../../test/support/economics.js';

const CONFORMANCE_MODELS = ['A10', 'T4', 'V100M32'].map((gpuModel) => ({ gpuModel }));

function ctxOf(state: ClusterState) {
  return { state, rng: new GoRand(42) };
}

describe.each([
  ['random', () => new RandomPolicy()],
  ['dotprod', () => new DotProductPolicy()],
  ['clustering', () => new GpuClusteringPolicy()],
  ['packing', () => new GpuPackingPolicy()],
  ['bestfit', () => new BestFitPolicy()],
  ['fgd', (pods: readonly Parameters<typeof typicalFor>[0][number][]) => new FgdPolicy(typicalFor(pods))],
  ...(['fgd-energy', 'fgd-cost', 'hetero'] as const).map(
    (name) =>
      [
        name,
        (pods: readonly Parameters<typeof typicalFor>[0][number][]) =>
          createPolicy(name, {
            typical: typicalFor(pods),
            economics: testEconomics(CONFORMANCE_MODELS),
            usdPerKWh: 0.1,
          }),
      ] as const,
  ),
] as const)('%s policy conformance', (_name, create) => {
  runPolicyConformance(create);
});

describe('DotProduct', () => {
  it('scores int(100·(1 − dot/2)) with CPU and merged GPU normalised by 128 cores and 8 GPUs', () => {
    const state = new ClusterState([makeNode({ name: 'n', cpuMilli: 64000, gpuCount: 4 })]);
    const req = compileRequest(state, wholeGpuPod(1, { cpuMilli: 32000 }));
    // a = (0.5, 0.5), b = (0.25, 0.125): dot = 0.1875 → 100·(1 − 0.09375) = 90.625
    expect(new DotProductPolicy().score(ctxOf(state), req, 0)).toBe(90);
  });
});

describe('GpuClustering', () => {
  const policy = new GpuClusteringPolicy();
  it('gives an empty node 25 plus fullness points normalised by 8 GPUs', () => {
    const state = new ClusterState([
      makeNode({ name: 'a', gpuCount: 8 }),
      makeNode({ name: 'b', gpuCount: 2 }),
    ]);
    const req = compileRequest(state, sharingPod(500));
    expect(policy.score(ctxOf(state), req, 0)).toBe(25);
    expect(policy.score(ctxOf(state), req, 1)).toBe(25 + 18); // 25·(8000 − 2000) // 8000 = 18
  });
  it('prefers nodes hosting only the same kind of pod (75), then mixed (50), then other kinds only (0)', () => {
    const state = new ClusterState([
      makeNode({ name: 'a' }),
      makeNode({ name: 'b' }),
      makeNode({ name: 'c' }),
    ]);
    state.assume(0, sharingPod(500), [0]);
    state.assume(1, sharingPod(500), [0]);
    state.assume(1, wholeGpuPod(1), [1]);
    state.assume(2, wholeGpuPod(1), [0]);
    const req = compileRequest(state, sharingPod(200));
    const ctx = ctxOf(state);
    expect(policy.score(ctx, req, 0)).toBe(75 + 1); // 500 used → 25·500//8000 = 1
    expect(policy.score(ctx, req, 1)).toBe(50 + 4); // 1500 used → 4
    expect(policy.score(ctx, req, 2)).toBe(0 + 3); // 1000 used → 3
    expect(policy.score(ctx, compileRequest(state, makePod()), 0)).toBe(0);
  });
});

describe('GpuPacking', () => {
  const policy = new GpuPackingPolicy();
  it('scores an all-free node max(33 − G, G)', () => {
    const state = new ClusterState([
      makeNode({ name: 'a', gpuCount: 8 }),
      makeNode({ name: 'b', gpuCount: 2 }),
    ]);
    const req = compileRequest(state, sharingPod(300));
    expect(policy.score(ctxOf(state), req, 0)).toBe(25);
    expect(policy.score(ctxOf(state), req, 1)).toBe(31);
  });
  it('prefers a partially used device (100 − left%/10) over a free device on a used node (50 − f)', () => {
    const state = new ClusterState([makeNode({ name: 'a' })]);
    state.assume(0, sharingPod(500), [3]);
    const ctx = ctxOf(state);
    expect(policy.score(ctx, compileRequest(state, sharingPod(400)), 0)).toBe(95);
    expect(policy.score(ctx, compileRequest(state, sharingPod(600)), 0)).toBe(49);
    expect(policy.score(ctx, compileRequest(state, wholeGpuPod(2)), 0)).toBe(48);
    expect(policy.pickDevices(ctx, compileRequest(state, sharingPod(400)), 0)).toEqual([3]);
  });
});

describe('BestFit', () => {
  it('normalises raw scores min–max over the feasible nodes with integer division', () => {
    const scores = Int32Array.from([10, 20, 30, 25]);
    minMaxNormalize(scores, 4);
    expect(Array.from(scores)).toEqual([0, 50, 100, 75]);
    const equal = Int32Array.from([7, 7, 7]);
    minMaxNormalize(equal, 3);
    expect(Array.from(equal)).toEqual([0, 0, 0]);
  });
  it('scores the node left fullest highest', () => {
    const state = new ClusterState([
      makeNode({ name: 'a', cpuMilli: 128000 }),
      makeNode({ name: 'b', cpuMilli: 16000 }),
    ]);
    const req = compileRequest(state, wholeGpuPod(1, { cpuMilli: 8000 }));
    const policy = new BestFitPolicy();
    // a: s = 120000/128000·0.5 + 7000/8000·0.5 = 0.90625 → 9; b: 8000/128000·0.5 + 0.4375 = 0.46875 → 53
    expect(policy.score(ctxOf(state), req, 0)).toBe(9);
    expect(policy.score(ctxOf(state), req, 1)).toBe(53);
  });
});

describe('Random', () => {
  it('draws one feasible node per cycle from the seeded generator', () => {
    const state = new ClusterState([
      makeNode({ name: 'a' }),
      makeNode({ name: 'b' }),
      makeNode({ name: 'c' }),
    ]);
    const req = compileRequest(state, makePod());
    const pickWith = (seed: number) => {
      const policy = new RandomPolicy();
      const ctx = { state, rng: new GoRand(seed) };
      const feasible = Int32Array.from([0, 1, 2]);
      return Array.from({ length: 20 }, () => {
        policy.prepare(ctx, req, feasible, 3);
        return [0, 1, 2].find((n) => policy.score(ctx, req, n) === 100);
      });
    };
    expect(pickWith(5)).toEqual(pickWith(5));
    expect(new Set(pickWith(5)).size).toBe(3);
  });
});

describe('registry', () => {
  it('rejects an unknown policy name with the list of valid ones', () => {
    expect(() => createPolicy('tetris')).toThrowErrorMatchingInlineSnapshot(
      `[InputError: policy: expected one of random, dotprod, clustering, packing, bestfit, fgd, fgd-energy, fgd-cost, hetero, got "tetris"]`,
    );
  });
});
