/**
 * @module hyperfleet
 * Public API: the fleet model, the placement policies, one scheduling cycle, the FGD-paper simulator and the
 * openb trace loaders. The CLI (`hyperfleet`) is built on exactly these.
 */
export { ClusterState } from './model/cluster-state.js';
export type { NodeSpec } from './model/node.js';
export type { PodSpec } from './model/pod.js';
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
export { loadOpenbTrace } from './traces/openb-trace.js';
export { loadOpenbNodes, loadOpenbPods } from './traces/openb.js';
export { InputError, ErrorCode, formatIssue } from './errors.js';
