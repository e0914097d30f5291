/**
 * @module model/cluster-state
 * The mutable state of a cluster: what is left on every node and device, kept in flat typed arrays so that
 * policies can read it without allocation and placements update it in O(devices of one node).
 *
 * Contract: only {@link ClusterState.assume} and {@link ClusterState.forget} change the state; every change bumps
 * the node's `version`, which score caches use to know what is stale.
 */
import type { NodeSpec } from './node.js';
import { ChangeLog } from './change-log.js';
import { NodeSet } from './node-set.js';
import type { PodSpec } from './pod.js';
import {
  ROW_CPU,
  ROW_CPU_TOTAL,
  ROW_FREE,
  ROW_GPU_COUNT,
  ROW_GPU_OFFSET,
  ROW_MAX_LEFT,
  ROW_MEM,
  ROW_MEM_TOTAL,
  ROW_MODEL,
  ROW_PODS,
  ROW_STRIDE,
  ROW_VERSION,
} from './node-row.js';
import { MILLI_PER_DEVICE, MAX_PODS_PER_NODE } from './units.js';

/** Affinity tag of a pod (GpuClustering): 0 for sharing pods, k for whole-GPU pods on k devices, -1 CPU-only. */
export function affinityTag(pod: Pick<PodSpec, 'gpuCount' | 'gpuMilli'>): number {
  if (pod.gpuCount === 0 || pod.gpuMilli === 0) return -1;
  if (pod.gpuCount === 1 && pod.gpuMilli < MILLI_PER_DEVICE) return 0;
  return pod.gpuCount;
}

export class ClusterState {
  readonly nodes: readonly NodeSpec[];
  readonly nodeCount: number;
  /** Distinct device model names; `modelId[n]` indexes this list (-1: node without devices). */
  readonly models: readonly string[];
  readonly modelId: Int32Array;
  readonly cpuLeft: Int32Array;
  readonly memLeft: Int32Array;
  readonly podCount: Int32Array;
  /** Devices of node n are `gpuLeft[gpuOffset[n] .. gpuOffset[n+1])`, in device index order. */
  readonly gpuOffset: Int32Array;
  readonly gpuLeft: Int32Array;
  /** Σ gpuLeft of the node, number of fully free devices, and the largest gpuLeft (filter shortcuts). */
  readonly gpuTotalLeft: Int32Array;
  readonly gpuFreeCount: Int32Array;
  readonly gpuMaxLeft: Int32Array;
  /** Pods per affinity tag: `tagCount[n * tagStride + tag]`. */
  readonly tagStride: number;
  readonly tagCount: Int32Array;
  /**
   * Nodes with at least one completely free device, and nodes with any device room left: built on first use and
   * kept up to date from then on (only the scan strategy reads them; the simulators' indexes never do, and keeping
   * them costs two random memory accesses per change).
   */
  private deviceSets: { readonly free: NodeSet; readonly room: NodeSet } | null = null;
  /**
   * Per node, {@link ROW_STRIDE} numbers (the `ROW_*` offsets): its `cpuLeft`, `memLeft`, `podCount`, `modelId`,
   * `gpuMaxLeft`, `gpuFreeCount`, `version`, totals, device offset and count. The hot paths (a
   * change, a fit check) read the row; the arrays of the same names hold the same numbers, written with the row,
   * for every other reader. Read-only for callers.
   */
  readonly nodeRow: Int32Array;
  /** Incremented on every change of the node. */
  readonly version: Int32Array;
  /** Which nodes changed, in order (for incremental indexes). */
  readonly changes: ChangeLog;
  /** Σ of device capacity in milli over the cluster. */
  readonly totalGpuMilli: number;
  readonly totalGpus: number;
  /** Largest device count of any node. */
  readonly maxGpusPerNode: number;
  private usedMilli = 0;
  private released = 0;

  constructor(nodes: readonly NodeSpec[]) {
    this.nodes = nodes;
    const n = nodes.length;
    this.nodeCount = n;
    const models: string[] = [];
    const modelIndex = new Map<string, number>();
    this.modelId = new Int32Array(n);
    this.cpuLeft = new Int32Array(n);
    this.memLeft = new Int32Array(n);
    this.podCount = new Int32Array(n);
    this.gpuOffset = new Int32Array(n + 1);
    this.gpuTotalLeft = new Int32Array(n);
    this.gpuFreeCount = new Int32Array(n);
    this.gpuMaxLeft = new Int32Array(n);
    this.version = new Int32Array(n);
    this.nodeRow = new Int32Array(n * ROW_STRIDE);
    let gpus = 0;
    let maxGpus = 0;
    for (let i = 0; i < n; i++) {
      const node = nodes[i];
      this.cpuLeft[i] = node.cpuMilli;
      this.memLeft[i] = node.memMiB;
      this.gpuOffset[i] = gpus;
      gpus += node.gpuCount;
      maxGpus = Math.max(maxGpus, node.gpuCount);
      if (node.gpuCount > 0) {
        let id = modelIndex.get(node.gpuModel);
        if (id === undefined) {
          id = models.length;
          models.push(node.gpuModel);
          modelIndex.set(node.gpuModel, id);
        }
        this.modelId[i] = id;
      } else {
        this.modelId[i] = -1;
      }
      this.gpuTotalLeft[i] = node.gpuCount * MILLI_PER_DEVICE;
      this.gpuFreeCount[i] = node.gpuCount;
      this.gpuMaxLeft[i] = node.gpuCount > 0 ? MILLI_PER_DEVICE : 0;
      const row = this.nodeRow;
      const at = i * ROW_STRIDE;
      row[at + ROW_CPU] = row[at + ROW_CPU_TOTAL] = node.cpuMilli;
      row[at + ROW_MEM] = row[at + ROW_MEM_TOTAL] = node.memMiB;
      row[at + ROW_MODEL] = this.modelId[i];
      row[at + ROW_MAX_LEFT] = this.gpuMaxLeft[i];
      row[at + ROW_FREE] = node.gpuCount;
      row[at + ROW_GPU_OFFSET] = this.gpuOffset[i];
      row[at + ROW_GPU_COUNT] = node.gpuCount;
    }
    this.gpuOffset[n] = gpus;
    // One recency trail per device model (and one for nodes without devices): see modelPartitions.
    this.changes = new ChangeLog(
      n,
      this.modelId.map((id) => id + 1),
    );
    this.gpuLeft = new Int32Array(gpus).fill(MILLI_PER_DEVICE);
    this.models = models;
    this.tagStride = maxGpus + 1;
    this.tagCount = new Int32Array(n * this.tagStride);
    this.totalGpus = gpus;
    this.maxGpusPerNode = maxGpus;
    this.totalGpuMilli = gpus * MILLI_PER_DEVICE;
  }

  /**
   * The change-log partitions ({@link ChangeLog}) that hold the nodes with devices of an allowed model (`allowed`
   * indexed by model id; null: any model). Nodes outside them can never hold a pod that needs such devices.
   */
  modelPartitions(allowed: Uint8Array | null): Int32Array {
    const parts: number[] = [];
    for (let id = 0; id < this.models.length; id++)
      if (allowed === null || allowed[id] === 1) parts.push(id + 1);
    return Int32Array.from(parts);
  }

  /** Nodes with at least one completely free device (see {@link deviceSets}). */
  get withFreeDevice(): NodeSet {
    return this.buildDeviceSets().free;
  }

  /** Nodes with any device room left (see {@link deviceSets}). */
  get withDeviceRoom(): NodeSet {
    return this.buildDeviceSets().room;
  }

  private buildDeviceSets(): { readonly free: NodeSet; readonly room: NodeSet } {
    if (this.deviceSets === null) {
      const free = new NodeSet(this.nodeCount);
      const room = new NodeSet(this.nodeCount);
      for (let node = 0; node < this.nodeCount; node++) {
        free.set(node, this.gpuFreeCount[node] > 0);
        room.set(node, this.gpuMaxLeft[node] > 0);
      }
      this.deviceSets = { free, room };
    }
    return this.deviceSets;
  }

  gpuCountOf(node: number): number {
    return this.gpuOffset[node + 1] - this.gpuOffset[node];
  }

  /** Device milli left on device `g` (0-based, within the node). */
  gpuLeftOf(node: number, g: number): number {
    return this.gpuLeft[this.gpuOffset[node] + g];
  }

  /** Total allocated device milli over the cluster. */
  get usedGpuMilli(): number {
    return this.usedMilli;
  }

  /**
   * Number of {@link forget} calls so far. While it does not change, resources only shrink, so a pod that did
   * not fit a node still does not fit it (incremental indexes skip re-checking such nodes).
   */
  get releaseCount(): number {
    return this.released;
  }

  /** Whether node n currently hosts at least one pod with affinity tag `tag`. */
  hostsTag(node: number, tag: number): boolean {
    return tag >= 0 && tag < this.tagStride && this.tagCount[node * this.tagStride + tag] > 0;
  }

  /** Record that `pod` runs on `node` using `devices` (indices within the node; empty for CPU-only pods). */
  assume(node: number, pod: PodSpec, devices: ArrayLike<number>): void {
    this.apply(node, pod, devices, 1);
  }

  /** Undo {@link assume} (the pod left). */
  forget(node: number, pod: PodSpec, devices: ArrayLike<number>): void {
    this.apply(node, pod, devices, -1);
    this.released++;
  }

  /** An independent copy (for what-if questions on the live state). */
  clone(): ClusterState {
    const copy = new ClusterState(this.nodes);
    copy.cpuLeft.set(this.cpuLeft);
    copy.memLeft.set(this.memLeft);
    copy.podCount.set(this.podCount);
    copy.gpuLeft.set(this.gpuLeft);
    copy.gpuTotalLeft.set(this.gpuTotalLeft);
    copy.gpuFreeCount.set(this.gpuFreeCount);
    copy.gpuMaxLeft.set(this.gpuMaxLeft);
    copy.tagCount.set(this.tagCount);
    copy.version.set(this.version);
    copy.nodeRow.set(this.nodeRow);
    copy.usedMilli = this.usedMilli;
    copy.released = this.released;
    return copy;
  }

  private apply(node: number, pod: PodSpec, devices: ArrayLike<number>, sign: 1 | -1): void {
    this.check(node, pod, devices, sign);
    // Read from the node's row, written to the row and to the arrays (see nodeRow).
    const row = this.nodeRow;
    const at = node * ROW_STRIDE;
    const milli = pod.gpuCount > 0 ? pod.gpuMilli : 0;
    this.cpuLeft[node] = row[at + ROW_CPU] -= sign * pod.cpuMilli;
    this.memLeft[node] = row[at + ROW_MEM] -= sign * pod.memMiB;
    this.podCount[node] = row[at + ROW_PODS] += sign;
    if (milli > 0) {
      const base = row[at + ROW_GPU_OFFSET];
      const gpuCount = row[at + ROW_GPU_COUNT];
      const gpuLeft = this.gpuLeft;
      for (let i = 0; i < devices.length; i++) gpuLeft[base + devices[i]] -= sign * milli;
      this.usedMilli += sign * milli * devices.length;
      let total = 0;
      let free = 0;
      let max = 0;
      for (let g = 0; g < gpuCount; g++) {
        const left = gpuLeft[base + g];
        total += left;
        if (left === MILLI_PER_DEVICE) free++;
        if (left > max) max = left;
      }
      this.gpuTotalLeft[node] = total;
      this.gpuFreeCount[node] = row[at + ROW_FREE] = free;
      this.gpuMaxLeft[node] = row[at + ROW_MAX_LEFT] = max;
      if (this.deviceSets !== null) {
        this.deviceSets.free.set(node, free > 0);
        this.deviceSets.room.set(node, max > 0);
      }
    }
    const tag = affinityTag(pod);
    if (tag >= 0 && tag < this.tagStride) this.tagCount[node * this.tagStride + tag] += sign;
    this.version[node] = ++row[at + ROW_VERSION];
    this.changes.record(node, sign < 0);
  }

  /** Refuses (before changing anything) a change that would overcommit or underflow the node. */
  private check(node: number, pod: PodSpec, devices: ArrayLike<number>, sign: 1 | -1): void {
    // Node objects are read only to word an error: they are cold memory on this path (twice per pod).
    if (!(node >= 0 && node < this.nodeCount && node === Math.trunc(node)))
      throw new Error(`node index ${node} out of range`);
    const row = this.nodeRow;
    const at = node * ROW_STRIDE;
    const cpu = row[at + ROW_CPU] - sign * pod.cpuMilli;
    const mem = row[at + ROW_MEM] - sign * pod.memMiB;
    const pods = row[at + ROW_PODS] + sign;
    if (cpu < 0 || mem < 0 || pods > MAX_PODS_PER_NODE || pods < 0) {
      throw new Error(
        `pod ${pod.name} does not fit the CPU, memory or pod count of node ${this.nodes[node].name}`,
      );
    }
    // Only a release can push a remainder above the node's total.
    if (sign < 0 && (cpu > row[at + ROW_CPU_TOTAL] || mem > row[at + ROW_MEM_TOTAL])) {
      throw new Error(`pod ${pod.name} was never placed on node ${this.nodes[node].name}`);
    }
    const milli = pod.gpuCount > 0 ? pod.gpuMilli : 0;
    if (milli === 0) return;
    if (devices.length !== pod.gpuCount) {
      throw new Error(`pod ${pod.name} asks for ${pod.gpuCount} devices but ${devices.length} were given`);
    }
    const gpuCount = row[at + ROW_GPU_COUNT];
    const base = row[at + ROW_GPU_OFFSET];
    for (let i = 0; i < devices.length; i++) {
      const g = devices[i];
      if (!Number.isInteger(g) || g < 0 || g >= gpuCount)
        throw new Error(`device ${g} out of range on ${this.nodes[node].name}`);
      for (let j = 0; j < i; j++)
        if (devices[j] === g) throw new Error(`device ${g} given twice for ${pod.name}`);
      const left = this.gpuLeft[base + g] - sign * milli;
      if (left < 0 || left > MILLI_PER_DEVICE) {
        throw new Error(
          `device ${g} of ${this.nodes[node].name} would hold ${MILLI_PER_DEVICE - left} milli`,
        );
      }
    }
  }
}
