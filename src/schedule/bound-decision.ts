/**
 * @module schedule/bound-decision
 * The filter answer for a pod the service already counts as bound (same UID): its placement, not a new decision.
 *
 * Why: kube-scheduler does not filter a bound pod, but a retry, a leader change or another client can send one.
 * Deciding anew would free the devices the pod really holds and try to bind it again; the API server then refuses
 * that bind (the pod is already assigned), and the pod would no longer be counted while it runs — its devices
 * could be handed out twice. So filter answers the pod's node alone, and changes nothing.
 */
import type { PodSpec } from '../model/index.js';
import type { Candidates } from './candidates.js';
import type { Decision } from './decision.js';
import type { PodIdentity } from './placements.js';

/**
 * The decision of a pod bound to `placed.node` (index `node`, -1 when the inventory no longer has it): that node
 * when it is known and among `candidates`, else every candidate unresolvable (the pod will not move; preemption
 * cannot help).
 */
export function boundDecision(
  placed: PodIdentity & { readonly node: string; readonly devices: readonly number[] },
  node: number,
  spec: PodSpec,
  candidates: Candidates,
): Decision {
  if (node >= 0 && candidates.includes(placed.node)) {
    return { node, devices: placed.devices, failed: {}, unresolvable: {}, spec };
  }
  const why = `pod ${placed.namespace}/${placed.name} (uid ${placed.uid}) is already bound to node ${placed.node}`;
  const unresolvable: Record<string, string> = {};
  for (const name of candidates) unresolvable[name] = why;
  return { node: -1, devices: [], failed: {}, unresolvable, spec };
}
