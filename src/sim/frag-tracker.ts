/**
 * @module sim/frag-tracker
 * Cluster-wide fragmentation kept up to date placement by placement: each node's 7-category vector and the
 * cluster sums, updated in O(1) per changed node with compensated (Neumaier) summation so that thousands of
 * add/subtract steps stay as exact as re-summing every node.
 */
import type { ClusterState } from '../model/cluster-state.js';
import { FRAG_CATEGORY_COUNT, FRAG_STRIDE, type FragMeasure } from '../policies/frag.js';
import type { NodeFragEntries } from '../policies/node-frag-entries.js';

const K = FRAG_CATEGORY_COUNT;

export class FragTracker {
  private readonly measure: FragMeasure;
  private readonly state: ClusterState;
  private readonly entries: NodeFragEntries;
  private readonly perNode: Float64Array;
  private readonly sum = new Float64Array(K);
  private readonly comp = new Float64Array(K);
  /** fragMilli() and idleMilli() since the last change; NaN: to be measured. */
  private frag = NaN;
  private idle = NaN;

  /** `entries`: the nodes' memo entries (shared with FGD when it is the policy, which scores the same states). */
  constructor(entries: NodeFragEntries) {
    const state = entries.state;
    this.entries = entries;
    this.state = state;
    this.measure = entries.measure;
    this.perNode = new Float64Array(state.nodeCount * K);
    // Nodes that never changed are in their initial state, the same for equal (model, CPU, device count): look
    // each such state up once, and add each group to the sums as count × values: one step per group and category
    // instead of one per node (a compensated sum is within about an ulp of the exact sum in any order).
    const groups = new Map<number, { entry: number; count: number }>();
    for (let node = 0; node < state.nodeCount; node++) {
      const gpus = state.gpuCountOf(node);
      if (state.version[node] !== 0 || gpus >= 64 || state.modelId[node] >= 1023) {
        this.refresh(node);
        continue;
      }
      const key = (state.cpuLeft[node] * 64 + gpus) * 1024 + state.modelId[node] + 1;
      let group = groups.get(key);
      if (group === undefined) {
        group = { entry: this.lookup(node), count: 0 };
        groups.set(key, group);
      }
      group.count++;
      const v = this.measure.values;
      for (let c = 0; c < K; c++) this.perNode[node * K + c] = v[group.entry * FRAG_STRIDE + c];
    }
    for (const { entry, count } of groups.values()) {
      const v = this.measure.values;
      for (let c = 0; c < K; c++) this.add(c, count * v[entry * FRAG_STRIDE + c]);
    }
  }

  /** Re-reads node `node` from the state (call after every change of that node). */
  refresh(node: number): void {
    this.apply(node, this.entries.entryOf(node));
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
    const perNode = this.perNode;
    const row = node * K;
    for (let c = 0; c < K; c++) {
      const old = perNode[row + c];
      const now = v[e * FRAG_STRIDE + c];
      if (old === now) continue;
      this.add(c, -old);
      this.add(c, now);
      perNode[row + c] = now;
      this.frag = NaN;
    }
  }

  /** Adds `x` to the sum of category `c` (Neumaier's compensated summation). */
  private add(c: number, x: number): void {
    const s = this.sum[c];
    const t = s + x;
    this.comp[c] += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    this.sum[c] = t;
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
