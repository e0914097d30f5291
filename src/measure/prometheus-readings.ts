/**
 * @module measure/prometheus-readings
 * What the query plans read from Prometheus, keyed by device, by pod on a device or by pod, before the figures are
 * combined into the result: each plan folds its answer into one field. Sums are over the window's steps.
 *
 * Answers kept as rows are sorted by their labels: Prometheus returns a vector's series in no fixed order, and the
 * result's order and its floating-point sums over rows must be the same on every run.
 */
import type { MetricMapping } from './metric-mapping.js';
import type { MatrixSeries, VectorSample } from './prometheus-client.js';
import { sortBySeries } from './prometheus-series.js';

/** Keys of the series of an answer: a device, a pod (namespace/pod) and a pod on a device. */
export class SeriesKeys {
  constructor(private readonly labels: MetricMapping['labels']) {}

  /** The values of the host, device, UUID (where mapped) and model labels: one device. */
  device(metric: Record<string, string>): string {
    const L = this.labels;
    return [L.host, L.device, L.uuid ?? '', L.model].map((l) => (l ? (metric[l] ?? '') : '')).join('\u0000');
  }

  /** `namespace/pod`, as pods are named in the result. */
  pod(metric: Record<string, string>): string {
    return `${metric[this.labels.namespace] ?? ''}/${metric[this.labels.pod] ?? ''}`;
  }

  /** A pod on a device (its device and pod keys when the caller has them). */
  podOnDevice(metric: Record<string, string>, device = this.device(metric), pod = this.pod(metric)): string {
    return `${device}\u0001${pod}`;
  }

  byDevice(samples: VectorSample[]): Map<string, number> {
    return new Map(samples.map((s) => [this.device(s.metric), s.value]));
  }

  byPod(samples: VectorSample[]): Map<string, number> {
    return new Map(samples.map((s) => [this.pod(s.metric), s.value]));
  }

  byPodOnDevice(samples: VectorSample[]): Map<string, number> {
    return new Map(samples.map((s) => [this.podOnDevice(s.metric), s.value]));
  }
}

export interface Readings {
  /** Observed steps per device: the devices measured. */
  observed: VectorSample[];
  /** Σ utilisation (%) per device. */
  busy: Map<string, number>;
  /** Energy counter increase (J) per device. */
  energyCounter: Map<string, number>;
  /** Σ power (W) and the steps with a power sample, per device. */
  powerSum: Map<string, number>;
  powerSteps: Map<string, number>;
  /** Steps a pod held a device (per pod on a device). */
  podSteps: VectorSample[];
  /** Σ utilisation (%) over those steps, per pod on a device. */
  podBusy: Map<string, number>;
  /** Steps ending a low run of the idle length (per pod on a device), and the runs' starts. */
  idleEnds: VectorSample[];
  idleStarts: Map<string, number>;
  /** A pod's share of each device it holds (milli), per (pod, model). */
  podShares: VectorSample[];
  /** The same by pod (the last model's, where a pod spans models). */
  shareByPod: Map<string, number>;
  /** Per pod: utilisation percentile, peak memory (MiB), first and last evaluation time seen, devices held. */
  podPercentile: Map<string, number>;
  podMemory: Map<string, number>;
  podFirst: Map<string, number>;
  podLast: Map<string, number>;
  podDevices: Map<string, number>;
  /** Team label value per pod (from kube_pod_labels). */
  podTeamLabel: Map<string, string>;
  /** Mean utilisation per device and heat-map bucket. */
  heat: MatrixSeries[];
}

/** Readings with nothing read: what a figure that is not measured (no metric for it) leaves. */
export function emptyReadings(): Readings {
  return {
    observed: [],
    busy: new Map(),
    energyCounter: new Map(),
    powerSum: new Map(),
    powerSteps: new Map(),
    podSteps: [],
    podBusy: new Map(),
    idleEnds: [],
    idleStarts: new Map(),
    podShares: [],
    shareByPod: new Map(),
    podPercentile: new Map(),
    podMemory: new Map(),
    podFirst: new Map(),
    podLast: new Map(),
    podDevices: new Map(),
    podTeamLabel: new Map(),
    heat: [],
  };
}

type FieldOf<T> = { [K in keyof Readings]: Readings[K] extends T ? K : never }[keyof Readings];
type Fold = (answer: VectorSample[], into: Readings, ctx: { keys: SeriesKeys }) => void;

/** The folds of most plans: keep the answer in one field, as rows in label order or keyed by device, pod on a
 * device or pod. */
export const keep = {
  rows:
    (field: FieldOf<VectorSample[]>): Fold =>
    (answer, into) => {
      into[field] = sortBySeries(answer);
    },
  byDevice:
    (field: FieldOf<Map<string, number>>): Fold =>
    (answer, into, ctx) => {
      into[field] = ctx.keys.byDevice(answer);
    },
  byPodOnDevice:
    (field: FieldOf<Map<string, number>>): Fold =>
    (answer, into, ctx) => {
      into[field] = ctx.keys.byPodOnDevice(answer);
    },
  byPod:
    (field: FieldOf<Map<string, number>>): Fold =>
    (answer, into, ctx) => {
      into[field] = ctx.keys.byPod(answer);
    },
};
