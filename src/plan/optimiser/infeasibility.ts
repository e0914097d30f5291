/**
 * @module plan/optimiser/infeasibility
 * Why a demand cannot be met, and by how much. Lines no chip can serve are named first. Then each constraint
 * family (power cap, budget, supply, racks) is relaxed in turn with a slack column and the smallest slack that makes the
 * demand feasible is found: "power cap 300 MW: the demand needs at least 341 MW". Each family that alone restores
 * feasibility is one way out and is reported; when none does alone, all are relaxed together and every slack used
 * is reported.
 */
import { ErrorCode, InputError } from '../../errors/index.js';
import { lpNames, lpText, SLACK_UNIT, type RelaxableFamily } from './lp-text.js';
import { solveLp, type LpSolution, type SolveOptions } from './highs-solver.js';
import type { PlanModel } from './plan-model.js';
import type { InfeasibilityReason } from './plan-result.js';

const fmt = (x: number) => Number(x.toPrecision(4)).toLocaleString('en-US');

/** Lines with demand that no chip can serve (capacity 0 on every chip). */
export function unservableLines(model: PlanModel): InfeasibilityReason[] {
  return model.lines
    .filter(
      (line) =>
        line.demand.some((d) => d > 0) && model.chips.every((c) => !((c.capacity[line.name] ?? 0) > 0)),
    )
    .map((line) => ({
      constraint: 'capacity' as const,
      line: line.name,
      limit: 0,
      needs: Math.max(...line.demand),
      unit: line.unit,
      message: `${line.name}: no chip can serve it (its capacity is 0 on every chip: SLO out of reach or unknown model)`,
    }));
}

/**
 * Refuses a plan that needs a chip without a price: the demand is infeasible without the unpriced chips and
 * feasible with them. The message names each chip the plan would buy and the field to add.
 */
export async function refuseIfNeedsUnpriced(model: PlanModel, options: SolveOptions): Promise<void> {
  if (!model.chips.some((c) => c.buyable && c.capitalUsd === null)) return;
  const names = lpNames(model, { pricelessAsFree: true });
  const free = await solveLp(lpText(model, { pricelessAsFree: true }), options);
  if (free.status !== 'optimal') return;
  const needed = model.chips
    .map((c, i) => ({ c, i }))
    .filter(
      ({ c, i }) =>
        c.buyable &&
        c.capitalUsd === null &&
        Array.from({ length: model.quarters }, (_, q) => free.value(names.bought(i, q))).some((b) => b > 0.5),
    );
  throw new InputError(
    ErrorCode.InvalidField,
    needed.map(({ c }) => ({
      file: model.file,
      field: c.priceField,
      message: `the demand cannot be met without buying ${c.accelerator}, which has no price in the file or the catalog`,
      expected: `its price per device in USD (add ${c.priceField})`,
    })),
  );
}

/** The constraints that make `model` infeasible and the least each would have to be. */
export async function infeasibilityReasons(
  model: PlanModel,
  options: SolveOptions,
): Promise<InfeasibilityReason[]> {
  const unservable = unservableLines(model);
  if (unservable.length > 0) return unservable;
  const present: RelaxableFamily[] = [];
  if (model.powerCapMW !== undefined) present.push('power');
  if (model.budget.totalUsd !== undefined || model.budget.perQuarterUsd !== undefined) present.push('budget');
  if (model.chips.some((c) => c.buyable && c.capitalUsd !== null && c.supplyDevices !== undefined))
    present.push('supply');
  if (model.racks !== undefined) present.push('racks');
  const reasons: InfeasibilityReason[] = [];
  for (const family of present) {
    const relax = new Set([family]);
    const solution = await solveLp(lpText(model, { relax }), options);
    if (solution.status === 'optimal') reasons.push(...slackReasons(model, solution, relax));
  }
  if (reasons.length > 0 || present.length < 2) return reasons.length > 0 ? reasons : [fallback(model)];
  const relax = new Set(present);
  const solution = await solveLp(lpText(model, { relax }), options);
  return solution.status === 'optimal' ? slackReasons(model, solution, relax) : [fallback(model)];
}

function fallback(model: PlanModel): InfeasibilityReason {
  return {
    constraint: 'capacity',
    limit: 0,
    needs: 0,
    unit: 'nodes',
    message: `the chips offered (${model.chips.map((c) => c.accelerator).join(', ')}) cannot meet the demand even without power, budget, supply and rack limits`,
  };
}

/** The slacks a relaxed solve used, as reasons. */
function slackReasons(
  model: PlanModel,
  s: LpSolution,
  relax: ReadonlySet<RelaxableFamily>,
): InfeasibilityReason[] {
  const n = lpNames(model);
  const out: InfeasibilityReason[] = [];
  const used = (name: string) => s.value(name) > 1e-9;
  if (relax.has('power') && model.powerCapMW !== undefined && used(n.extraPowerMW)) {
    const needs = model.powerCapMW + s.value(n.extraPowerMW) * SLACK_UNIT.power;
    out.push({
      constraint: 'powerCap',
      limit: model.powerCapMW,
      needs,
      unit: 'MW',
      message: `power cap ${fmt(model.powerCapMW)} MW: the demand needs at least ${fmt(needs)} MW`,
    });
  }
  if (relax.has('budget')) {
    const total = model.budget.totalUsd;
    if (total !== undefined && used(n.extraBudgetTotal)) {
      const needs = total + s.value(n.extraBudgetTotal) * SLACK_UNIT.budget;
      out.push({
        constraint: 'budgetTotal',
        limit: total,
        needs,
        unit: 'USD',
        message: `total budget ${fmt(total)} USD: the demand needs at least ${fmt(needs)} USD`,
      });
    }
    model.budget.perQuarterUsd?.forEach((limit, q) => {
      if (!used(n.extraBudget(q))) return;
      const needs = limit + s.value(n.extraBudget(q)) * SLACK_UNIT.budget;
      out.push({
        constraint: 'budgetQuarter',
        quarter: q,
        limit,
        needs,
        unit: 'USD',
        message: `budget of quarter ${q} ${fmt(limit)} USD: the demand needs at least ${fmt(needs)} USD`,
      });
    });
  }
  if (relax.has('supply')) {
    model.chips.forEach((c, i) =>
      c.supplyDevices?.forEach((limit, q) => {
        if (!n.canBuy(i) || !used(n.extraSupply(i, q))) return;
        const needs = limit + s.value(n.extraSupply(i, q)) * SLACK_UNIT.supply;
        out.push({
          constraint: 'supply',
          quarter: q,
          accelerator: c.accelerator,
          limit,
          needs,
          unit: 'devices',
          message: `supply of ${c.accelerator} in quarter ${q}: ${fmt(limit)} devices, the demand needs at least ${fmt(needs)}`,
        });
      }),
    );
  }
  if (relax.has('racks') && model.racks !== undefined) {
    model.racks.available.forEach((limit, q) => {
      if (!used(n.extraRacks(q))) return;
      // Racks are whole: the slack of a solve with whole nodes and racks is whole up to the solver's tolerance.
      const needs = Math.round(limit + s.value(n.extraRacks(q)) * SLACK_UNIT.racks);
      out.push({
        constraint: 'racks',
        quarter: q,
        limit,
        needs,
        unit: 'racks',
        // Whole racks, every digit: 4 significant figures would round 23,401 needed down to 23,400.
        message: `racks in quarter ${q}: ${limit.toLocaleString('en-US')} available, the demand needs at least ${needs.toLocaleString('en-US')}`,
      });
    });
  }
  return out;
}
