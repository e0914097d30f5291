/**
 * @module server/api/defrag
 * Defragmentation (issue 16): the plan of the fewest, cheapest moves of running pods after which a pending pod
 * (or a gang) fits, as a dry run that changes nothing. The contract's fields (`feasible`, `moves`, `target`,
 * `reason`) are exact; the others are extensions.
 */
import { z } from 'zod';
import { DEFAULT_MAX_MOVES, MAX_MOVES_LIMIT, PendingPodInput } from '../../defrag/index.js';
import { Pod } from '../../schedule/index.js';
import { apiRoute } from './route-contract.js';

/** Most pods of a gang in one request. */
export const MAX_GANG_PODS = 64;

/** A pending pod: the contract's object, or a Kubernetes v1.Pod (read as the extender reads it). */
const PendingPod = z.union([PendingPodInput, Pod]);

export const DefragBody = z
  .strictObject({
    pod: PendingPod.optional().describe('the pending pod (or give `pods` for a gang)'),
    pods: z.array(PendingPod).min(1).max(MAX_GANG_PODS).optional().describe('every pod of a gang, in order'),
    maxMoves: z.number().int().min(0).max(MAX_MOVES_LIMIT).default(DEFAULT_MAX_MOVES),
    allowGuaranteed: z.boolean().default(false).describe('let pods of QoS Guaranteed move too'),
  })
  .superRefine((body, ctx) => {
    if ((body.pod === undefined) === (body.pods === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [body.pod === undefined ? 'pod' : 'pods'],
        message: 'give either `pod` (one pending pod) or `pods` (a gang), not both',
      });
    }
  });
export type DefragBody = z.output<typeof DefragBody>;

/** A node and device indices within it. */
export const NodeDevices = z.strictObject({ node: z.string(), devices: z.array(z.number().int()) });

export const DefragMove = z.strictObject({
  namespace: z.string(),
  name: z.string(),
  from: NodeDevices,
  to: NodeDevices,
  cost: z.number().describe("this move's cost (docs/cli.md#move-cost)"),
});

export const DefragPlanAnswer = z.strictObject({
  id: z.string().describe('the plan id, for POST /v1/defrag/{id}/execute'),
  feasible: z.boolean(),
  moves: z.array(DefragMove).describe('in execution order'),
  target: NodeDevices.optional().describe('where the pending pod (the first of a gang) goes; when feasible'),
  targets: z.array(NodeDevices).describe("every pending pod's target, in the order given"),
  reason: z.string().optional().describe('why no plan was found (when not feasible)'),
  cost: z.number(),
  exhaustive: z.boolean().describe('the answer is proven (least cost, or no plan within maxMoves)'),
  maxMoves: z.number().int(),
  fragmentation: z
    .strictObject({
      before: z.number().describe('fragmented GPUs now (FGD measure)'),
      after: z.number().nullable().describe('fragmented GPUs after the plan; null when not feasible'),
      typicalFrom: z.string(),
    })
    .nullable()
    .describe('null when no pod asks for a device'),
  createdAt: z.number().describe('Unix milliseconds'),
});

const Step = z.strictObject({
  kind: z.enum(['move', 'pending']),
  namespace: z.string().optional(),
  name: z.string().optional(),
  from: NodeDevices.optional(),
  to: NodeDevices,
  status: z.enum(['pending', 'evicting', 'waiting', 'done', 'failed', 'cancelled']),
  bound: z.string().optional().describe('namespace/name of the pod bound on `to`, once it is'),
  error: z.string().optional(),
});

/** A plan and where its execution stands. */
export const DefragStatus = z.strictObject({
  id: z.string(),
  status: z
    .enum(['planned', 'executing', 'done', 'failed', 'aborted'])
    .describe('planned: a dry run not executed; aborted: a restart interrupted the execution'),
  reason: z.string().optional().describe('why it failed or was aborted (moves already done stay done)'),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  steps: z.array(Step).describe('the moves in order, then the pending pods'),
});

const PlanId = z.object({ id: z.string().min(1) });

export const defragRoutes = {
  plan: apiRoute({
    method: 'POST',
    url: '/v1/defrag',
    tag: 'defrag',
    summary:
      'Dry run: the cheapest moves of running pods after which a pending pod (or a gang) fits. Changes nothing.',
    body: DefragBody,
    responses: { 200: DefragPlanAnswer },
  }),
  execute: apiRoute({
    method: 'POST',
    url: '/v1/defrag/:id/execute',
    tag: 'defrag',
    summary:
      'Execute a plan: hold the devices, evict each moved pod (Eviction API), wait for its replacement, then the pending pod',
    params: PlanId,
    body: z.strictObject({}).optional().describe('none: the plan is the one of the id'),
    responses: { 202: DefragStatus },
    refusals: [404, 409],
  }),
  status: apiRoute({
    method: 'GET',
    url: '/v1/defrag/:id',
    tag: 'defrag',
    summary: "A plan's status and its steps",
    params: PlanId,
    responses: { 200: DefragStatus },
    refusals: [404],
  }),
};
