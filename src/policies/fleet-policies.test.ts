import { describe, expect, it } from 'vitest';
import { ClusterState } from '../model/cluster-state.js';
import { GoRand } from '../rng/go-rand.js';
import { makeNode, sharingPod, wholeGpuPod } from '../../test/support/builders.js';
import { InputError } from '../errors/index.js';
import { costPerWork, energyPerWork, type ModelEconomics, PRICED_POLICIES } from './economics.js';
import { compileRequest } from './pod-request.js';
import { createPolicy } from './registry.js';
import { typicalPods } from './typical-pods.js';

// Two identical empty nodes that differ only in device model: FGD alone cannot tell them apart.
const fast: ModelEconomics = { computeSpeed: 2, memorySpeed: 1, dynamicW: 400, usdPerDeviceHour: 2 };
const frugal: ModelEconomics = { computeSpeed: 1, memorySpeed: 1, dynamicW: 100, usdPerDeviceHour: 0.5 };
const economics = new Map([
  ['fast', fast],
  ['frugal', frugal],
]);
const state = new ClusterState([
  makeNode({ name: 'a', gpuModel: 'fast' }),
  makeNode({ name: 'b', gpuModel: 'frugal' }),
]);
const ctx = { state, rng: new GoRand(1) };
const typical = typicalPods([wholeGpuPod(1), sharingPod(500)]);

describe('economics', () => {
  it('divides power and price by the speed of the pod kind', () => {
    const whole = { sharing: false };
    expect(energyPerWork(fast, whole)).toBe(200);
    expect(energyPerWork(frugal, whole)).toBe(100);
    expect(costPerWork(fast, whole, 0.1)).toBeCloseTo((2 + 0.4 * 0.1) / 2, 12);
  });
});

describe('fleet-aware policies', () => {
  const whole = compileRequest(state, wholeGpuPod(1));

  it('fgd-energy prefers the model that does the work with less energy when FGD sees no difference', () => {
    const policy = createPolicy('fgd-energy', { typical, economics });
    expect(policy.score(ctx, whole, 1)).toBeGreaterThan(policy.score(ctx, whole, 0));
  });

  it('fgd-energy with weight 1 is plain FGD', () => {
    const plain = createPolicy('fgd', { typical });
    const weighted = createPolicy('fgd-energy', { typical, economics, fgdWeight: 1 });
    expect([weighted.score(ctx, whole, 0), weighted.score(ctx, whole, 1)]).toEqual([
      plain.score(ctx, whole, 0),
      plain.score(ctx, whole, 1),
    ]);
  });

  it('hetero and fgd-cost prefer the cheaper model per unit of work', () => {
    // fast: 2 $/h at speed 2 = 1 $/unit; frugal: 0.5 $/h at speed 1 = 0.5 $/unit
    for (const name of ['hetero', 'fgd-cost'] as const) {
      const policy = createPolicy(name, { typical, economics, usdPerKWh: 0.1 });
      expect(policy.score(ctx, whole, 1), name).toBeGreaterThan(policy.score(ctx, whole, 0));
    }
  });

  it('with a model priced nowhere, the price-weighing policies fail as bad input; fgd-energy still scores', () => {
    const unpriced = new Map([
      ['fast', { ...fast, usdPerDeviceHour: null }],
      ['frugal', frugal],
    ]);
    for (const name of PRICED_POLICIES) {
      const policy = createPolicy(name, { typical, economics: unpriced });
      expect(() => policy.score(ctx, whole, 0), name).toThrow(InputError);
    }
    const energy = createPolicy('fgd-energy', { typical, economics: unpriced });
    expect(energy.score(ctx, whole, 1)).toBeGreaterThan(energy.score(ctx, whole, 0));
  });

  it('refuses to start without fleet economics, saying where they come from', () => {
    expect(() => createPolicy('hetero', { typical })).toThrowErrorMatchingInlineSnapshot(
      `[InputError: policy: hetero weighs device speed, power and price, which come from a fleet file, expected a fleet (hyperfleet run --fleet FILE) or one of the paper policies, got "hetero"]`,
    );
  });

  it('names the device model that has no economics', () => {
    const policy = createPolicy('hetero', { typical, economics: new Map([['fast', fast]]) });
    expect(() => policy.score(ctx, whole, 0)).toThrow(/no economics for device model frugal/);
  });
});
