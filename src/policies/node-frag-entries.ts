/**
 * @module policies/node-frag-entries
 * Each node's fragmentation memo entry (policies/frag) for its current state, looked up again only after the node
 * changed (its version moved). FGD's scores and the simulator's fragmentation tracker read the same entries, so
 * a node's new state after a placement is looked up once, not once by each.
 */
import { type ClusterState, FIT_STRIDE, FIT_VERSION } from '../model/index.js';
import type { FragMeasure } from './frag.js';

export class NodeFragEntries {
  readonly state: ClusterState;
  readonly measure: FragMeasure;
  /**
   * Per node, side by side: the version the entry was looked up at (-1: never) and the entry (one cache line per
   * node where two arrays would take two; the scores of changed nodes read them for every class of pods).
   */
  private readonly looked: Int32Array;

  constructor(state: ClusterState, measure: FragMeasure) {
    this.state = state;
    this.measure = measure;
    this.looked = new Int32Array(2 * state.nodeCount).fill(-1);
  }

  /** The memo entry of `node` as it is now (read its values through `measure.values`). */
  entryOf(node: number): number {
    const state = this.state;
    const version = state.fitRow[node * FIT_STRIDE + FIT_VERSION];
    const looked = this.looked;
    if (looked[2 * node] !== version) {
      looked[2 * node + 1] = this.measure.lookup(
        state.modelId[node],
        state.cpuLeft[node],
        state.gpuLeft,
        state.gpuOffset[node],
        state.gpuCountOf(node),
      );
      looked[2 * node] = version;
    }
    return looked[2 * node + 1];
  }
}
