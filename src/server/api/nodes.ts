/**
 * @module server/api/nodes
 * The nodes of the live fleet: list, one (with its placements), register or update, remove.
 */
import { z } from 'zod';
import { apiRoute } from './route-contract.js';
import { Placement } from './placements.js';

const count = (max: number) => z.number().int().min(0).max(max);

/** What a node's state may be (schedule/node-query defines each). */
export const NodeStateName = z.enum(['free', 'partial', 'full', 'cordoned'], {
  error: (issue) => `expected free, partial, full or cordoned, got ${JSON.stringify(issue.input)}`,
});

const LabelMap = z.record(z.string().min(1).max(317), z.string().max(63));

/** A node as registered over the API (the same fields GET /v1/nodes shows). */
export const NodeInput = z
  .object({
    name: z.string().min(1).max(253),
    model: z.string().max(128).default(''),
    gpuCount: count(64),
    cpuMilli: count(2 ** 31 - 1),
    memMiB: count(2 ** 31 - 1),
    pool: z.string().max(253).optional().describe('the pool the node belongs to (for the views)'),
    labels: LabelMap.optional().describe('labels to filter the views by'),
    cordoned: z.boolean().optional().describe('marked unschedulable (state `cordoned`)'),
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
  state: NodeStateName.describe(
    'cordoned (unschedulable); else free (every device whole free), full (no device milli left), or partial',
  ),
  pool: z.string().optional(),
  labels: LabelMap.optional(),
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

/** `key=value`, split at the first `=`. */
const LabelSelector = z
  .string()
  .regex(/^[^=]+=/, 'expected key=value')
  .transform((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)] as const);

/** The filter of the node views: each parameter given narrows the nodes; an empty model or pool means none. */
export const NodeFilterQuery = z.strictObject({
  model: z.string().max(128).optional().describe('device model ("" for CPU-only nodes)'),
  pool: z.string().max(253).optional().describe('pool ("" for nodes without one)'),
  label: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe('key=value; repeat for several (all must match)')
    .transform((l) => (l === undefined ? undefined : [l].flat()))
    .pipe(z.array(LabelSelector).max(16).optional())
    .transform((pairs) => pairs && Object.fromEntries(pairs)),
  state: z
    .string()
    .optional()
    .describe('one state or several, comma-separated (any matches): free, partial, full, cordoned')
    .transform((s) => s?.split(','))
    .pipe(z.array(NodeStateName).optional()),
});

/** The largest page of GET /v1/nodes. */
export const MAX_NODE_PAGE = 5000;

export const NodesQuery = NodeFilterQuery.extend({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_NODE_PAGE)
    .optional()
    .describe(`nodes per page (1–${MAX_NODE_PAGE}); absent: every matching node`),
  cursor: z
    .string()
    .min(1)
    .max(253)
    .optional()
    .describe('the `next` of the previous page: nodes whose name sorts after it'),
});

export const NodeList = z.strictObject({
  nodes: z.array(NodeView),
  next: z
    .string()
    .nullable()
    .describe('the cursor of the next page (pass it as `cursor`); null on the last page'),
  total: z.number().int().describe('nodes matching the filter, over all pages'),
});

export const nodeRoutes = {
  list: apiRoute({
    method: 'GET',
    url: '/v1/nodes',
    tag: 'fleet',
    summary:
      'Nodes with their capacity, what is left and their state, filtered; paged in name order with limit and cursor',
    querystring: NodesQuery,
    responses: { 200: NodeList },
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
