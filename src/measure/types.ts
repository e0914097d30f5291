/**
 * @module measure/types
 * The JSON-serialisable result of `hyperfleet measure` (the object `--json` prints, the dashboard's REST route
 * returns and the exporter publishes) and the options that produce it. Definitions, with symbols, in
 * {@link ./definitions.ts} and docs/cli.md.
 */

/** Device-hours over the window, split by state. `allocated = busy + (allocated − busy)`; `idle ⊆ allocated`. */
export interface MeasureDeviceHours {
  /** D · T: every device seen in the window, for the whole window. */
  total: number;
  /** Σ_d ∫ a_d(t) dt: allocated share of each device (Σ of its pods' shares, at most 1). */
  allocated: number;
  /** Σ_d ∫ u_d(t)/100 dt over observed time (utilisation-weighted device-hours). */
  busy: number;
  /** Allocated device-hours in stretches ≥ idleFor with u < idleBelow. */
  idle: number;
  /** Total − allocated: devices (or the rest of shared devices) no pod held. */
  unallocated: number;
  /** Free but unusable capacity from the scheduler's state; 0 (not measurable) from telemetry alone. */
  stranded: number;
  /** Device-time without any sample (exporter down, gaps longer than the step). Part of `total`. */
  unobserved: number;
}

export interface MeasureFigures {
  devices: number;
  deviceHours: MeasureDeviceHours;
  /** 100 · busy / allocated (%), the utilisation of what was allocated. */
  meanUtilisationPct: number;
  /** idle / allocated. */
  idleFraction: number;
  energyKWh: number;
  costUsd: number;
  capitalUsd: number;
  energyUsd: number;
}

export interface TeamFigures {
  pods: number;
  /** Device-hours charged to the team by share (four 250-milli pods on one device for one hour = 1 device-hour). */
  deviceHours: { allocated: number; busy: number; idle: number };
  idleFraction: number;
  energyKWh: number;
  costUsd: number;
  /** Cost of the team's idle device-hours (included in costUsd). */
  idleCostUsd: number;
}

export interface ModelFigures extends MeasureFigures {
  /** Catalog id the model name maps to. */
  accelerator: string;
  /** Cost of the unallocated part of the pool's devices ("idle cost of the pool"). */
  unallocatedCostUsd: number;
}

export interface DeviceFigures {
  /** `host/gpu` (or the pod for trace sources without devices). */
  id: string;
  host: string;
  model: string;
  accelerator: string;
  deviceHours: { allocated: number; busy: number; idle: number; observed: number };
  energyKWh: number;
  /** How the energy was obtained. */
  energySource: 'counter' | 'power' | 'model';
  costUsd: number;
}

export interface PodUsage {
  /** `namespace/pod`. */
  pod: string;
  team: string;
  model: string;
  accelerator: string;
  /** Devices and milli per device the pod was allocated (observed or requested). */
  gpuCount: number;
  gpuMilli: number;
  /** Observed peak device memory used, MiB (null when the source has no memory metric). */
  peakMemoryMiB: number | null;
  /** Chosen percentile of the utilisation / duty cycle, %. */
  utilisationPctile: number;
  meanUtilisationPct: number;
  /** Seconds from the window start of the first and the last sample. */
  firstSec: number;
  lastSec: number;
  /** Right-sized share per device (milli), see {@link RightSizing}. */
  rightSizedMilli: number;
}

export interface RightSizingModel {
  accelerator: string;
  devicesBefore: number;
  devicesAfter: number;
  pods: number;
  resizedPods: number;
}

export interface RightSizing {
  /** Percentile of the utilisation each share must cover (0..1). */
  percentile: number;
  /** Headroom multiplier above the observed peak memory and the percentile (0.2 = +20 %). */
  headroom: number;
  /** Placement policy of the replay. */
  policy: string;
  /** Devices allocated at the peak before, and the fewest the same pods need with right-sized requests. */
  devicesBefore: number;
  devicesAfter: number;
  devicesSaved: number;
  /** Savings of the freed devices per month (730 h): their amortised capital and their idle energy. */
  savingsPerMonth: { energyKWh: number; energyUsd: number; capitalUsd: number; costUsd: number };
  perModel: Record<string, RightSizingModel>;
  /** Simulations run (the replay's search). */
  simulations: number;
  notes: string[];
}

export interface HeatMap {
  /** Start of each column, seconds from the window start; every column spans `bucketSec`. */
  bucketSec: number;
  columns: number;
  /** Device ids of the rows (at most `maxRows`, sorted by model then id). */
  rows: string[];
  /** Mean utilisation % per row and column; null where unobserved. */
  values: (number | null)[][];
  /** Devices left out of the map (more than the row limit). */
  omitted: number;
}

export interface MeasureResult {
  /** `prometheus URL` or `genai DIR`. */
  source: string;
  /** RFC 3339 bounds of the window (after rounding to the step). */
  from: string;
  to: string;
  stepSec: number;
  devices: number;
  pods: number;
  teamLabel: string;
  idleBelowPct: number;
  idleForSec: number;
  deviceHours: MeasureDeviceHours;
  meanUtilisationPct: number;
  idleFraction: number;
  energyKWh: number;
  costUsd: number;
  capitalUsd: number;
  energyUsd: number;
  /** Unallocated device-hours and their cost ("idle cost of the pools"). */
  unallocated: { deviceHours: number; costUsd: number };
  perTeam: Record<string, TeamFigures>;
  perModel: Record<string, ModelFigures>;
  perDevice: DeviceFigures[];
  podUsage: PodUsage[];
  rightSizing: RightSizing | null;
  heatMap: HeatMap;
  /** What the figures rest on, in words. */
  assumptions: string[];
  /** Source-specific facts (e.g. the GenAI trace's mean duty cycle over all samples). */
  extra: Record<string, number | string>;
  elapsedMs: number;
}

export type MeasureSourceOptions =
  | {
      kind: 'prometheus';
      url: string;
      /** Unix seconds. */
      fromSec: number;
      toSec: number;
      /** Mapping file (YAML/JSON), or a shipped mapping name (`dcgm`, `ascend`). Default `dcgm`. */
      mapping?: string;
      /**
       * Which sample stands for a step: Prometheus' lookback (default; reads the recording rules of
       * mappings/dcgm-rules.yaml instead of subqueries when they cover the window) or the last one in the step.
       */
      sampling?: 'lookback' | 'step';
      /** Queries in flight at once (default 2; 1 halves the server's peak memory). */
      concurrency?: number;
      /** Query timeout per request, ms (default 120000). */
      timeoutMs?: number;
    }
  | {
      kind: 'genai';
      /** Folder with the GenAI CSVs or their .tar.gz archives. */
      dir: string;
      /** Catalog id of the devices (the trace does not say; default nvidia-l20, see docs/cli.md). */
      accelerator?: string;
      /** Devices per node for the right-sizing replay (default 8). */
      devicesPerNode?: number;
    };

export interface MeasureOptions {
  source: MeasureSourceOptions;
  /** Step of the accounting (s). Prometheus default 60; GenAI: the trace's 57 s sampling. */
  stepSec?: number;
  /** Label charging devices to teams (default `namespace`; `pod_label:team` reads kube_pod_labels). */
  teamLabel?: string;
  /** Utilisation (%) below which an allocated device is idle (default 5). */
  idleBelowPct?: number;
  /** Minimum idle stretch (s, default 1800). */
  idleForSec?: number;
  pue?: number;
  usdPerKWh?: number;
  amortisationYears?: number;
  /** Catalog JSON file extending the built-in catalog. */
  catalog?: string;
  /** Right-sizing: percentile (0..1, default 0.95), headroom (default 0.2), off with `false`. */
  rightSizing?:
    false | { percentile?: number; headroom?: number; policy?: string; granularityMilli?: number };
  /** Heat map: columns (default 96) and at most this many device rows (default 200). */
  heatMap?: { columns?: number; maxRows?: number };
  onProgress?: (done: number, total: number, detail: string) => void;
}
