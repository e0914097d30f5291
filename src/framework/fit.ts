/**
 * @module framework/fit
 * The resource-fit filter every policy runs behind (kube-scheduler's NodeResourcesFit plus the GPU-share filter
 * of the reference simulator): CPU, memory, pod count, device model, and enough devices with room.
 * `fits` is the hot-loop predicate; `unfitReasons` explains a rejection with every failed condition, built from
 * the same per-condition predicates; `fitsEmptyNode` tells a node that is full now from one that can never hold the
 * pod (kube-scheduler's Unschedulable versus UnschedulableAndUnresolvable: only the first may yield to preemption).
 */
import {
  ClusterState,
  ROW_CPU,
  ROW_FREE,
  ROW_MAX_LEFT,
  ROW_MEM,
  ROW_MODEL,
  ROW_PODS,
  ROW_STRIDE,
  MAX_PODS_PER_NODE,
  MILLI_PER_DEVICE,
  type NodeSpec,
} from '../model/index.js';
import type { PodRequest } from '../policies/index.js';

/** Whether `req` fits `node`. */
export function fits(state: ClusterState, req: PodRequest, node: number): boolean {
  return req.memMiB <= state.nodeRow[node * ROW_STRIDE + ROW_MEM] && fitsApartFromMemory(state, req, node);
}

/**
 * Whether `req` fits `node` on every condition but memory: what an index shared by pods that differ only in memory
 * holds (see framework/scheduler `shareMemoryClasses`).
 */
export function fitsApartFromMemory(state: ClusterState, req: PodRequest, node: number): boolean {
  // The node row (see ClusterState.nodeRow): one cache line rather than an array per condition.
  const at = node * ROW_STRIDE;
  return (
    req.cpuMilli <= state.nodeRow[at + ROW_CPU] &&
    state.nodeRow[at + ROW_PODS] < MAX_PODS_PER_NODE &&
    (req.gpuCount === 0 || (modelFits(state, req, node) && devicesFit(state, req, node)))
  );
}

/** Whether the node has devices of a model the pod accepts. */
export function modelFits(state: ClusterState, req: PodRequest, node: number): boolean {
  const model = state.nodeRow[node * ROW_STRIDE + ROW_MODEL];
  return model >= 0 && (req.allowedModels === null || req.allowedModels[model] === 1);
}

/** Whether `gpuCount` distinct devices of the node each have at least `gpuMilli` left. */
export function devicesFit(state: ClusterState, req: PodRequest, node: number): boolean {
  const k = req.gpuCount;
  const m = req.gpuMilli;
  if (k === 1) return state.nodeRow[node * ROW_STRIDE + ROW_MAX_LEFT] >= m;
  if (m === MILLI_PER_DEVICE) return state.nodeRow[node * ROW_STRIDE + ROW_FREE] >= k;
  const end = state.gpuOffset[node + 1];
  let found = 0;
  for (let i = state.gpuOffset[node]; i < end; i++) if (state.gpuLeft[i] >= m && ++found >= k) return true;
  return false;
}

/**
 * Whether `req` would fit `node` with nothing placed on it: the node's device model is one the pod accepts and its
 * totals (CPU, memory, devices) cover the request. When not, evicting pods cannot make room.
 */
export function fitsEmptyNode(state: ClusterState, req: PodRequest, node: number): boolean {
  const total = state.nodes[node];
  return (
    req.cpuMilli <= total.cpuMilli &&
    req.memMiB <= total.memMiB &&
    (req.gpuCount === 0 || (modelFits(state, req, node) && req.gpuCount <= total.gpuCount))
  );
}

/** Every reason `req` does not fit `node` (empty when it fits), worded for users. */
export function unfitReasons(state: ClusterState, req: PodRequest, node: number): string[] {
  const reasons: string[] = [];
  if (req.cpuMilli > state.cpuLeft[node]) {
    reasons.push(`Insufficient cpu (${req.cpuMilli} milli asked, ${state.cpuLeft[node]} left)`);
  }
  if (req.memMiB > state.memLeft[node]) {
    reasons.push(`Insufficient memory (${req.memMiB} MiB asked, ${state.memLeft[node]} left)`);
  }
  if (state.podCount[node] >= MAX_PODS_PER_NODE) reasons.push('Too many pods');
  if (req.gpuCount === 0) return reasons;
  if (!modelFits(state, req, node)) {
    const model = state.modelId[node];
    reasons.push(
      model < 0
        ? 'Node has no accelerators'
        : `Accelerator model ${state.models[model]} not allowed (pod accepts ${req.pod.gpuTypes.join('|')})`,
    );
  } else if (!devicesFit(state, req, node)) {
    reasons.push(
      `Insufficient accelerators (${req.gpuCount} × ${req.gpuMilli} milli asked; ` +
        `${state.gpuFreeCount[node]} free devices, largest remainder ${state.gpuMaxLeft[node]} milli)`,
    );
  }
  return reasons;
}

/**
 * Whether a request fits some node of the fleet when it is empty: a pod that does not is too large or asks for a
 * model the fleet lacks, and is reported as such rather than as waiting or failing for lack of room. The empty
 * state is built on first use and the answer memoised per (shared) request object.
 */
export class EmptyFleetFit {
  private readonly nodes: readonly NodeSpec[];
  private empty: ClusterState | null = null;
  private readonly memo = new Map<PodRequest, boolean>();

  constructor(nodes: readonly NodeSpec[]) {
    this.nodes = nodes;
  }

  fitsSomewhere(req: PodRequest): boolean {
    let ok = this.memo.get(req);
    if (ok === undefined) {
      const empty = (this.empty ??= new ClusterState(this.nodes));
      ok = false;
      for (let node = 0; node < empty.nodeCount && !ok; node++) ok = fits(empty, req, node);
      this.memo.set(req, ok);
    }
    return ok;
  }
}
