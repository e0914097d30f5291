/**
 * @module model/node-row
 * The layout of a node's row in `ClusterState.nodeRow`: the numbers of a node that every change and every fit
 * check read, side by side. At a million accelerators the nodes' state does not stay in the cache, and one row (one
 * or two cache lines) costs one memory access where an array per number costs one each — the scheduler's indexes
 * re-check nodes that changed, tens of millions of times in a run of millions of pods.
 */
/** Numbers per node. */
export const ROW_STRIDE = 16;
export const ROW_CPU = 0;
export const ROW_MEM = 1;
export const ROW_PODS = 2;
export const ROW_MODEL = 3;
export const ROW_MAX_LEFT = 4;
export const ROW_FREE = 5;
export const ROW_VERSION = 6;
export const ROW_CPU_TOTAL = 7;
export const ROW_MEM_TOTAL = 8;
export const ROW_GPU_OFFSET = 9;
export const ROW_GPU_COUNT = 10;
