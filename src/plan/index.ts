/**
 * @module plan
 * The Plan pillar: which accelerators to buy, and when. The demand and constraints file (demand/) and the
 * optimiser (optimiser/): a mixed-integer programme solved by HiGHS for the cheapest fleet that meets the demand
 * under budget, power and supply limits, with the price of each binding constraint or the reasons it is infeasible.
 */
export {
  demandLines,
  type ChipOffer,
  type Demand,
  type DemandBudget,
  type DemandLine,
  type DemandSite,
  type ExistingPool,
  type InferenceLine,
  type TrainingLine,
} from './demand/demand.js';
export { parseDemandText, readDemandFile } from './demand/demand-file.js';
export { DEMAND_DEFAULTS, HOURS_PER_QUARTER, MAX_QUARTERS } from './demand/demand-schema.js';
export {
  planModel,
  type CapacityOf,
  type PlanChip,
  type PlanLine,
  type PlanModel,
} from './optimiser/plan-model.js';
export type {
  BindingConstraint,
  ConstraintKind,
  InfeasibilityReason,
  LineAssignment,
  PlanChipResult,
  PlanResult,
} from './optimiser/plan-result.js';
export { solvePlan, solvePlanModel, type PlanOptions } from './optimiser/solve-plan.js';
export { planCapacity, trainingCapacity } from './optimiser/training-capacity.js';
