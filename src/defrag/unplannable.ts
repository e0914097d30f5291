/**
 * @module defrag/unplannable
 * Why no plan exists, in the user's terms: no node could ever hold the pod (too many devices, no allowed model,
 * too much CPU or memory for any node that has its devices), or pods that may not move are in the way, or every
 * node would need more moves than allowed, or the pods that would have to leave fit nowhere else.
 */
import { fitsEmptyNode, modelFits } from '../framework/index.js';
import { type ClusterState, MILLI_PER_DEVICE } from '../model/index.js';
import type { PodRequest } from '../policies/index.js';
import type { DefragState } from './defrag-state.js';
import { podsFitWithout } from './eviction-sets.js';
import { podId } from './placed-pod.js';

/** The request's devices in words: `4 whole GPUs`, `1 GPU with 500 milli`. */
export function devicesInWords(req: Pick<PodRequest, 'gpuCount' | 'gpuMilli'>): string {
  const n = req.gpuCount;
  if (req.gpuMilli === MILLI_PER_DEVICE) return `${n} whole GPU${n === 1 ? '' : 's'}`;
  return n === 1 ? `1 GPU with ${req.gpuMilli} milli` : `${n} GPUs with ${req.gpuMilli} milli each`;
}

/** Why no node could hold `req` even if it were empty; undefined when some node could. */
export function whyNoNodeCanHold(state: ClusterState, req: PodRequest): string | undefined {
  for (let node = 0; node < state.nodeCount; node++) if (fitsEmptyNode(state, req, node)) return undefined;
  let pool = Array.from({ length: state.nodeCount }, (_, node) => node);
  if (req.gpuCount > 0) {
    const devices = devicesInWords(req);
    const types = req.pod.gpuTypes;
    const allowed = types.length > 0 ? ` of an allowed model (${types.join('|')})` : '';
    pool = pool.filter((node) => modelFits(state, req, node));
    if (pool.length === 0) return `needs ${devices}; no node has devices${allowed}`;
    const most = Math.max(...pool.map((node) => state.gpuCountOf(node)));
    if (most < req.gpuCount) {
      return `needs ${devices} on one node; no node has ${req.gpuCount} devices${allowed || ''} (the most is ${most})`;
    }
    pool = pool.filter((node) => state.gpuCountOf(node) >= req.gpuCount);
  }
  const holder = req.gpuCount > 0 ? 'node with enough devices' : 'node';
  const cpu = Math.max(...pool.map((node) => state.nodes[node].cpuMilli));
  if (cpu < req.cpuMilli)
    return `needs ${req.cpuMilli} milli CPU on one node; the largest ${holder} has ${cpu}`;
  const mem = Math.max(...pool.map((node) => state.nodes[node].memMiB));
  if (mem < req.memMiB)
    return `needs ${req.memMiB} MiB of memory on one node; the largest ${holder} has ${mem}`;
  return `no ${holder} has ${req.cpuMilli} milli CPU and ${req.memMiB} MiB of memory together`;
}

/**
 * Why no set of at most `maxMoves` pods can leave any of `candidates` (the nodes that could hold the pod) to make
 * room: pods that may not move block every candidate, or every candidate needs more moves.
 */
export function whyNoEvictionSet(
  ds: DefragState,
  req: PodRequest,
  candidates: readonly number[],
  maxMoves: number,
): string {
  const blocked = candidates.filter((node) => {
    const movable = ds.podsOn[node].filter((i) => ds.canMove(i));
    return !podsFitWithout(ds, req, node, movable);
  });
  const nodes = `${candidates.length} node${candidates.length === 1 ? '' : 's'}`;
  if (blocked.length < candidates.length) {
    const some = blocked.length > 0 ? '; on the others, pods that may not move are in the way' : '';
    return `every node that could hold it would need more than ${maxMoves} pod(s) moved away${some}`;
  }
  const tally = new Map<string, number>();
  for (const node of blocked) {
    for (const i of ds.podsOn[node]) {
      if (ds.canMove(i)) continue;
      const why = ds.whyNot[i] ?? 'moved already by this plan';
      tally.set(why, (tally.get(why) ?? 0) + 1);
    }
  }
  const counts = [...tally].map(([why, n]) => `${n} ${why}`).join(', ');
  return `pods that may not move are in the way on all ${nodes} that could hold it (${counts})`;
}

/** The pods that would have to leave (the cheapest set) and where they are. */
export function whyNoPlace(ds: DefragState, pods: readonly number[], node: number): string {
  const names = pods.map((i) => podId(ds.pods[i])).join(', ');
  return `the pods that would have to leave (cheapest: ${names} on ${ds.state.nodes[node].name}) fit nowhere else`;
}
