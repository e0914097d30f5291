/**
 * @module measure/prometheus-pod-plans
 * The plans of the per-pod figures: the utilisation percentile and the peak memory from the raw samples of the
 * window, when the pod was first and last seen, its share of a device and its device count (slowly changing:
 * read at the coarse resolution), and its team from kube_pod_labels where the team is a pod label.
 */
import type { PlanContext, VectorPlan } from './prometheus-plan.js';
import { keep } from './prometheus-readings.js';
import { sortBySeries } from './prometheus-series.js';
import { windowSumPlan } from './prometheus-window-sum.js';
import { relabelPodLabels, telemetryMatchers } from './step-expressions.js';

/** The raw samples of `metric` in the window (with the mapping's selector and `extra` matchers). */
function rawWindow(ctx: PlanContext, metric: string, extra: string[] = []): string {
  return `${metric}{${telemetryMatchers(ctx.mapping, extra)}}[${ctx.window.lengthSec}s]`;
}

/** Pods' labels: namespace and pod. */
const byPod = (ctx: PlanContext) => `${ctx.mapping.labels.namespace}, ${ctx.mapping.labels.pod}`;

export const podPercentilePlan: VectorPlan = {
  kind: 'vector',
  what: 'pod percentile',
  queries: (ctx) => {
    const { util } = ctx;
    const samples = rawWindow(ctx, util.metric, [`${ctx.mapping.labels.pod}!=""`]);
    const expr = `max by (${byPod(ctx)}) (quantile_over_time(${ctx.percentile}, ${samples})) * ${util.scale}`;
    return [{ expr, timeSec: ctx.window.toSec, what: 'pod percentile' }];
  },
  fold: keep.byPod('podPercentile'),
};

/** Peak memory used (MiB), where the memory metric has series in the window. */
export const podMemoryPlan: VectorPlan = {
  kind: 'vector',
  what: 'pod memory',
  applies: (ctx) => ctx.memory !== undefined,
  queries: (ctx) => {
    const mem = ctx.memory!;
    const samples = rawWindow(ctx, mem.metric, [`${ctx.mapping.labels.pod}!=""`]);
    const expr = `max by (${byPod(ctx)}) (max_over_time(${samples})) * ${mem.scale}`;
    return [{ expr, timeSec: ctx.window.toSec, what: 'pod memory' }];
  },
  fold: keep.byPod('podMemory'),
};

/** The first evaluation time at which the pod was seen. */
export const podFirstPlan: VectorPlan = windowSumPlan({
  what: 'pod first',
  fn: 'min',
  figure: (f) => f.podSeen,
  coarse: true,
  wrap: (e, ctx) => `min by (${byPod(ctx)}) (${e})`,
  fold: keep.byPod('podFirst'),
});

/** The last evaluation time at which the pod was seen. */
export const podLastPlan: VectorPlan = windowSumPlan({
  what: 'pod last',
  fn: 'max',
  figure: (f) => f.podSeen,
  coarse: true,
  wrap: (e, ctx) => `max by (${byPod(ctx)}) (${e})`,
  fold: keep.byPod('podLast'),
});

/** The pod's largest share (milli) of a device of each model it holds. */
export const podSharePlan: VectorPlan = windowSumPlan({
  what: 'pod share',
  fn: 'max',
  figure: (f) => f.podShare,
  coarse: true,
  wrap: (e, ctx) => `max by (${byPod(ctx)}, ${ctx.mapping.labels.model}) (${e})`,
  fold: (answer, into, ctx) => {
    // A pod on devices of several models has several rows: its row is the first, its share the last.
    into.podShares = sortBySeries(answer);
    into.shareByPod = ctx.keys.byPod(into.podShares);
  },
});

/** The most devices the pod held at once. */
export const podDevicesPlan: VectorPlan = windowSumPlan({
  what: 'pod devices',
  fn: 'max',
  figure: (f) => f.podDevices,
  coarse: true,
  wrap: (e, ctx) => `max by (${byPod(ctx)}) (${e})`,
  fold: keep.byPod('podDevices'),
});

/** The team label of each pod in the window, from kube_pod_labels (when the team is a pod label). */
export const podTeamPlan: VectorPlan = {
  kind: 'vector',
  what: 'pod teams',
  applies: (ctx) => !ctx.team.fromNamespace,
  queries: (ctx) => {
    const kpl = ctx.team.podLabels!;
    const labels = `last_over_time(${kpl.metric}{${telemetryMatchers(ctx.mapping)}}[${ctx.window.lengthSec}s])`;
    const expr = `group by (${byPod(ctx)}, ${ctx.team.label}) (${relabelPodLabels(labels, ctx.mapping.labels, kpl)})`;
    return [{ expr, timeSec: ctx.window.toSec, what: 'pod teams' }];
  },
  fold: (answer, into, ctx) => {
    // A pod whose label changed in the window has a row per value: the last in label order counts.
    into.podTeamLabel = new Map(
      sortBySeries(answer).map((s) => [ctx.keys.pod(s.metric), s.metric[ctx.team.label] || '(none)']),
    );
  },
};
