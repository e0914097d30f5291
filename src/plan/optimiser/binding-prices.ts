/**
 * @module plan/optimiser/binding-prices
 * Which constraints bind an optimal plan and what one more step of each is worth, by finite differences: the
 * programme is solved again with one more MW of power cap, 100 M USD more budget (in total, or in one quarter),
 * 1000 more devices of one chip's supply in one quarter, or 10 more racks from one quarter on (a rack installed
 * stays: more racks in one quarter alone would save nothing while a later quarter is full too), and the fall in
 * total cost is the price. With whole nodes
 * an LP dual would price a relaxation the plan cannot buy, so the re-solve keeps nodes whole. Only constraints
 * within one node (or, for racks, one rack) of their limit are tried (a looser one cannot bind), and a fall within
 * the MIP gap is noise.
 */
import { SLACK_UNIT } from './lp-text.js';
import type { PlanModel } from './plan-model.js';
import type { BindingConstraint } from './plan-result.js';
import type { PlanSolution } from './plan-solution.js';

/** Solves a variant of the programme: its optimal total cost, or null when infeasible. */
export type SolveVariant = (model: PlanModel) => Promise<number | null>;

interface Candidate {
  readonly variant: PlanModel;
  readonly binding: Omit<BindingConstraint, 'priceUsd' | 'description'>;
  readonly describe: (price: number) => string;
}

const usd = (x: number) => `${Number(x.toPrecision(4)).toLocaleString('en-US')} USD`;

export async function bindingPrices(
  model: PlanModel,
  plan: PlanSolution,
  solveVariant: SolveVariant,
  mipRelGap: number,
): Promise<BindingConstraint[]> {
  const buyable = model.chips.filter((c) => c.buyable && c.capitalUsd !== null);
  const biggestNodeKw = Math.max(0, ...buyable.map((c) => c.facilityKw));
  const dearestNode = Math.max(0, ...buyable.map((c) => c.capitalUsd ?? 0));
  const candidates: Candidate[] = [];
  const cap = model.powerCapMW;
  if (cap !== undefined && plan.facilityMW.some((mw) => (cap - mw) * 1000 < biggestNodeKw)) {
    candidates.push({
      variant: { ...model, powerCapMW: cap + SLACK_UNIT.power },
      binding: { constraint: 'powerCap', limit: cap, unit: 'MW', step: SLACK_UNIT.power },
      describe: (p) => `power cap ${cap} MW binds: one more MW saves ${usd(p)}`,
    });
  }
  const total = model.budget.totalUsd;
  const spent = plan.capitalSpentUsd.reduce((a, b) => a + b, 0);
  if (total !== undefined && total - spent < dearestNode) {
    candidates.push({
      variant: { ...model, budget: { ...model.budget, totalUsd: total + SLACK_UNIT.budget } },
      binding: { constraint: 'budgetTotal', limit: total, unit: 'USD', step: SLACK_UNIT.budget },
      describe: (p) => `total budget ${usd(total)} binds: 100 M USD more saves ${usd(p)}`,
    });
  }
  const perQuarter = model.budget.perQuarterUsd;
  perQuarter?.forEach((limit, q) => {
    if (limit - plan.capitalSpentUsd[q] >= dearestNode) return;
    const more = perQuarter.map((v, t) => (t === q ? v + SLACK_UNIT.budget : v));
    candidates.push({
      variant: { ...model, budget: { ...model.budget, perQuarterUsd: more } },
      binding: { constraint: 'budgetQuarter', quarter: q, limit, unit: 'USD', step: SLACK_UNIT.budget },
      describe: (p) => `budget of quarter ${q} (${usd(limit)}) binds: 100 M USD more saves ${usd(p)}`,
    });
  });
  model.chips.forEach((c, i) => {
    const supply = c.supplyDevices;
    if (!c.buyable || c.capitalUsd === null || supply === undefined) return;
    supply.forEach((limit, q) => {
      if (limit - plan.chips[i].nodesBought[q] * c.devicesPerNode >= c.devicesPerNode) return;
      const more = supply.map((v, t) => (t === q ? v + SLACK_UNIT.supply : v));
      candidates.push({
        variant: {
          ...model,
          chips: model.chips.map((x, j) => (j === i ? { ...x, supplyDevices: more } : x)),
        },
        binding: {
          constraint: 'supply',
          quarter: q,
          accelerator: c.accelerator,
          limit,
          unit: 'devices',
          step: SLACK_UNIT.supply,
        },
        describe: (p) =>
          `supply of ${c.accelerator} in quarter ${q} (${limit} devices) binds: 1000 more save ${usd(p)}`,
      });
    });
  });
  const racks = model.racks;
  plan.racksUsed?.forEach((used, q) => {
    if (racks === undefined || racks.available[q] - used >= 1) return;
    const limit = racks.available[q];
    const more = racks.available.map((v, t) => (t >= q ? v + SLACK_UNIT.racks : v));
    candidates.push({
      variant: { ...model, racks: { ...racks, available: more } },
      binding: { constraint: 'racks', quarter: q, limit, unit: 'racks', step: SLACK_UNIT.racks },
      describe: (p) => `racks in quarter ${q} (${limit}) bind: 10 more from then on save ${usd(p)}`,
    });
  });
  const binding: BindingConstraint[] = [];
  for (const cand of candidates) {
    const relaxed = await solveVariant(cand.variant);
    if (relaxed === null) continue;
    const price = plan.objectiveUsd - relaxed;
    if (price > mipRelGap * plan.objectiveUsd) {
      binding.push({ ...cand.binding, priceUsd: price, description: cand.describe(price) });
    }
  }
  return binding;
}
