/**
 * @module measure/telemetry-source
 * One interface for every telemetry source: Prometheus (the aggregation runs in PromQL on the server) and trace
 * CSVs (aggregated in memory). A source turns the per-device and per-pod time series of a window into step sums —
 * the only thing the accounting needs — so Node's memory grows with the number of devices and pods, never with
 * the number of samples.
 *
 * Time is cut in N = (to − from)/Δ steps of length Δ; the sample that stands for step k is the last one in
 * (from + kΔ, from + (k+1)Δ]. A step without a sample is unobserved.
 */
import type { PodUsage } from './types.js';

/** How a device's energy was measured: sums over the window. */
export interface DeviceEnergyObs {
  source: 'counter' | 'power' | 'model';
  /** Measured energy (J) over the steps it covers. */
  joules: number;
  /** Steps covered by the measurement (all N for a counter). */
  coveredSteps: number;
  /** Observed steps not covered: their count and Σ u (%) — energy from the catalog's power model. */
  uncoveredSteps: number;
  uncoveredUtilPctSteps: number;
}

export interface DeviceObs {
  id: string;
  host: string;
  /** Model name as the telemetry labels it (e.g. `NVIDIA H100 80GB HBM3`). */
  model: string;
  /** Steps with a utilisation sample. */
  observedSteps: number;
  /** Σ over observed steps of u (%). */
  utilPctSteps: number;
  /** Σ over steps of the allocated share a (milli, ≤ 1000). */
  allocMilliSteps: number;
  /** Σ over idle steps of a (milli). */
  idleMilliSteps: number;
  energy: DeviceEnergyObs;
}

/** One team's part of one device: Σ over steps of its share s (milli), of s·u (milli·%) and of s on idle steps. */
export interface TeamDeviceObs {
  device: string;
  team: string;
  allocMilliSteps: number;
  busyMilliPctSteps: number;
  idleMilliSteps: number;
}

/** What a source observed of one pod (the accounting adds the accelerator and the right-sized share). */
export type PodObs = Omit<PodUsage, 'accelerator' | 'rightSizedMilli'>;

export interface Collected {
  /** Window (Unix seconds) and step, after rounding. */
  fromSec: number;
  toSec: number;
  stepSec: number;
  devices: DeviceObs[];
  teamDevices: TeamDeviceObs[];
  pods: PodObs[];
  heatMap: { bucketSec: number; rows: string[]; values: (number | null)[][]; omitted: number };
  /** Model name → catalog id. */
  accelerators: Record<string, string>;
  /** Devices per node, per host (for the right-sizing replay on the same fleet). */
  hosts: Record<string, { model: string; devices: number }>;
  assumptions: string[];
  extra: Record<string, number | string>;
}

export interface CollectParams {
  stepSec: number;
  idleBelowPct: number;
  /** Multiple of the step. */
  idleForSec: number;
  /** Percentile of utilisation per pod (0..1). */
  percentile: number;
  heatColumns: number;
  heatMaxRows: number;
  onProgress?: (done: number, total: number, detail: string) => void;
}

export interface TelemetrySource {
  /** `prometheus http://…` or `genai DIR`, for the report. */
  readonly description: string;
  /** Team label as shown in the result. */
  readonly teamLabel: string;
  collect(params: CollectParams): Promise<Collected>;
}
