/**
 * @module framework/frag-tracker
 * Cluster-wide fragmentation kept up to date placement by placement: the sum over nodes of F (fragmented GPU milli,
 * policies/frag) and of the seven categories (idle GPU milli as the measure splits it), updated in O(1) per changed
 * node with compensated (Neumaier) summation, so that thousands of add/subtract steps stay as exact as re-summing
 * every node. Two sums, not one per category: this runs after every placement of a one-shot simulation, mostly
 * before the JIT has warmed up.
 */
import type { ClusterState } from '../model/index.js';
import { FRAG_F, FRAG_IDLE, FRAG_STRIDE, type FragMeasure, type NodeFragEntries } from '../policies/index.js';

const FRAG = 0;
const IDLE = 1;

export class FragTracker {
  private readonly measure: FragMeasure;
  private readonly state: ClusterState;
  private readonly entries: NodeFragEntries;
  /** Per node: F and the sum of the seven categories, as last counted in the sums. */
  private readonly fragOf: Float64Array;
  private readonly idleOf: Float64Array;
  private readonly sum = new Float64Array(2);
  private readonly comp = new Float64Array(2);

  /** `entries`: the nodes' memo entries (shared with FGD when it is the policy, which scores the same states). */
  constructor(entries: NodeFragEntries) {
    const state = entries.state;
    this.entries = entries;
    this.state = state;
    this.measure = entries.measure;
    this.fragOf = new Float64Array(state.nodeCount);
    this.idleOf = new Float64Array(state.nodeCount);
    // Nodes that never changed are in their initial state, the same for equal (model, CPU, device count): look
    // each such state up once, and add each group to the sums as count × value: one step per group instead of one
    // per node (a compensated sum is within about an ulp of the exact sum in any order).
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
        group = { entry: entries.entryOf(node), count: 0 };
        groups.set(key, group);
      }
      group.count++;
      this.fragOf[node] = this.fragOfEntry(group.entry);
      this.idleOf[node] = this.idleOfEntry(group.entry);
    }
    for (const { entry, count } of groups.values()) {
      this.add(FRAG, count * this.fragOfEntry(entry));
      this.add(IDLE, count * this.idleOfEntry(entry));
    }
  }

  /** Re-reads node `node` from the state (call after every change of that node). */
  refresh(node: number): void {
    const e = this.entries.entryOf(node);
    const frag = this.fragOfEntry(e);
    const idle = this.idleOfEntry(e);
    if (frag !== this.fragOf[node]) {
      this.add(FRAG, -this.fragOf[node]);
      this.add(FRAG, frag);
      this.fragOf[node] = frag;
    }
    if (idle !== this.idleOf[node]) {
      this.add(IDLE, -this.idleOf[node]);
      this.add(IDLE, idle);
      this.idleOf[node] = idle;
    }
  }

  /** Σ_n F(n): fragmented GPU milli of the cluster (every category but q3_satisfied). */
  fragMilli(): number {
    return this.sum[FRAG] + this.comp[FRAG];
  }

  /** F of node `node` as last counted (fragmented GPU milli on that node). */
  fragMilliOf(node: number): number {
    return this.fragOf[node];
  }

  /** Idle GPU milli as the sum of all seven categories. */
  idleMilli(): number {
    return this.sum[IDLE] + this.comp[IDLE];
  }

  /** Cluster sum of category `c` (O(nodes): for reports and tests, not per placement). */
  category(c: number): number {
    const sum = new Float64Array(1);
    const comp = new Float64Array(1);
    for (let node = 0; node < this.state.nodeCount; node++) {
      // Look the entry up first: a lookup may replace the memo's values array.
      const e = this.entries.entryOf(node);
      addCompensated(sum, comp, 0, this.measure.values[e * FRAG_STRIDE + c]);
    }
    return sum[0] + comp[0];
  }

  private fragOfEntry(e: number): number {
    return this.measure.values[e * FRAG_STRIDE + FRAG_F];
  }

  /** The seven categories of entry `e` summed in their order. */
  private idleOfEntry(e: number): number {
    return this.measure.values[e * FRAG_STRIDE + FRAG_IDLE];
  }

  private add(i: number, x: number): void {
    addCompensated(this.sum, this.comp, i, x);
  }
}

/** Adds `x` to `sums[i]`, with its running compensation in `comps[i]` (Neumaier's compensated summation). */
function addCompensated(sums: Float64Array, comps: Float64Array, i: number, x: number): void {
  const s = sums[i];
  const t = s + x;
  comps[i] += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
  sums[i] = t;
}
