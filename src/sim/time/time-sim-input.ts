/**
 * @module sim/time/time-sim-input
 * What a fleet-over-time simulation is given: the fleet (nodes, their pools, each pool's cost and power, the
 * site), the timed pods, the policy and seed, and the options (queue discipline, preemption, speed, sharing,
 * defragmentation).
 */
import type { NodeSpec, PodSpec } from '../../model/index.js';
import type { FleetEconomics, PolicyName, TypicalPods } from '../../policies/index.js';
import type { TimeDefragSettings } from './defrag-settings.js';
import type { PodStream } from './pod-stream.js';

/** A pod with a place in time. */
export interface TimedPod extends PodSpec {
  /** Seconds from the start of the simulation. */
  readonly arrivalSec: number;
  /** Run time on the reference device (speed 1). */
  readonly durationSec: number;
  /** Organisation or team the pod belongs to, when known. */
  readonly team?: string;
  /**
   * A pod already running when the simulation starts (a snapshot of a live cluster): placed at time 0, before any
   * other pod, on exactly these devices of node `node` (not re-decided), holding them to the end of the run.
   */
  readonly pinned?: { readonly node: number; readonly devices: readonly number[] };
}

/** What one pool of identical nodes costs and draws. */
export interface PoolEconomics {
  readonly name: string;
  /** Catalog id of the accelerator (`nvidia-h20`). */
  readonly accelerator: string;
  readonly devicesPerNode: number;
  readonly nodes: number;
  /** Power of one device at full load and when idle, in W. */
  readonly tdpW: number;
  readonly idleW: number;
  /** Power of the rest of one node (CPUs, NICs, fans), in W. */
  readonly nodeOverheadW: number;
  /**
   * Capital (amortised) or rental cost of one node for one hour, devices included, in USD; null when neither the
   * fleet file nor the catalog prices the pool (its cost is then unknown, never 0).
   */
  readonly usdPerNodeHour: number | null;
}

export interface Site {
  /** Power usage effectiveness: facility power / IT power (≥ 1). */
  readonly pue: number;
  readonly usdPerKWh: number;
}

export type QueueDiscipline = 'fifo' | 'backfill';

export type ShareResult =
  { readonly ok: true; readonly milli: number } | { readonly ok: false; readonly reason: string };

export interface TimeSimInput {
  readonly nodes: readonly NodeSpec[];
  /** Pool index of each node. */
  readonly nodePool: Int32Array;
  readonly pools: readonly PoolEconomics[];
  readonly site: Site;
  /**
   * The workload: a list, or a stream in arrival order that is read as the run goes and never held whole (for
   * runs of millions of pods; not with `defrag`). Both give the same result for the same pods and typical workload.
   */
  readonly pods: readonly TimedPod[] | PodStream;
  readonly policy: PolicyName;
  readonly seed: number;
  /** The workload FGD optimises for and stranded capacity is measured against (default: from `pods`). */
  readonly typical?: TypicalPods;
  readonly queue?: QueueDiscipline;
  /** How many waiting pods behind the head a backfill pass may try (default 64). */
  readonly backfillDepth?: number;
  /** Evict best-effort pods to place higher-QoS pods that wait (default false). */
  readonly preemption?: boolean;
  /** Speed of `pod` on a device of pool `pool`, relative to where its duration was recorded (default 1). */
  readonly speed?: (pod: TimedPod, pool: number) => number;
  /** Timeline resolution in seconds (default 3600). */
  readonly sampleSec?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Per-model speed, power and price, for the fleet-aware policies. */
  readonly economics?: FleetEconomics;
  /** Weight of FGD in `fgd-energy`/`fgd-cost`. */
  readonly fgdWeight?: number;
  /**
   * How pool p's devices can be shared: the share a sharing request of `milli` gets there (rounded up to what
   * the model allows), or why it cannot be shared. Default: free milli-shares everywhere (openb time-slicing).
   */
  readonly shareOn?: (pool: number, milli: number) => ShareResult;
  /** Move running pods to make room for pods that fit nowhere (sim/time/defragmenter); default off. */
  readonly defrag?: TimeDefragSettings;
}
