/**
 * @module sim/time/pod-runs
 * Where each pod of a time simulation is and was: one typed array per field (no object per pod), since a run
 * holds up to millions of pods. A pod evicted by preemption keeps its start until it starts again.
 */
import type { PodSpec } from '../../model/index.js';

export class PodRuns {
  /** Start of the pod's latest run (−1: never started). */
  readonly start: Float64Array;
  /** When it left for good (−1: not yet, or never). */
  readonly finish: Float64Array;
  /** The node it runs on (−1: not running). */
  readonly node: Int32Array;
  readonly devices: (number[] | null)[];
  /** The request as placed: a sharing request rounded to what the device model allows (sharing-variants). */
  readonly spec: (PodSpec | null)[];
  /** When its current run ends: a departure at another time is stale (the pod was evicted since). */
  readonly runEnd: Float64Array;
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
}
