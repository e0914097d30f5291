/**
 * @module server/api/snapshot
 * `GET /v1/snapshot`: the live fleet as the simulators read it — the nodes as a fleet file that keeps their names,
 * and the bound pods as placement records (the entries of GET /v1/placements) — so `hyperfleet run --initial`,
 * `defrag --placements` and `plan --fleet` can start from today's cluster (schedule/snapshot). A schema check
 * below keeps the wire shape equal to the pillar's {@link LiveSnapshot}.
 */
import { z } from 'zod';
import type { LiveSnapshot } from '../../schedule/index.js';
import { Placement } from './placements.js';
import { apiRoute } from './route-contract.js';
import type { Expect, SameShape } from './type-equality.js';

export const SnapshotQuery = z.object({
  map: z
    .string()
    .optional()
    .describe(
      'node model → catalog id for models that are neither catalog ids nor openb types: G2=nvidia-h20,X=…',
    ),
});

const PodRef = z.strictObject({ namespace: z.string(), name: z.string(), node: z.string() });

export const Snapshot = z.strictObject({
  takenAt: z.string().describe('when the snapshot was taken (ISO 8601)'),
  fleet: z
    .record(z.string(), z.unknown())
    .describe(
      'a fleet file (docs/cli.md#fleet-files) of the nodes with devices; each pool lists its nodeNames',
    ),
  placements: z
    .array(Placement)
    .describe('the bound pods on the fleet’s nodes, as GET /v1/placements lists them'),
  gpuAllocationPercent: z.number().describe('device milli the placements hold / device capacity, in %'),
  reservations: z
    .number()
    .int()
    .describe('pods filtered onto a node and not bound yet (not in the snapshot)'),
  skipped: z
    .strictObject({ nodes: z.array(z.string()), placements: z.array(PodRef) })
    .describe('CPU-only nodes (a fleet file cannot hold them) and the pods bound to them'),
  assumptions: z
    .array(z.string())
    .describe('guesses the fleet depends on (undisclosed models), one sentence each'),
});

export type _SnapshotMatches = Expect<
  SameShape<Omit<z.output<typeof Snapshot>, 'fleet'>, Omit<LiveSnapshot, 'fleet'>>
>;

export const snapshotRoutes = {
  get: apiRoute({
    method: 'GET',
    url: '/v1/snapshot',
    tag: 'fleet',
    summary:
      'The live fleet as a fleet file and its bound pods as placements, for a simulation to start from',
    querystring: SnapshotQuery,
    responses: { 200: Snapshot },
  }),
};
