/**
 * @module schedule
 * The Schedule pillar: live placement decisions with reservations, binds and releases (live-scheduler), their
 * durable store (SQLite), fleet figures and what-if questions, the resource map and the reading of Kubernetes pods
 * and nodes, and the sync with the Kubernetes API server. HTTP lives in server/.
 */
export type { Candidates } from './candidates.js';
export { Pod, podSpecOf } from './kube-pod.js';
export { podTraitsOf, type PodTraits } from './pod-traits.js';
export { type BindOutcome, type Decision, type FleetSummary, LiveScheduler } from './live-scheduler.js';
export {
  NODE_STATES,
  type DescribedNodeView,
  type NodeFilter,
  type NodePage,
  type NodePageQuery,
  type NodeState,
} from './node-query.js';
export type { FleetOccupancy, OccupancyGroup } from './fleet-occupancy.js';
export { DEFAULT_RESOURCE_MODELS, loadResourceModels, type ResourceModels } from './resource-models.js';
export { SqliteStore, type Store } from './store.js';
export { PostgresStore, redactUrl } from './postgres-store.js';
export { type Leadership, SoleLeadership } from './leadership/leadership.js';
export { AdvisoryLockLeadership } from './leadership/advisory-lock-leadership.js';
export { LeaseLeadership } from './kube/lease-leadership.js';
export { type ConfirmMode, confirmationWarning } from './confirmation.js';
export { NodeLearner } from './node-learning.js';
export { type DeviceProtocol, hyperfleetProtocol } from './device-protocol.js';
export { HamiProtocol } from './hami/index.js';
export { describeKubeError, KubeApiError, loadKubeConfig } from './kube/kube-config.js';
export { KubeBinder, PodAlreadyAssigned } from './kube/kube-binder.js';
export { countAssignedPod } from './kube/assigned-pod.js';
export { KubeEvictor } from './kube/kube-evictor.js';
export {
  type DefragCounters,
  type DefragExecution,
  DefragExecutor,
  type Evictor,
  type ExecutionStep,
  planSteps,
} from './defrag/defrag-executor.js';
export { startKubeSync } from './kube/kube-sync.js';
export { type DefragRequest, LiveDefrag, type LiveDefragPlan } from './defrag/live-defrag.js';
export { type LiveSnapshot, snapshotPods, takeSnapshot } from './snapshot.js';
