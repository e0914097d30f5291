import { describe, expect, it } from 'vitest';
import type { PlanChip, PlanModel } from '../optimiser/plan-model.js';
import { solvePlanModel } from '../optimiser/solve-plan.js';
import { powerFrontier } from './power-frontier.js';

/** One quarter, a line of 10 units; each node serves 1 unit. */
function chip(accelerator: string, capitalUsd: number, facilityKw: number): PlanChip {
  return {
    accelerator,
    devicesPerNode: 8,
    capitalUsd,
    energyUsdPerQuarter: 0,
    facilityKw,
    capacity: { work: 1 },
    existingNodes: 0,
    buyable: true,
  };
}

const solve = (m: PlanModel) => solvePlanModel(m, { bindingPrices: false });

describe('powerFrontier', () => {
  // Cheap-but-hungry A (100 USD, 100 kW a node) against frugal-but-dear B (300 USD, 50 kW): 10 nodes needed.
  // By hand: all A = 1,000 USD at 1 MW (the uncapped optimum); all B = 3,000 USD at 0.5 MW (the least power);
  // at a cap of P MW, k nodes of A fit while 100k + 50(10 − k) ≤ 1000 P, so k = floor(20 P − 10), cost 3000 − 200k.
  const model: PlanModel = {
    quarters: 1,
    chips: [chip('a', 100, 100), chip('b', 300, 50)],
    lines: [{ name: 'work', unit: 'requests/s', demand: [10] }],
    budget: {},
    powerCapMW: 0.8,
  };

  it('spans the least power any plan needs to the cheapest plan, with the cost the cap allows', async () => {
    const f = await powerFrontier(model, solve, 6);
    expect(f.siteCapMW).toBe(0.8);
    expect(f.uncappedMW).toBeCloseTo(1, 9);
    expect(f.minFeasibleMW).toBeCloseTo(0.5, 6);
    expect(f.points).toHaveLength(6);
    for (const p of f.points) {
      expect(p.status).toBe('optimal');
      const k = Math.floor(20 * p.powerCapMW - 10 + 1e-9);
      expect(p.objectiveUsd).toBeCloseTo(3000 - 200 * k, 6);
      expect(p.peakFacilityMW as number).toBeLessThanOrEqual(p.powerCapMW + 1e-9);
      expect(p.nodesOwned.a + p.nodesOwned.b).toBe(10);
    }
    const costs = f.points.map((p) => p.objectiveUsd as number);
    expect(costs).toEqual([...costs].sort((x, y) => y - x));
    expect(costs[0]).toBeCloseTo(3000, 6);
    expect(costs.at(-1)).toBeCloseTo(1000, 6);
  });

  it('is one point when the cheapest plan already draws the least power', async () => {
    const f = await powerFrontier({ ...model, chips: [chip('a', 100, 50), chip('b', 300, 100)] }, solve, 6);
    expect(f.points).toHaveLength(1);
    expect(f.points[0].objectiveUsd).toBeCloseTo(1000, 6);
    expect(f.minFeasibleMW).toBeCloseTo(0.5, 6);
  });

  it('is empty when no plan meets the demand at any power', async () => {
    const f = await powerFrontier({ ...model, budget: { totalUsd: 500 } }, solve, 4);
    expect(f.points).toEqual([]);
    expect(f.uncappedMW).toBeNull();
  });

  it("reuses the caller's solve of an uncapped model, and solves again when the site has a cap", async () => {
    const { powerCapMW: _cap, ...uncappedModel } = model;
    let solves = 0;
    const counted = (m: PlanModel) => {
      solves++;
      return solve(m);
    };
    const own = await solve(uncappedModel);
    const reused = await powerFrontier(uncappedModel, counted, 4, own);
    const reusedSolves = solves;
    solves = 0;
    const fresh = await powerFrontier(uncappedModel, counted, 4);
    expect(reusedSolves).toBe(solves - 1);
    expect(reused.points).toEqual(fresh.points);
    solves = 0;
    // With a site cap, `own` is not the uncapped plan: the frontier solves it itself.
    await powerFrontier(model, counted, 4, own);
    expect(solves).toBe(reusedSolves + 1);
  });
});
