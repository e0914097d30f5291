/**
 * @module server/routes/defrag
 * The defragmentation routes (contracts in server/api/defrag): `POST /v1/defrag`, a dry run of the planner on the
 * live state (schedule's LiveDefrag). A pending pod is the contract's object or a Kubernetes pod, read as the
 * extender reads it; a pod that cannot be read is a 400 naming the field under `pod` or `pods.<i>`.
 */
import type { FastifyInstance } from 'fastify';
import { pendingPodSpec } from '../../defrag/index.js';
import { isInputError } from '../../errors/index.js';
import type { PodSpec } from '../../model/index.js';
import { type LiveDefragPlan, podSpecOf, type ResourceModels } from '../../schedule/index.js';
import { type DefragBody, defragRoutes, parseBody } from '../api/index.js';
import { serveRoute } from './serve-route.js';

export interface DefragRouteOptions {
  /** Extended resource names → device models, for Kubernetes pods. */
  readonly resourceModels?: ResourceModels;
}

/** The pending pods of a request, in the model's terms. */
function pendingSpecs(body: DefragBody, models?: ResourceModels): PodSpec[] {
  const gang = body.pods !== undefined;
  const given = body.pods ?? (body.pod !== undefined ? [body.pod] : []);
  return given.map((p, i) => {
    const name = gang ? `pending-${i + 1}` : 'pending';
    if (!('metadata' in p)) return pendingPodSpec(p, name);
    try {
      return podSpecOf(p, models);
    } catch (e) {
      throw isInputError(e) ? e.nestedUnder(gang ? `pods.${i}` : 'pod') : e;
    }
  });
}

/** The dry run's answer on the wire (the request's pods stay in the service). */
export function planAnswer(plan: LiveDefragPlan) {
  const { pending: _pending, fragmentation, ...rest } = plan;
  return {
    ...rest,
    fragmentation: fragmentation && {
      before: fragmentation.beforeGpus,
      after: fragmentation.afterGpus,
      typicalFrom: fragmentation.typicalFrom,
    },
  };
}

export async function defragRoutesPlugin(app: FastifyInstance, options: DefragRouteOptions): Promise<void> {
  serveRoute(app, defragRoutes.plan, async ({ request }) => {
    const body = parseBody(defragRoutes.plan.body, request.body);
    const plan = app.defrag.plan({
      pending: pendingSpecs(body, options.resourceModels),
      maxMoves: body.maxMoves,
      allowGuaranteed: body.allowGuaranteed,
    });
    return planAnswer(plan);
  });
}
