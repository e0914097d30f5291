/**
 * @module defrag/destinations
 * Where a pod that leaves its node may go, as a list of (node, devices) to try in order: the nodes it fits now,
 * ranked by the placement policy (the place kube-scheduler's extender would pick comes first), and the device
 * choices on each.
 *
 * The exact search tries every choice that can change the outcome and no more: nodes in the same state (device
 * model, CPU and memory left, multiset of device remainders) are interchangeable, so one of each state is tried;
 * on the plan's own nodes (the target, a node being emptied for a chain) every device combination is tried, since
 * which pods end up on which device decides what a later eviction frees. After the last move of a plan only the
 * target's state matters, so one place off the plan's nodes is enough. The fallback search tries the policy's
 * devices on a few of the best-ranked nodes.
 */
import type { PodRequest } from '../policies/index.js';
import type { DefragState } from './defrag-state.js';

export interface Place {
  readonly node: number;
  readonly devices: readonly number[];
}

/** Nodes the fallback search tries for one pod, beyond the plan's own nodes. */
export const FALLBACK_DESTINATIONS = 3;

export interface DestinationSearch {
  /** The plan's own nodes: every device combination is tried there. */
  readonly special: readonly number[];
  /** Nothing but the target matters after this move: one place off the special nodes is enough. */
  readonly last: boolean;
  readonly exact: boolean;
}

/** Where pod `i` (lifted off its node) may go now, in the order to try. */
export function destinations(ds: DefragState, i: number, search: DestinationSearch): Place[] {
  const req = ds.requestOf(i);
  const ranked = rankedNodes(ds, req);
  const out: Place[] = [];
  const seen = new Set<string>();
  let others = 0;
  for (const node of ranked) {
    if (search.special.includes(node)) {
      for (const devices of deviceChoices(ds, req, node, search.exact ? 'all' : 'pick'))
        out.push({ node, devices });
      continue;
    }
    if (search.last || !search.exact) {
      if (others++ < (search.last ? 1 : FALLBACK_DESTINATIONS))
        out.push({ node, devices: policyDevices(ds, req, node) });
      continue;
    }
    const signature = stateSignature(ds, node);
    if (seen.has(signature)) continue;
    seen.add(signature);
    for (const devices of deviceChoices(ds, req, node, 'distinct')) out.push({ node, devices });
  }
  return out;
}

/** The nodes `req` fits now, best first by the policy's score (ties to the lower index). */
export function rankedNodes(ds: DefragState, req: PodRequest): number[] {
  const feasible = ds.fittingNodes(req);
  const policy = ds.policy;
  policy.prepare?.(ds.ctx, req, Int32Array.from(feasible), feasible.length);
  const score = new Map(feasible.map((node) => [node, policy.score(ds.ctx, req, node)]));
  return feasible.sort((a, b) => score.get(b)! - score.get(a)! || a - b);
}

/** The devices the policy gives `req` on `node` (it fits there). */
export function policyDevices(ds: DefragState, req: PodRequest, node: number): number[] {
  return ds.policy.pickDevices(ds.ctx, req, node);
}

/**
 * Device choices for `req` on `node`, the policy's first: `pick` only that one; `distinct` one per multiset of the
 * chosen devices' remainders (equal remainders are interchangeable on a node the plan does not empty); `all` every
 * combination. Whole devices are interchangeable when free, so whole-device requests get one choice.
 */
export function deviceChoices(
  ds: DefragState,
  req: PodRequest,
  node: number,
  mode: 'pick' | 'distinct' | 'all',
): number[][] {
  const pick = policyDevices(ds, req, node);
  if (mode === 'pick' || req.gpuCount === 0 || req.gpuMilli === 1000) return [pick];
  const state = ds.state;
  const base = state.gpuOffset[node];
  const open: number[] = [];
  for (let d = 0; d < state.gpuCountOf(node); d++) if (state.gpuLeft[base + d] >= req.gpuMilli) open.push(d);
  const key = (devices: readonly number[]): string =>
    mode === 'all'
      ? [...devices].sort((a, b) => a - b).join(',')
      : devices
          .map((d) => state.gpuLeft[base + d])
          .sort((a, b) => a - b)
          .join(',');
  const seen = new Set([key(pick)]);
  const out = [pick];
  const chosen: number[] = [];
  const walk = (start: number): void => {
    if (chosen.length === req.gpuCount) {
      const k = key(chosen);
      if (!seen.has(k)) {
        seen.add(k);
        out.push([...chosen]);
      }
      return;
    }
    for (let j = start; j <= open.length - (req.gpuCount - chosen.length); j++) {
      chosen.push(open[j]);
      walk(j + 1);
      chosen.pop();
    }
  };
  walk(0);
  return out;
}

/** What makes two nodes interchangeable as a destination: model, CPU, memory and the multiset of remainders. */
function stateSignature(ds: DefragState, node: number): string {
  const s = ds.state;
  const left = Array.from(s.gpuLeft.subarray(s.gpuOffset[node], s.gpuOffset[node + 1])).sort((a, b) => a - b);
  return `${s.modelId[node]}/${s.cpuLeft[node]}/${s.memLeft[node]}/${left.join(',')}`;
}
