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
 * when capacity, budget, power, supply and racks hold (one line, so a node serves it fully), cheapest total cost.
 * Racks are counted the plain way: each chip's owned nodes fill ⌈owned / nodesPerRack⌉ racks.
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
      let racks = m.racks?.usedByExisting ?? 0;
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
        if (ch.nodesPerRack !== undefined) racks += Math.ceil(owned[c] / ch.nodesPerRack);
      }
      if (m.racks !== undefined && racks > m.racks.available[q]) return;
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

/**
 * Six seeded random instances of two chips over two quarters, each chip with what `chipExtra` draws and the
 * programme with what `modelExtra` draws: the solver's optimum (or infeasibility) is enumeration's.
 */
async function expectEnumerationOnRandom(
  seed: number,
  chipExtra: (rand: () => number) => Partial<PlanChip>,
  modelExtra: (rand: () => number) => Partial<PlanModel>,
): Promise<void> {
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let trial = 0; trial < 6; trial++) {
    const chips = [0, 1].map((i) =>
      chip(`c${i}`, Math.round(500 + rand() * 3000), 1 + Math.round(rand() * 6), chipExtra(rand)),
    );
    const m = model(chips, [Math.round(rand() * 10), Math.round(5 + rand() * 10)], modelExtra(rand));
    const r = await solvePlanModel(m, { mipRelGap: 0, bindingPrices: false });
    const best = enumerate(m, 4);
    expect(r.status).toBe(best === null ? 'infeasible' : 'optimal');
    if (best !== null) expect(r.objectiveUsd).toBe(best);
  }
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
    await expectEnumerationOnRandom(
      7,
      (rand) => ({
        facilityKw: 5 + Math.round(rand() * 10),
        energyUsdPerQuarter: Math.round(50 + rand() * 300),
        supplyDevices: [8 * Math.round(rand() * 3), 16],
      }),
      () => ({ powerCapMW: 0.06, budget: { totalUsd: 12000 } }),
    );
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

  it('fits owned nodes in whole racks: a half-full rack takes a rack, as enumeration finds', async () => {
    // 20 units at 4 per node: 5 nodes in 2 racks. Five of the cheap chip (2 a rack) fill 3 racks; 4 cheap + 1 dear
    // also 3 (2 + 1), and 3 cheap + 2 dear 3 (2, half full, + 1). So 2 cheap (1 rack) + 3 dear (1 rack): 7000 —
    // where fractional racks would let 3 cheap + 2 dear (1.5 + 0.5 racks) through at 6500.
    const racked = model(
      [chip('cheap', 1000, 4, { nodesPerRack: 2 }), chip('dear', 1500, 4, { nodesPerRack: 4 })],
      [20],
      { racks: { available: [2], usedByExisting: 0 } },
    );
    const r = await solvePlanModel(racked);
    expect(r.objectiveUsd).toBe(enumerate(racked, 5));
    expect(r.objectiveUsd).toBe(2 * 1000 + 3 * 1500 + 5 * 100);
    expect(r.chips.map((c) => c.nodesBought)).toEqual([[2], [3]]);
    expect(r.racksUsed).toEqual([2]);
    // Ten more racks let all five be cheap (3 racks): 5500, so the step is worth 1500.
    expect(r.binding.map((b) => b.constraint)).toEqual(['racks']);
    expect(r.binding[0]).toMatchObject({ quarter: 0, limit: 2, unit: 'racks', step: 10 });
    expect(r.binding[0].priceUsd).toBeCloseTo(7000 - 5500, 6);
    // Without a rack limit there is no racksUsed, and the cheap chip alone serves.
    const free = await solvePlanModel({ ...racked, racks: undefined });
    expect(free.racksUsed).toBeNull();
    expect(free.objectiveUsd).toBe(5500);
  });

  it('counts existing nodes and racksUsedByExisting in the racks, and prices racks from a quarter on', async () => {
    // 2 cheap nodes owned fill 1 rack, other old nodes 1 more; 4 racks. Quarter 0 (3 nodes): 1 cheap more, 3 racks.
    // Quarter 1 (7 nodes): 7 cheap fill 4 racks, 6 + 1 dear 3 + 1, 5 + 2 dear 3 + 1 — each 5 with the old one —
    // so 4 cheap (2 racks) + 3 dear (1 rack): 2 × 1000 + 3 × 1500 + 10 node-quarters × 100 = 7500.
    const m = model(
      [
        chip('cheap', 1000, 4, { nodesPerRack: 2, existingNodes: 2 }),
        chip('dear', 1500, 4, { nodesPerRack: 4 }),
      ],
      [12, 28],
      { racks: { available: [4, 4], usedByExisting: 1 } },
    );
    const r = await solvePlanModel(m);
    expect(r.objectiveUsd).toBe(enumerate(m, 3));
    expect(r.objectiveUsd).toBe(7500);
    // Quarter 0 may take its third node cheap or dear at the same total; quarter 1 owns 4 cheap and 3 dear.
    expect(r.chips.map((c) => c.nodesOwned[1])).toEqual([4, 3]);
    expect(r.racksUsed).toEqual([3, 4]);
    // Only quarter 1 is full. With 10 more racks from then on, 5 cheap replace the 3 dear and the 1 cheap: 6000.
    expect(r.binding.map((b) => [b.constraint, b.quarter])).toEqual([['racks', 1]]);
    expect(r.binding[0]).toMatchObject({ limit: 4, step: 10 });
    expect(r.binding[0].priceUsd).toBeCloseTo(1500, 6);
  });

  it('names the racks an infeasible demand needs, existing racks included', async () => {
    // 5 nodes of 2 a rack fill 3 racks, + 1 for other old nodes: 4 needed in quarter 1, 3 available.
    const m = model([chip('only', 1000, 4, { nodesPerRack: 2 })], [4, 20], {
      racks: { available: [3, 3], usedByExisting: 1 },
    });
    const r = await solvePlanModel(m);
    expect(enumerate(m, 5)).toBeNull();
    expect(r.status).toBe('infeasible');
    expect(r.racksUsed).toEqual([0, 0]);
    expect(r.reasons).toEqual([
      {
        constraint: 'racks',
        quarter: 1,
        limit: 3,
        needs: 4,
        unit: 'racks',
        message: 'racks in quarter 1: 3 available, the demand needs at least 4',
      },
    ]);
  });

  it('matches enumeration on seeded random small instances with racks', async () => {
    await expectEnumerationOnRandom(
      11,
      (rand) => ({
        energyUsdPerQuarter: Math.round(50 + rand() * 300),
        nodesPerRack: 1 + Math.round(rand() * 3),
        existingNodes: Math.round(rand() * 1.4),
      }),
      (rand) => ({
        racks: { available: [1 + Math.round(rand() * 2), 2 + Math.round(rand() * 2)], usedByExisting: 0 },
      }),
    );
  });

  it('books the amortised cost: capital over 4 × years quarters within each node’s life, + energy', async () => {
    // One node (8000 USD) from quarter 0, a second from quarter 5; one-year life = 4 quarters of 2000.
    const m = model([chip('only', 8000, 4)], [4, 4, 4, 4, 4, 8], { amortisationYears: 1 });
    const r = await solvePlanModel(m, { bindingPrices: false });
    expect(r.chips[0].nodesBought).toEqual([1, 0, 0, 0, 0, 1]);
    expect(r.amortisedCostUsdPerQuarter).toEqual([2100, 2100, 2100, 2100, 100, 2200]);
    expect(r.amortisedCostUsd).toBe(10700);
    // The contract's objective is unchanged: cash at purchase + energy.
    expect(r.objectiveUsd).toBe(2 * 8000 + 5 * 100 + 200);
    // A life of 2.5 quarters: 3200, 3200, then half a quarter's 1600 — the node's 8000 exactly.
    const short = await solvePlanModel(
      model([chip('only', 8000, 4)], [4, 4, 4, 4], { amortisationYears: 0.625 }),
      { bindingPrices: false },
    );
    expect(short.amortisedCostUsdPerQuarter).toEqual([3300, 3300, 1700, 100]);
    // Without amortisationYears, the default 4 years: 16 quarters of 500.
    const four = await solvePlanModel(model([chip('only', 8000, 4)], [4, 4]), { bindingPrices: false });
    expect(four.amortisedCostUsdPerQuarter).toEqual([600, 600]);
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
