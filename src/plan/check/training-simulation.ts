/**
 * @module plan/check/training-simulation
 * One training line in one quarter replayed through the time simulator on the nodes the plan gives it: the line's
 * synthetic jobs ({@link trainingJobs}) as a backlog at the quarter's start, placed by a placement policy with
 * backfill, each job running at the chip's catalog speed for the line's kind (the speed the plan's capacity uses).
 * The verdict: every job placed and the last one done within the quarter (2190 h).
 *
 * The nodes: each chip's nodes' worth given to the line, rounded to the nearest whole device, laid out as full
 * nodes plus one partial node for the remainder (jobs bigger than it cannot use it). Large plans are simulated as a
 * proportional slice: every chip's devices and the demand multiplied by one factor (`scale` ≤ 1) so the slice holds
 * about {@link SLICE_DEVICES} devices; the figures reported are scaled back. What one node delivers, the wait and the
 * utilisation do not depend on the factor beyond rounding.
 *
 * Utilisation is not a slow-down: the plan's capacity counts the line's `utilisation` of the quarter's device time,
 * and the simulation shows whether the jobs, packed whole on nodes, get done in the quarter with that slack.
 */
import { runTimeSimulation, type PoolEconomics, type TimedPod } from '../../sim/index.js';
import type { NodeSpec } from '../../model/index.js';
import type { PaperPolicyName } from '../../policies/index.js';
import { HOURS_PER_QUARTER } from '../demand/demand-schema.js';
import { CPU_MILLI_PER_DEVICE, MEM_MIB_PER_DEVICE, trainingJobs } from './training-jobs.js';

/** Devices a slice holds at most (before rounding): one quarter of a line simulates in well under a second. */
export const SLICE_DEVICES = 512;
/** Timeline resolution: the work done within the quarter is integrated at this step when the quarter is missed. */
const SAMPLE_SEC = 600;
/** A job may run at most this share of the quarter on the slowest chip given to the line. */
const LONGEST_JOB_SHARE = 0.25;

/** A chip's share of a line in one quarter. */
export interface TrainingShare {
  readonly accelerator: string;
  readonly devicesPerNode: number;
  /** Nodes' worth of the chip's time given to the line (fractional). */
  readonly nodes: number;
  /** Speed relative to the line's reference for its kind. */
  readonly speed: number;
}

/** Per chip: what the simulation gave it and what it got done within the quarter. */
export interface ChipTrainingFigures {
  readonly accelerator: string;
  /** Whole devices given to the line (full scale), and simulated (in the slice). */
  readonly devices: number;
  readonly simulatedDevices: number;
  /** Reference device-hours its devices delivered within the quarter, full scale. */
  readonly deliveredDeviceHours: number;
  /** The same per node of the chip: what one node delivers of the line per quarter. */
  readonly deliveredPerNode: number;
}

export interface TrainingSimulation {
  readonly verdict: 'meets' | 'fails';
  readonly policy: PaperPolicyName;
  readonly seed: number;
  /** Factor the slice simulated is of the plan (1: the whole share). */
  readonly scale: number;
  readonly jobs: number;
  /** Jobs that fit no node given to the line (they count as not done). */
  readonly rejected: number;
  /** Reference device-hours done within the quarter, full scale. */
  readonly deliveredDeviceHours: number;
  /** Hours from the quarter's start to the last job's end. */
  readonly makespanHours: number;
  /** Hours jobs waited in the backlog before starting. */
  readonly waitHours: { readonly mean: number; readonly p95: number };
  /** Busy share of the given devices' time over the quarter, 0..1. */
  readonly utilisation: number;
  readonly chips: readonly ChipTrainingFigures[];
}

export interface TrainingSimulationInput {
  readonly line: string;
  readonly quarter: number;
  /** Reference device-hours the line asks for in the quarter. */
  readonly demandDeviceHours: number;
  readonly shares: readonly TrainingShare[];
  readonly policy: PaperPolicyName;
  readonly seed: number;
}

export function simulateTraining(input: TrainingSimulationInput): TrainingSimulation {
  const full = input.shares.map((s) => Math.round(s.nodes * s.devicesPerNode));
  const total = full.reduce((a, b) => a + b, 0);
  const scale = total > SLICE_DEVICES ? SLICE_DEVICES / total : 1;
  const chips = input.shares
    .map((s, i) => ({ ...s, devices: full[i], simulated: Math.round(full[i] * scale) }))
    .filter((c) => c.simulated > 0);
  const demand = input.demandDeviceHours * scale;
  if (chips.length === 0) return missed(input, scale, chips);
  const slowest = Math.min(...chips.map((c) => c.speed));
  const pods = trainingJobs({
    deviceHours: demand,
    maxDevices: Math.max(...chips.map((c) => Math.min(c.devicesPerNode, c.simulated))),
    maxHours: HOURS_PER_QUARTER * LONGEST_JOB_SHARE * slowest,
    seed: input.seed,
    name: `${input.line}-q${input.quarter}`,
  });
  const fleet = sliceFleet(chips);
  const result = runTimeSimulation({
    ...fleet,
    site: { pue: 1, usdPerKWh: 0 },
    pods,
    policy: input.policy,
    seed: input.seed,
    queue: 'backfill',
    speed: (_pod: TimedPod, pool: number) => fleet.speeds[pool],
    sampleSec: SAMPLE_SEC,
  });
  const quarterSec = HOURS_PER_QUARTER * 3600;
  const done = result.rejected === 0 && result.horizonSec <= quarterSec;
  // Busy device-hours per chip within the quarter: exact when all was done in it, else from the timeline.
  const busy = (accelerator: string, devices: number): number => {
    if (done) return result.perModel[accelerator]?.deviceHours.allocated ?? 0;
    const pct = result.timeline.allocationPct[accelerator] ?? [];
    let hours = 0;
    // The sample at instant t is the allocation in force up to t: it stands for the step that ends there.
    for (let k = 1; k < pct.length && result.timeline.tSec[k - 1] < quarterSec; k++)
      hours +=
        (pct[k] / 100) *
        devices *
        (Math.min(result.timeline.tSec[k], quarterSec) - result.timeline.tSec[k - 1]);
    return hours / 3600;
  };
  const figures = chips.map((c) => {
    const delivered = (busy(c.accelerator, c.simulated) * c.speed) / scale;
    const nodes = c.simulated / scale / c.devicesPerNode;
    return {
      accelerator: c.accelerator,
      devices: c.devices,
      simulatedDevices: c.simulated,
      deliveredDeviceHours: delivered,
      deliveredPerNode: nodes > 0 ? delivered / nodes : 0,
    };
  });
  const simulatedDevices = chips.reduce((a, c) => a + c.simulated, 0);
  const busyTotal = chips.reduce((a, c) => a + busy(c.accelerator, c.simulated), 0);
  return {
    verdict: done ? 'meets' : 'fails',
    policy: input.policy,
    seed: input.seed,
    scale,
    jobs: pods.length,
    rejected: result.rejected,
    deliveredDeviceHours: done
      ? input.demandDeviceHours
      : figures.reduce((a, f) => a + f.deliveredDeviceHours, 0),
    makespanHours: result.horizonSec / 3600,
    waitHours: { mean: result.queueDelaySec.mean / 3600, p95: result.queueDelaySec.p95 / 3600 },
    utilisation: busyTotal / (simulatedDevices * HOURS_PER_QUARTER),
    chips: figures,
  };
}

/** A line given no devices at all: nothing done (or nothing asked). */
function missed(
  input: TrainingSimulationInput,
  scale: number,
  chips: readonly { accelerator: string; devices: number }[],
): TrainingSimulation {
  const nothing = input.demandDeviceHours <= 0;
  return {
    verdict: nothing ? 'meets' : 'fails',
    policy: input.policy,
    seed: input.seed,
    scale,
    jobs: 0,
    rejected: 0,
    deliveredDeviceHours: 0,
    makespanHours: 0,
    waitHours: { mean: 0, p95: 0 },
    utilisation: 0,
    chips: chips.map((c) => ({
      accelerator: c.accelerator,
      devices: c.devices,
      simulatedDevices: 0,
      deliveredDeviceHours: 0,
      deliveredPerNode: 0,
    })),
  };
}

/** The slice's nodes: per chip, full nodes then one partial node, each a pool of its own. */
function sliceFleet(
  chips: readonly { accelerator: string; devicesPerNode: number; simulated: number; speed: number }[],
): { nodes: NodeSpec[]; nodePool: Int32Array; pools: PoolEconomics[]; speeds: number[] } {
  const nodes: NodeSpec[] = [];
  const pool: number[] = [];
  const pools: PoolEconomics[] = [];
  const speeds: number[] = [];
  const addPool = (accelerator: string, devicesPerNode: number, count: number, speed: number) => {
    if (count === 0) return;
    const p = pools.length;
    pools.push({
      name: `${accelerator}-${devicesPerNode}`,
      accelerator,
      devicesPerNode,
      nodes: count,
      // Power and price play no part in the check: the plan prices the fleet.
      tdpW: 0,
      idleW: 0,
      nodeOverheadW: 0,
      usdPerNodeHour: null,
    });
    speeds.push(speed);
    for (let i = 0; i < count; i++) {
      nodes.push({
        name: `${accelerator}-${p}-${i}`,
        cpuMilli: devicesPerNode * CPU_MILLI_PER_DEVICE,
        memMiB: devicesPerNode * MEM_MIB_PER_DEVICE,
        gpuCount: devicesPerNode,
        gpuModel: accelerator,
      });
      pool.push(p);
    }
  };
  for (const c of chips) {
    addPool(c.accelerator, c.devicesPerNode, Math.floor(c.simulated / c.devicesPerNode), c.speed);
    const rest = c.simulated % c.devicesPerNode;
    if (rest > 0) addPool(c.accelerator, rest, 1, c.speed);
  }
  return { nodes, nodePool: Int32Array.from(pool), pools, speeds };
}
