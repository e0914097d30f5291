/**
 * @module server/api/fleet
 * The live fleet's figures: allocation, the FGD paper's fragmentation, a breakdown by device model, and their
 * history.
 */
import { z } from 'zod';
import { apiRoute } from './route-contract.js';

/** The headline figures (schedule/fleet-gauges). */
export const FleetFigures = z.strictObject({
  gpuAllocationPercent: z.number().describe('Σ allocated device milli / Σ capacity, in %'),
  fragAmountGpus: z.number().nullable().describe('fragmented GPUs; null without typical pods'),
  fragRatioPercent: z
    .number()
    .nullable()
    .describe('fragmented / idle GPU milli, in %; null without typical pods or idle devices'),
});

export const ModelAllocation = z.strictObject({
  nodes: z.number().int(),
  devices: z.number().int(),
  allocatedMilli: z.number(),
  allocationPercent: z.number(),
});

export const FleetSummary = FleetFigures.extend({
  nodes: z.number().int(),
  devices: z.number().int(),
  placements: z.number().int(),
  reservations: z.number().int(),
  policy: z.string(),
  perModel: z.record(z.string(), ModelAllocation).describe('by device model'),
});

export const HistoryPoint = FleetFigures.extend({
  t: z.number().describe('Unix milliseconds'),
  placements: z.number().int(),
});

export const fleetRoutes = {
  summary: apiRoute({
    method: 'GET',
    url: '/v1/fleet/summary',
    tag: 'fleet',
    summary: 'Allocation, fragmentation and a breakdown by device model',
    responses: { 200: FleetSummary },
  }),
  history: apiRoute({
    method: 'GET',
    url: '/v1/fleet/history',
    tag: 'fleet',
    summary: 'Allocation and fragmentation over time (at most one point a second)',
    responses: { 200: z.strictObject({ points: z.array(HistoryPoint) }) },
  }),
};
