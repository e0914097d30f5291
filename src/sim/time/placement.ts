/**
 * @module sim/time/placement
 * Starting and ending a pod's run: the scheduler picks a node for the best of the pod's variants, the cluster
 * and the accounts take the pod on, and give it back when the run ends or the pod is evicted; and moving a running
 * pod to other devices (the defragmenter's moves).
 */
import type { PodSpec } from '../../model/index.js';
import { BEST_EFFORT, qosPriority } from './qos.js';
import type { TimeSimState } from './time-sim-state.js';

/**
 * Starts pod `i` now if one of its variants fits somewhere; returns whether it started. Variants compete on the
 * policy's raw score, then on rank, like nodes within one request.
 */
export function tryStart(sim: TimeSimState, i: number): boolean {
  const variants = sim.variantsOf(i);
  if (typeof variants === 'string') return false;
  const { scheduler } = sim;
  // The best choice so far, in locals rather than an object per pod.
  let bestSpec: PodSpec | null = null;
  let bestNode = -1;
  let bestDevices: number[] = [];
  let bestScore = 0;
  for (const spec of variants) {
    const req = sim.requestOf(spec);
    const outcome = scheduler.schedule(req);
    if (!outcome.ok) continue;
    const score = variants.length === 1 ? 0 : scheduler.rawScore(req, outcome.node);
    if (
      bestSpec === null ||
      score > bestScore ||
      (score === bestScore && scheduler.rankOf(outcome.node) < scheduler.rankOf(bestNode))
    ) {
      bestSpec = spec;
      bestNode = outcome.node;
      bestDevices = outcome.devices;
      bestScore = score;
    }
  }
  if (bestSpec === null) return false;
  startRun(sim, i, bestSpec, bestNode, bestDevices);
  return true;
}

/** Runs pod `i` as `spec` on `devices` of `node` from now on, until `runs.runEnd[i]`. */
export function startRun(sim: TimeSimState, i: number, spec: PodSpec, node: number, devices: number[]): void {
  const pod = sim.pods[i];
  const pool = holdDevices(sim, i, spec, node, devices);
  sim.runs.runEnd[i] = sim.now + pod.durationSec / sim.speed(pod, pool);
  if (qosPriority(pod.qos) === BEST_EFFORT) sim.runs.runningBestEffort.add(i);
  sim.defrag?.started(i);
}

/**
 * Places pinned pod `i` (already running when the run starts) where it runs, to the end of the run: neither
 * preemption nor the defragmenter may touch it, since the simulation does not know when it ends.
 */
export function startPinned(sim: TimeSimState, i: number, node: number, devices: number[]): void {
  holdDevices(sim, i, sim.pods[i], node, devices);
  sim.runs.runEnd[i] = Infinity;
}

/** Pod `i` takes `devices` of `node` as `spec` now; returns the node's pool. */
function holdDevices(sim: TimeSimState, i: number, spec: PodSpec, node: number, devices: number[]): number {
  const { runs, deviceTime } = sim;
  sim.cluster.assume(node, spec, devices);
  runs.spec[i] = spec;
  deviceTime.refresh(node);
  const pool = sim.input.nodePool[node];
  deviceTime.allocate(pool, spec.gpuCount * spec.gpuMilli);
  runs.node[i] = node;
  runs.devices[i] = devices;
  runs.start[i] = sim.now;
  return pool;
}

/**
 * Moves running pod `i` to `devices` of `node` now (a defragmentation move): its old devices are free at once; it
 * holds the new ones for `restartSec` (the migration cost) plus the run time it had left, rescaled from the old
 * device's speed to the new one's. Its first start is kept (queueing delay); its team is charged through its end.
 */
export function moveRun(
  sim: TimeSimState,
  i: number,
  node: number,
  devices: number[],
  restartSec: number,
): void {
  const { runs, deviceTime } = sim;
  const pod = sim.pods[i];
  const spec = runs.spec[i]!;
  const from = runs.node[i];
  const fromPool = sim.input.nodePool[from];
  const milli = spec.gpuCount * spec.gpuMilli;
  sim.cluster.forget(from, spec, runs.devices[i]!);
  deviceTime.refresh(from);
  deviceTime.free(fromPool, milli);
  sim.cluster.assume(node, spec, devices);
  deviceTime.refresh(node);
  const pool = sim.input.nodePool[node];
  deviceTime.allocate(pool, milli);
  const remaining = ((runs.runEnd[i] - sim.now) * sim.speed(pod, fromPool)) / sim.speed(pod, pool);
  runs.node[i] = node;
  runs.devices[i] = devices;
  runs.runEnd[i] = sim.now + restartSec + remaining;
}

/** Ends pod `i`'s run now (it finished or is evicted): frees its devices and charges its team. */
export function endRun(sim: TimeSimState, i: number): void {
  const { runs, deviceTime } = sim;
  const spec = runs.spec[i]!;
  const node = runs.node[i];
  sim.cluster.forget(node, spec, runs.devices[i]!);
  deviceTime.refresh(node);
  deviceTime.free(sim.input.nodePool[node], spec.gpuCount * spec.gpuMilli);
  const pod = sim.pods[i];
  sim.teams.ran(pod.team, spec.gpuCount * spec.gpuMilli * (sim.now - runs.start[i]));
  // Only best-effort pods are in the set (startRun): a hash lookup per departure is otherwise wasted.
  if (qosPriority(pod.qos) === BEST_EFFORT) runs.runningBestEffort.delete(i);
  runs.node[i] = -1;
  runs.devices[i] = null;
  sim.defrag?.ended(i);
}
