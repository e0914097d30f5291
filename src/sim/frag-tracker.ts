/**
 * @module sim/frag-tracker
 * Cluster-wide fragmentation kept up to date placement by placement: each node's 7-category vector and the
 * cluster sums, updated in O(1) per changed node with compensated (Neumaier) summation so that thousands of
 * add/subtract steps stay as exact as re-summing every node.
 */
import type { ClusterState } from '../model/cluster-state.js';
import { FRAG_CATEGORY_COUNT, FRAG_STRIDE, type FragMeasure } from '../policies/frag.js';

const K = FRAG_CATEGORY_COUNT;

export class FragTracker {
  private readonly measure: FragMeasure;
  private readonly state: ClusterState;
  private readonly perNode: Float64Array;
  private readonly sum = new Float64Array(K);
  private readonly comp = new Float64Array(K);

  constructor(state: ClusterState, measure: FragMeasure) {
    this.state = state;
    this.measure = measure;
    this.perNode = new Float64Array(state.nodeCount * K);
    for (let node = 0; node < state.nodeCount; node++) this.refresh(node);
  }

  /** Re-reads node `node` from the state (call after every change of that node). */
  refresh(node: number): void {
    const s = this.state;
    const e = this.measure.lookup(
      s.modelId[node],
      s.cpuLeft[node],
      s.gpuLeft,
      s.gpuOffset[node],
      s.gpuCountOf(node),
    );
    const v = this.measure.values;
    const row = node * K;
    for (let c = 0; c < K; c++) {
      const old = this.perNode[row + c];
      const now = v[e * FRAG_STRIDE + c];
      if (old === now) continue;
      this.add(c, -old);
      this.add(c, now);
      this.perNode[row + c] = now;
    }
  }

  /** Cluster sum of category `c`. */
  category(c: number): number {
    return this.sum[c] + this.comp[c];
  }

  /** Σ_n F(n): fragmented GPU milli of the cluster (every category but q3_satisfied). */
  fragMilli(): number {
    return (
      0 +
      this.category(0) +
      this.category(1) +
      this.category(3) +
      this.category(4) +
      this.category(5) +
      this.category(6)
    );
  }

  /** Idle GPU milli as the sum of all seven categories. */
  idleMilli(): number {
    let idle = 0;
    for (let c = 0; c < K; c++) idle += this.category(c);
    return idle;
  }

  private add(c: number, x: number): void {
    const s = this.sum[c];
    const t = s + x;
    this.comp[c] += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    this.sum[c] = t;
  }
}
