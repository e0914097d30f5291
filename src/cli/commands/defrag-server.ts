/**
 * @module cli/commands/defrag-server
 * `hyperfleet defrag --server URL`: the plan asked of a live service (`POST /v1/defrag`) rather than computed from
 * files. Why ask rather than read `GET /v1/nodes` and `GET /v1/placements` and plan here: the service plans on
 * one consistent state (two reads could straddle a bind), counts the devices its reservations hold (neither
 * list shows them), and answers a plan id that `POST /v1/defrag/{id}/execute` can run. Every failure — a URL
 * that is not one, a service that cannot be reached, a refusal (the service's message), an answer that is not a
 * plan — is an InputError on `--server` (exit 2), never a stack trace.
 */
import { ErrorCode, InputError } from '../../errors/index.js';
import type { PodSpec } from '../../model/index.js';
import type { PlanFragmentation } from '../../defrag/index.js';
import type { DefragPlanAnswer } from '../../server/index.js';

/** How long the service may take to plan (the planner's own work limit keeps it well below). */
const TIMEOUT_MS = 60_000;

type Answer = ReturnType<typeof DefragPlanAnswer.parse>;

function failed(message: string): InputError {
  return new InputError(ErrorCode.InvalidOption, { field: '--server', message });
}

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
  let url: URL;
  try {
    url = new URL('/v1/defrag', server);
  } catch {
    throw failed(`"${server}" is not a URL (expected e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw failed(`"${server}" is not an http(s) URL`);
  const pods = pending.map(contractPod);
  const body = { ...(pods.length === 1 ? { pod: pods[0] } : { pods }), maxMoves, allowGuaranteed };
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw failed(`cannot reach ${url.origin}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const message = (data as { message?: unknown } | undefined)?.message;
    const hint = res.status === 401 ? ' (give --token or set HYPERFLEET_TOKEN)' : '';
    throw failed(
      `${url.href} answered ${res.status}: ${typeof message === 'string' ? message : res.statusText}${hint}`,
    );
  }
  // Loaded here: the server's module (and Fastify) only when a service is asked.
  const { DefragPlanAnswer } = await import('../../server/index.js');
  const plan = DefragPlanAnswer.safeParse(data);
  if (!plan.success) throw failed(`${url.href} did not answer a defrag plan; is it a hyperfleet service?`);
  return plan.data;
}

/** The service's fragmentation figures in the CLI's terms. */
export function fragmentationOfAnswer(answer: Answer): PlanFragmentation | null {
  const f = answer.fragmentation;
  return f && { typicalFrom: f.typicalFrom, beforeGpus: f.before, afterGpus: f.after };
}
