/**
 * @module sim/time/pinned-pods
 * The pods already running when a run starts (`hyperfleet run --initial`, a snapshot of a live cluster): placed at
 * time 0, before any arrival, exactly where they run — not re-decided — and held to the end of the run. What they
 * leave is the run's starting state, reported as {@link InitialFigures} so it can be compared with the live fleet.
 */
import { overcommit } from '../../defrag/index.js';
import { MILLI_PER_DEVICE } from '../../model/index.js';
import { startPinned } from './placement.js';
import type { InitialFigures } from './time-sim-result.js';
import type { TimeSimState } from './time-sim-state.js';

/**
 * Places every pinned pod. The caller checks placements first and says which record of which file does not fit
 * (defrag/running-pods); here a pod that does not fit is a caller error, which the state's own check refuses and
 * which is worded as the caller's check words it.
 */
export function placePinned(sim: TimeSimState): InitialFigures | undefined {
  const { pods } = sim;
  let placed = 0;
  for (let i = 0; i < pods.length; i++) {
    const pin = pods[i].pinned;
    if (pin === undefined) continue;
    try {
      startPinned(sim, i, pin.node, [...pin.devices]);
    } catch (e) {
      const refusal = overRefusal(sim, i);
      // A pin of the wrong shape (a device out of range or given twice) is the caller's bug: the state's own error.
      throw refusal === undefined ? e : new Error(refusal);
    }
    placed++;
  }
  return placed === 0 ? undefined : initialFigures(sim, placed);
}

/**
 * What pinned pod `i` overcommits where it is pinned, naming the pod and the node once (worded as
 * defrag/running-pods words it for the user's file); undefined when it overcommits nothing.
 */
function overRefusal(sim: TimeSimState, i: number): string | undefined {
  const { name, pinned } = sim.pods[i];
  const { node, devices } = pinned!;
  const over = overcommit(sim.cluster, node, sim.pods[i], devices);
  return over && `pinned pod ${name}: ${over}: more than node ${sim.cluster.nodes[node].name} holds`;
}

function initialFigures(sim: TimeSimState, pods: number): InitialFigures {
  const { cluster } = sim;
  const deviceMilliUsed: Record<string, number[]> = {};
  for (let n = 0; n < cluster.nodeCount; n++) {
    const gpuCount = cluster.gpuCountOf(n);
    // The state keeps each node's total left: a node with none of it used is skipped without a device array.
    if (cluster.gpuTotalLeft[n] === gpuCount * MILLI_PER_DEVICE) continue;
    const milli = Array.from({ length: gpuCount }, (_, d) => MILLI_PER_DEVICE - cluster.gpuLeftOf(n, d));
    deviceMilliUsed[cluster.nodes[n].name] = milli;
  }
  // Only pinned pods run yet: what the state holds is what they hold.
  const capacity = cluster.totalGpuMilli;
  const gpuAllocationPercent = capacity === 0 ? 0 : (100 * cluster.usedGpuMilli) / capacity;
  return { pods, gpuAllocationPercent, deviceMilliUsed };
}
