/**
 * The shapes of the REST API the dashboard reads (see src/server/routes/simulations.ts and src/server/app.ts).
 * Kept here as types only: the browser never recomputes what the server computes.
 */

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  count: number;
}

export interface DeviceHours {
  total: number;
  allocated: number;
  stranded: number;
  idle: number;
}

export interface PaperRun {
  workload: string;
  policy: string;
  seed: number;
  tune: number;
  totalGpus: number;
  pods: number;
  placedPods: number;
  failedPods: number;
  neverFitPods: number;
  allocation: number[];
  fragAmount: number[];
  fragRatio: number[];
  elapsedMs: number;
}

export interface PaperPolicySummary {
  policy: string;
  label: string;
  seeds: number;
  allocationAt100: number;
  allocationAt130: number;
  fragAmountAt100: number;
  fragRatioAt100: number;
  failedPods: number;
  paperAt100?: number;
  paperAt130?: number;
  curves: { allocation: number[]; fragAmount: number[]; fragRatio: number[] };
}

export interface PaperResult {
  kind: 'paper';
  workload: string;
  trace: string;
  synthetic: boolean;
  tune: number;
  seeds: number[];
  policies: string[];
  summary: PaperPolicySummary[];
  runs: PaperRun[];
  wallMs: number;
}

export interface TimeRun {
  policy: string;
  seed: number;
  devices: number;
  pods: number;
  placed: number;
  rejected: number;
  rejections: Record<string, number>;
  preemptions: number;
  horizonSec: number;
  deviceHours: DeviceHours;
  energyKWh: number;
  costUsd: number;
  capitalUsd: number;
  energyUsd: number;
  queueDelaySec: Percentiles;
  jctSec: Percentiles;
  perModel: Record<string, { devices: number; deviceHours: DeviceHours; energyKWh: number; costUsd: number }>;
  perTeam: Record<string, { deviceHours: number; pods: number }>;
  timeline: { sampleSec: number; tSec: number[]; allocationPct: Record<string, number[]> };
  workload: string;
}

export interface TimeResult {
  kind: 'time';
  fleet: string;
  workload: string;
  assumptions: string[];
  runs: TimeRun[];
  wallMs: number;
}

export type SimulationResult = PaperResult | TimeResult;

export type RunStatus = 'queued' | 'running' | 'done' | 'failed';

export interface SimulationRun {
  id: string;
  kind: 'paper' | 'time';
  title: string;
  status: RunStatus;
  progress: number;
  stage?: string;
  createdAt: string;
  finishedAt?: string;
  error?: string;
  result?: SimulationResult;
}

export interface SimulationOptions {
  policies: { paper: string[]; time: string[] };
  workloads: { name: string; synthetic: boolean }[];
  defaultTraceIsSynthetic: boolean;
  fleets: string[];
  timeWorkloadAvailable: boolean;
  limits: { paperCells: number; timePods: number; timeDevices: number };
  genaiDir?: string;
}

export interface FleetNode {
  name: string;
  model: string;
  gpuCount: number;
  cpuMilli: number;
  memMiB: number;
  cpuMilliLeft: number;
  memMiBLeft: number;
  pods: number;
  gpuMilliLeft: number[];
}

export interface Placement {
  namespace: string;
  name: string;
  uid: string;
  node: string;
  devices: number[];
  milliPerDevice: number;
  cpuMilli: number;
  memMiB: number;
}

export interface FleetSummary {
  policy?: string;
  placements?: number;
  nodes: number;
  devices: number;
  gpuAllocationPercent: number;
  fragAmountGpus: number | null;
  fragRatioPercent: number | null;
  perModel: Record<
    string,
    { nodes: number; devices: number; allocatedMilli: number; allocationPercent: number }
  >;
}

export interface HistoryPoint {
  t: number;
  gpuAllocationPercent: number;
  fragAmountGpus?: number;
  fragRatioPercent?: number;
  placements?: number;
}

/** The measured-efficiency result (`POST /v1/measurements`): the server's own types (declarations only). */
export type {
  MeasureDeviceHours,
  MeasureFigures,
  MeasureResult,
  RightSizing,
  TeamFigures as MeasureTeam,
} from '../../src/measure/types.js';
