/**
 * The shapes of the REST API the dashboard reads: the output types of the server's own schemas (src/server/api),
 * imported as types only — nothing of the server reaches the bundle, and `npm run build:web` type-checks the pages
 * against what the server sends. The browser never recomputes what the server computes.
 */
import type { z } from 'zod';
import type * as Api from '../../src/server/api/index.js';

/** What a client reads from a schema's answer. */
type Read<S extends z.ZodType> = z.output<S>;

/** `T` with the fields `K` optional: what the page builds itself from other routes for servers that lack one. */
type Relaxed<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

// Simulations.
export type Percentiles = Read<typeof Api.Percentiles>;
export type DeviceHours = Read<typeof Api.DeviceHours>;
export type PaperRun = Read<typeof Api.GridResult>;
export type PaperPolicySummary = Read<typeof Api.PaperPolicySummary>;
export type PaperResult = Read<typeof Api.PaperSimulationResult>;
export type TimeRun = Read<typeof Api.TimeRunSummary>;
export type TimeResult = Read<typeof Api.TimeSimulationResult>;
export type SimulationResult = Read<typeof Api.SimulationResult>;
export type RunStatus = Read<typeof Api.RunStatus>;
/** A run: its list entry has no `result`; `GET /v1/simulations/{id}` adds it once done. */
export type SimulationRun = Read<typeof Api.SimulationRunDetail>;
export type SimulationOptions = Read<typeof Api.SimulationOptions>;

// The live fleet.
export type FleetNode = Read<typeof Api.NodeView>;
export type Placement = Read<typeof Api.Placement>;
/** GET /v1/fleet/occupancy: by pool × model, one cell per node (the heat map). */
export type FleetOccupancy = Read<typeof Api.FleetOccupancy>;
export type OccupancyGroup = Read<typeof Api.OccupancyGroup>;
export type FleetSummary = Read<typeof Api.FleetSummary>;
/** GET /v1/fleet/history; sampled by the page itself (figures possibly unknown) where a server lacks the route. */
export type HistoryPoint = Relaxed<
  Read<typeof Api.HistoryPoint>,
  'fragAmountGpus' | 'fragRatioPercent' | 'placements'
>;

// Measured efficiency (`POST /v1/measurements`).
export type MeasureDeviceHours = Read<typeof Api.MeasureDeviceHours>;
export type MeasureFigures = Read<typeof Api.MeasureFigures>;
export type MeasureResult = Read<typeof Api.MeasureResult>;
export type RightSizing = Read<typeof Api.RightSizing>;
export type MeasureTeam = Read<typeof Api.TeamFigures>;

// Plans (`POST /v1/plans`): a run's state and, once done, what `hyperfleet plan --json` prints.
export type PlanRun = Read<typeof Api.PlanRun>;
export type PlanResult = Read<typeof Api.PlanResult>;
export type PlanRequest = Read<typeof Api.PlanBody>;

// Defragmentation (`POST /v1/defrag`, a dry run): what the Fleet page sends and the plan it shows.
export type DefragRequest = Read<typeof Api.DefragBody>;
export type DefragPlan = Read<typeof Api.DefragPlanAnswer>;
export type DefragMove = DefragPlan['moves'][number];
export type NodeDevices = Read<typeof Api.NodeDevices>;
/** `POST /v1/defrag/{id}/execute` (202) and `GET /v1/defrag/{id}`: where a plan's execution stands. */
export type DefragExecution = Read<typeof Api.DefragStatus>;
export type DefragStep = DefragExecution['steps'][number];
