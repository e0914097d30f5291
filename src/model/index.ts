/**
 * @module model
 * The fleet model every pillar shares: nodes, pods and their requests, the mutable cluster state (assume/forget),
 * pod tables and units.
 */
export { affinityTag, ClusterState } from './cluster-state.js';
export * from './node-row.js';
export { type ChangeLog, TRAIL_STRIDE } from './change-log.js';
export type { NodeSpec } from './node.js';
export { isPodTable, podsOf, type PodTable, podTableOf, ShapeIndex } from './pod-table.js';
export { gpuSpecString, type PodResources, type PodSpec, resourceHash, resourceKey } from './pod.js';
export { MAX_PODS_PER_NODE, MILLI_PER_DEVICE } from './units.js';
