/**
 * @module hyperfleet
 * Public API: the fleet model, the placement policies, one scheduling cycle, the FGD-paper simulator, the time
 * simulator with the accelerator catalog, fleet files and workloads, and the
 * openb trace loaders. The CLI (`hyperfleet`) is built on exactly these.
 */
export { ClusterState } from './model/cluster-state.js';
export type { NodeSpec } from './model/node.js';
export type { PodSpec } from './model/pod.js';
export { podTableOf, podsOf, type PodTable } from './model/pod-table.js';
export { MILLI_PER_DEVICE } from './model/units.js';
export { POLICY_NAMES, type Policy, type PolicyName, type CycleContext } from './policies/policy.js';
export { createPolicy } from './policies/registry.js';
export { typicalPods, type TypicalPods } from './policies/typical-pods.js';
export { FragMeasure } from './policies/frag.js';
export { compileRequest, type PodRequest } from './policies/pod-request.js';
export { Scheduler, type ScheduleOutcome } from './framework/scheduler.js';
export { fits, unfitReasons } from './framework/fit.js';
export { GoRand } from './rng/go-rand.js';
export { runPaperExperiment } from './sim/paper-experiment.js';
export { runPaper, type PaperRunResult } from './sim/paper-run.js';
export { paperSeries } from './sim/paper-series.js';
export { loadOpenbTrace, loadOpenbTraceTable } from './traces/openb-trace.js';
export { loadOpenbNodes, loadOpenbPods, loadOpenbPodTable } from './traces/openb.js';
export { InputError, ErrorCode, formatIssue } from './errors.js';
export { loadCatalog, getAccelerator, type Catalog } from './catalog/catalog.js';
export type { Accelerator } from './catalog/types.js';
export { roundRequest } from './catalog/sharing.js';
export { loadFleetFile } from './fleet/fleet-file.js';
export { expandFleet, type Fleet } from './fleet/fleet.js';
export { runTimeSimulation, type TimedPod, type TimeSimResult } from './sim/time/time-simulator.js';
export { fleetSetup } from './sim/time/fleet-economics.js';
export { fitOpenbStats, fitOpenbStatsFile } from './workload/openb-stats.js';
export { generateWorkload, streamWorkload } from './workload/synthetic.js';
export { loadWorkloadFile } from './workload/workload-file.js';
