/**
 * @module sim/time/pinned-pods
 * The pods already running when a run starts (`hyperfleet run --initial`, a snapshot of a live cluster): placed at
 * time 0, before any arrival, exactly where they run — not re-decided — and held to the end of the run. What they
 * leave is the run's starting state, reported as {@link InitialFigures} so it can be compared with the live fleet.
 */
import { MILLI_PER_DEVICE } from '../../model/index.js';
import { startPinned } from './placement.js';
import type { InitialFigures } from './time-sim-result.js';
import type { TimeSimState } from './time-sim-state.js';

/**
 * Places every pinned pod. The caller checks placements first and says which record of which file does not fit
 * (defrag/running-pods); here a pod that does not fit is a caller error, which the state's own check refuses.
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
      throw new Error(`pinned pod ${pods[i].name} does not fit where it is pinned: ${(e as Error).message}`);
    }
    placed++;
  }
  return placed === 0 ? undefined : initialFigures(sim, placed);
}

function initialFigures(sim: TimeSimState, pods: number): InitialFigures {
  const { cluster } = sim;
  const deviceMilliUsed: Record<string, number[]> = {};
  for (let n = 0; n < cluster.nodeCount; n++) {
    const node = cluster.nodes[n];
    const milli = Array.from({ length: node.gpuCount }, (_, d) => MILLI_PER_DEVICE - cluster.gpuLeftOf(n, d));
    if (milli.some((m) => m > 0)) deviceMilliUsed[node.name] = milli;
  }
  // Only pinned pods run yet: what the state holds is what they hold.
  const capacity = cluster.totalGpuMilli;
  const gpuAllocationPercent = capacity === 0 ? 0 : (100 * cluster.usedGpuMilli) / capacity;
  return { pods, gpuAllocationPercent, deviceMilliUsed };
}
