/**
 * @module measure/step-expressions
 * The per-step PromQL of `hyperfleet measure --prometheus`: for each figure, the instant expression whose value at a
 * step end t_k stands for step k (a device's utilisation, a pod's utilisation on a device, "a low run of
 * `--idle-for` ends here", "… starts here", the energy counter's increase, the power, a pod's share, its device count,
 * its presence). The source sums them over the window in one of two ways, from these same expressions:
 *
 * - **exact**: a subquery `sum_over_time((expr)[W − Δ : Δ])` evaluated at `to` (Prometheus evaluates the expression at
 *   every step, over every series of the window: the cost);
 * - **recorded**: Prometheus already evaluated the expressions at every step as recording rules
 *   ({@link recordingRules}, shipped for the DCGM mapping as `mappings/dcgm-rules.yaml`), and the source sums the
 *   recorded samples with raw range functions `sum_over_time(hyperfleet:…[W])` — one sample per step and series.
 *
 * The recorded series carry the parameters they were made with (step, utilisation metric, idle threshold and
 * length) as labels, and a heartbeat series `hyperfleet:rules_evaluated` with one sample per evaluation, so the
 * source uses them only when they match the request and cover every step of the window.
 */
import { stringify } from 'yaml';
import type { MetricMapping, ScaledMetric } from './metric-mapping.js';

export interface StepExpressionParams {
  stepSec: number;
  idleBelowPct: number;
  /** Idle length, a multiple of the step. */
  idleForSec: number;
  /** `lookback`: plain selectors; `step`: the last sample within each step. Recording rules use `lookback`. */
  sampling: 'lookback' | 'step';
  /** Whether the GPU requests metric is there (without it a pod's share is an equal split of its device). */
  hasRequests: boolean;
  /** How far back the energy counter's previous sample may lie (s; at most an hour). */
  energyLookbackSec: number;
}

/** One per-step figure: its instant expression and the recorded series that holds it. */
export interface StepFigure {
  expr: string;
  record: string;
  /** Labels a recording rule adds: the parameters the expression depends on. */
  labels: Record<string, string>;
}

export interface StepFigures {
  /** Device label names, comma-separated (host, device, uuid, model). */
  D: string;
  /** u_d(t) in %, per device. */
  deviceUtil: StepFigure;
  /** u in % per (device, namespace, pod): present while the pod holds the device. */
  podUtil: StepFigure;
  /** 1 where a run of ≥ idle-for low, observed steps ends at t (per device and pod). */
  idleEnd: StepFigure;
  /** 1 where such a run starts (ends at t, not at t − Δ). */
  idleStart: StepFigure;
  /** Energy counter increase over the step, J (a decrease is a reset: the new value counts). */
  energyIncrease?: StepFigure;
  /** Power, W. */
  power?: StepFigure;
  /** A pod's share of each device it holds (milli), per (namespace, pod, model). */
  podShare: StepFigure;
  /** Devices a pod holds. */
  podDevices: StepFigure;
  /** The evaluation time, per (namespace, pod) present. */
  podSeen: StepFigure;
  /** Labels of the heartbeat `hyperfleet:rules_evaluated` for these parameters. */
  heartbeat: Record<string, string>;
}

export const RULES_HEARTBEAT = 'hyperfleet:rules_evaluated';

/** The per-step expressions of a mapping, with `util` as the utilisation metric. */
export function stepFigures(m: MetricMapping, util: ScaledMetric, p: StepExpressionParams): StepFigures {
  const S = p.stepSec;
  const L_ = m.labels;
  const last = sampleSelector(m, p);
  const D = [L_.host, L_.device, ...(L_.uuid ? [L_.uuid] : []), L_.model].join(', ');
  const ns = L_.namespace;
  const pod = L_.pod;
  const U = `(max by (${D}) (${last(util.metric)}) * ${util.scale})`;
  const PD = `group by (${D}, ${ns}, ${pod}) (${last(util.metric, [`${pod}!=""`])})`;
  const idle = idleRunExprs(m, util, p, D);
  const stepL = { hyperfleet_step: String(S) };
  const utilL = { ...stepL, hyperfleet_util: util.metric };
  const idleL = {
    ...utilL,
    hyperfleet_idle_below: String(p.idleBelowPct),
    hyperfleet_idle_for: String(p.idleForSec),
  };
  const fig = (record: string, expr: string, labels: Record<string, string>): StepFigure => ({
    record: `hyperfleet:${record}`,
    expr,
    labels,
  });
  const energy = energyIncreaseExpr(m, p, D, last);
  const power = m.power;
  return {
    D,
    deviceUtil: fig('device_util', U, utilL),
    podUtil: fig(
      'pod_device_util',
      `max by (${D}, ${ns}, ${pod}) (${last(util.metric, [`${pod}!=""`])}) * ${util.scale}`,
      utilL,
    ),
    idleEnd: fig('pod_idle_end', idle.end, idleL),
    idleStart: fig('pod_idle_start', idle.start, idleL),
    energyIncrease: energy ? fig('device_energy_increase_joules', energy, stepL) : undefined,
    power: power
      ? fig('device_power_watts', `(max by (${D}) (${last(power.metric)}) * ${power.scale})`, stepL)
      : undefined,
    podShare: fig(
      'pod_share_milli',
      `max by (${ns}, ${pod}, ${L_.model}) (${podShareExpr(m, p, D, PD, last)})`,
      utilL,
    ),
    podDevices: fig('pod_devices', `count by (${ns}, ${pod}) (${PD})`, utilL),
    podSeen: fig(
      'pod_seen_timestamp',
      `timestamp(group by (${ns}, ${pod}) (${util.metric}{${telemetryMatchers(m, [`${pod}!=""`])}}))`,
      utilL,
    ),
    heartbeat: idleL,
  };
}

/** The selector of the sample that stands for a step, of `metric` with `extra` matchers, `offsetSec` back. */
type SampleSelector = (metric: string, extra?: string[], offsetSec?: number) => string;

const offset = (o: number) => (o > 0 ? ` offset ${o}s` : '');

/**
 * The sample that stands for step k (ending at t_k): with `step` sampling the last one in (t_k − Δ, t_k]
 * (`last_over_time(m[Δ − 1 ms])`), so a series that ended does not linger for Prometheus' 5-minute lookback and a
 * step without a sample is unobserved; with `lookback`, the plain selector (the lookback and the staleness markers
 * live scraping writes decide).
 */
function sampleSelector(m: MetricMapping, p: StepExpressionParams): SampleSelector {
  const lb = `${p.stepSec * 1000 - 1}ms`;
  return (metric, extra = [], o = 0) =>
    p.sampling === 'step'
      ? `last_over_time(${metric}{${telemetryMatchers(m, extra)}}[${lb}]${offset(o)})`
      : `${metric}{${telemetryMatchers(m, extra)}}${offset(o)}`;
}

/**
 * A pod's share (milli) of each device it holds, per (device, namespace, pod): its GPU requests spread over the
 * devices it holds, else (no requests metric, or none for the pod) an equal split of the device among its pods.
 * `PD` is the (device, pod) presence.
 */
function podShareExpr(
  m: MetricMapping,
  p: StepExpressionParams,
  D: string,
  PD: string,
  last: SampleSelector,
) {
  const ns = m.labels.namespace;
  const pod = m.labels.pod;
  const EQUAL = `(${PD} * on(${D}) group_left() (1000 / count by (${D}) (${PD})))`;
  const req = p.hasRequests ? m.requests : undefined;
  if (!req) return EQUAL;
  const REQ = `sum by (${ns}, ${pod}) (${req.resources
    .map(
      (r) =>
        `${relabelPodLabels(last(req.metric, [`${req.resourceLabel}="${r.name}"`]), m.labels, req)} * ${r.milli}`,
    )
    .join(' or ')})`;
  return `((${PD} * on(${ns}, ${pod}) group_left() (${REQ} / on(${ns}, ${pod}) count by (${ns}, ${pod}) (${PD}))) or on(${D}, ${ns}, ${pod}) ${EQUAL})`;
}

/**
 * Idle, per telemetry series of a pod on a device (such a series exists only while the pod holds the device):
 * LOWEND(t) = each of the NL steps ending at t has a sample, all below the threshold (raw samples in (t − L, t], no
 * subquery). A run of n ≥ NL low steps has n − NL + 1 LOWEND steps and one start (LOWEND at t, not at t − Δ), so
 * its n idle steps = Σ LOWEND + (NL − 1) · Σ starts: two step sums, no nested windows.
 */
function idleRunExprs(m: MetricMapping, util: ScaledMetric, p: StepExpressionParams, D: string) {
  const { namespace: ns, pod } = m.labels;
  const SER = `${util.metric}{${telemetryMatchers(m, [`${pod}!=""`])}}`;
  const win = `[${p.idleForSec * 1000 - 1}ms]`;
  const thr = p.idleBelowPct / util.scale;
  const NL = p.idleForSec / p.stepSec;
  const LOWEND = (o = 0) =>
    `((max_over_time(${SER}${win}${offset(o)}) < ${thr}) and (count_over_time(${SER}${win}${offset(o)}) >= ${NL}))`;
  return {
    end: `sum by (${D}, ${ns}, ${pod}) (${LOWEND()} * 0 + 1)`,
    start: `sum by (${D}, ${ns}, ${pod}) ((${LOWEND()} unless ${LOWEND(p.stepSec)}) * 0 + 1)`,
  };
}

/**
 * The energy counter's increase over the step (J): the current value less the previous one (at most an hour
 * back); a decrease is a reset, and the new value counts.
 */
function energyIncreaseExpr(m: MetricMapping, p: StepExpressionParams, D: string, last: SampleSelector) {
  const energy = m.energy;
  if (!energy) return undefined;
  const CUR = `max by (${D}) (${last(energy.metric)})`;
  const lookback = Math.min(p.energyLookbackSec, 3600);
  const PREV = `max by (${D}) (last_over_time(${energy.metric}{${telemetryMatchers(m)}}[${lookback}s] offset ${p.stepSec}s))`;
  return `((((${CUR} - ${PREV}) >= 0) or (${CUR} < ${PREV})) * ${energy.scale})`;
}

/** The mapping's selector and `extra` matchers, comma-separated: the inside of a telemetry selector's braces. */
export function telemetryMatchers(m: Pick<MetricMapping, 'selector'>, extra: string[] = []): string {
  return [m.selector.trim(), ...extra].filter(Boolean).join(', ');
}

/**
 * `expr` with the namespace and pod labels of kube-state-metrics (`from`'s names) renamed to the telemetry's
 * (`to`), so that it joins with the telemetry on (namespace, pod).
 */
export function relabelPodLabels(
  expr: string,
  to: { namespace: string; pod: string },
  from: { namespaceLabel: string; podLabel: string },
): string {
  let e = expr;
  if (from.namespaceLabel !== to.namespace)
    e = `label_replace(${e}, "${to.namespace}", "$1", "${from.namespaceLabel}", "(.*)")`;
  if (from.podLabel !== to.pod) e = `label_replace(${e}, "${to.pod}", "$1", "${from.podLabel}", "(.*)")`;
  return e;
}

/** PromQL label matchers `{a="x", b="y"}` for recorded series. */
export function labelMatchers(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ')}}`;
}

/**
 * Prometheus recording rules that evaluate every per-step figure at scrape time, for each utilisation metric of the
 * mapping (evaluation interval = the accounting step). `hyperfleet measure` reads them instead of subqueries when
 * their parameters match (`--step`, `--idle-below`, `--idle-for`, default sampling) and they cover the window.
 */
export function recordingRules(
  m: MetricMapping,
  p: { stepSec: number; idleBelowPct: number; idleForSec: number },
): { groups: { name: string; interval: string; rules: Record<string, unknown>[] }[] } {
  const rules: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  const add = (f: StepFigure | undefined) => {
    if (!f) return;
    const key = `${f.record}${labelMatchers(f.labels)}`;
    if (seen.has(key)) return;
    seen.add(key);
    rules.push({ record: f.record, expr: f.expr, labels: f.labels });
  };
  for (const util of m.utilization) {
    const f = stepFigures(m, util, {
      ...p,
      sampling: 'lookback',
      hasRequests: m.requests !== undefined,
      energyLookbackSec: 3600,
    });
    rules.push({ record: RULES_HEARTBEAT, expr: 'vector(1)', labels: f.heartbeat });
    for (const x of [f.deviceUtil, f.podUtil, f.idleEnd, f.idleStart, f.podShare, f.podDevices, f.podSeen])
      add(x);
    add(f.energyIncrease);
    add(f.power);
  }
  return { groups: [{ name: `hyperfleet-measure-${m.name}`, interval: `${p.stepSec}s`, rules }] };
}

/** {@link recordingRules} as the YAML Prometheus loads (`rule_files`) and promtool backfills. */
export function recordingRulesYaml(
  m: MetricMapping,
  p: { stepSec: number; idleBelowPct: number; idleForSec: number },
): string {
  return stringify(recordingRules(m, p), { lineWidth: 0, aliasDuplicateObjects: false });
}
