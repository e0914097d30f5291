/**
 * @module policies/node-frag-entries
 * Each node's fragmentation memo entry (policies/frag) for its current state, looked up again only after the node
 * changed (its version moved). FGD's scores and the simulator's fragmentation tracker read the same entries, so
 * a node's new state after a placement is looked up once, not once by each.
 */
import type { ClusterState } from '../model/index.js';
import type { FragMeasure } from './frag.js';

export class NodeFragEntries {
  readonly state: ClusterState;
  readonly measure: FragMeasure;
  /** Per node: the version the entry was looked up at (-1: never). */
  private readonly version: Int32Array;
  private readonly entry: Int32Array;

  constructor(state: ClusterState, measure: FragMeasure) {
    this.state = state;
    this.measure = measure;
    this.version = new Int32Array(state.nodeCount).fill(-1);
    this.entry = new Int32Array(state.nodeCount);
  }

  /** The memo entry of `node` as it is now (read its values through `measure.values`). */
  entryOf(node: number): number {
    const state = this.state;
    if (this.version[node] !== state.version[node]) {
      this.entry[node] = this.measure.lookup(
        state.modelId[node],
        state.cpuLeft[node],
        state.gpuLeft,
        state.gpuOffset[node],
        state.gpuCountOf(node),
      );
      this.version[node] = state.version[node];
    }
    return this.entry[node];
  }
}
