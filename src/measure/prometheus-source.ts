/**
 * @module measure/prometheus-source
 * Telemetry from the Prometheus HTTP API with the DCGM exporter's (or another exporter's, see the mapping) metric
 * and label names. Every figure is aggregated in PromQL on the server: one instant query per figure evaluates a
 * subquery over the whole window at the accounting step and returns one number per device (or per device and
 * team, or per pod). Node receives O(devices + pods) numbers whatever the window length and never pulls samples.
 *
 * Sampling: the value of step k (ending at t_k = from + kΔ) is the last sample in (t_k − Δ, t_k]
 * (`last_over_time(m[Δ − 1 ms])`), so a series that ended does not linger for Prometheus' 5-minute lookback,
 * and a step without a sample is unobserved. Subqueries `[W − Δ : Δ]` evaluated at `to` visit t_1 … t_N exactly
 * (from, to and the idle length are rounded to multiples of Δ).
 */
import { ErrorCode, InputError } from '../errors.js';
import { acceleratorFor, type MetricMapping, type ScaledMetric } from './metric-mapping.js';
import { PrometheusClient, pool, type VectorSample } from './prometheus-client.js';
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
   * staleness markers (backfilled blocks) at some extra query cost.
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
    const lb = `${S * 1000 - 1}ms`;
    const off = (o: number) => (o > 0 ? ` offset ${o}s` : '');
    const stepSampling = this.o.sampling === 'step';
    const last = (metric: string, extra: string[] = [], o = 0) =>
      stepSampling
        ? `last_over_time(${metric}{${matchers(extra)}}[${lb}]${off(o)})`
        : `${metric}{${matchers(extra)}}${off(o)}`;
    // Per-pod figures change slowly: they are read at a coarse resolution C (≈ 1000 points per window) or from
    // the raw samples, so they cost little next to the per-step device and team sums.
    const C = Math.max(S, Math.ceil(W / 1000 / S) * S);
    const RC = `[${W}s:${C}s]`;
    const raw = (metric: string, extra: string[] = []) => `${metric}{${matchers(extra)}}[${W}s]`;
    const whole = (metric: string, extra: string[] = []) =>
      `last_over_time(${metric}{${matchers(extra)}}[${W}s])`;
    const count = async (expr: string, what: string) => {
      const r = await client.query(`count(${expr})`, to, what);
      return r.length ? r[0].value : 0;
    };

    const present = await count(whole(util.metric), 'window check');
    tick('window check');
    if (present === 0) {
      throw new InputError(ErrorCode.InvalidField, {
        field: '--from/--to',
        message:
          `empty window: no samples of ${util.metric}${sel ? `{${sel}}` : ''} between ` +
          `${new Date(from * 1000).toISOString()} and ${new Date(to * 1000).toISOString()} at ${client.base}`,
        expected: 'a window in which the exporter was scraped',
      });
    }
    const required: [string, string][] = [
      ['host', L_.host],
      ['device', L_.device],
      ['model', L_.model],
    ];
    const missingLabels: string[] = [];
    for (const [, label] of required) {
      if ((await count(whole(util.metric, [`${label}!=""`]), `label ${label}`)) === 0)
        missingLabels.push(label);
    }
    if ((await count(whole(util.metric, [`${L_.pod}!=""`]), `label ${L_.pod}`)) === 0)
      missingLabels.push(L_.pod);
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
    const windowNames = await client.metricNames(from, to);
    const has = (s: ScaledMetric | undefined) => s !== undefined && windowNames.has(s.metric);

    // --- Building blocks (labels: D = device labels, ns/pod = pod identity).
    const D = [L_.host, L_.device, ...(L_.uuid ? [L_.uuid] : []), L_.model].join(', ');
    const ns = L_.namespace;
    const pod = L_.pod;
    const U = (o = 0) => `(max by (${D}) (${last(util.metric, [], o)}) * ${util.scale})`;
    const PD = (o = 0) => `group by (${D}, ${ns}, ${pod}) (${last(util.metric, [`${pod}!=""`], o)})`;
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
    const REQ = (o = 0) =>
      req
        ? `sum by (${ns}, ${pod}) (${req.resources
            .map(
              (r) =>
                `${relabel(last(req.metric, [`${req.resourceLabel}="${r.name}"`], o), req.namespaceLabel, req.podLabel)} * ${r.milli}`,
            )
            .join(' or ')})`
        : '';
    const EQUAL = (o = 0) => `(${PD(o)} * on(${D}) group_left() (1000 / count by (${D}) (${PD(o)})))`;
    const SHARE_PD = (o = 0) =>
      req
        ? `((${PD(o)} * on(${ns}, ${pod}) group_left() (${REQ(o)} / on(${ns}, ${pod}) count by (${ns}, ${pod}) (${PD(o)}))) or on(${D}, ${ns}, ${pod}) ${EQUAL(o)})`
        : EQUAL(o);
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

    // Idle, per telemetry series of a pod on a device (such a series exists only while the pod holds the device):
    // LOWEND(t) = each of the NL steps ending at t has a sample, all below the threshold (raw samples in
    // (t − L, t], no subquery). A run of n ≥ NL low steps has n − NL + 1 LOWEND steps and one start (LOWEND at t,
    // not at t − Δ), so its n idle steps = Σ LOWEND + (NL − 1) · Σ starts: two step sums, no nested windows.
    const SER = `${util.metric}{${matchers([`${pod}!=""`])}}`;
    const win = `[${L * 1000 - 1}ms]`;
    const thr = p.idleBelowPct / util.scale;
    const LOWEND = (o = 0) =>
      `((max_over_time(${SER}${win}${off(o)}) < ${thr}) and (count_over_time(${SER}${win}${off(o)}) >= ${NL}))`;
    const R = `[${W - S}s:${S}s]`;
    const at = to;

    const debug = process.env.HYPERFLEET_DEBUG_QUERIES === '1';
    const q =
      (expr: string, what: string, time = at) =>
      async () => {
        const t0 = performance.now();
        const r = await client.query(expr, time, what);
        if (debug)
          process.stderr.write(
            `query ${what}: ${((performance.now() - t0) / 1000).toFixed(2)} s, ${expr.length} chars\n`,
          );
        tick(what);
        return r;
      };
    const energy = has(m.energy) ? m.energy : undefined;
    const power = has(m.power) ? m.power : undefined;
    const mem = has(m.memoryUsed) ? m.memoryUsed : undefined;
    const CUR = energy ? `max by (${D}) (${last(energy.metric)})` : '';
    const PREV = energy
      ? `max by (${D}) (last_over_time(${energy.metric}{${matchers([])}}[${Math.min(W, 3600)}s] offset ${S}s))`
      : '';
    const P = power ? `(max by (${D}) (${last(power.metric)}) * ${power.scale})` : '';
    const PDU = `max by (${D}, ${ns}, ${pod}) (${last(util.metric, [`${pod}!=""`])}) * ${util.scale}`;
    const PUSEL = `${util.metric}{${matchers([`${pod}!=""`])}}`;

    const tasks = {
      observed: q(`count_over_time(${U()}${R})`, 'observed steps'),
      util: q(`sum_over_time(${U()}${R})`, 'busy'),
      // Per pod on a device: steps held and Σ u over them; charged by the pod's share (read coarsely, below).
      podSteps: q(`count_over_time((${PDU})${R})`, 'pod steps'),
      podBusy: q(`sum_over_time((${PDU})${R})`, 'pod busy'),
      idleLow: q(`sum by (${D}, ${ns}, ${pod}) (sum_over_time((${LOWEND()} * 0 + 1)${R}))`, 'idle steps'),
      idleStarts: q(
        `sum by (${D}, ${ns}, ${pod}) (sum_over_time(((${LOWEND()} unless ${LOWEND(S)}) * 0 + 1)${R}))`,
        'idle runs',
      ),
      counter: energy
        ? q(
            `sum_over_time((((${CUR} - ${PREV}) >= 0) or (${CUR} < ${PREV}))${R}) * ${energy.scale}`,
            'energy counter',
          )
        : async () => [] as VectorSample[],
      powerSum: power ? q(`sum_over_time(${P}${R})`, 'power') : async () => [] as VectorSample[],
      powerCount: power ? q(`count_over_time(${P}${R})`, 'power steps') : async () => [] as VectorSample[],
      podPctile: q(
        `max by (${ns}, ${pod}) (quantile_over_time(${p.percentile}, ${raw(util.metric, [`${pod}!=""`])})) * ${util.scale}`,
        'pod percentile',
      ),
      podMean: q(
        `max by (${ns}, ${pod}) (avg_over_time(${raw(util.metric, [`${pod}!=""`])})) * ${util.scale}`,
        'pod mean',
      ),
      podFirst: q(`min_over_time(timestamp(group by (${ns}, ${pod}) (${PUSEL}))${RC})`, 'pod first'),
      podLast: q(`max_over_time(timestamp(group by (${ns}, ${pod}) (${PUSEL}))${RC})`, 'pod last'),
      podMem: mem
        ? q(
            `max by (${ns}, ${pod}) (max_over_time(${raw(mem.metric, [`${pod}!=""`])})) * ${mem.scale}`,
            'pod memory',
          )
        : async () => [] as VectorSample[],
      podShare: q(`max_over_time((max by (${ns}, ${pod}, ${L_.model}) (${SHARE_PD()}))${RC})`, 'pod share'),
      podDevices: q(`max_over_time((count by (${ns}, ${pod}) (${PD()}))${RC})`, 'pod devices'),
      podTeam: teamFromNamespace
        ? async () => [] as VectorSample[]
        : q(
            `group by (${ns}, ${pod}, ${TL}) (${relabel(whole(kpl!.metric), kpl!.namespaceLabel, kpl!.podLabel)})`,
            'pod teams',
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

    // Heat map: mean utilisation per bucket of B = ⌈W / columns⌉ (a multiple of Δ).
    const B = Math.max(1, Math.ceil(W / p.heatColumns / S)) * S;
    const heat = await client.queryRange(
      B === S ? U() : `avg_over_time(${U()}[${B - S}s:${S}s])`,
      from + B,
      to,
      B,
      'heat map',
    );
    tick('heat map');

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
    const mean = podMap(r.podMean);
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
        firstSec: Math.max(0, (first.get(k) ?? from) - from - S),
        lastSec: (lastT.get(k) ?? to) - from,
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
        const c = Math.round((t - from) / B) - 1;
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
