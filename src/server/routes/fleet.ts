/**
 * @module server/routes/fleet
 * The REST API of the live fleet under /v1 (contracts in server/api): nodes (filtered pages, one, register, remove),
 * placements (list, a pod left), the active policy (read, change), fleet figures, occupancy and history, and what-if
 * questions on a copy of the state. The live scheduler's refusals (not-found, conflict) are thrown as they are,
 * for the error handler to answer.
 */
import type { FastifyInstance } from 'fastify';
import { acceptedOrThrow, InputError, isInputError, refuse, RefusedError } from '../../errors/index.js';
import { MILLI_PER_DEVICE, type NodeSpec, type PodSpec } from '../../model/index.js';
import { POLICY_NAMES, type Policy } from '../../policies/index.js';
import type { z } from 'zod';
import { type NodeFilter, podSpecOf, type ResourceModels } from '../../schedule/index.js';
import {
  fleetRoutes as fleet,
  NodeFilterQuery,
  type NodeInput,
  nodeRoutes,
  parseBody,
  placementRoutes,
  policyRoutes,
  type WhatIfBody,
  whatIfRoutes,
} from '../api/index.js';
import { Answer, serveRoute } from './serve-route.js';

export interface FleetRouteOptions {
  /** Builds a policy by name for PUT /v1/policy (throws an InputError when it cannot). */
  readonly policyFactory: (name: string) => Policy;
  /** Extended resource names → device models, for Kubernetes pods in what-if questions. */
  readonly resourceModels?: ResourceModels;
}

function nodeSpecOf(n: NodeInput): NodeSpec {
  return {
    name: n.name,
    cpuMilli: n.cpuMilli,
    memMiB: n.memMiB,
    gpuCount: n.gpuCount,
    gpuModel: n.model,
    ...(n.pool !== undefined && { pool: n.pool }),
    ...(n.labels !== undefined && { labels: n.labels }),
    ...(n.cordoned === true && { cordoned: true }),
  };
}

/** The filter parameters of the node views in the live scheduler's terms. */
function nodeFilterOf(query: z.output<typeof NodeFilterQuery>): NodeFilter {
  return { model: query.model, pool: query.pool, labels: query.label, states: query.state };
}

/** What-if pods in the model's terms (Kubernetes pods read as the extender reads them). */
function whatIfSpecs(body: WhatIfBody, models?: ResourceModels): PodSpec[] {
  return body.pods.map((p, i) => {
    if ('metadata' in p) {
      try {
        return podSpecOf(p, models);
      } catch (e) {
        throw isInputError(e) ? e.nestedUnder(`pods.${i}`) : e;
      }
    }
    const gpuMilli = p.gpuCount > 0 ? (p.gpuMilli ?? MILLI_PER_DEVICE) : 0;
    return {
      name: p.name ?? `pod-${i}`,
      cpuMilli: p.cpuMilli,
      memMiB: p.memMiB,
      gpuCount: p.gpuCount,
      gpuMilli,
      gpuTypes: p.gpuCount > 0 ? p.gpuModels : [],
    };
  });
}

export async function fleetRoutes(app: FastifyInstance, options: FleetRouteOptions): Promise<void> {
  const { live } = app;

  serveRoute(app, nodeRoutes.list, async ({ query }) =>
    live.queryNodes({ ...nodeFilterOf(query), limit: query.limit, cursor: query.cursor }),
  );

  serveRoute(app, nodeRoutes.get, async ({ params }) => {
    const node = live.node(params.name);
    if (!node) throw new RefusedError(refuse('not-found', `node ${params.name} is not registered`));
    return node;
  });

  serveRoute(
    app,
    nodeRoutes.upsert,
    async ({ request }) => {
      const body = parseBody(nodeRoutes.upsert.body, request.body);
      const { added, updated } = acceptedOrThrow(live.upsertNodes(body.nodes.map(nodeSpecOf)));
      return new Answer(added > 0 ? 201 : 200, { added, updated, nodes: live.state.nodeCount });
    },
    { bodyLimit: 16 * 1024 * 1024 },
  );

  serveRoute(app, nodeRoutes.remove, async ({ params }) => {
    acceptedOrThrow(live.removeNode(params.name));
    return { deleted: params.name, nodes: live.state.nodeCount };
  });

  serveRoute(app, placementRoutes.list, async () => ({
    placements: live.listPlacements(),
    gpuAllocationPercent: live.gpuAllocationPercent(),
  }));

  serveRoute(app, placementRoutes.release, async ({ params }) => ({
    released: acceptedOrThrow(live.release(params.namespace, params.name)).placement,
  }));

  serveRoute(app, policyRoutes.get, async () => ({
    name: live.policy.name,
    label: live.policy.paperLabel,
    available: POLICY_NAMES,
  }));

  serveRoute(app, policyRoutes.set, async ({ request }) => {
    const { name } = parseBody(policyRoutes.set.body, request.body);
    let policy: Policy;
    try {
      policy = options.policyFactory(name);
    } catch (e) {
      if (!isInputError(e)) throw e;
      // The factory speaks of the policy option; here it is the body's `name`.
      throw new InputError(
        e.code,
        e.issues.map((i) => ({
          ...i,
          field: 'name',
          message: `cannot use policy "${name}"${i.message ? `: ${i.message}` : ''}`,
        })),
      );
    }
    const previous = live.policy.name;
    live.setPolicy(policy);
    return { name: policy.name, previous };
  });

  serveRoute(app, fleet.summary, async () => live.summary());

  serveRoute(app, fleet.occupancy, async ({ query }) => live.occupancy(nodeFilterOf(query)));

  serveRoute(app, fleet.history, async () => ({ points: live.history() }));

  serveRoute(app, whatIfRoutes.ask, async ({ request }) =>
    live.whatIf(whatIfSpecs(parseBody(whatIfRoutes.ask.body, request.body), options.resourceModels)),
  );
}
