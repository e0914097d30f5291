/**
 * @module cli/commands/defrag-server
 * `hyperfleet defrag --server URL`: the plan asked of a live service (`POST /v1/defrag`) rather than computed from
 * files. Why ask rather than read `GET /v1/nodes` and `GET /v1/placements` and plan here: the service plans on
 * one consistent state (two reads could straddle a bind), counts the devices its reservations hold (neither
 * list shows them), and answers a plan id that `POST /v1/defrag/{id}/execute` can run. Every failure — a URL
 * that is not one, a service that cannot be reached, a refusal (the service's message), an answer that is not a
 * plan — is an InputError on `--server` (exit 2), never a stack trace (cli/commands/service-request).
 */
import type { PodSpec } from '../../model/index.js';
import type { PlanFragmentation } from '../../defrag/index.js';
import type { DefragPlanAnswer } from '../../server/index.js';
import { askService, serverFailure } from './service-request.js';

/** How long the service may take to plan (the planner's own work limit keeps it well below). */
const TIMEOUT_MS = 60_000;

type Answer = ReturnType<typeof DefragPlanAnswer.parse>;

/** The contract's pending-pod object of a pod read from `--pod`. */
function contractPod(spec: PodSpec) {
  return {
    cpuMilli: spec.cpuMilli,
    memMiB: spec.memMiB,
    gpuCount: spec.gpuCount,
    gpuMilli: spec.gpuMilli,
    ...(spec.gpuTypes.length > 0 ? { gpuModels: [...spec.gpuTypes] } : {}),
  };
}

export async function askServer(
  server: string,
  token: string | undefined,
  pending: readonly PodSpec[],
  maxMoves: number,
  allowGuaranteed: boolean,
): Promise<Answer> {
  const pods = pending.map(contractPod);
  const body = { ...(pods.length === 1 ? { pod: pods[0] } : { pods }), maxMoves, allowGuaranteed };
  const { url, data } = await askService(server, token, {
    method: 'POST',
    path: '/v1/defrag',
    body,
    timeoutMs: TIMEOUT_MS,
  });
  // Loaded here: the server's module (and Fastify) only when a service is asked.
  const { DefragPlanAnswer } = await import('../../server/index.js');
  const plan = DefragPlanAnswer.safeParse(data);
  if (!plan.success)
    throw serverFailure(`${url.href} did not answer a defrag plan; is it a hyperfleet service?`);
  return plan.data;
}

/** The service's fragmentation figures in the CLI's terms. */
export function fragmentationOfAnswer(answer: Answer): PlanFragmentation | null {
  const f = answer.fragmentation;
  return f && { typicalFrom: f.typicalFrom, beforeGpus: f.before, afterGpus: f.after };
}
