/**
 * @module plan/optimiser/plan-solution
 * Reads a solved programme back into the plan's terms: whole nodes bought and owned per chip and quarter, the
 * demand each chip serves of each line, the cost split into capital and energy, the power, capital and racks used
 * per quarter (the figures binding constraints are judged by), and the amortised cost a finance team books.
 *
 * Amortised cost of quarter q: each node bought in quarter t is written off linearly from the start of quarter t
 * over L = 4 × amortisationYears quarters, capitalUsd / L a quarter (the last quarter of a life that is not a whole
 * number of quarters pro rata, so a node's write-offs add up to its capital), plus the energy of quarter q. Existing
 * nodes are free of capital, as in the objective.
 */
import type { LpNames } from './lp-text.js';
import type { LpSolution } from './highs-solver.js';
import { DEMAND_DEFAULTS } from '../demand/demand-schema.js';
import type { PlanModel } from './plan-model.js';
import type { LineAssignment, PlanChipResult } from './plan-result.js';

export interface PlanSolution {
  readonly objectiveUsd: number;
  readonly capitalUsd: number;
  readonly energyUsd: number;
  readonly chips: PlanChipResult[];
  readonly assignment: LineAssignment[];
  readonly facilityMW: number[];
  readonly capitalSpentUsd: number[];
  /** Racks the owned nodes fill per quarter (existing ones included); null without site racks. */
  readonly racksUsed: number[] | null;
  readonly amortisedCostUsdPerQuarter: number[];
  readonly amortisedCostUsd: number;
}

export function readPlanSolution(model: PlanModel, names: LpNames, solution: LpSolution): PlanSolution {
  const Q = model.quarters;
  const quarters = Array.from({ length: Q }, (_, q) => q);
  let capitalUsd = 0;
  let energyUsd = 0;
  const facilityMW = quarters.map(() => 0);
  const capitalSpentUsd = quarters.map(() => 0);
  const racksUsed = quarters.map(() => model.racks?.usedByExisting ?? 0);
  const amortised = quarters.map(() => 0);
  const life = 4 * (model.amortisationYears ?? DEMAND_DEFAULTS.amortisationYears);
  const chips = model.chips.map((c, i): PlanChipResult => {
    // Integer columns come back within HiGHS's integrality tolerance of a whole number.
    const nodesBought = quarters.map((q) =>
      names.canBuy(i) ? Math.max(0, Math.round(solution.value(names.bought(i, q)))) : 0,
    );
    let owned = c.existingNodes;
    const nodesOwned = nodesBought.map((b) => (owned += b));
    quarters.forEach((q) => {
      const spent = nodesBought[q] * (c.capitalUsd ?? 0);
      capitalSpentUsd[q] += spent;
      capitalUsd += spent;
      energyUsd += nodesOwned[q] * c.energyUsdPerQuarter;
      facilityMW[q] += (nodesOwned[q] * c.facilityKw) / 1000;
      if (names.racked(i)) racksUsed[q] += Math.ceil(nodesOwned[q] / (c.nodesPerRack as number));
      amortised[q] += nodesOwned[q] * c.energyUsdPerQuarter;
      // The share of quarter q within the life of the nodes bought in quarter t ≤ q.
      for (let t = 0; t <= q; t++)
        amortised[q] += nodesBought[t] * ((c.capitalUsd ?? 0) / life) * lifeShare(life - (q - t));
    });
    return {
      accelerator: c.accelerator,
      devicesPerNode: c.devicesPerNode,
      existingNodes: c.existingNodes,
      nodesBought,
      nodesOwned,
      perNode: {
        capitalUsd: c.capitalUsd,
        energyUsdPerQuarter: c.energyUsdPerQuarter,
        facilityKw: c.facilityKw,
        capacity: c.capacity,
      },
    };
  });
  const assignment = model.lines.map((line, l): LineAssignment => {
    const serving = model.chips
      .map((c, i) => {
        const nodes = quarters.map((q) => (names.serves(i, l) ? solution.value(names.share(i, l, q)) : 0));
        return {
          accelerator: c.accelerator,
          nodes,
          served: nodes.map((x) => x * (c.capacity[line.name] ?? 0)),
        };
      })
      .filter((s) => s.nodes.some((x) => x > 1e-9));
    return { line: line.name, unit: line.unit, demand: line.demand, chips: serving };
  });
  // The objective recomputed from whole counts: exactly the contract's sum, free of solver rounding.
  return {
    objectiveUsd: capitalUsd + energyUsd,
    capitalUsd,
    energyUsd,
    chips,
    assignment,
    facilityMW,
    capitalSpentUsd,
    racksUsed: model.racks === undefined ? null : racksUsed,
    amortisedCostUsdPerQuarter: amortised,
    amortisedCostUsd: amortised.reduce((a, b) => a + b, 0),
  };
}

/** How much of a quarter lies within a life with `remaining` quarters left at its start: 0 to 1. */
function lifeShare(remaining: number): number {
  return Math.min(1, Math.max(0, remaining));
}
