/**
 * @module server/routes/fleet
 * The REST API of the live fleet under /v1: nodes (list, one, register, remove), placements (list, a pod left),
 * the active policy (read, change), fleet figures and their history, and what-if questions on a copy of the state.
 * The live scheduler's refusals (not-found, conflict) are thrown as they are, for the error handler to answer.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { acceptedOrThrow, InputError, isInputError, refuse, RefusedError } from '../../errors/index.js';
import { POLICY_NAMES, type Policy } from '../../policies/index.js';
import type { ResourceModels } from '../../schedule/index.js';
import {
  NodesBody,
  nodeSpecOf,
  parseBody,
  PolicyBody,
  schemaOf,
  WhatIfBody,
  whatIfSpecs,
} from '../rest-schemas.js';

const NameParam = z.object({ name: z.string() });
const PodParams = z.object({ namespace: z.string(), name: z.string() });

export interface FleetRouteOptions {
  /** Builds a policy by name for PUT /v1/policy (throws an InputError when it cannot). */
  readonly policyFactory: (name: string) => Policy;
  /** Extended resource names → device models, for Kubernetes pods in what-if questions. */
  readonly resourceModels?: ResourceModels;
}

export async function fleetRoutes(app: FastifyInstance, options: FleetRouteOptions): Promise<void> {
  const { live } = app;
  const doc = (summary: string, extra: object = {}) => ({ schema: { tags: ['fleet'], summary, ...extra } });

  app.get('/v1/nodes', doc('Every node with its capacity and what is left'), async () => ({
    nodes: live.listNodes(),
  }));

  app.get(
    '/v1/nodes/:name',
    doc('One node, with the pods placed on it', { params: schemaOf(NameParam) }),
    async (request) => {
      const { name } = request.params as { name: string };
      const node = live.node(name);
      if (!node) throw new RefusedError(refuse('not-found', `node ${name} is not registered`));
      return node;
    },
  );

  app.post(
    '/v1/nodes',
    {
      ...doc('Register nodes, or update the capacity of known ones', { body: schemaOf(NodesBody) }),
      bodyLimit: 16 * 1024 * 1024,
    },
    async (request, reply) => {
      const body = parseBody(NodesBody, request.body);
      const { added, updated } = acceptedOrThrow(live.upsertNodes(body.nodes.map(nodeSpecOf)));
      return reply.code(added > 0 ? 201 : 200).send({ added, updated, nodes: live.state.nodeCount });
    },
  );

  app.delete(
    '/v1/nodes/:name',
    doc('Remove a node (refused while pods run on it)', { params: schemaOf(NameParam) }),
    async (request) => {
      const { name } = request.params as { name: string };
      acceptedOrThrow(live.removeNode(name));
      return { deleted: name, nodes: live.state.nodeCount };
    },
  );

  app.get('/v1/placements', doc('Every placement: pod, node, devices and milli per device'), async () => ({
    placements: live.listPlacements(),
    gpuAllocationPercent: live.gpuAllocationPercent(),
  }));

  app.delete(
    '/v1/placements/:namespace/:name',
    doc('A pod left: free its devices', { params: schemaOf(PodParams) }),
    async (request) => {
      const { namespace, name } = request.params as { namespace: string; name: string };
      return { released: acceptedOrThrow(live.release(namespace, name)).placement };
    },
  );

  app.get('/v1/policy', doc('The active placement policy'), async () => ({
    name: live.policy.name,
    label: live.policy.paperLabel,
    available: POLICY_NAMES,
  }));

  app.put(
    '/v1/policy',
    doc('Change the placement policy of later decisions', { body: schemaOf(PolicyBody) }),
    async (request) => {
      const { name } = parseBody(PolicyBody, request.body);
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
    },
  );

  app.get('/v1/fleet/summary', doc('Allocation, fragmentation and a breakdown by device model'), async () =>
    live.summary(),
  );

  app.get(
    '/v1/fleet/history',
    doc('Allocation and fragmentation over time (at most one point a second)'),
    async () => ({
      points: live.history(),
    }),
  );

  app.post(
    '/v1/what-if',
    doc('Would these pods all fit now, where, and what would the fragmentation be after? Changes nothing.', {
      body: schemaOf(WhatIfBody),
    }),
    async (request) => live.whatIf(whatIfSpecs(parseBody(WhatIfBody, request.body), options.resourceModels)),
  );
}
