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

/** Places every pinned pod; throws when one does not fit (the caller checks placements, e.g. defrag/running-pods). */
export function placePinned(sim: TimeSimState): InitialFigures | undefined {
  const { pods, cluster } = sim;
  let placed = 0;
  for (let i = 0; i < pods.length; i++) {
    const pin = pods[i].pinned;
    if (pin === undefined) continue;
    const node = cluster.nodes[pin.node];
    const free = (d: number) => cluster.gpuLeftOf(pin.node, d) >= pods[i].gpuMilli;
    const fits =
      node !== undefined &&
      cluster.cpuLeft[pin.node] >= pods[i].cpuMilli &&
      cluster.memLeft[pin.node] >= pods[i].memMiB &&
      pin.devices.length === pods[i].gpuCount &&
      pin.devices.every((d) => d < node.gpuCount && free(d));
    if (!fits) throw new Error(`pinned pod ${pods[i].name} does not fit where it is pinned`);
    startPinned(sim, i, pin.node, [...pin.devices]);
    placed++;
  }
  return placed === 0 ? undefined : initialFigures(sim, placed);
}

function initialFigures(sim: TimeSimState, pods: number): InitialFigures {
  const { cluster } = sim;
  const deviceMilliUsed: Record<string, number[]> = {};
  let used = 0;
  let capacity = 0;
  for (let n = 0; n < cluster.nodeCount; n++) {
    const node = cluster.nodes[n];
    const milli = Array.from({ length: node.gpuCount }, (_, d) => MILLI_PER_DEVICE - cluster.gpuLeftOf(n, d));
    capacity += node.gpuCount * MILLI_PER_DEVICE;
    const sum = milli.reduce((a, b) => a + b, 0);
    used += sum;
    if (sum > 0) deviceMilliUsed[node.name] = milli;
  }
  return { pods, gpuAllocationPercent: capacity === 0 ? 0 : (100 * used) / capacity, deviceMilliUsed };
}
