/**
 * @module measure/genai-pod
 * What the accounting sees of one GenAI pod. Each pod holds one whole GPU while it reports samples, so the pod
 * is also a device (on the `devicesPerNode`-device node its index puts it on) and its team's whole share of it.
 * A step's value is the pod's last duty-cycle sample in the step; a step is idle in a stretch of consecutive
 * observed steps below the threshold that lasts at least the idle length.
 */
import { quantileSorted } from '../stats/index.js';
import { stepOf, type StepGrid } from './genai-steps.js';
import type { DeviceObs, PodObs, TeamDeviceObs } from './telemetry-source.js';

/** A pod's step values: the observed steps in order and the value (%) of each. */
export interface PodSteps {
  ks: number[];
  value: Map<number, number>;
}

/** What every pod of one trace is observed with. */
export interface GenaiPodContext {
  grid: StepGrid;
  /** Catalog id of every pod's GPU. */
  accelerator: string;
  devicesPerNode: number;
  idleBelowPct: number;
  /** Percentile of utilisation per pod (0..1). */
  percentile: number;
}

/** One pod's part of each list of the collected telemetry. */
export interface GenaiPodObs {
  device: DeviceObs;
  teamDevice: TeamDeviceObs;
  pod: PodObs;
  /** Mean duty (%) per heat-map bucket; null where the pod has no sample. */
  heatRow: (number | null)[];
}

/** One value per step: the last sample (samples in time order) in the step. */
export function podSteps(samples: readonly [number, number][], grid: StepGrid): PodSteps {
  const value = new Map<number, number>();
  for (const [t, v] of samples) value.set(stepOf(t, grid), v);
  return { ks: [...value.keys()].sort((a, b) => a - b), value };
}

/** Σ of the step values (%·steps), and how many steps lie in idle stretches. */
export function idleSums(
  steps: PodSteps,
  idleBelowPct: number,
  idleSteps: number,
): { utilPctSteps: number; idleSteps: number } {
  let util = 0;
  let idle = 0;
  let run = 0;
  let prev = -1;
  const flush = () => {
    if (run >= idleSteps) idle += run;
    run = 0;
  };
  for (const k of steps.ks) {
    const v = steps.value.get(k)!;
    util += v;
    if (k !== prev + 1) flush(); // an unobserved step ends a stretch
    if (v < idleBelowPct) run++;
    else flush();
    prev = k;
  }
  flush();
  return { utilPctSteps: util, idleSteps: idle };
}

/** The mean step value per heat-map bucket (null: no step in it). */
export function heatRow(steps: PodSteps, grid: StepGrid): (number | null)[] {
  const sums = new Float64Array(grid.columns);
  const counts = new Float64Array(grid.columns);
  for (const k of steps.ks) {
    const c = Math.floor(((k - 1) * grid.stepSec) / grid.bucketSec);
    if (c < grid.columns) {
      sums[c] += steps.value.get(k)!;
      counts[c]++;
    }
  }
  return Array.from(sums, (s, c) => (counts[c] ? s / counts[c] : null));
}

/**
 * The observations of pod `id`, the `index`-th in id order, from its samples (time order), its team and its
 * peak memory (bytes; undefined: no memory samples).
 */
export function observeGenaiPod(
  id: string,
  index: number,
  samples: readonly [number, number][],
  team: string,
  peakMemoryBytes: number | undefined,
  ctx: GenaiPodContext,
): GenaiPodObs {
  const S = ctx.grid.stepSec;
  const steps = podSteps(samples, ctx.grid);
  const { utilPctSteps: util, idleSteps } = idleSums(steps, ctx.idleBelowPct, ctx.grid.idleSteps);
  const { ks } = steps;
  const n = ks.length;
  const sorted = ks.map((k) => steps.value.get(k)!).sort((a, b) => a - b);
  return {
    device: {
      id,
      host: `node-${Math.floor(index / ctx.devicesPerNode)}`,
      model: ctx.accelerator,
      observedSteps: n,
      utilPctSteps: util,
      allocMilliSteps: n * 1000,
      idleMilliSteps: idleSteps * 1000,
      energy: { source: 'model', joules: 0, coveredSteps: 0, uncoveredSteps: n, uncoveredUtilPctSteps: util },
    },
    teamDevice: {
      device: id,
      team,
      allocMilliSteps: n * 1000,
      busyMilliPctSteps: util * 1000,
      idleMilliSteps: idleSteps * 1000,
    },
    pod: {
      pod: id,
      team,
      model: ctx.accelerator,
      gpuCount: 1,
      gpuMilli: 1000,
      peakMemoryMiB: peakMemoryBytes === undefined ? null : peakMemoryBytes / 2 ** 20,
      utilisationPctile: quantileSorted(sorted, ctx.percentile),
      meanUtilisationPct: util / n,
      firstSec: (ks[0] - 1) * S,
      lastSec: ks[n - 1] * S,
    },
    heatRow: heatRow(steps, ctx.grid),
  };
}
