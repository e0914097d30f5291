/**
 * What the Plan page reads of a plan: the server's own schemas (`PlanRun`, `PlanResult`), which declare everything
 * `hyperfleet plan --json` prints — the simulation check, the scenarios and the frontier of cost against power —
 * so the page and the API cannot drift apart. A section is shown only when its (optional) field is present.
 */
import type { PlanResult, PlanRun } from '../../types.js';

/** A plan as the page renders it. */
export type Plan = PlanResult;
export type PlanCheck = NonNullable<Plan['check']>;
export type ServiceCheck = PlanCheck['services'][number];
export type TrainingCheck = PlanCheck['training'][number];
export type CheckIteration = PlanCheck['iterations'][number];
export type PlanPareto = NonNullable<Plan['pareto']>;
export type ParetoPoint = PlanPareto['points'][number];
/** A scenario's whole plan, and what it changed from the demand as written, in words. */
export type Scenario = NonNullable<Plan['scenarios']>[number];

/** A plan run as the page reads it. */
export type PlanRunView = PlanRun;
