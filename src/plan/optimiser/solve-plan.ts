/**
 * @module plan/optimiser/solve-plan
 * The optimiser: the cheapest fleet over the horizon as a mixed-integer programme solved by HiGHS, then the binding
 * constraints priced, or — when the demand cannot be met — the constraints that make it so and by how much. Chips
 * without a price are left out (and listed); a demand that needs one of them is refused naming the field to add.
 */
import { performance } from 'node:perf_hooks';
import type { Catalog } from '../../catalog/index.js';
import type { Demand } from '../demand/demand.js';
import { bindingPrices } from './binding-prices.js';
import { DEFAULT_MIP_REL_GAP, highs, solveLp, type SolveOptions } from './highs-solver.js';
import { infeasibilityReasons, refuseIfNeedsUnpriced, unservableLines } from './infeasibility.js';
import { lpNames, lpText } from './lp-text.js';
import { planModel, type CapacityOf, type PlanModel } from './plan-model.js';
import type { PlanResult } from './plan-result.js';
import { readPlanSolution } from './plan-solution.js';

export interface PlanOptions extends SolveOptions {
  /** Price the binding constraints by re-solving (default true). */
  readonly bindingPrices?: boolean;
  /** Told when each phase starts, for progress lines. */
  readonly onPhase?: (phase: 'solving' | 'pricing' | 'explaining') => void;
}

/** Plans `demand`: per chip and line, `capacityOf` says what one node serves per quarter. */
export async function solvePlan(
  demand: Demand,
  capacityOf: CapacityOf,
  options: PlanOptions & { readonly catalog: Catalog },
): Promise<PlanResult> {
  return solvePlanModel(planModel(demand, options.catalog, capacityOf), options);
}

/** Plans from the programme's coefficients directly. */
export async function solvePlanModel(model: PlanModel, options: PlanOptions = {}): Promise<PlanResult> {
  const start = performance.now();
  const mipRelGap = options.mipRelGap ?? DEFAULT_MIP_REL_GAP;
  const solveOptions: SolveOptions = { ...options, mipRelGap };
  const unpriced = model.chips
    .filter((c) => c.buyable && c.capitalUsd === null)
    .map((c) => ({
      accelerator: c.accelerator,
      field: c.priceField ?? '',
      message: `${c.accelerator} has no price in the file or the catalog: the plan does not buy it (add ${c.priceField} to consider it)`,
    }));
  const names = lpNames(model);
  const unservable = unservableLines(model);
  options.onPhase?.('solving');
  const solution = unservable.length > 0 ? undefined : await solveLp(lpText(model), solveOptions);
  const runtime = await highs();
  const solver = () => ({
    name: 'HiGHS' as const,
    version: runtime.version.string,
    mipRelGap,
    seconds: (performance.now() - start) / 1000,
  });
  const empty = Array.from({ length: model.quarters }, () => 0);
  if (solution === undefined || solution.status === 'infeasible') {
    options.onPhase?.('explaining');
    await refuseIfNeedsUnpriced(model, solveOptions);
    const reasons = unservable.length > 0 ? unservable : await infeasibilityReasons(model, solveOptions);
    return {
      status: 'infeasible',
      objectiveUsd: null,
      capitalUsd: null,
      energyUsd: null,
      quarters: model.quarters,
      chips: [],
      assignment: [],
      facilityMW: empty,
      capitalSpentUsd: empty,
      racksUsed: model.racks === undefined ? null : empty,
      amortisedCostUsdPerQuarter: null,
      amortisedCostUsd: null,
      binding: [],
      reasons,
      unpriced,
      solver: solver(),
    };
  }
  const plan = readPlanSolution(model, names, solution);
  if (options.bindingPrices !== false) options.onPhase?.('pricing');
  const binding =
    options.bindingPrices === false
      ? []
      : await bindingPrices(
          model,
          plan,
          async (variant) => {
            const s = await solveLp(lpText(variant), solveOptions);
            return s.status === 'optimal'
              ? readPlanSolution(variant, lpNames(variant), s).objectiveUsd
              : null;
          },
          mipRelGap,
        );
  return {
    status: 'optimal',
    quarters: model.quarters,
    ...plan,
    binding,
    reasons: [],
    unpriced,
    solver: solver(),
  };
}
