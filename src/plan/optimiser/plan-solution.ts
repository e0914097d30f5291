/**
 * @module plan/optimiser/plan-solution
 * Reads a solved programme back into the plan's terms: whole nodes bought and owned per chip and quarter, the
 * demand each chip serves of each line, the cost split into capital and energy, and the power and capital used per
 * quarter (the figures binding constraints are judged by).
 */
import type { LpNames } from './lp-text.js';
import type { LpSolution } from './highs-solver.js';
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
}

export function readPlanSolution(model: PlanModel, names: LpNames, solution: LpSolution): PlanSolution {
  const Q = model.quarters;
  const quarters = Array.from({ length: Q }, (_, q) => q);
  let capitalUsd = 0;
  let energyUsd = 0;
  const facilityMW = quarters.map(() => 0);
  const capitalSpentUsd = quarters.map(() => 0);
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
  };
}
