/**
 * The figures the Plan page draws, taken from the plan as the server sent it (nothing is recomputed but sums of
 * its own per-quarter fields): quarters as labels, nodes owned per chip and quarter, capital and energy per
 * quarter, the peak facility power, the Pareto frontier as points.
 */
import type { Plan, PlanPareto } from './plan-types.js';

/** Quarter q as the CLI prints it: Q0, Q1, … */
export function quarterLabels(quarters: number): string[] {
  return Array.from({ length: quarters }, (_, q) => `Q${q}`);
}

/** One series per chip: the nodes it owns in each quarter (existing + bought so far). */
export function mixSeries(plan: Plan): { name: string; data: number[] }[] {
  return plan.chips.map((c) => ({ name: c.accelerator, data: [...c.nodesOwned] }));
}

/** Capital spent and energy paid per quarter; their sums are the plan's `capitalUsd` and `energyUsd`. */
export function costPerQuarter(plan: Plan): { capital: number[]; energy: number[] } {
  return {
    capital: [...plan.capitalSpentUsd],
    energy: quarterLabels(plan.quarters).map((_, q) =>
      plan.chips.reduce((sum, c) => sum + c.nodesOwned[q] * c.perNode.energyUsdPerQuarter, 0),
    ),
  };
}

/** The highest facility power of any quarter, MW; null when there is no plan (infeasible) to draw power. */
export function peakFacilityMW(plan: Pick<Plan, 'status' | 'facilityMW'>): number | null {
  return plan.status === 'optimal' && plan.facilityMW.length > 0 ? Math.max(...plan.facilityMW) : null;
}

/** Nodes owned per chip in the last quarter (what the fleet ends with). */
export function finalNodes(plan: Plan): Record<string, number> {
  return Object.fromEntries(plan.chips.map((c) => [c.accelerator, c.nodesOwned.at(-1) ?? c.existingNodes]));
}

/** The frontier: [power cap MW, total cost USD] of each optimal point by cap, and the caps found infeasible. */
export function paretoPoints(pareto: PlanPareto): { frontier: [number, number][]; infeasibleMW: number[] } {
  const byCap = [...pareto.points].sort((a, b) => a.powerCapMW - b.powerCapMW);
  return {
    frontier: byCap
      .filter((p) => p.status === 'optimal' && p.objectiveUsd !== null)
      .map((p): [number, number] => [p.powerCapMW, p.objectiveUsd!]),
    infeasibleMW: byCap.filter((p) => p.status === 'infeasible').map((p) => p.powerCapMW),
  };
}
