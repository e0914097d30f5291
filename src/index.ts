/**
 * @module hyperfleet
 * Public API: the fleet model, the placement policies, one scheduling cycle, the FGD-paper simulator, the time
 * simulator with the accelerator catalog, fleet files and workloads, and the
 * openb trace loaders. The CLI (`hyperfleet`) is built on exactly these.
 */
export {
  ClusterState,
  MILLI_PER_DEVICE,
  type NodeSpec,
  podsOf,
  type PodSpec,
  type PodTable,
  podTableOf,
} from './model/index.js';
export {
  compileRequest,
  createPolicy,
  type CycleContext,
  FragMeasure,
  type PodRequest,
  type Policy,
  POLICY_NAMES,
  type PolicyName,
  typicalPods,
  type TypicalPods,
} from './policies/index.js';
export { fits, type ScheduleOutcome, Scheduler, unfitReasons } from './framework/index.js';
export { GoRand } from './rng/index.js';
export {
  fleetSetup,
  type PaperRunResult,
  paperSeries,
  runPaper,
  runPaperExperiment,
  runTimeSimulation,
  type TimedPod,
  type TimeSimResult,
} from './sim/index.js';
export {
  loadOpenbNodes,
  loadOpenbPods,
  loadOpenbPodTable,
  loadOpenbTrace,
  loadOpenbTraceTable,
} from './traces/index.js';
export { InputError, ErrorCode, formatIssue } from './errors/index.js';
export {
  type Accelerator,
  type Catalog,
  getAccelerator,
  loadCatalog,
  roundRequest,
} from './catalog/index.js';
export { expandFleet, type Fleet, loadFleetFile } from './fleet/index.js';
export {
  fitOpenbStats,
  fitOpenbStatsFile,
  generateWorkload,
  loadWorkloadFile,
  streamWorkload,
} from './workload/index.js';
