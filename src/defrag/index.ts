/**
 * @module defrag
 * Defragmentation (issue 16): the planner that finds the fewest, cheapest moves after which a pending pod (or a
 * gang) fits, the move cost and movability rules, the reading of running pods and of pending-pod specs, the check
 * of a plan step by step, and the fragmentation a plan leaves. Shared by the CLI, the live service and the
 * simulators.
 */
export { applyPlan, type AppliedPlan } from './apply-plan.js';
export type { DefragMove, DefragPlan, NodeDevices } from './defrag-plan.js';
export { fragmentedGpus } from './fragmentation.js';
export { type PlanFragmentation, planFragmentation } from './plan-fragmentation.js';
export {
  COST_SCALE,
  MOVABLE_ANNOTATION,
  MOVE_COST_ANNOTATION,
  type Movability,
  movabilityOf,
  type MoveRules,
} from './move-cost.js';
export { parsePendingPodText, PendingPodInput, pendingPodSpec } from './pending-pod.js';
export { type PlacedPod, podId } from './placed-pod.js';
export {
  DEFAULT_MAX_MOVES,
  DEFAULT_WORK_LIMIT,
  type DefragOptions,
  EXACT_MAX_MOVES,
  MAX_MOVES_LIMIT,
  planDefrag,
} from './planner.js';
export {
  overcommit,
  PlacementRecord,
  placementPodSpec,
  type PlacementRequest,
  runningPods,
  type RunningPods,
} from './running-pods.js';
export { loadPlacementsFile } from './placements-file.js';
