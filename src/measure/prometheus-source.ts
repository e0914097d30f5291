/**
 * @module measure/prometheus-source
 * Telemetry from the Prometheus HTTP API with the DCGM exporter's (or another exporter's, see the mapping) metric
 * and label names. Every figure is aggregated in PromQL on the server: each per-step figure (step-expressions.ts)
 * is summed over the window — from the recorded series of the recording rules where they cover the window (raw
 * range functions, one sample per step), else by subqueries at the accounting step over chunks of the window —
 * and returns one number per device (or per pod on a device, or per pod). Node receives O(devices + pods) numbers
 * whatever the window length and never pulls samples.
 *
 * Sampling (`--sampling step`): the value of step k (ending at t_k = from + kΔ) is the last sample in
 * (t_k − Δ, t_k] (`last_over_time(m[Δ − 1 ms])`), so a series that ended does not linger for Prometheus' 5-minute
 * lookback, and a step without a sample is unobserved. Subqueries `[Wc − Δ : Δ]` evaluated at a chunk's end visit
 * its steps exactly (from, to, the chunks and the idle length are multiples of Δ).
 */
import { ErrorCode, InputError } from '../errors/index.js';
import { acceleratorFor, type MetricMapping, type ScaledMetric } from './metric-mapping.js';
import { PrometheusClient, pool, type MatrixSeries, type VectorSample } from './prometheus-client.js';
import { labelMatchers, RULES_HEARTBEAT, stepFigures, type StepFigure } from './step-expressions.js';
import type {
  CollectParams,
  Collected,
  DeviceObs,
  PodObs,
  TeamDeviceObs,
  TelemetrySource,
} from './telemetry-source.js';

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

/** kube-state-metrics' name for a pod label: `label_` + the name with invalid characters as `_`. */
export function kubeLabelName(label: string): string {
  return label.startsWith('label_') ? label : `label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

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
    const { mapping: m } = this.o;
    const S = p.stepSec;
    const from = Math.floor(this.o.fromSec / S) * S;
    const to = Math.ceil(this.o.toSec / S) * S;
    const W = to - from;
    const N = W / S;
    const L = p.idleForSec;
    const NL = L / S;
    const client = this.client;
    const assumptions: string[] = [];
    const progressTotal = 20;
    let done = 0;
    const tick = (detail: string) => p.onProgress?.(++done, progressTotal, detail);

    // --- Preflight: reachability, metric names, labels, non-empty window.
    const allNames = await client.metricNames();
    tick('metric names');
    const util = m.utilization.find((u) => allNames.has(u.metric));
    if (!util) {
      throw new InputError(ErrorCode.InvalidField, {
        file: this.o.mappingFile,
        field: 'utilization',
        message: `metric missing: Prometheus at ${client.base} has no series named ${m.utilization.map((u) => u.metric).join(' or ')}`,
        expected: 'the exporter scraped by this Prometheus, or a --mapping naming its metrics',
      });
    }
    const L_ = m.labels;
    const sel = m.selector.trim();
    const matchers = (extra: string[]) => [sel, ...extra].filter(Boolean).join(', ');
    const stepSampling = this.o.sampling === 'step';
    // Per-pod figures change slowly: they are read at a coarse resolution C (≈ 1000 points per window) or from
    // the raw samples, so they cost little next to the per-step device and team sums.
    const C = Math.max(S, Math.ceil(W / 1000 / S) * S);
    const raw = (metric: string, extra: string[] = []) => `${metric}{${matchers(extra)}}[${W}s]`;
    const whole = (metric: string, extra: string[] = []) =>
      `last_over_time(${metric}{${matchers(extra)}}[${W}s])`;
    // The window and the labels are checked on the series index (no samples read): the series of the window.
    const checked = [...new Set([L_.host, L_.device, L_.model, L_.pod])];
    const [combos, windowNames] = await Promise.all([
      client.series(`${util.metric}{${matchers([])}}`, from + 0.001, to),
      client.metricNames(from, to),
    ]);
    const present = combos.length;
    tick('window check');
    const emptyWindow = () =>
      new InputError(ErrorCode.InvalidField, {
        field: '--from/--to',
        message:
          `empty window: no samples of ${util.metric}${sel ? `{${sel}}` : ''} between ` +
          `${new Date(from * 1000).toISOString()} and ${new Date(to * 1000).toISOString()} at ${client.base}`,
        expected: 'a window in which the exporter was scraped',
      });
    // The index knows series by 2-hour chunks: a window inside a chunk may still hold no sample (checked below).
    if (present === 0) throw emptyWindow();
    const missingLabels = checked.filter((label) => !combos.some((c) => (c[label] ?? '') !== ''));
    tick('labels');
    if (missingLabels.length > 0) {
      throw new InputError(ErrorCode.InvalidField, {
        file: this.o.mappingFile,
        field: 'labels',
        message:
          `labels missing: no series of ${util.metric} carries ${missingLabels.join(', ')} in the window` +
          (missingLabels.includes(L_.pod)
            ? ' (the pod label needs the exporter in Kubernetes mode, e.g. dcgm-exporter with DCGM_EXPORTER_KUBERNETES=true)'
            : ''),
        expected:
          'the mapping’s label names (labels.host, labels.device, labels.model, labels.pod) on the series',
      });
    }
    const has = (s: ScaledMetric | undefined) => s !== undefined && windowNames.has(s.metric);

    // --- Per-step figures (one definition, see step-expressions.ts), summed over the window either by subqueries
    // or, where recording rules evaluated them at every step, from the recorded samples.
    const ns = L_.namespace;
    const pod = L_.pod;
    const relabel = (expr: string, fromNs: string, fromPod: string) => {
      let e = expr;
      if (fromNs !== ns) e = `label_replace(${e}, "${ns}", "$1", "${fromNs}", "(.*)")`;
      if (fromPod !== pod) e = `label_replace(${e}, "${pod}", "$1", "${fromPod}", "(.*)")`;
      return e;
    };
    const req = m.requests && allNames.has(m.requests.metric) ? m.requests : undefined;
    if (!req) {
      assumptions.push(
        `No GPU requests from kube-state-metrics (${m.requests?.metric ?? 'not mapped'}): a device with pods counts as fully allocated, shared equally among its pods.`,
      );
    }
    const teamFromNamespace = this.o.teamLabel === 'namespace' || this.o.teamLabel === ns;
    const kpl = m.podLabels;
    const TL = teamFromNamespace ? ns : kubeLabelName(this.o.teamLabel);
    if (!teamFromNamespace && !(kpl && allNames.has(kpl.metric))) {
      throw new InputError(ErrorCode.InvalidOption, {
        field: '--team-label',
        message: `team label "${this.o.teamLabel}" is read from ${kpl?.metric ?? 'kube_pod_labels'}, which Prometheus at ${client.base} does not have`,
        expected: 'namespace, or kube-state-metrics exporting pod labels (--metric-labels-allowlist)',
      });
    }
    const energy = has(m.energy) ? m.energy : undefined;
    const power = has(m.power) ? m.power : undefined;
    const mem = has(m.memoryUsed) ? m.memoryUsed : undefined;
    const F = stepFigures({ ...m, energy, power }, util, {
      stepSec: S,
      idleBelowPct: p.idleBelowPct,
      idleForSec: L,
      sampling: stepSampling ? 'step' : 'lookback',
      hasRequests: req !== undefined,
      energyLookbackSec: W,
    });
    // Recorded: the rules' heartbeat has a sample at every step of the window, with the same parameters. Rules
    // run at a phase φ ∈ [0, Δ) of the step (Prometheus offsets each group by a hash of its name and file):
    // the evaluation at t_k + φ stands for step k, so the recorded sums are read at to + φ over (from + φ, to + φ].
    const Wr = `[${W * 1000 - 1}ms]`;
    let recorded = false;
    let phase = 0;
    if (!stepSampling && allNames.has(RULES_HEARTBEAT)) {
      const hb = `${RULES_HEARTBEAT}${labelMatchers(F.heartbeat)}`;
      const evals = await client.queryMatrix(`${hb}[${S * 1000 - 1}ms]`, to + S - 0.001, 'rules phase');
      const e = evals.length === 1 ? evals[0].values.at(-1)?.[0] : undefined;
      if (e !== undefined && e >= to && e < to + S) {
        phase = Math.round((e - to) * 1000) / 1000;
        const beats = await client.query(`count_over_time(${hb}${Wr})`, to + phase, 'recorded steps');
        recorded = beats.length === 1 && beats[0].value === N;
      }
    }
    const at = recorded ? to + phase : to;
    if (recorded)
      assumptions.push(
        `Per-step figures read from the recording rules (${RULES_HEARTBEAT} and hyperfleet:*, step ${S} s, evaluated ${phase} s into each step), which covered every step of the window.`,
      );
    tick('recording rules');
    const debug = process.env.HYPERFLEET_DEBUG_QUERIES === '1';
    const run = async (expr: string, what: string, time: number) => {
      const t0 = performance.now();
      const r = await client.query(expr, time, what);
      if (debug)
        process.stderr.write(
          `query ${what}: ${((performance.now() - t0) / 1000).toFixed(2)} s, ${expr.length} chars\n`,
        );
      return r;
    };
    const q =
      (expr: string, what: string, time = at) =>
      async () => {
        const r = await run(expr, what, time);
        tick(what);
        return r;
      };
    // Exact: the subqueries run over chunks of the window of at most a day (at least two chunks), one after the
    // other, and their results are added up (sums, counts) or combined (max, min) per series. The figures are the
    // same — every step lies in exactly one chunk and the expressions read raw samples before a chunk's start as
    // they would without chunks — but Prometheus evaluates each chunk over the series present in it only, and
    // holds one chunk's points at a time (three times faster for a week of 1,000 GPUs with daily pod churn).
    const CH = Math.max(1, Math.ceil(Math.min(86400, W / 2) / S)) * S;
    const chunks: [number, number][] = [];
    for (let a = from; a < to; a += CH) chunks.push([a, Math.min(to, a + CH)]);
    if (chunks.length > 1 && chunks[chunks.length - 1][1] - chunks[chunks.length - 1][0] < 2 * S)
      chunks[chunks.length - 2][1] = chunks.pop()![1];
    type Over = 'sum' | 'count' | 'max' | 'min';
    const seriesKey = (metric: Record<string, string>) =>
      JSON.stringify(Object.entries(metric).sort(([a], [b]) => a.localeCompare(b)));
    const combine = (fn: Over, parts: VectorSample[][]) => {
      const out = new Map<string, VectorSample>();
      for (const part of parts)
        for (const x of part) {
          const k = seriesKey(x.metric);
          const e = out.get(k);
          if (!e) out.set(k, { metric: x.metric, value: x.value });
          else
            e.value =
              fn === 'max'
                ? Math.max(e.value, x.value)
                : fn === 'min'
                  ? Math.min(e.value, x.value)
                  : e.value + x.value;
        }
      return [...out.values()];
    };
    /** Σ (or count, max, min) over the window of a per-step figure, `wrap`ped in an aggregation by pod. */
    const over =
      (
        fn: Over,
        f: StepFigure,
        what: string,
        opts: { wrap?: (e: string) => string; coarse?: boolean } = {},
      ) =>
      async () => {
        const wrap = opts.wrap ?? ((e: string) => e);
        if (recorded) return q(wrap(`${fn}_over_time(${f.record}${labelMatchers(f.labels)}${Wr})`), what)();
        const parts: VectorSample[][] = [];
        for (const [a, e] of chunks) {
          const range = opts.coarse ? `[${e - a}s:${C}s]` : `[${e - a - S}s:${S}s]`;
          parts.push(await run(wrap(`${fn}_over_time((${f.expr})${range})`), `${what} (to ${e})`, e));
        }
        tick(what);
        return combine(fn, parts);
      };
    const none = async () => [] as VectorSample[];

    // Heat map: mean utilisation per bucket of B = ⌈W / columns⌉ (a multiple of Δ).
    const B = Math.max(1, Math.ceil(W / p.heatColumns / S)) * S;
    let heat: MatrixSeries[] = [];
    const tasks = {
      heat: async () => {
        const expr = recorded
          ? `avg_over_time(${F.deviceUtil.record}${labelMatchers(F.deviceUtil.labels)}[${B * 1000 - 1}ms])`
          : B === S
            ? F.deviceUtil.expr
            : `avg_over_time(${F.deviceUtil.expr}[${B - S}s:${S}s])`;
        // Columns 1 … W/B end at from + cB; the subqueries run a chunk of columns at a time, as the sums above.
        const columns = Math.floor(W / B);
        const per = recorded ? columns : Math.max(1, Math.floor(CH / B));
        const bySeries = new Map<string, MatrixSeries>();
        for (let c0 = 1; c0 <= columns; c0 += per) {
          const c1 = Math.min(columns, c0 + per - 1);
          const part = await client.queryRange(
            expr,
            from + c0 * B + (at - to),
            from + c1 * B + (at - to),
            B,
            'heat map',
          );
          for (const x of part) {
            const k = seriesKey(x.metric);
            const e = bySeries.get(k);
            if (e) e.values.push(...x.values);
            else bySeries.set(k, { metric: x.metric, values: [...x.values] });
          }
        }
        heat = [...bySeries.values()];
        tick('heat map');
        return [] as VectorSample[];
      },
      observed: over('count', F.deviceUtil, 'observed steps'),
      util: over('sum', F.deviceUtil, 'busy'),
      // Per pod on a device: steps held and Σ u over them; charged by the pod's share (read coarsely, below).
      podSteps: over('count', F.podUtil, 'pod steps'),
      podBusy: over('sum', F.podUtil, 'pod busy'),
      idleLow: over('sum', F.idleEnd, 'idle steps'),
      idleStarts: over('sum', F.idleStart, 'idle runs'),
      counter: F.energyIncrease ? over('sum', F.energyIncrease, 'energy counter') : none,
      powerSum: F.power ? over('sum', F.power, 'power') : none,
      powerCount: F.power ? over('count', F.power, 'power steps') : none,
      podPctile: q(
        `max by (${ns}, ${pod}) (quantile_over_time(${p.percentile}, ${raw(util.metric, [`${pod}!=""`])})) * ${util.scale}`,
        'pod percentile',
        to,
      ),
      podFirst: over('min', F.podSeen, 'pod first', {
        coarse: true,
        wrap: (e) => `min by (${ns}, ${pod}) (${e})`,
      }),
      podLast: over('max', F.podSeen, 'pod last', {
        coarse: true,
        wrap: (e) => `max by (${ns}, ${pod}) (${e})`,
      }),
      podMem: mem
        ? q(
            `max by (${ns}, ${pod}) (max_over_time(${raw(mem.metric, [`${pod}!=""`])})) * ${mem.scale}`,
            'pod memory',
            to,
          )
        : none,
      podShare: over('max', F.podShare, 'pod share', {
        coarse: true,
        wrap: (e) => `max by (${ns}, ${pod}, ${L_.model}) (${e})`,
      }),
      podDevices: over('max', F.podDevices, 'pod devices', {
        coarse: true,
        wrap: (e) => `max by (${ns}, ${pod}) (${e})`,
      }),
      podTeam: teamFromNamespace
        ? none
        : q(
            `group by (${ns}, ${pod}, ${TL}) (${relabel(whole(kpl!.metric), kpl!.namespaceLabel, kpl!.podLabel)})`,
            'pod teams',
            to,
          ),
    };
    const names = Object.keys(tasks) as (keyof typeof tasks)[];
    const results = await pool(
      names.map((k) => tasks[k]),
      this.o.concurrency ?? 2,
    );
    const r = Object.fromEntries(names.map((k, i) => [k, results[i]])) as Record<
      keyof typeof tasks,
      VectorSample[]
    >;

    // --- Assemble per device.
    const devKey = (metric: Record<string, string>) =>
      [L_.host, L_.device, L_.uuid ?? '', L_.model].map((l) => (l ? (metric[l] ?? '') : '')).join('\u0000');
    const byDev = (samples: VectorSample[]) => new Map(samples.map((s) => [devKey(s.metric), s.value]));
    const utilS = byDev(r.util);
    // A device's allocated sum is its teams' (team shares are normalised to the device's allocation); idle
    // steps come per pod series and are weighted by the pod's share.
    const podKeyOf = (metric: Record<string, string>) => `${metric[ns] ?? ''}/${metric[pod] ?? ''}`;
    const shareOf = new Map(r.podShare.map((s) => [podKeyOf(s.metric), s.value]));
    const teamByPodLabel = new Map(r.podTeam.map((s) => [podKeyOf(s.metric), s.metric[TL] || '(none)']));
    const teamOfPod = (metric: Record<string, string>) =>
      teamFromNamespace ? metric[ns] || '(none)' : (teamByPodLabel.get(podKeyOf(metric)) ?? '(none)');
    // Allocation per (device, team): Σ over its pods of steps × share. Where the shares on a device add up to
    // more than the device over the window, they are scaled down to it (a device is allocated at most once).
    const observedByDev = byDev(r.observed);
    const podBusy = new Map(
      r.podBusy.map((s) => [`${devKey(s.metric)}\u0001${podKeyOf(s.metric)}`, s.value]),
    );
    const teamAllocMap = new Map<string, { alloc: number; busy: number }>();
    const alloc = new Map<string, number>();
    for (const s of r.podSteps) {
      const k = devKey(s.metric);
      const share = Math.min(1000, shareOf.get(podKeyOf(s.metric)) ?? 1000);
      const tk = `${k}\u0001${teamOfPod(s.metric)}`;
      const e = teamAllocMap.get(tk) ?? { alloc: 0, busy: 0 };
      e.alloc += s.value * share;
      e.busy += (podBusy.get(`${k}\u0001${podKeyOf(s.metric)}`) ?? 0) * share;
      teamAllocMap.set(tk, e);
      alloc.set(k, (alloc.get(k) ?? 0) + s.value * share);
    }
    const scaleOf = new Map<string, number>();
    for (const [k, a] of alloc) {
      const cap = 1000 * (observedByDev.get(k) ?? 0);
      scaleOf.set(k, a > cap && a > 0 ? cap / a : 1);
      alloc.set(k, Math.min(a, cap));
    }
    const starts = new Map(
      r.idleStarts.map((s) => [`${devKey(s.metric)}\u0001${podKeyOf(s.metric)}`, s.value]),
    );
    const idle = new Map<string, number>();
    const idleByTeam = new Map<string, number>();
    for (const s of r.idleLow) {
      const k = devKey(s.metric);
      const steps = s.value + (NL - 1) * (starts.get(`${k}\u0001${podKeyOf(s.metric)}`) ?? 0);
      const milliSteps = steps * Math.min(1000, shareOf.get(podKeyOf(s.metric)) ?? 1000);
      idle.set(k, (idle.get(k) ?? 0) + milliSteps);
      const tk = `${k}\u0001${teamOfPod(s.metric)}`;
      idleByTeam.set(tk, (idleByTeam.get(tk) ?? 0) + milliSteps);
    }
    const counter = byDev(r.counter);
    const powerSum = byDev(r.powerSum);
    const powerCount = byDev(r.powerCount);
    const idOf = new Map<string, string>();
    const devices: DeviceObs[] = [];
    const hosts: Collected['hosts'] = {};
    const accelerators: Record<string, string> = {};
    const unknownModels = new Set<string>();
    for (const s of r.observed) {
      const key = devKey(s.metric);
      const host = s.metric[L_.host] ?? '';
      const model = s.metric[L_.model] ?? '';
      const id = `${host}/${s.metric[L_.device] ?? ''}`;
      idOf.set(key, id);
      const acc = acceleratorFor(m, model);
      if (acc) accelerators[model] = acc;
      else unknownModels.add(model);
      (hosts[host] ??= { model, devices: 0 }).devices++;
      const c = counter.get(key);
      devices.push({
        id,
        host,
        model,
        observedSteps: s.value,
        utilPctSteps: utilS.get(key) ?? 0,
        allocMilliSteps: alloc.get(key) ?? 0,
        idleMilliSteps: idle.get(key) ?? 0,
        energy:
          c !== undefined
            ? { source: 'counter', joules: c, coveredSteps: N, uncoveredSteps: 0, uncoveredUtilPctSteps: 0 }
            : {
                source: powerCount.has(key) ? 'power' : 'model',
                joules: (powerSum.get(key) ?? 0) * S,
                coveredSteps: powerCount.get(key) ?? 0,
                // Observed steps without power: their count, and their utilisation pro rata (exact when the power
                // gauge is scraped with the utilisation, as from one exporter).
                uncoveredSteps: Math.max(0, s.value - (powerCount.get(key) ?? 0)),
                uncoveredUtilPctSteps:
                  s.value > 0
                    ? ((utilS.get(key) ?? 0) * Math.max(0, s.value - (powerCount.get(key) ?? 0))) / s.value
                    : 0,
              },
      });
    }
    if (devices.every((d) => d.observedSteps === 0)) throw emptyWindow();
    if (unknownModels.size > 0) {
      throw new InputError(ErrorCode.UnknownGpuType, {
        file: this.o.mappingFile,
        field: 'models',
        message: `no accelerator catalog id for model label ${[...unknownModels].map((x) => JSON.stringify(x)).join(', ')}`,
        expected:
          'a `models` entry { match: REGEX, accelerator: CATALOG_ID } in the mapping (hyperfleet catalog lists the ids)',
      });
    }
    devices.sort(
      (a, b) => a.model.localeCompare(b.model) || a.id.localeCompare(b.id, 'en', { numeric: true }),
    );

    const teamDevices: TeamDeviceObs[] = [];
    for (const [tk, e] of teamAllocMap) {
      const [k, team] = tk.split('\u0001');
      if (!idOf.has(k)) continue;
      const f = scaleOf.get(k) ?? 1;
      teamDevices.push({
        device: idOf.get(k)!,
        team,
        allocMilliSteps: e.alloc * f,
        busyMilliPctSteps: e.busy * f,
        idleMilliSteps: (idleByTeam.get(tk) ?? 0) * f,
      });
    }

    // --- Pods.
    const podKey = (metric: Record<string, string>) => `${metric[ns] ?? ''}/${metric[pod] ?? ''}`;
    const podMap = (samples: VectorSample[]) => new Map(samples.map((s) => [podKey(s.metric), s.value]));
    const pct = podMap(r.podPctile);
    // Mean utilisation of a pod: Σ u / steps held, on its busiest device (from the per-step sums above).
    const mean = new Map<string, number>();
    for (const s of r.podSteps) {
      const k = podKey(s.metric);
      const b = podBusy.get(`${devKey(s.metric)}\u0001${k}`) ?? 0;
      if (s.value > 0) mean.set(k, Math.max(mean.get(k) ?? 0, b / s.value));
    }
    const first = podMap(r.podFirst);
    const lastT = podMap(r.podLast);
    const memP = podMap(r.podMem);
    const devs = podMap(r.podDevices);
    const teamByPod = new Map(r.podTeam.map((s) => [podKey(s.metric), s.metric[TL] || '(none)']));
    const seen = new Set<string>();
    const pods: PodObs[] = [];
    for (const s of r.podShare) {
      const k = podKey(s.metric);
      if (seen.has(k)) continue;
      seen.add(k);
      pods.push({
        pod: k,
        team: teamFromNamespace ? s.metric[ns] || '(none)' : (teamByPod.get(k) ?? '(none)'),
        model: s.metric[L_.model] ?? '',
        gpuCount: devs.get(k) ?? 1,
        gpuMilli: Math.round(s.value),
        peakMemoryMiB: memP.has(k) ? memP.get(k)! : null,
        utilisationPctile: pct.get(k) ?? 0,
        meanUtilisationPct: mean.get(k) ?? 0,
        firstSec: Math.max(0, (first.get(k) ?? at) - (at - to) - from - S),
        lastSec: (lastT.get(k) ?? at) - (at - to) - from,
      });
    }
    pods.sort((a, b) => a.pod.localeCompare(b.pod));

    // --- Heat map rows.
    const heatRows = heat
      .filter((h) => idOf.has(devKey(h.metric)))
      .map((h) => ({ id: idOf.get(devKey(h.metric))!, model: h.metric[L_.model] ?? '', values: h.values }))
      .sort((a, b) => a.model.localeCompare(b.model) || a.id.localeCompare(b.id, 'en', { numeric: true }));
    const columns = Math.floor(W / B);
    const shown = heatRows.slice(0, p.heatMaxRows);
    const values = shown.map((row) => {
      const out: (number | null)[] = new Array(columns).fill(null);
      for (const [t, v] of row.values) {
        const c = Math.round((t - (at - to) - from) / B) - 1;
        if (c >= 0 && c < columns) out[c] = v;
      }
      return out;
    });

    assumptions.push(
      `Prometheus at ${client.base}, mapping ${m.name} (${this.o.mappingFile}); utilisation from ${util.metric}` +
        (util.scale !== 1 ? ` × ${util.scale}` : '') +
        `; step ${S} s (the last sample in each step stands for it; steps without one are unobserved).`,
    );
    if (energy)
      assumptions.push(
        `Energy from the counter ${energy.metric} (per-step increases, a decrease is a counter reset) where present.`,
      );
    if (power)
      assumptions.push(
        `Energy from the power gauge ${power.metric} × step where no counter; unobserved steps at idle power.`,
      );

    return {
      fromSec: from,
      toSec: to,
      stepSec: S,
      devices,
      teamDevices,
      pods,
      heatMap: {
        bucketSec: B,
        rows: shown.map((x) => x.id),
        values,
        omitted: heatRows.length - shown.length,
      },
      accelerators,
      hosts,
      assumptions,
      extra: { utilisationMetric: util.metric },
    };
  }
}
