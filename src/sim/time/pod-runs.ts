/**
 * @module sim/time/pod-runs
 * Where each pod of a time simulation is and was: one typed array per field (no object per pod), since a run
 * holds up to millions of pods. A pod evicted by preemption keeps its start until it starts again. Indexed by pod
 * (a list workload) or by slot (a streamed one, see live-slots): then the arrays grow with the live pods, and a
 * slot's fields are cleared for its next pod.
 */
import type { PodSpec } from '../../model/index.js';

export class PodRuns {
  /** Start of the pod's latest run (−1: never started). */
  start: Float64Array;
  /** When it left for good (−1: not yet, or never). */
  finish: Float64Array;
  /** The node it runs on (−1: not running). */
  node: Int32Array;
  readonly devices: (number[] | null)[];
  /** The request as placed: a sharing request rounded to what the device model allows (sharing-variants). */
  readonly spec: (PodSpec | null)[];
  /** When its current run ends: a departure at another time is stale (the pod was evicted since). */
  runEnd: Float64Array;
  /** Best-effort pods running now: the only pods preemption may evict. */
  readonly runningBestEffort = new Set<number>();

  constructor(pods: number) {
    this.start = new Float64Array(pods).fill(-1);
    this.finish = new Float64Array(pods).fill(-1);
    this.node = new Int32Array(pods).fill(-1);
    this.devices = new Array<number[] | null>(pods).fill(null);
    this.spec = new Array<PodSpec | null>(pods).fill(null);
    this.runEnd = new Float64Array(pods).fill(-1);
  }

  /** Whether pod `i` is running a run that ends at `time` (false for a run cut short by an eviction). */
  runsUntil(i: number, time: number): boolean {
    return this.node[i] >= 0 && this.runEnd[i] === time;
  }

  /** Makes room for index `i` (doubling), its fields as for a pod that never ran. */
  ensure(i: number): void {
    if (i < this.start.length) return;
    const n = Math.max(2 * this.start.length, i + 1, 1024);
    this.start = grown(this.start, n);
    this.finish = grown(this.finish, n);
    this.runEnd = grown(this.runEnd, n);
    const node = new Int32Array(n).fill(-1);
    node.set(this.node);
    this.node = node;
    for (let k = this.devices.length; k < n; k++) {
      this.devices.push(null);
      this.spec.push(null);
    }
  }

  /** Clears slot `i` for its next pod. */
  clear(i: number): void {
    this.start[i] = -1;
    this.finish[i] = -1;
    this.runEnd[i] = -1;
    this.node[i] = -1;
    this.devices[i] = null;
    this.spec[i] = null;
  }
}

/** `a` in a new array of length `n`, the rest −1. */
function grown(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n).fill(-1);
  b.set(a);
  return b;
}
