/**
 * @module report/plan-report-input
 * What the plan report draws: a plan as `hyperfleet plan --json` prints it (and `GET /v1/plans/:id` returns it),
 * with the scenarios and the Pareto frontier of cost against facility power when the plan has them, and what the
 * plan object does not carry but a reader needs beside it (the site's power cap, the budget, each service's SLO),
 * taken from the demand when the caller has it.
 */
import type { Demand, ParetoFrontier, ParetoPoint, PlanRun, PlanScenarioRun } from '../plan/index.js';

export type { ParetoPoint };
/** Total cost against facility power: cost falls as the cap rises. */
export type PlanPareto = ParetoFrontier;
/** A scenario's whole plan, and what it changed from the demand as written, in words. */
export type PlanScenario = PlanScenarioRun;
/** The plan to report: the base plan (the demand as written), with its scenarios and frontier when present. */
export type PlanReportPlan = PlanRun;

export interface PlanReportContext {
  /** The page title (default: the demand file's name). */
  readonly title?: string;
  /** The demand the plan was made for: its site cap, budget and SLOs are shown beside the plan's figures. */
  readonly demand?: Pick<Demand, 'site' | 'budget' | 'inference'>;
}

/** Energy cost per quarter: every owned node's energy for the quarter. */
export function energyUsdPerQuarter(plan: PlanRun): number[] {
  return Array.from({ length: plan.quarters }, (_, q) =>
    plan.chips.reduce((sum, c) => sum + (c.nodesOwned[q] ?? 0) * c.perNode.energyUsdPerQuarter, 0),
  );
}

/** The highest facility power of any quarter (null for a plan without quarters). */
export function peakFacilityMW(plan: PlanRun): number | null {
  return plan.facilityMW.length > 0 ? Math.max(...plan.facilityMW) : null;
}

/**
 * The site's facility power cap: the demand's when given, else what the plan itself says of it (the frontier's
 * site cap, a binding power cap or one that makes the plan infeasible); null when none is known or there is none.
 */
export function siteCapMW(plan: PlanReportPlan, context: PlanReportContext): number | null {
  if (context.demand) return context.demand.site.powerCapMW ?? null;
  if (plan.pareto) return plan.pareto.siteCapMW;
  const stated = [...plan.binding, ...plan.reasons].find((c) => c.constraint === 'powerCap');
  return stated ? stated.limit : null;
}
