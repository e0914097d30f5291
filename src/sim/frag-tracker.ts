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
  /** fragMilli() and idleMilli() since the last change; NaN: to be measured. */
  private frag = NaN;
  private idle = NaN;

  constructor(state: ClusterState, measure: FragMeasure) {
    this.state = state;
    this.measure = measure;
    this.perNode = new Float64Array(state.nodeCount * K);
    // Nodes that never changed are in their initial state, the same for equal (model, CPU, device count): look
    // each such state up once (the sums below still add every node, in node order).
    const initial = new Map<number, number>();
    for (let node = 0; node < state.nodeCount; node++) {
      const gpus = state.gpuCountOf(node);
      if (state.version[node] !== 0 || gpus >= 64 || state.modelId[node] >= 1023) {
        this.refresh(node);
        continue;
      }
      const key = (state.cpuLeft[node] * 64 + gpus) * 1024 + state.modelId[node] + 1;
      let e = initial.get(key);
      if (e === undefined) {
        e = this.lookup(node);
        initial.set(key, e);
      }
      this.apply(node, e);
    }
  }

  /** Re-reads node `node` from the state (call after every change of that node). */
  refresh(node: number): void {
    this.apply(node, this.lookup(node));
  }

  private lookup(node: number): number {
    const s = this.state;
    return this.measure.lookup(
      s.modelId[node],
      s.cpuLeft[node],
      s.gpuLeft,
      s.gpuOffset[node],
      s.gpuCountOf(node),
    );
  }

  /** Makes node `node` count with the values of memo entry `e`. */
  private apply(node: number, e: number): void {
    const v = this.measure.values;
    const { perNode, sum, comp } = this;
    const row = node * K;
    for (let c = 0; c < K; c++) {
      const old = perNode[row + c];
      const now = v[e * FRAG_STRIDE + c];
      if (old === now) continue;
      // add(c, -old) then add(c, now), written out (this runs for every placement, mostly before the JIT warms).
      let s = sum[c];
      let x = -old;
      let t = s + x;
      comp[c] += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
      s = t;
      x = now;
      t = s + x;
      comp[c] += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
      sum[c] = t;
      perNode[row + c] = now;
      this.frag = NaN;
    }
  }

  /** Cluster sum of category `c`. */
  category(c: number): number {
    return this.sum[c] + this.comp[c];
  }

  /** Σ_n F(n): fragmented GPU milli of the cluster (every category but q3_satisfied). */
  fragMilli(): number {
    if (Number.isNaN(this.frag)) this.measureSums();
    return this.frag;
  }

  /** Idle GPU milli as the sum of all seven categories. */
  idleMilli(): number {
    if (Number.isNaN(this.frag)) this.measureSums();
    return this.idle;
  }

  /** Both sums, kept until the next change (failed pods change nothing, and both are read after every pod). */
  private measureSums(): void {
    this.frag =
      0 +
      this.category(0) +
      this.category(1) +
      this.category(3) +
      this.category(4) +
      this.category(5) +
      this.category(6);
    let idle = 0;
    for (let c = 0; c < K; c++) idle += this.category(c);
    this.idle = idle;
  }
}
