/**
 * @module measure/prometheus-device-plans
 * The plans of the per-device figures: observed steps, Σ utilisation, the energy counter's increase and the power
 * gauge's Σ and steps, each a per-step expression summed over the window (one number per device).
 */
import type { VectorPlan } from './prometheus-plan.js';
import { keep } from './prometheus-readings.js';
import { windowSumPlan } from './prometheus-window-sum.js';

/** Steps with a utilisation sample: the devices measured. */
export const observedStepsPlan: VectorPlan = windowSumPlan({
  what: 'observed steps',
  fn: 'count',
  figure: (f) => f.deviceUtil,
  fold: keep.rows('observed'),
});

/** Σ u (%) over the observed steps. */
export const busyPlan: VectorPlan = windowSumPlan({
  what: 'busy',
  fn: 'sum',
  figure: (f) => f.deviceUtil,
  fold: keep.byDevice('busy'),
});

/** Σ of the energy counter's per-step increases (J), where the mapping's counter has series. */
export const energyCounterPlan: VectorPlan = windowSumPlan({
  what: 'energy counter',
  fn: 'sum',
  figure: (f) => f.energyIncrease,
  fold: keep.byDevice('energyCounter'),
});

/** Σ power (W) over the steps with a power sample, where the power gauge has series. */
export const powerPlan: VectorPlan = windowSumPlan({
  what: 'power',
  fn: 'sum',
  figure: (f) => f.power,
  fold: keep.byDevice('powerSum'),
});

/** Steps with a power sample. */
export const powerStepsPlan: VectorPlan = windowSumPlan({
  what: 'power steps',
  fn: 'count',
  figure: (f) => f.power,
  fold: keep.byDevice('powerSteps'),
});
