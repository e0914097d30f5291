/**
 * @module measure/prometheus-source
 * Telemetry from the Prometheus HTTP API with the DCGM exporter's (or another exporter's, see the mapping) metric
 * and label names. Every figure is aggregated in PromQL on the server: each per-step figure (step-expressions.ts)
 * is summed over the window — from the recorded series of the recording rules where they cover the window
 * (prometheus-recorded.ts), else by subqueries at the accounting step over chunks of the window
 * (prometheus-window-sum.ts) — and returns one number per device (or per pod on a device, or per pod). Node
 * receives O(devices + pods) numbers whatever the window length and never pulls samples.
 *
 * A measurement: the window in whole steps (prometheus-window.ts), the checks (prometheus-preflight.ts), one query
 * plan per figure (prometheus-plans.ts) run by the executor (prometheus-executor.ts) into readings, and the result
 * assembled from them per device (prometheus-devices.ts), per pod (prometheus-pods.ts) and for the heat map.
 */
import { ErrorCode, InputError } from '../errors/index.js';
import type { MetricMapping, ScaledMetric } from './metric-mapping.js';
import { PrometheusClient } from './prometheus-client.js';
import { deviceFigures } from './prometheus-devices.js';
import { runPlans } from './prometheus-executor.js';
import { heatMapOf } from './prometheus-heat-map.js';
import type { PlanContext } from './prometheus-plan.js';
import { PROMETHEUS_PLANS } from './prometheus-plans.js';
import { podFigures } from './prometheus-pods.js';
import { emptyWindowError, preflight, type Preflight } from './prometheus-preflight.js';
import { SeriesKeys } from './prometheus-readings.js';
import { findRecordedSeries } from './prometheus-recorded.js';
import { queryWindow, type QueryWindow } from './prometheus-window.js';
import { RULES_HEARTBEAT, stepFigures } from './step-expressions.js';
import type { CollectParams, Collected, TelemetrySource } from './telemetry-source.js';

export { kubeLabelName } from './prometheus-team.js';

export interface PrometheusSourceOptions {
  url: string;
  fromSec: number;
  toSec: number;
  mapping: MetricMapping;
  mappingFile: string;
  /** `namespace` (the telemetry's namespace label) or a Kubernetes pod label read from kube_pod_labels. */
  teamLabel: string;
  timeoutMs?: number;
  /**
   * `lookback` (default): plain selectors, Prometheus' lookback and staleness markers decide which sample stands
   * for a step (what live scraping writes); `step`: the last sample within the step, exact on data without
   * staleness markers (backfilled blocks) at some extra query cost. Only `lookback` reads recorded series.
   */
  sampling?: 'lookback' | 'step';
  /** Queries in flight at once (default 2). */
  concurrency?: number;
}

/** Progress ticks before the plans: metric names, window check, labels (preflight) and recording rules. */
const PREFLIGHT_TICKS = 4;

export class PrometheusSource implements TelemetrySource {
  readonly description: string;
  readonly teamLabel: string;
  private readonly client: PrometheusClient;

  constructor(private readonly o: PrometheusSourceOptions) {
    this.client = new PrometheusClient(o.url, o.timeoutMs);
    this.description = `prometheus ${this.client.base}`;
    this.teamLabel = o.teamLabel;
  }

  async collect(p: CollectParams): Promise<Collected> {
    const { mapping, mappingFile } = this.o;
    const window = queryWindow(this.o.fromSec, this.o.toSec, p);
    let done = 0;
    const total = PREFLIGHT_TICKS + PROMETHEUS_PLANS.length;
    const tick = (detail: string) => p.onProgress?.(++done, total, detail);
    const checked = await preflight(this.client, {
      mapping,
      mappingFile,
      teamLabel: this.o.teamLabel,
      window,
      tick,
    });
    const ctx = await this.planContext(p, window, checked);
    tick('recording rules');
    const readings = await runPlans(this.client, PROMETHEUS_PLANS, ctx, {
      concurrency: this.o.concurrency ?? 2,
      tick,
      debug: process.env.HYPERFLEET_DEBUG_QUERIES === '1',
    });
    const d = deviceFigures(readings, ctx);
    if (d.devices.every((x) => x.observedSteps === 0))
      throw emptyWindowError(this.client, mapping, checked.util, window);
    if (d.unknownModels.size > 0) throw unknownModelsError(mappingFile, d.unknownModels);
    return {
      fromSec: window.fromSec,
      toSec: window.toSec,
      stepSec: window.stepSec,
      devices: d.devices,
      teamDevices: d.teamDevices,
      pods: podFigures(readings, ctx),
      heatMap: heatMapOf(readings, d.idOf, ctx, p.heatMaxRows),
      accelerators: d.accelerators,
      hosts: d.hosts,
      assumptions: this.assumptions(ctx, checked),
      extra: { utilisationMetric: checked.util.metric },
    };
  }

  /** The per-step expressions for the metrics present, and whether recorded series cover the window. */
  private async planContext(p: CollectParams, window: QueryWindow, checked: Preflight): Promise<PlanContext> {
    const m = this.o.mapping;
    const present = (s: ScaledMetric | undefined) => (s && checked.windowNames.has(s.metric) ? s : undefined);
    const sampling = this.o.sampling === 'step' ? 'step' : 'lookback';
    const figures = stepFigures({ ...m, energy: present(m.energy), power: present(m.power) }, checked.util, {
      stepSec: window.stepSec,
      idleBelowPct: p.idleBelowPct,
      idleForSec: p.idleForSec,
      sampling,
      hasRequests: hasRequests(m, checked),
      energyLookbackSec: window.lengthSec,
    });
    const recorded = await findRecordedSeries(this.client, figures, window, {
      metricNames: checked.allNames,
      sampling,
    });
    return {
      window,
      mapping: m,
      util: checked.util,
      memory: present(m.memoryUsed),
      figures,
      recorded,
      team: checked.team,
      percentile: p.percentile,
      keys: new SeriesKeys(m.labels),
    };
  }

  /** What the figures assume, for the report. */
  private assumptions(ctx: PlanContext, checked: Preflight): string[] {
    const { mapping: m, util, figures } = ctx;
    const out: string[] = [];
    if (!hasRequests(m, checked))
      out.push(
        `No GPU requests from kube-state-metrics (${m.requests?.metric ?? 'not mapped'}): a device with pods counts as fully allocated, shared equally among its pods.`,
      );
    if (ctx.recorded.used)
      out.push(
        `Per-step figures read from the recording rules (${RULES_HEARTBEAT} and hyperfleet:*, step ${ctx.window.stepSec} s, evaluated ${ctx.recorded.phaseSec} s into each step), which covered every step of the window.`,
      );
    out.push(
      `Prometheus at ${this.client.base}, mapping ${m.name} (${this.o.mappingFile}); utilisation from ${util.metric}` +
        (util.scale !== 1 ? ` × ${util.scale}` : '') +
        `; step ${ctx.window.stepSec} s (the last sample in each step stands for it; steps without one are unobserved).`,
    );
    if (figures.energyIncrease)
      out.push(
        `Energy from the counter ${m.energy!.metric} (per-step increases, a decrease is a counter reset) where present.`,
      );
    if (figures.power)
      out.push(
        `Energy from the power gauge ${m.power!.metric} × step where no counter; unobserved steps at idle power.`,
      );
    return out;
  }
}

/** Whether kube-state-metrics' GPU requests are there (else a pod's share is an equal split of its device). */
function hasRequests(m: MetricMapping, checked: Preflight): boolean {
  return m.requests !== undefined && checked.allNames.has(m.requests.metric);
}

function unknownModelsError(mappingFile: string, models: ReadonlySet<string>): InputError {
  return new InputError(ErrorCode.UnknownGpuType, {
    file: mappingFile,
    field: 'models',
    message: `no accelerator catalog id for model label ${[...models].map((x) => JSON.stringify(x)).join(', ')}`,
    expected:
      'a `models` entry { match: REGEX, accelerator: CATALOG_ID } in the mapping (hyperfleet catalog lists the ids)',
  });
}
