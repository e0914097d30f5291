/**
 * @module server/api/fleet
 * The live fleet's figures: allocation, the FGD paper's fragmentation, a breakdown by device model, and their
 * history.
 */
import { z } from 'zod';
import { apiRoute } from './route-contract.js';
import { NodeFilterQuery } from './nodes.js';

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

/** One pool × model group of the occupancy map (schedule/fleet-occupancy). */
export const OccupancyGroup = z.strictObject({
  pool: z.string().describe('"" for nodes without a pool'),
  model: z.string().describe('"" for CPU-only nodes'),
  nodes: z.number().int(),
  devices: z.number().int(),
  allocatedMilli: z.number(),
  allocationPercent: z.number(),
  freeDevices: z.number().int().describe('devices with all 1000 milli free'),
  fragmentedGpus: z
    .number()
    .nullable()
    .describe("the FGD paper's fragmented GPUs here; null without typical pods"),
  states: z.strictObject({
    free: z.number().int(),
    partial: z.number().int(),
    full: z.number().int(),
    cordoned: z.number().int(),
  }),
  names: z.array(z.string()).describe('the nodes, in name order'),
  allocation: z
    .array(z.number().int())
    .describe("each node's allocated % of its devices (of its CPU when it has none), in the order of names"),
  cordoned: z.array(z.number().int()).describe('positions in names of the cordoned nodes'),
});

export const FleetOccupancy = z.strictObject({
  nodes: z.number().int(),
  devices: z.number().int(),
  groups: z.array(OccupancyGroup).describe('sorted by pool, then model'),
});

export const fleetRoutes = {
  summary: apiRoute({
    method: 'GET',
    url: '/v1/fleet/summary',
    tag: 'fleet',
    summary: 'Allocation, fragmentation and a breakdown by device model',
    responses: { 200: FleetSummary },
  }),
  occupancy: apiRoute({
    method: 'GET',
    url: '/v1/fleet/occupancy',
    tag: 'fleet',
    summary:
      'Occupancy by pool × device model with one cell per node, for the heat map (same filters as /v1/nodes)',
    querystring: NodeFilterQuery,
    responses: { 200: FleetOccupancy },
  }),
  history: apiRoute({
    method: 'GET',
    url: '/v1/fleet/history',
    tag: 'fleet',
    summary: 'Allocation and fragmentation over time (at most one point a second)',
    responses: { 200: z.strictObject({ points: z.array(HistoryPoint) }) },
  }),
};
