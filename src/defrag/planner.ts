/**
 * @module defrag/planner
 * The defragmentation planner (issue 16): given the cluster, the pods running on it and a pending pod (or a gang,
 * all pods of a job), the cheapest moves — pod → new node and devices, in execution order — after which the
 * pending pods fit, every moved pod is placed again, and no device, CPU or memory is overcommitted after any step.
 * Used unchanged by the CLI, the live service and the simulators: it reads the shared model and the policies.
 *
 * Cost: Σ of the moved pods' costs (defrag/move-cost), at most `maxMoves` moves.
 *
 * Search (defrag/plan-search): the pending pod goes to a target node T once a set S of T's pods has left; each pod
 * of S goes to a node where it fits (T's other devices included), or to a node U after one pod of U has moved
 * away (a chain). Targets and sets are tried cheapest set first, by branch and bound.
 * - Exact up to {@link EXACT_MAX_MOVES} moves: every set (supersets of a fitting set too), every order, every place
 *   that can change the outcome (defrag/destinations). Any sequence of at most two moves that makes the pod fit
 *   is of this shape, so the plan is of least cost among all such sequences, and "impossible within k moves" is
 *   a proof.
 * - Beyond (the fallback): after the exact search for two moves, sets of up to `maxMoves` pods in which every
 *   pod is needed, the largest pod placed first, a few places per pod (the policy's best nodes), chains of one
 *   move. It returns the cheapest plan it finds, marked not exhaustive; it never claims impossibility unless no
 *   set of at most `maxMoves` pods could make room at all (which is exact).
 * - A work limit bounds the search on large fleets; when reached, the answer says so and is not exhaustive.
 * Gangs are planned pod after pod on the state the previous pods' plans leave (greedy: not exhaustive).
 */
import { ErrorCode, InputError } from '../errors/index.js';
import { fitsEmptyNode } from '../framework/index.js';
import type { ClusterState, PodSpec } from '../model/index.js';
import { compileRequest, createPolicy, type Policy, type PodRequest } from '../policies/index.js';
import type { DefragMove, DefragPlan, NodeDevices } from './defrag-plan.js';
import { DefragState } from './defrag-state.js';
import { type Place, policyDevices, rankedNodes } from './destinations.js';
import { COST_SCALE, type MoveRules } from './move-cost.js';
import type { PlacedPod } from './placed-pod.js';
import { type FoundPlan, PlanSearch } from './plan-search.js';
import { whyNoEvictionSet, whyNoNodeCanHold, whyNoPlace } from './unplannable.js';

/** Up to this many moves the search is exact (see the module comment). */
export const EXACT_MAX_MOVES = 2;
export const DEFAULT_MAX_MOVES = 4;
/** Most moves a plan may have (the search grows combinatorially with it). */
export const MAX_MOVES_LIMIT = 16;
/** Work units (placements tried plus nodes scanned) per pending pod before the search gives up. */
export const DEFAULT_WORK_LIMIT = 3_000_000;

export interface DefragOptions extends MoveRules {
  /** Most moves (default {@link DEFAULT_MAX_MOVES}). */
  readonly maxMoves?: number;
  /** Ranks the places of moved pods and picks devices (default BestFit). */
  readonly policy?: Policy;
  readonly workLimit?: number;
}

/** The outcome for one pending pod. */
type PodOutcome =
  | { readonly ok: true; readonly plan: FoundPlan; readonly exhaustive: boolean }
  | { readonly ok: false; readonly reason: string; readonly exhaustive: boolean };

/**
 * A plan for `pending` (one pod, or a gang) on `state`, which must hold exactly `pods` (it is not changed).
 * Throws an {@link InputError} for a bad `maxMoves` or a pod annotation it cannot read.
 */
export function planDefrag(
  state: ClusterState,
  pods: readonly PlacedPod[],
  pending: PodSpec | readonly PodSpec[],
  options: DefragOptions = {},
): DefragPlan {
  const maxMoves = options.maxMoves ?? DEFAULT_MAX_MOVES;
  if (!Number.isInteger(maxMoves) || maxMoves < 0 || maxMoves > MAX_MOVES_LIMIT) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: 'maxMoves',
      expected: `a whole number from 0 to ${MAX_MOVES_LIMIT}`,
      got: String(maxMoves),
    });
  }
  const gang = Array.isArray(pending) ? (pending as readonly PodSpec[]) : [pending as PodSpec];
  const ds = new DefragState(state, pods, options.policy ?? createPolicy('bestfit'), options);
  const workLimit = options.workLimit ?? DEFAULT_WORK_LIMIT;
  const names = (place: Place): NodeDevices => ({
    node: state.nodes[place.node].name,
    devices: [...place.devices],
  });
  const moves: DefragMove[] = [];
  const targets: NodeDevices[] = [];
  let cost = 0;
  let exhaustive = true;
  let budget = maxMoves;
  for (const [g, spec] of gang.entries()) {
    const req = compileRequest(ds.state, spec);
    const outcome = planPod(ds, req, budget, workLimit);
    if (!outcome.ok) {
      const who = gang.length > 1 ? `pod ${g + 1} of the gang (${spec.name}): ` : '';
      const proven =
        outcome.exhaustive && (gang.length === 1 || whyNoNodeCanHold(ds.state, req) !== undefined);
      const reason = proven
        ? `impossible within ${maxMoves} move${maxMoves === 1 ? '' : 's'}: ${who}${outcome.reason}`
        : `no plan found: ${who}${outcome.reason}`;
      return { feasible: false, moves: [], targets: [], cost: 0, reason, exhaustive: proven, maxMoves };
    }
    const { plan } = outcome;
    for (const m of plan.moves) {
      ds.lift(m.pod);
      ds.drop(m.pod, m.to.node, m.to.devices);
      ds.moved[m.pod] = 1;
      const p = pods[m.pod];
      moves.push({
        namespace: p.namespace,
        name: p.name,
        from: names(m.from),
        to: names(m.to),
        cost: m.cost / COST_SCALE,
      });
    }
    ds.state.assume(plan.target.node, spec, plan.target.devices);
    if (g < gang.length - 1) ds.rebase();
    targets.push(names(plan.target));
    budget -= plan.moves.length;
    cost += plan.cost;
    exhaustive &&= outcome.exhaustive && gang.length === 1;
  }
  return {
    feasible: true,
    moves,
    target: targets[0],
    targets,
    cost: cost / COST_SCALE,
    exhaustive,
    maxMoves,
  };
}

/** The cheapest plan for one pending pod within `budget` moves, or why there is none. */
function planPod(ds: DefragState, req: PodRequest, budget: number, workLimit: number): PodOutcome {
  const fitting = rankedNodes(ds, req);
  if (fitting.length > 0) {
    const target = { node: fitting[0], devices: policyDevices(ds, req, fitting[0]) };
    return { ok: true, plan: { moves: [], target, cost: 0 }, exhaustive: true };
  }
  const never = whyNoNodeCanHold(ds.state, req);
  if (never !== undefined) return { ok: false, reason: never, exhaustive: true };
  if (budget === 0)
    return { ok: false, reason: 'it fits no node as they are, and no move is allowed', exhaustive: true };
  const exactMoves = Math.min(budget, EXACT_MAX_MOVES);
  const exact = new PlanSearch(ds, req, { maxMoves: exactMoves, exact: true, bound: Infinity, workLimit });
  exact.run();
  let best = exact.best;
  let proven = !exact.cutShort;
  let fallback: PlanSearch | null = null;
  if (budget > exactMoves && !exact.cutShort) {
    const bound = best?.cost ?? Infinity;
    fallback = new PlanSearch(ds, req, { maxMoves: budget, exact: false, bound, workLimit });
    fallback.run();
    // A plan of more moves costs at least one unit per move: the exact search's plan is proven least when it
    // costs no more than that.
    proven = fallback.best === null && best !== null && best.cost <= (EXACT_MAX_MOVES + 1) * COST_SCALE;
    best = fallback.best ?? best;
  }
  if (best !== null) return { ok: true, plan: best, exhaustive: proven };
  if (exact.cutShort) {
    return {
      ok: false,
      reason: `the search reached its work limit (${workLimit}) before finding a plan; one may exist`,
      exhaustive: false,
    };
  }
  const setsFound = exact.setsFound + (fallback?.setsFound ?? 0);
  if (setsFound === 0 && !fallback?.cutShort) {
    const candidates: number[] = [];
    for (let node = 0; node < ds.state.nodeCount; node++)
      if (fitsEmptyNode(ds.state, req, node)) candidates.push(node);
    return { ok: false, reason: whyNoEvictionSet(ds, req, candidates, budget), exhaustive: true };
  }
  const set = exact.cheapestSet ?? fallback?.cheapestSet;
  const where = set
    ? whyNoPlace(ds, set.pods, set.node)
    : 'the pods that would have to leave fit nowhere else';
  if (budget <= EXACT_MAX_MOVES) return { ok: false, reason: where, exhaustive: true };
  return {
    ok: false,
    reason: `${where} within ${EXACT_MAX_MOVES} moves (proven); the fallback search for up to ${budget} found none either`,
    exhaustive: false,
  };
}
