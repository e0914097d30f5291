/**
 * @module schedule/preemption
 * The preemption check: of the nodes kube-scheduler proposes, each with the victims it would evict there, those
 * where the pod would then fit by hyperfleet's device accounting. Victims hyperfleet does not count on that node
 * free nothing (kube-scheduler's view of a node may differ from hyperfleet's). The victims are forgotten on the
 * state only for the check and assumed again at once: the state is as it was when this returns.
 */
import type { ClusterState, PodSpec } from '../model/index.js';
import { fits } from '../framework/index.js';
import { compileRequest } from '../policies/index.js';
import type { StoredPlacement } from './store.js';

/** Names of the proposed nodes where `spec` fits once the proposed victims are gone, in proposal order. */
export function preemptionNodes(
  state: ClusterState,
  byName: ReadonlyMap<string, number>,
  placements: { get(uid: string): StoredPlacement | undefined },
  spec: PodSpec,
  proposals: ReadonlyMap<string, { uids: readonly string[] }>,
): string[] {
  const req = compileRequest(state, spec);
  const ok: string[] = [];
  for (const [name, { uids }] of proposals) {
    const node = byName.get(name);
    if (node === undefined) continue;
    const victims = uids
      .map((uid) => placements.get(uid))
      .filter((p): p is StoredPlacement => p !== undefined && p.node === name);
    for (const v of victims) state.forget(node, v.spec, v.devices);
    if (fits(state, req, node)) ok.push(name);
    for (const v of victims) state.assume(node, v.spec, v.devices);
  }
  return ok;
}
