/**
 * @module sim/time/device-time
 * Device time per pool as the simulation runs: the GPU milli allocated now and the milli free but fragmented
 * for the typical workload now (policies/frag), and their integrals over time (milli·seconds), from which the
 * summary draws allocated and stranded device-hours.
 */
import { FRAG_F, FRAG_STRIDE, type NodeFragEntries } from '../../policies/index.js';

export class DeviceTime {
  /** Per pool: GPU milli allocated now, and its integral over time. */
  readonly allocMilli: Float64Array;
  readonly allocMilliSec: Float64Array;
  /** Per pool: GPU milli free but fragmented now, and its integral over time. */
  readonly fragMilli: Float64Array;
  readonly fragMilliSec: Float64Array;
  /** The nodes' fragmentation memo entries (FGD's own when it is the policy: it looks up the same states). */
  private readonly entries: NodeFragEntries;
  private readonly nodePool: Int32Array;
  /** Per node: its fragmented milli as last counted in `fragMilli`. */
  private readonly nodeFrag: Float64Array;

  constructor(entries: NodeFragEntries, nodePool: Int32Array, poolCount: number) {
    const cluster = entries.state;
    this.entries = entries;
    this.nodePool = nodePool;
    this.allocMilli = new Float64Array(poolCount);
    this.allocMilliSec = new Float64Array(poolCount);
    this.fragMilli = new Float64Array(poolCount);
    this.fragMilliSec = new Float64Array(poolCount);
    this.nodeFrag = new Float64Array(cluster.nodeCount);
    for (let node = 0; node < cluster.nodeCount; node++) {
      this.nodeFrag[node] = this.fragOf(node);
      this.fragMilli[nodePool[node]] += this.nodeFrag[node];
    }
  }

  /** Re-measures the fragmentation of `node` (call after every change of that node). */
  refresh(node: number): void {
    const f = this.fragOf(node);
    this.fragMilli[this.nodePool[node]] += f - this.nodeFrag[node];
    this.nodeFrag[node] = f;
  }

  /** Counts `milli` more allocated on the devices of pool `pool`. */
  allocate(pool: number, milli: number): void {
    this.allocMilli[pool] += milli;
  }

  /** Counts `milli` less allocated on the devices of pool `pool`. */
  free(pool: number, milli: number): void {
    this.allocMilli[pool] -= milli;
  }

  /** Adds `dt` seconds at the current allocation and fragmentation to the integrals. */
  integrate(dt: number): void {
    for (let p = 0; p < this.allocMilli.length; p++) {
      this.allocMilliSec[p] += this.allocMilli[p] * dt;
      this.fragMilliSec[p] += this.fragMilli[p] * dt;
    }
  }

  private fragOf(node: number): number {
    // Look the entry up first: a lookup may replace the memo's values array.
    const e = this.entries.entryOf(node);
    return this.entries.measure.values[e * FRAG_STRIDE + FRAG_F];
  }
}
