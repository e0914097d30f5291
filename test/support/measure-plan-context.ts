/**
 * A {@link PlanContext} for unit tests of the Prometheus query plans, on a small mapping with short names: built
 * from the same window, step expressions and team source as the real source, without a Prometheus.
 */
import type { MetricMapping } from '../../src/measure/metric-mapping.js';
import type { PlanContext } from '../../src/measure/prometheus-plan.js';
import { SeriesKeys } from '../../src/measure/prometheus-readings.js';
import { teamSource } from '../../src/measure/prometheus-team.js';
import { queryWindow } from '../../src/measure/prometheus-window.js';
import { stepFigures } from '../../src/measure/step-expressions.js';

export const TEST_MAPPING: MetricMapping = {
  name: 'test',
  utilization: [{ metric: 'UTIL', scale: 1 }],
  memoryUsed: { metric: 'MEM', scale: 1 },
  power: { metric: 'POWER', scale: 1 },
  energy: { metric: 'ENERGY', scale: 0.001 },
  labels: { host: 'host', device: 'gpu', model: 'model', namespace: 'ns', pod: 'pod' },
  selector: '',
  requests: {
    metric: 'REQ',
    resourceLabel: 'resource',
    namespaceLabel: 'namespace',
    podLabel: 'pod',
    resources: [{ name: 'gpu', milli: 1000 }],
  },
  podLabels: { metric: 'kube_pod_labels', namespaceLabel: 'namespace', podLabel: 'pod' },
  models: [
    { match: 'H100', accelerator: 'nvidia-h100' },
    { match: 'A100', accelerator: 'nvidia-a100' },
  ],
};

export interface TestContextOptions {
  fromSec?: number;
  toSec?: number;
  stepSec?: number;
  idleForSec?: number;
  heatColumns?: number;
  sampling?: 'lookback' | 'step';
  /** Recorded series at this phase (s); absent: subqueries. */
  recordedPhaseSec?: number;
  teamLabel?: string;
  /** Metrics present in Prometheus (default: all of {@link TEST_MAPPING}'s). */
  present?: string[];
  mapping?: MetricMapping;
}

export function testPlanContext(o: TestContextOptions = {}): PlanContext {
  const m = o.mapping ?? TEST_MAPPING;
  const stepSec = o.stepSec ?? 60;
  const window = queryWindow(o.fromSec ?? 0, o.toSec ?? 12 * 3600, {
    stepSec,
    idleForSec: o.idleForSec ?? 1800,
    heatColumns: o.heatColumns ?? 96,
  });
  const present = new Set(o.present ?? ['UTIL', 'MEM', 'POWER', 'ENERGY', 'REQ', 'kube_pod_labels']);
  const has = <T extends { metric: string }>(s: T | undefined) =>
    s && present.has(s.metric) ? s : undefined;
  const util = m.utilization[0];
  const figures = stepFigures({ ...m, energy: has(m.energy), power: has(m.power) }, util, {
    stepSec,
    idleBelowPct: 5,
    idleForSec: o.idleForSec ?? 1800,
    sampling: o.sampling ?? 'lookback',
    hasRequests: has(m.requests) !== undefined,
    energyLookbackSec: window.lengthSec,
  });
  const phase = o.recordedPhaseSec;
  return {
    window,
    mapping: m,
    util,
    memory: has(m.memoryUsed),
    figures,
    recorded:
      phase === undefined
        ? { used: false, phaseSec: 0, evaluatedAt: window.toSec }
        : { used: true, phaseSec: phase, evaluatedAt: window.toSec + phase },
    team: teamSource(o.teamLabel ?? 'namespace', m, present, 'http://prometheus.test'),
    percentile: 0.95,
    keys: new SeriesKeys(m.labels),
  };
}
