/**
 * @module defrag/fragmentation
 * The cluster's fragmentation (FGD's measure, policies/frag) in GPUs, to show what a plan changes: idle GPU
 * capacity the typical workload could not use, before and after the moves.
 */
import { FragTracker } from '../framework/index.js';
import type { ClusterState } from '../model/index.js';
import { FragMeasure, NodeFragEntries, type TypicalPods } from '../policies/index.js';
import { MILLI_PER_DEVICE } from '../model/index.js';

/** Σ over nodes of fragmented GPU milli, in GPUs. */
export function fragmentedGpus(state: ClusterState, typical: TypicalPods): number {
  const measure = new FragMeasure(typical, state.models, state.maxGpusPerNode);
  return new FragTracker(new NodeFragEntries(state, measure)).fragMilli() / MILLI_PER_DEVICE;
}
