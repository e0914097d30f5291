/**
 * @module sim/time/time-sim-result
 * What a fleet-over-time simulation reports: placements, rejections and preemptions, device-hours by state,
 * energy and cost, queueing delay and completion time, per accelerator model, per team, and over time.
 */
import type { PolicyName } from '../../policies/index.js';
import type { DefragFigures } from './defrag-settings.js';
import type { Percentiles } from './percentiles.js';

export interface DeviceHours {
  total: number;
  allocated: number;
  /** Free but unusable by the typical workload (fragmented). */
  stranded: number;
  /** Free and usable. */
  idle: number;
}

export interface ModelFigures {
  devices: number;
  deviceHours: DeviceHours;
  energyKWh: number;
  /** Capital (or rent) plus energy, USD; null when a pool of this model has no price. */
  costUsd: number | null;
}

/** Allocation % per accelerator over time, sampled every `sampleSec`. */
export interface AllocationTimeline {
  sampleSec: number;
  tSec: number[];
  allocationPct: Record<string, number[]>;
}

export interface TimeSimResult {
  policy: PolicyName;
  seed: number;
  devices: number;
  pods: number;
  placed: number;
  /** Pods that fit no node even on the empty fleet, or whose share no device model allows (never queued). */
  rejected: number;
  /** Why pods were rejected, with counts. */
  rejections: Record<string, number>;
  preemptions: number;
  /** Simulated span: from 0 to the last departure. */
  horizonSec: number;
  deviceHours: DeviceHours;
  energyKWh: number;
  /** capitalUsd + energyUsd; null when the capital is unknown. */
  costUsd: number | null;
  /** Amortised capital and rent over the span, USD; null when a pool has no price (see `unpricedPools`). */
  capitalUsd: number | null;
  energyUsd: number;
  /** Pools with no price in the fleet file or the catalog: the costs that include them are null. */
  unpricedPools: string[];
  queueDelaySec: Percentiles;
  jctSec: Percentiles;
  /** Keyed by accelerator catalog id. */
  perModel: Record<string, ModelFigures>;
  /** Allocated device-hours and pods per team (pods without a team count as `unassigned`). */
  perTeam: Record<string, { deviceHours: number; pods: number }>;
  /** Allocation % per accelerator over time, sampled every `sampleSec`. */
  timeline: AllocationTimeline;
  elapsedMs: number;
}

/**
 * A result with what the defragmenter did, when one was asked for (a separate type: {@link TimeSimResult} is also
 * the service's wire shape, which has no defragmenter).
 */
export interface DefraggedTimeSimResult extends TimeSimResult {
  defrag?: DefragFigures;
  /** The fleet as the pinned pods left it at time 0, when the run started from running pods. */
  initial?: InitialFigures;
}

/** The state the pinned (already running) pods start a run from. */
export interface InitialFigures {
  /** Pinned pods placed. */
  pods: number;
  /** Allocated device milli / device capacity of the fleet, in %. */
  gpuAllocationPercent: number;
  /** Milli allocated on each device, for every node with a device in use. */
  deviceMilliUsed: Record<string, number[]>;
}
