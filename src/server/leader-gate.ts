/**
 * @module server/leader-gate
 * What a follower replica answers (schedule/leadership): reads, yes; decisions and changes, no.
 *
 * Every `/extender/*` call and every change under /v1 (nodes, placements, policy, defrag) on a follower is a 503
 * (`unavailable`, with `Retry-After: 1`), never forwarded to the leader. Why a 5xx and not forwarding: kube-scheduler
 * (v1.20 and later, `HTTPExtender.send`) turns any non-200 answer into an error; for a non-ignorable extender the
 * scheduling cycle fails and the pod goes back to the queue with back-off — it is retried, as with the protocol's
 * `Error` field, but a 503 works the same for every verb (prioritize and preempt have no `Error` field) and is not
 * counted as a refusal of the pod. Forwarding would let a kube-scheduler that is not the Lease holder have decisions
 * taken for it, breaking "extender calls and decisions come from the same leader", and would need cross-pod
 * credentials; in the sidecar deployment only the leading kube-scheduler calls at all.
 *
 * On the leader, extender answers carry `Hyperfleet-Replica` and `Hyperfleet-Leader-Epoch` (the fencing token), so
 * that a client — and the HA tests — can check that no two replicas decided at once.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RefusedError } from '../errors/index.js';
import type { Leadership } from '../schedule/index.js';

/** URL prefixes under /v1 whose changes (non-GET) only the leader makes; other POSTs are questions or runs. */
const LEADER_CHANGES = ['/v1/nodes', '/v1/placements', '/v1/policy', '/v1/defrag'];

/** Whether the request decides or changes the live state. */
export function decides(request: FastifyRequest): boolean {
  const url = request.url;
  if (url.startsWith('/extender/')) return true;
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  return LEADER_CHANGES.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`));
}

export function installLeaderGate(app: FastifyInstance, leadership: Leadership): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!decides(request)) return;
    if (leadership.isLeader()) {
      void reply.header('hyperfleet-replica', leadership.replica);
      const epoch = leadership.epoch();
      if (epoch !== undefined) void reply.header('hyperfleet-leader-epoch', epoch);
      return;
    }
    void reply.header('retry-after', '1');
    throw new RefusedError({
      ok: false,
      kind: 'unavailable',
      reason: `replica ${leadership.replica} is a follower (${leadership.mechanism}): it does not decide; retry on the leader`,
    });
  });
}
