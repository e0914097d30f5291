import { describe, expect, it } from 'vitest';
import { TEST_MAPPING, testPlanContext } from '../../test/support/measure-plan-context.js';
import { busyPlan, energyCounterPlan, observedStepsPlan, powerPlan } from './prometheus-device-plans.js';
import { heatMapPlan } from './prometheus-heat-map.js';
import type { PlanContext, QueryPlan } from './prometheus-plan.js';
import { PROMETHEUS_PLANS } from './prometheus-plans.js';
import { idleStartsPlan } from './prometheus-pod-device-plans.js';
import {
  podFirstPlan,
  podMemoryPlan,
  podPercentilePlan,
  podSharePlan,
  podTeamPlan,
} from './prometheus-pod-plans.js';

// The expected PromQL is written out by hand for the test mapping (device labels host, gpu, model; pod labels ns,
// pod; utilisation UTIL at scale 1) over 12 hours at 1-minute steps: two chunks of 6 hours.
const RECORDED_UTIL = 'hyperfleet:device_util{hyperfleet_step="60", hyperfleet_util="UTIL"}';
const applies = (plan: QueryPlan, ctx: PlanContext) => plan.applies?.(ctx) ?? true;

describe('a per-step figure summed over the window', () => {
  it('without recorded series: one subquery per chunk at the step, evaluated at the chunk’s end', () => {
    expect(busyPlan.queries(testPlanContext())).toEqual([
      {
        expr: 'sum_over_time(((max by (host, gpu, model) (UTIL{}) * 1))[21540s:60s])',
        timeSec: 21600,
        what: 'busy (to 21600)',
      },
      {
        expr: 'sum_over_time(((max by (host, gpu, model) (UTIL{}) * 1))[21540s:60s])',
        timeSec: 43200,
        what: 'busy (to 43200)',
      },
    ]);
    expect(busyPlan.combine).toBe('sum');
    expect(observedStepsPlan.combine).toBe('count');
  });

  it('with step sampling: the last sample within each step', () => {
    expect(busyPlan.queries(testPlanContext({ sampling: 'step' }))[0].expr).toBe(
      'sum_over_time(((max by (host, gpu, model) (last_over_time(UTIL{}[59999ms])) * 1))[21540s:60s])',
    );
  });

  it('from recorded series: one raw range function over N samples, read at to + phase', () => {
    expect(observedStepsPlan.queries(testPlanContext({ recordedPhaseSec: 12.5 }))).toEqual([
      { expr: `count_over_time(${RECORDED_UTIL}[43199999ms])`, timeSec: 43212.5, what: 'observed steps' },
    ]);
  });

  it('per-pod figures at the coarse resolution, aggregated by pod', () => {
    // A week: daily chunks; 604800 s / 1000 → 660 s.
    const week = podFirstPlan.queries(testPlanContext({ toSec: 7 * 86400 }));
    expect(week).toHaveLength(7);
    expect(week[0]).toEqual({
      expr: 'min by (ns, pod) (min_over_time((timestamp(group by (ns, pod) (UTIL{pod!=""})))[86400s:660s]))',
      timeSec: 86400,
      what: 'pod first (to 86400)',
    });
    const recorded = podFirstPlan.queries(testPlanContext({ recordedPhaseSec: 12.5 }));
    expect(recorded.map((q) => q.expr)).toEqual([
      'min by (ns, pod) (min_over_time(hyperfleet:pod_seen_timestamp{hyperfleet_step="60", hyperfleet_util="UTIL"}[43199999ms]))',
    ]);
    expect(podSharePlan.queries(testPlanContext())[0].expr).toMatch(
      /^max by \(ns, pod, model\) \(max_over_time\(\(.*\)\[21600s:60s\]\)\)$/,
    );
  });

  it('idle runs: starts are low-run ends with no low-run end a step before', () => {
    const [q] = idleStartsPlan.queries(testPlanContext());
    expect(q.expr).toContain('max_over_time(UTIL{pod!=""}[1799999ms]) < 5');
    expect(q.expr).toContain('count_over_time(UTIL{pod!=""}[1799999ms]) >= 30');
    expect(q.expr).toContain('unless ((max_over_time(UTIL{pod!=""}[1799999ms] offset 60s)');
  });

  it('energy and power only where their metrics have series', () => {
    const without = testPlanContext({ present: ['UTIL'] });
    expect([energyCounterPlan, powerPlan].map((p) => applies(p, without))).toEqual([false, false]);
    const ctx = testPlanContext({ recordedPhaseSec: 0 });
    expect([energyCounterPlan, powerPlan].map((p) => applies(p, ctx))).toEqual([true, true]);
    expect(energyCounterPlan.queries(ctx)[0].expr).toBe(
      'sum_over_time(hyperfleet:device_energy_increase_joules{hyperfleet_step="60"}[43199999ms])',
    );
  });
});

describe('per-pod figures from the raw samples', () => {
  it('the percentile and peak memory over the window, at its end even with recorded series', () => {
    const ctx = testPlanContext({ recordedPhaseSec: 12.5 });
    expect(podPercentilePlan.queries(ctx)).toEqual([
      {
        expr: 'max by (ns, pod) (quantile_over_time(0.95, UTIL{pod!=""}[43200s])) * 1',
        timeSec: 43200,
        what: 'pod percentile',
      },
    ]);
    expect(podMemoryPlan.queries(ctx)[0].expr).toBe(
      'max by (ns, pod) (max_over_time(MEM{pod!=""}[43200s])) * 1',
    );
    expect(applies(podMemoryPlan, testPlanContext({ present: ['UTIL'] }))).toBe(false);
  });

  it('the mapping’s selector goes into every telemetry selector', () => {
    const ctx = testPlanContext({ mapping: { ...TEST_MAPPING, selector: ' cluster="a" ' } });
    expect(podPercentilePlan.queries(ctx)[0].expr).toContain('UTIL{cluster="a", pod!=""}[43200s]');
    expect(busyPlan.queries(ctx)[0].expr).toContain('(UTIL{cluster="a"})');
  });

  it('teams from kube_pod_labels only for a pod-label team, joined on the telemetry’s namespace label', () => {
    expect(applies(podTeamPlan, testPlanContext())).toBe(false);
    const ctx = testPlanContext({ teamLabel: 'team' });
    expect(applies(podTeamPlan, ctx)).toBe(true);
    expect(podTeamPlan.queries(ctx)).toEqual([
      {
        expr: 'group by (ns, pod, label_team) (label_replace(last_over_time(kube_pod_labels{}[43200s]), "ns", "$1", "namespace", "(.*)"))',
        timeSec: 43200,
        what: 'pod teams',
      },
    ]);
  });
});

describe('the heat map', () => {
  it('without recorded series: mean of the steps of each bucket, a chunk of columns per range query', () => {
    // 96 columns of 12 h: buckets of 480 s, 90 columns, 45 per 6-hour chunk.
    expect(heatMapPlan.queries(testPlanContext())).toEqual([
      {
        expr: 'avg_over_time((max by (host, gpu, model) (UTIL{}) * 1)[420s:60s])',
        startSec: 480,
        endSec: 21600,
        stepSec: 480,
        what: 'heat map',
      },
      {
        expr: 'avg_over_time((max by (host, gpu, model) (UTIL{}) * 1)[420s:60s])',
        startSec: 22080,
        endSec: 43200,
        stepSec: 480,
        what: 'heat map',
      },
    ]);
  });

  it('a bucket of one step is the per-step value itself', () => {
    const queries = heatMapPlan.queries(testPlanContext({ heatColumns: 720 }));
    expect(queries.map((q) => [q.expr, q.startSec, q.endSec])).toEqual([
      ['(max by (host, gpu, model) (UTIL{}) * 1)', 60, 21600],
      ['(max by (host, gpu, model) (UTIL{}) * 1)', 21660, 43200],
    ]);
  });

  it('from recorded series: one range query, shifted by the rules’ phase', () => {
    expect(heatMapPlan.queries(testPlanContext({ recordedPhaseSec: 12.5 }))).toEqual([
      {
        expr: `avg_over_time(${RECORDED_UTIL}[479999ms])`,
        startSec: 492.5,
        endSec: 43212.5,
        stepSec: 480,
        what: 'heat map',
      },
    ]);
  });
});

describe('the plans', () => {
  it('name each figure once', () => {
    const names = PROMETHEUS_PLANS.map((p) => p.what);
    expect(new Set(names).size).toBe(names.length);
  });
});
