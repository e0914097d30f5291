import { describe, expect, it } from 'vitest';
import type { PlanChip, PlanModel } from './plan-model.js';
import { solvePlanModel } from './solve-plan.js';

/** A chip serving line `work` at `cap` per node; energy and power per node as given. */
function chip(
  accelerator: string,
  capitalUsd: number | null,
  cap: number,
  extra: Partial<PlanChip> = {},
): PlanChip {
  return {
    accelerator,
    devicesPerNode: 8,
    capitalUsd,
    energyUsdPerQuarter: 100,
    facilityKw: 10,
    capacity: { work: cap },
    existingNodes: 0,
    buyable: true,
    ...extra,
  };
}

function model(chips: PlanChip[], demand: number[], extra: Partial<PlanModel> = {}): PlanModel {
  return {
    quarters: demand.length,
    chips,
    lines: [{ name: 'work', unit: 'requests/s', demand }],
    budget: {},
    ...extra,
  };
}

/**
 * The optimum by enumeration: every combination of whole nodes bought per chip and quarter up to `maxNodes`, kept
 * when capacity, budget, power and supply hold (one line, so a node serves it fully), cheapest total cost.
 */
function enumerate(m: PlanModel, maxNodes: number): number | null {
  const C = m.chips.length;
  const Q = m.quarters;
  const vars = C * Q;
  let best: number | null = null;
  const bought = new Array<number>(vars).fill(0);
  const visit = (k: number): void => {
    if (k < vars) {
      for (let n = 0; n <= maxNodes; n++) {
        bought[k] = n;
        visit(k + 1);
      }
      return;
    }
    let cost = 0;
    let capitalTotal = 0;
    const owned = m.chips.map((c) => c.existingNodes);
    for (let q = 0; q < Q; q++) {
      let served = 0;
      let kw = 0;
      let capital = 0;
      for (let c = 0; c < C; c++) {
        const b = bought[c * Q + q];
        const ch = m.chips[c];
        if (b > 0 && (!ch.buyable || ch.capitalUsd === null)) return;
        if (ch.supplyDevices && b * ch.devicesPerNode > ch.supplyDevices[q]) return;
        owned[c] += b;
        capital += b * (ch.capitalUsd ?? 0);
        cost += b * (ch.capitalUsd ?? 0) + owned[c] * ch.energyUsdPerQuarter;
        served += owned[c] * (ch.capacity.work ?? 0);
        kw += owned[c] * ch.facilityKw;
      }
      capitalTotal += capital;
      if (served < m.lines[0].demand[q] - 1e-9) return;
      if (m.powerCapMW !== undefined && kw > m.powerCapMW * 1000 + 1e-9) return;
      if (m.budget.perQuarterUsd && capital > m.budget.perQuarterUsd[q]) return;
    }
    if (m.budget.totalUsd !== undefined && capitalTotal > m.budget.totalUsd) return;
    if (best === null || cost < best) best = cost;
  };
  visit(0);
  return best;
}

describe('solvePlanModel', () => {
  it('buys the cheapest chip by hand: 10 units of demand, 4 per node → 3 nodes', async () => {
    const r = await solvePlanModel(model([chip('cheap', 1000, 4), chip('dear', 5000, 10)], [10]));
    expect(r.status).toBe('optimal');
    // cheap: 3 × (1000 + 100) = 3300; dear: 1 × 5100 = 5100.
    expect(r.objectiveUsd).toBe(3300);
    expect(r.chips.map((c) => c.nodesBought)).toEqual([[3], [0]]);
    expect(r.assignment[0].chips.map((c) => c.accelerator)).toEqual(['cheap']);
  });

  it('buys the dearer chip when the cheapest is supply-limited, and prices the supply', async () => {
    // 12 units at 4 per node: 3 nodes; only 16 devices (2 nodes) of the cheap chip can be had.
    const m = model([chip('cheap', 1000, 4, { supplyDevices: [16] }), chip('dear', 1500, 4)], [12]);
    const r = await solvePlanModel(m);
    expect(r.objectiveUsd).toBe(enumerate(m, 3));
    expect(r.objectiveUsd).toBe(2 * 1000 + 1500 + 3 * 100);
    expect(r.chips.map((c) => c.nodesBought)).toEqual([[2], [1]]);
    const supply = r.binding.find((b) => b.constraint === 'supply');
    expect(supply).toMatchObject({ accelerator: 'cheap', quarter: 0, limit: 16, step: 1000 });
    expect(supply?.priceUsd).toBeCloseTo(500, 6);
  });

  it('lets a power cap force the more efficient chip, and prices one more MW', async () => {
    // cheap needs 3 nodes × 10 kW = 30 kW; a 0.02 MW cap forces dear (1 node, 15 kW).
    const m = model([chip('cheap', 1000, 4), chip('dear', 5000, 10, { facilityKw: 15 })], [10], {
      powerCapMW: 0.02,
    });
    const r = await solvePlanModel(m);
    expect(r.objectiveUsd).toBe(enumerate(m, 3));
    expect(r.chips[1].nodesBought).toEqual([1]);
    expect(r.binding.map((b) => b.constraint)).toEqual(['powerCap']);
    // With 1.02 MW the cheap plan (3300) fits: the price is 5100 − 3300.
    expect(r.binding[0].priceUsd).toBeCloseTo(1800, 6);
  });

  it('lets a per-quarter budget force an early purchase, as enumeration finds', async () => {
    // 3 nodes needed in quarter 1, but quarter 1 affords 2: one is bought in quarter 0 and pays a quarter's energy.
    const m = model([chip('only', 1000, 4)], [0, 12], { budget: { perQuarterUsd: [5000, 2000] } });
    const r = await solvePlanModel(m);
    expect(r.objectiveUsd).toBe(enumerate(m, 3));
    expect(r.objectiveUsd).toBe(3000 + 100 + 3 * 100);
    expect(r.chips[0].nodesBought).toEqual([1, 2]);
    const budget = r.binding.find((b) => b.constraint === 'budgetQuarter');
    expect(budget).toMatchObject({ quarter: 1, limit: 2000 });
    expect(budget?.priceUsd).toBeCloseTo(100, 6);
  });

  it('uses the existing fleet first: it is owned free of capital', async () => {
    const m = model([chip('cheap', 1000, 4, { existingNodes: 2 })], [10, 12]);
    const r = await solvePlanModel(m);
    expect(r.chips[0].nodesOwned).toEqual([3, 3]);
    expect(r.chips[0].nodesBought).toEqual([1, 0]);
    expect(r.objectiveUsd).toBe(1000 + 3 * 100 * 2);
  });

  it('matches enumeration on seeded random small instances', async () => {
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 6; trial++) {
      const chips = [0, 1].map((i) =>
        chip(`c${i}`, Math.round(500 + rand() * 3000), 1 + Math.round(rand() * 6), {
          facilityKw: 5 + Math.round(rand() * 10),
          energyUsdPerQuarter: Math.round(50 + rand() * 300),
          supplyDevices: [8 * Math.round(rand() * 3), 16],
        }),
      );
      const m = model(chips, [Math.round(rand() * 10), Math.round(5 + rand() * 10)], {
        powerCapMW: 0.06,
        budget: { totalUsd: 12000 },
      });
      const r = await solvePlanModel(m, { mipRelGap: 0, bindingPrices: false });
      const best = enumerate(m, 4);
      expect(r.status).toBe(best === null ? 'infeasible' : 'optimal');
      if (best !== null) expect(r.objectiveUsd).toBe(best);
    }
  });

  it('names the power cap and the MW an infeasible demand needs', async () => {
    // 10 units need 3 nodes × 10 kW: 30 kW = 0.03 MW against a 0.02 MW cap.
    const r = await solvePlanModel(model([chip('only', 1000, 4)], [10], { powerCapMW: 0.02 }));
    expect(r.status).toBe('infeasible');
    expect(r.objectiveUsd).toBeNull();
    expect(r.reasons).toHaveLength(1);
    expect(r.reasons[0]).toMatchObject({ constraint: 'powerCap', limit: 0.02 });
    expect(r.reasons[0].needs).toBeCloseTo(0.03, 9);
    expect(r.reasons[0].message).toBe('power cap 0.02 MW: the demand needs at least 0.03 MW');
  });

  it('names the budget and the supply that each alone would make a demand feasible', async () => {
    const m = model([chip('only', 1000, 4, { supplyDevices: [16] })], [10], { budget: { totalUsd: 2500 } });
    const r = await solvePlanModel(m);
    expect(r.status).toBe('infeasible');
    expect(r.reasons.map((x) => [x.constraint, x.needs])).toEqual([
      ['budgetTotal', 3000],
      ['supply', 24],
    ]);
  });

  it('names a line no chip can serve', async () => {
    const r = await solvePlanModel(model([chip('only', 1000, 0)], [10]));
    expect(r.status).toBe('infeasible');
    expect(r.reasons[0]).toMatchObject({ constraint: 'capacity', line: 'work' });
  });

  it('leaves an unpriced chip out and lists it, or refuses naming its price field when it is needed', async () => {
    const unpriced = chip('free', null, 100, { priceField: 'chips[1].priceUsd' });
    const ok = await solvePlanModel(model([chip('cheap', 1000, 4), unpriced], [10]));
    expect(ok.status).toBe('optimal');
    expect(ok.unpriced.map((u) => u.field)).toEqual(['chips[1].priceUsd']);
    await expect(
      solvePlanModel(model([chip('cheap', 1000, 4, { supplyDevices: [8] }), unpriced], [10])),
    ).rejects.toThrow(/chips\[1\]\.priceUsd: the demand cannot be met without buying free/);
  });

  it('gives the same result for the same input', async () => {
    const m = model([chip('a', 1000, 4), chip('b', 1800, 8)], [30, 50, 70], { powerCapMW: 1 });
    const strip = (r: Awaited<ReturnType<typeof solvePlanModel>>) => ({
      ...r,
      solver: { ...r.solver, seconds: 0 },
    });
    expect(strip(await solvePlanModel(m))).toEqual(strip(await solvePlanModel(m)));
  });
});
