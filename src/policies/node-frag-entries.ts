/**
 * @module policies/node-frag-entries
 * Each node's fragmentation memo entry (policies/frag) for its current state, looked up again only after the node
 * changed (its version moved). FGD's scores and the simulator's fragmentation tracker read the same entries, so
 * a node's new state after a placement is looked up once, not once by each.
 */
import { type ClusterState, ROW_STRIDE, ROW_VERSION } from '../model/index.js';
import type { FragMeasure } from './frag.js';

export class NodeFragEntries {
  readonly state: ClusterState;
  readonly measure: FragMeasure;
  /**
   * Per node, side by side (one memory access where a scheduler's index re-scores a node): the version the entry
   * was looked up at (-1: never) at `2n`, the entry at `2n + 1`.
   */
  private readonly versionAndEntry: Int32Array;

  constructor(state: ClusterState, measure: FragMeasure) {
    this.state = state;
    this.measure = measure;
    this.versionAndEntry = new Int32Array(2 * state.nodeCount);
    for (let node = 0; node < state.nodeCount; node++) this.versionAndEntry[2 * node] = -1;
  }

  /** The memo entry of `node` as it is now (read its values through `measure.values`). */
  entryOf(node: number): number {
    const state = this.state;
    const known = this.versionAndEntry;
    // The node's version from its row, which the fit check just read.
    const version = state.nodeRow[node * ROW_STRIDE + ROW_VERSION];
    if (known[2 * node] !== version) {
      known[2 * node + 1] = this.measure.lookup(
        state.modelId[node],
        state.cpuLeft[node],
        state.gpuLeft,
        state.gpuOffset[node],
        state.gpuCountOf(node),
      );
      known[2 * node] = version;
    }
    return known[2 * node + 1];
  }
}
