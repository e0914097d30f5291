/**
 * @module server/routes/defrag
 * The defragmentation routes (contracts in server/api/defrag): `POST /v1/defrag`, a dry run of the planner on the
 * live state (schedule's LiveDefrag); `POST /v1/defrag/{id}/execute` and `GET /v1/defrag/{id}`, a plan's execution
 * (schedule's DefragExecutor) and its status. A pending pod is the contract's object or a Kubernetes pod, read as the
 * extender reads it; a pod that cannot be read is a 400 naming the field under `pod` or `pods.<i>`.
 */
import type { FastifyInstance } from 'fastify';
import { pendingPodSpec } from '../../defrag/index.js';
import { acceptedOrThrow, isInputError, refuse, RefusedError } from '../../errors/index.js';
import type { PodSpec } from '../../model/index.js';
import {
  type DefragExecution,
  type LiveDefragPlan,
  planSteps,
  podSpecOf,
  type ResourceModels,
} from '../../schedule/index.js';
import { type DefragBody, defragRoutes, parseBody } from '../api/index.js';
import { Answer, serveRoute } from './serve-route.js';

function unknownPlan(id: string): string {
  return `no plan ${id}: plans come from POST /v1/defrag (the 64 most recent dry runs are kept)`;
}

/** An execution on the wire (a copy: it changes while steps run). */
function statusAnswer(e: DefragExecution) {
  return JSON.parse(JSON.stringify(e)) as DefragExecution;
}

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
  const { pending: _pending, pendingPods: _pendingPods, fragmentation, ...rest } = plan;
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
    const given = body.pods ?? (body.pod !== undefined ? [body.pod] : []);
    const plan = app.defrag.plan({
      pending: pendingSpecs(body, options.resourceModels),
      pendingPods: given.map((p) =>
        'metadata' in p ? { namespace: p.metadata.namespace ?? 'default', name: p.metadata.name } : undefined,
      ),
      maxMoves: body.maxMoves,
      allowGuaranteed: body.allowGuaranteed,
    });
    return planAnswer(plan);
  });

  serveRoute(app, defragRoutes.execute, async ({ params }) => {
    const plan = app.defrag.dryRun(params.id);
    if (!plan) throw new RefusedError(refuse('not-found', unknownPlan(params.id)));
    const { execution } = acceptedOrThrow(app.defragExecutor.start(plan));
    return new Answer(202, statusAnswer(execution));
  });

  serveRoute(app, defragRoutes.status, async ({ params }) => {
    const execution = app.defragExecutor.get(params.id);
    if (execution) return statusAnswer(execution);
    const plan = app.defrag.dryRun(params.id);
    if (!plan) throw new RefusedError(refuse('not-found', unknownPlan(params.id)));
    return { id: plan.id, status: 'planned' as const, steps: planSteps(plan) };
  });
}
