/**
 * @module measure/prometheus-plans
 * Every figure `measure --prometheus` reads, as the list of query plans the executor runs, in the order in which
 * they start (at most `concurrency` at once).
 */
import {
  busyPlan,
  energyCounterPlan,
  observedStepsPlan,
  powerPlan,
  powerStepsPlan,
} from './prometheus-device-plans.js';
import { heatMapPlan } from './prometheus-heat-map.js';
import type { QueryPlan } from './prometheus-plan.js';
import { idleEndsPlan, idleStartsPlan, podBusyPlan, podStepsPlan } from './prometheus-pod-device-plans.js';
import {
  podDevicesPlan,
  podFirstPlan,
  podLastPlan,
  podMemoryPlan,
  podPercentilePlan,
  podSharePlan,
  podTeamPlan,
} from './prometheus-pod-plans.js';

export const PROMETHEUS_PLANS: readonly QueryPlan[] = [
  heatMapPlan,
  observedStepsPlan,
  busyPlan,
  podStepsPlan,
  podBusyPlan,
  idleEndsPlan,
  idleStartsPlan,
  energyCounterPlan,
  powerPlan,
  powerStepsPlan,
  podPercentilePlan,
  podFirstPlan,
  podLastPlan,
  podMemoryPlan,
  podSharePlan,
  podDevicesPlan,
  podTeamPlan,
];
