/**
 * @module defrag/apply-plan
 * Checks a plan the way an outsider would (issue 16's contract): from the nodes and placements, apply the moves
 * one by one — each pod leaves the devices it holds and takes its new ones — and require after every step that no
 * device holds more than 1000 milli and CPU and memory stay within capacity, that a moved pod is where the move
 * says it comes from and goes to a node of a model it accepts, then that the pending pods fit their targets.
 */
import { modelFits } from '../framework/index.js';
import type { ClusterState, PodSpec } from '../model/index.js';
import { compileRequest } from '../policies/index.js';
import type { DefragPlan, NodeDevices } from './defrag-plan.js';
import { type PlacedPod, podId } from './placed-pod.js';

export type AppliedPlan =
  { readonly ok: true; readonly state: ClusterState } | { readonly ok: false; readonly problem: string };

/** `state` (holding `pods`, unchanged) after the plan's moves and the pending pods on their targets. */
export function applyPlan(
  state: ClusterState,
  pods: readonly PlacedPod[],
  pending: readonly PodSpec[],
  plan: Pick<DefragPlan, 'moves' | 'targets'>,
): AppliedPlan {
  const after = state.clone();
  const nodeIndex = new Map(state.nodes.map((n, i) => [n.name, i]));
  const where = new Map(pods.map((p) => [podId(p), { pod: p, node: p.node, devices: [...p.devices] }]));
  const put = (spec: PodSpec, to: NodeDevices, what: string): string | undefined => {
    const node = nodeIndex.get(to.node);
    if (node === undefined) return `${what}: no node ${to.node}`;
    if (spec.gpuCount > 0 && spec.gpuMilli > 0 && !modelFits(after, compileRequest(after, spec), node)) {
      return `${what}: node ${to.node} has no device of a model the pod accepts`;
    }
    try {
      after.assume(node, spec, to.devices);
    } catch (e) {
      return `${what}: ${(e as Error).message}`;
    }
    return undefined;
  };
  for (const [k, move] of plan.moves.entries()) {
    const what = `move ${k + 1} (${move.namespace}/${move.name})`;
    const at = where.get(`${move.namespace}/${move.name}`);
    if (at === undefined) return { ok: false, problem: `${what}: no such running pod` };
    if (state.nodes[at.node].name !== move.from.node || !sameDevices(at.devices, move.from.devices)) {
      return {
        ok: false,
        problem: `${what}: the pod is not on ${move.from.node} [${move.from.devices.join(',')}]`,
      };
    }
    after.forget(at.node, at.pod.spec, at.devices);
    const problem = put(at.pod.spec, move.to, what);
    if (problem !== undefined) return { ok: false, problem };
    at.node = nodeIndex.get(move.to.node)!;
    at.devices = [...move.to.devices];
  }
  if (plan.targets.length !== pending.length) {
    return { ok: false, problem: `${plan.targets.length} targets for ${pending.length} pending pods` };
  }
  for (const [g, spec] of pending.entries()) {
    const problem = put(spec, plan.targets[g], `pending pod ${g + 1}`);
    if (problem !== undefined) return { ok: false, problem };
  }
  return { ok: true, state: after };
}

function sameDevices(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
