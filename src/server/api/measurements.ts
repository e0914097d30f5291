/**
 * @module server/api/measurements
 * `POST /v1/measurements`: efficiency accounting from measured telemetry, the same `runMeasure` as
 * `hyperfleet measure --json`, with the same option schemas (measure/measure-options). The answer is the
 * MeasureResult, whose wire shape is {@link MeasureResult} here. measure/types keeps its interfaces (the pillar's
 * documented result, free of zod and of the server); a compile-time check below keeps the two equal both ways.
 */
import { z } from 'zod';
import {
  DevicesPerNode,
  MeasureAccountingOptions,
  type MeasureResult as PillarMeasureResult,
  TimeoutMs,
} from '../../measure/index.js';
import { apiRoute } from './route-contract.js';
import type { Expect, SameShape } from './type-equality.js';

// ---------------------------------------------------------------------------------------------------------------
// Request.

const time = z.union([z.string().min(1), z.number().nonnegative()]).describe('RFC 3339 or Unix seconds');

export const GenaiMeasurement = MeasureAccountingOptions.extend({
  genai: z.string().min(1, 'expected the folder of the GenAI trace on the server'),
  accelerator: z.string().optional(),
  devicesPerNode: z.optional(DevicesPerNode),
});

export const PrometheusMeasurement = MeasureAccountingOptions.extend({
  prometheus: z.url('expected the Prometheus base URL, e.g. http://127.0.0.1:9090'),
  from: time,
  to: time,
  mapping: z.string().optional(),
  timeoutMs: z.optional(TimeoutMs),
});

export const MeasurementBody = z.union([GenaiMeasurement, PrometheusMeasurement], {
  error: 'expected { genai: DIR } or { prometheus: URL, from, to }',
});
export type MeasurementRequest = z.output<typeof MeasurementBody>;

/** The schema a body is read with: the alternative its source field names, for messages about that one. */
export function measurementBodyFor(body: unknown): z.ZodType<MeasurementRequest> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return MeasurementBody;
  return 'genai' in body ? GenaiMeasurement : 'prometheus' in body ? PrometheusMeasurement : MeasurementBody;
}

// ---------------------------------------------------------------------------------------------------------------
// Result (definitions of every figure: measure/definitions and docs/cli.md, Definitions).

export const MeasureDeviceHours = z.strictObject({
  total: z.number(),
  allocated: z.number(),
  busy: z.number(),
  idle: z.number(),
  unallocated: z.number(),
  stranded: z.number(),
  unobserved: z.number(),
});

const figures = {
  devices: z.number().int(),
  deviceHours: MeasureDeviceHours,
  meanUtilisationPct: z.number(),
  idleFraction: z.number(),
  energyKWh: z.number(),
  costUsd: z.number(),
  capitalUsd: z.number(),
  energyUsd: z.number(),
};
export const MeasureFigures = z.strictObject(figures);

export const TeamFigures = z.strictObject({
  pods: z.number().int(),
  deviceHours: z.strictObject({ allocated: z.number(), busy: z.number(), idle: z.number() }),
  idleFraction: z.number(),
  energyKWh: z.number(),
  costUsd: z.number(),
  idleCostUsd: z.number(),
});

export const ModelFigures = MeasureFigures.extend({
  accelerator: z.string(),
  unallocatedCostUsd: z.number(),
});

export const DeviceFigures = z.strictObject({
  id: z.string(),
  host: z.string(),
  model: z.string(),
  accelerator: z.string(),
  deviceHours: z.strictObject({
    allocated: z.number(),
    busy: z.number(),
    idle: z.number(),
    observed: z.number(),
  }),
  energyKWh: z.number(),
  energySource: z.enum(['counter', 'power', 'model']),
  costUsd: z.number(),
});

export const PodUsage = z.strictObject({
  pod: z.string(),
  team: z.string(),
  model: z.string(),
  accelerator: z.string(),
  gpuCount: z.number(),
  gpuMilli: z.number(),
  peakMemoryMiB: z.number().nullable(),
  utilisationPctile: z.number(),
  meanUtilisationPct: z.number(),
  firstSec: z.number(),
  lastSec: z.number(),
  rightSizedMilli: z.number(),
});

export const RightSizing = z.strictObject({
  percentile: z.number(),
  headroom: z.number(),
  policy: z.string(),
  devicesBefore: z.number(),
  devicesAfter: z.number(),
  devicesSaved: z.number(),
  savingsPerMonth: z.strictObject({
    energyKWh: z.number(),
    energyUsd: z.number(),
    capitalUsd: z.number(),
    costUsd: z.number(),
  }),
  perModel: z.record(
    z.string(),
    z.strictObject({
      accelerator: z.string(),
      devicesBefore: z.number(),
      devicesAfter: z.number(),
      pods: z.number().int(),
      resizedPods: z.number().int(),
    }),
  ),
  simulations: z.number().int(),
  notes: z.array(z.string()),
});

export const HeatMap = z.strictObject({
  bucketSec: z.number(),
  columns: z.number().int(),
  rows: z.array(z.string()),
  values: z.array(z.array(z.number().nullable())).describe('mean utilisation % per row and column'),
  omitted: z.number().int(),
});

export const MeasureResult = z.strictObject({
  source: z.string(),
  from: z.string(),
  to: z.string(),
  stepSec: z.number(),
  pods: z.number().int(),
  teamLabel: z.string(),
  idleBelowPct: z.number(),
  idleForSec: z.number(),
  ...figures,
  unallocated: z.strictObject({ deviceHours: z.number(), costUsd: z.number() }),
  perTeam: z.record(z.string(), TeamFigures),
  perModel: z.record(z.string(), ModelFigures),
  perDevice: z.array(DeviceFigures),
  podUsage: z.array(PodUsage),
  rightSizing: RightSizing.nullable(),
  heatMap: HeatMap,
  assumptions: z.array(z.string()),
  extra: z.record(z.string(), z.union([z.number(), z.string()])),
  elapsedMs: z.number(),
});

/** The schema and measure/types' MeasureResult are the same shape, both ways. */
export type MeasureResultMatchesPillar = Expect<
  SameShape<z.output<typeof MeasureResult>, PillarMeasureResult>
>;

export const measurementRoutes = {
  measure: apiRoute({
    method: 'POST',
    url: '/v1/measurements',
    tag: 'efficiency',
    summary: 'Efficiency accounting from the GenAI trace or Prometheus telemetry (waits for the result)',
    body: MeasurementBody,
    responses: { 200: MeasureResult },
  }),
};
