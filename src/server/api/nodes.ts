/**
 * @module server/api/nodes
 * The nodes of the live fleet: list, one (with its placements), register or update, remove.
 */
import { z } from 'zod';
import { apiRoute } from './route-contract.js';
import { Placement } from './placements.js';

const count = (max: number) => z.number().int().min(0).max(max);

/** A node as registered over the API (the same fields GET /v1/nodes shows). */
export const NodeInput = z
  .object({
    name: z.string().min(1).max(253),
    model: z.string().max(128).default(''),
    gpuCount: count(64),
    cpuMilli: count(2 ** 31 - 1),
    memMiB: count(2 ** 31 - 1),
  })
  .refine((n) => n.gpuCount === 0 || n.model !== '', {
    message: 'a node with devices needs its device model',
    path: ['model'],
  });
export type NodeInput = z.output<typeof NodeInput>;

export const NodesBody = z.object({
  nodes: z
    .array(NodeInput)
    .min(1)
    .max(100_000)
    .superRefine((nodes, ctx) => {
      const seen = new Set<string>();
      for (const [i, n] of nodes.entries()) {
        if (seen.has(n.name))
          ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${n.name}" appears twice` });
        seen.add(n.name);
      }
    }),
});

/** A node with what is left of it. */
export const NodeView = z.strictObject({
  name: z.string(),
  model: z.string(),
  gpuCount: z.number().int(),
  cpuMilli: z.number().int(),
  memMiB: z.number().int(),
  cpuMilliLeft: z.number(),
  memMiBLeft: z.number(),
  pods: z.number().int(),
  gpuMilliLeft: z.array(z.number()).describe('milli left on each device'),
});

export const NodeDetail = NodeView.extend({
  placements: z.array(Placement),
  reservations: z.number().int().describe('pods filtered onto the node and not bound yet'),
});

/** Nodes added and updated by a registration, and the fleet's node count after it. */
export const NodesUpserted = z.strictObject({
  added: z.number().int(),
  updated: z.number().int(),
  nodes: z.number().int(),
});

export const NameParam = z.object({ name: z.string() });

export const nodeRoutes = {
  list: apiRoute({
    method: 'GET',
    url: '/v1/nodes',
    tag: 'fleet',
    summary: 'Every node with its capacity and what is left',
    responses: { 200: z.strictObject({ nodes: z.array(NodeView) }) },
  }),
  get: apiRoute({
    method: 'GET',
    url: '/v1/nodes/:name',
    tag: 'fleet',
    summary: 'One node, with the pods placed on it',
    params: NameParam,
    responses: { 200: NodeDetail },
    refusals: [404],
  }),
  upsert: apiRoute({
    method: 'POST',
    url: '/v1/nodes',
    tag: 'fleet',
    summary: 'Register nodes, or update the capacity of known ones (201 when any is new)',
    body: NodesBody,
    responses: { 200: NodesUpserted, 201: NodesUpserted },
    refusals: [409],
  }),
  remove: apiRoute({
    method: 'DELETE',
    url: '/v1/nodes/:name',
    tag: 'fleet',
    summary: 'Remove a node (refused while pods run on it)',
    params: NameParam,
    responses: { 200: z.strictObject({ deleted: z.string(), nodes: z.number().int() }) },
    refusals: [404, 409],
  }),
};
