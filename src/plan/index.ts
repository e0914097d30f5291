/**
 * @module plan
 * The Plan pillar: which accelerators to buy, and when. The per-chip LLM performance model (perf/: `hyperfleet
 * perf`, and the requests/s one node serves at an SLO), the demand and constraints file (demand/) and the optimiser
 * (optimiser/): a mixed-integer programme solved by HiGHS for the cheapest fleet that meets the demand under budget,
 * power and supply limits, with the price of each binding constraint or the reasons it is infeasible; the
 * scenarios a demand lists (scenario/) and the frontier of cost against facility power (pareto/).
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
export { BUILTIN_MODELS } from './perf/builtin-models.js';
export {
  calibrate,
  calibrationMarkdown,
  GENERATED_BEGIN,
  GENERATED_END,
  type Calibration,
} from './perf/calibration.js';
export { PRECISIONS, type Precision } from './perf/chip-figures.js';
export {
  ENGINES,
  loadEfficiencyFile,
  TRTLLM_FIT,
  type EfficiencyOverride,
  type Engine,
} from './perf/efficiency.js';
export { perf, type PerfQuery, type PerfResult } from './perf/inference-perf.js';
export { getModel, loadModels, type ModelRegistry } from './perf/model-registry.js';
export type { ModelSpec } from './perf/model-spec.js';
export { sloCapacity, type SloCapacity, type SloCapacityQuery } from './perf/slo-capacity.js';
export { trainingSpeed } from './perf/training-speed.js';
export { InferenceCapacities, unknownModels, type InferenceLayout } from './inference-capacity.js';
export {
  PLAN_RUN_DEFAULTS,
  PLAN_SOLVE_DEFAULTS,
  preparePlan,
  runPlan,
  runPreparedPlan,
  type PreparedPlan,
  type PlanPhase,
  type PlanRun,
  type PlanRunInput,
  type PlanScenarioRun,
} from './plan-run.js';
export { powerFrontier, type ParetoFrontier, type ParetoPoint } from './pareto/power-frontier.js';
export { applyScenario, type ScenarioVariant } from './scenario/apply-scenario.js';
export { deratedCatalog } from './scenario/derated-catalog.js';
export type { Scenario } from './demand/demand.js';
export { SolverTimeLimitError } from './optimiser/highs-solver.js';
export type { DemandReadOptions } from './demand/demand-file.js';
export {
  checkPlan,
  CHECK_METHOD,
  MAX_CHECK_ITERATIONS,
  type CapacityChange,
  type CheckIteration,
  type PlanCheck,
  type PlanCheckInput,
} from './check/plan-check.js';
export {
  checkService,
  SERVING_WINDOW,
  type ChipServiceCheck,
  type ServiceCheck,
} from './check/service-check.js';
export { simulateServing, type ServingSimulationInput } from './check/serving-simulation.js';
export { binomialUpperTail, sloVerdict, type SloVerdict } from './check/slo-verdict.js';
export { trainingCoverage, type TrainingCoverage } from './check/training-coverage.js';
export {
  checkTraining,
  DEFAULT_TRAINING_POLICY,
  type TrainingCapacityChange,
  type TrainingCheck,
} from './check/training-check.js';
export { simulateTraining, SLICE_DEVICES, type TrainingSimulation } from './check/training-simulation.js';
export { trainingJobs, type TrainingJobSpec } from './check/training-jobs.js';
export type { NodeServingModel } from './inference-capacity.js';
export { DemandRequestSchema } from './demand/demand-schema.js';
export {
  DEMAND_REQUEST_NAME,
  demandRequest,
  parseDemandRequest,
  type DemandRequest,
} from './demand/demand-request.js';
export {
  default as runPlanTask,
  PLAN_TASK,
  type PlanProgress,
  runPlanOffThread,
  type PlanTask,
  type PlanTaskResult,
} from './plan-task.js';
