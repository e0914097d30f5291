/**
 * @module schedule/decision
 * The filter decision for one pod: the single best node among the candidates kube-scheduler sent, by the policy,
 * and when none fits, why not, node by node. Reads the state; reserving the devices is the caller's.
 *
 * When no candidate fits, each is sorted as kube-scheduler tells Unschedulable from UnschedulableAndUnresolvable:
 * a node that could take the pod once pods are evicted from it (it would fit the node empty) is `failed`; a node
 * that never could (a device model the pod does not accept, more than the node has in total, a node hyperfleet
 * does not know) is `unresolvable`, so that preemption does not try it.
 */
import type { ClusterState, PodSpec } from '../model/index.js';
import { fitsEmptyNode, type Scheduler, unfitReasons } from '../framework/index.js';
import { compileRequest } from '../policies/index.js';
import type { Candidates } from './candidates.js';
import { partitionMismatch } from './partition-requests.js';

/**
 * The outcome of filter for one pod. When no candidate fits, every candidate is in `failed` or `unresolvable`
 * with the reason, as kube-scheduler tells Unschedulable from UnschedulableAndUnresolvable: only nodes of
 * `failed` may take the pod once pods are evicted from them.
 */
export interface Decision {
  /** Chosen node index, -1 when the pod fits none of the candidates. */
  readonly node: number;
  readonly devices: readonly number[];
  /** Node name → why the pod cannot run there now (the node is full: preemption may help). */
  readonly failed: Record<string, string>;
  /**
   * Node name → why the pod can never run there: a device model it does not accept, more than the node has in
   * total, or a node hyperfleet does not know. Preemption will not help.
   */
  readonly unresolvable: Record<string, string>;
  readonly spec: PodSpec;
}

/** Why a candidate that hyperfleet does not know cannot take the pod. */
export const UNKNOWN_NODE = 'node unknown to hyperfleet (not in its node inventory)';

/**
 * Decides where `spec` goes among `candidates` with `scheduler` (the policy and tie-break ranks over `state`);
 * `byName` indexes the nodes by name. Changes nothing.
 */
export function decideAmong(
  state: ClusterState,
  scheduler: Scheduler,
  byName: ReadonlyMap<string, number>,
  spec: PodSpec,
  candidates: Candidates,
): Decision {
  const req = compileRequest(state, spec);
  // The whole-cluster decision is the engine's fast path; when its node is among the candidates it is also the
  // best of the candidates (same scores, same tie-break). Finding one name in the list is a cheap string scan;
  // indexing every candidate (a hash lookup per name, 10,000 per call on a large cluster) is needed only when
  // it is not there: then decide among the candidates alone, or say why none fits.
  const outcome = scheduler.schedule(req);
  if (outcome.ok && candidates.includes(state.nodes[outcome.node].name)) {
    return { node: outcome.node, devices: outcome.devices, failed: {}, unresolvable: {}, spec };
  }
  const failed: Record<string, string> = {};
  const unresolvable: Record<string, string> = {};
  const known: number[] = [];
  for (const name of candidates) {
    const i = byName.get(name);
    if (i === undefined) unresolvable[name] = UNKNOWN_NODE;
    else known.push(i);
  }
  const among = outcome.ok ? scheduler.schedule(req, known) : outcome;
  if (among.ok) return { node: among.node, devices: among.devices, failed: {}, unresolvable: {}, spec };
  for (const i of known) {
    // A partition the node's model lacks, said in the vendor's terms rather than as a model constraint.
    const why = partitionMismatch(spec, state.nodes[i].gpuModel) ?? unfitReasons(state, req, i).join('; ');
    if (fitsEmptyNode(state, req, i)) failed[state.nodes[i].name] = why;
    else unresolvable[state.nodes[i].name] = why;
  }
  return { node: -1, devices: [], failed, unresolvable, spec };
}
