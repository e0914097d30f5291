/**
 * @module measure/prometheus-pod-device-plans
 * The plans of the figures per pod on a device (a telemetry series exists only while the pod holds the device):
 * steps held, Σ utilisation over them, and the idle steps as Σ "a low run of the idle length ends here" and
 * Σ "… starts here" (a run of n ≥ NL low steps has n − NL + 1 ends and one start: n = ends + (NL − 1) · starts).
 */
import type { VectorPlan } from './prometheus-plan.js';
import { keep } from './prometheus-readings.js';
import { windowSumPlan } from './prometheus-window-sum.js';

export const podStepsPlan: VectorPlan = windowSumPlan({
  what: 'pod steps',
  fn: 'count',
  figure: (f) => f.podUtil,
  fold: keep.rows('podSteps'),
});

export const podBusyPlan: VectorPlan = windowSumPlan({
  what: 'pod busy',
  fn: 'sum',
  figure: (f) => f.podUtil,
  fold: keep.byPodOnDevice('podBusy'),
});

export const idleEndsPlan: VectorPlan = windowSumPlan({
  what: 'idle steps',
  fn: 'sum',
  figure: (f) => f.idleEnd,
  fold: keep.rows('idleEnds'),
});

export const idleStartsPlan: VectorPlan = windowSumPlan({
  what: 'idle runs',
  fn: 'sum',
  figure: (f) => f.idleStart,
  fold: keep.byPodOnDevice('idleStarts'),
});
