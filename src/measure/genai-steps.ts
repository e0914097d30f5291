/**
 * @module measure/genai-steps
 * The step grid a GenAI trace is accounted on. The step Δ is the trace's sampling interval (the most common gap
 * between a pod's samples) unless given; the window starts one step before the first sample and ends on the
 * first whole step at or after the last, so step k ≥ 1 is (from + (k−1)Δ, from + kΔ] and every sample falls in
 * one. Idle stretches and heat-map buckets are whole numbers of steps.
 */
import type { CollectParams } from './telemetry-source.js';

/** The sampling interval assumed when no pod has two samples. */
const DEFAULT_SAMPLE_SEC = 60;

export interface StepGrid {
  /** Δ (s). */
  stepSec: number;
  /** The trace's own sampling interval (s), whatever the step. */
  sampleSec: number;
  /** Window (s, in the trace's time). */
  fromSec: number;
  toSec: number;
  /** Shortest idle stretch, in whole steps. */
  idleSteps: number;
  /** Heat-map bucket (s, a whole number of steps) and how many fit in the window. */
  bucketSec: number;
  columns: number;
}

/** The most common gap (s, rounded) between consecutive samples of a pod; samples in time order. */
export function samplingInterval(duty: Map<string, [number, number][]>): number {
  const gaps = new Map<number, number>();
  for (const list of duty.values()) {
    for (let k = 1; k < list.length; k++) {
      const g = Math.round(list[k][0] - list[k - 1][0]);
      if (g > 0) gaps.set(g, (gaps.get(g) ?? 0) + 1);
    }
  }
  return [...gaps.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? DEFAULT_SAMPLE_SEC;
}

/** The grid of the samples `duty` (per pod, in time order, at least one pod): `stepSec` 0 takes the trace's. */
export function stepGrid(
  duty: Map<string, [number, number][]>,
  p: Pick<CollectParams, 'stepSec' | 'idleForSec' | 'heatColumns'>,
): StepGrid {
  const sampleSec = samplingInterval(duty);
  const S = p.stepSec > 0 ? p.stepSec : sampleSec;
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const list of duty.values()) {
    t0 = Math.min(t0, list[0][0]);
    t1 = Math.max(t1, list[list.length - 1][0]);
  }
  const from = t0 - S;
  const N = Math.max(1, Math.ceil((t1 - from) / S));
  const to = from + N * S;
  const bucketSec = Math.max(1, Math.ceil((to - from) / p.heatColumns / S)) * S;
  return {
    stepSec: S,
    sampleSec,
    fromSec: from,
    toSec: to,
    idleSteps: Math.max(1, Math.ceil(p.idleForSec / S - 1e-9)),
    bucketSec,
    columns: Math.floor((to - from) / bucketSec),
  };
}

/** The step k ≥ 1 whose interval (from + (k−1)Δ, from + kΔ] holds time `t`. */
export function stepOf(t: number, grid: StepGrid): number {
  return Math.max(1, Math.ceil((t - grid.fromSec) / grid.stepSec - 1e-9));
}
