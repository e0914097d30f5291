import { describe, expect, it } from 'vitest';
import { makeNode, makePod, sharingPod, wholeGpuPod } from '../../test/support/builders.js';
import { GoRand } from '../rng/go-rand.js';
import {
  ClusterState,
  FIT_CPU,
  FIT_FREE,
  FIT_MAX_LEFT,
  FIT_MEM,
  FIT_MODEL,
  FIT_PODS,
  FIT_STRIDE,
  FIT_VERSION,
} from './cluster-state.js';

/** Each node's fit row as the arrays it copies say it should be. */
function expectedRows(state: ClusterState): number[][] {
  return Array.from({ length: state.nodeCount }, (_, n) => [
    state.cpuLeft[n],
    state.memLeft[n],
    state.podCount[n],
    state.gpuMaxLeft[n],
    state.gpuFreeCount[n],
    state.modelId[n],
    state.version[n],
  ]);
}

function rows(state: ClusterState): number[][] {
  const offsets = [FIT_CPU, FIT_MEM, FIT_PODS, FIT_MAX_LEFT, FIT_FREE, FIT_MODEL, FIT_VERSION];
  return Array.from({ length: state.nodeCount }, (_, n) =>
    offsets.map((o) => state.fitRow[n * FIT_STRIDE + o]),
  );
}

describe('ClusterState fit rows', () => {
  it('stay equal to the arrays they copy through placements and releases, and are cloned', () => {
    const nodes = [
      makeNode({ name: 'a', gpuCount: 4, gpuModel: 'A' }),
      makeNode({ name: 'b', gpuCount: 0 }),
      makeNode({ name: 'c', gpuCount: 8, gpuModel: 'B' }),
    ];
    const state = new ClusterState(nodes);
    expect(rows(state)).toEqual(expectedRows(state));
    const rng = new GoRand(3);
    const placed: { node: number; pod: ReturnType<typeof makePod>; devices: number[] }[] = [];
    const pods = [makePod({ cpuMilli: 1000, memMiB: 512 }), sharingPod(300), wholeGpuPod(2)];
    for (let step = 0; step < 200; step++) {
      if (placed.length > 0 && rng.intn(3) === 0) {
        const [p] = placed.splice(rng.intn(placed.length), 1);
        state.forget(p.node, p.pod, p.devices);
      } else {
        const pod = pods[rng.intn(pods.length)];
        const node = pod.gpuCount > 0 ? [0, 2][rng.intn(2)] : rng.intn(3);
        const devices: number[] = [];
        for (let g = 0; g < state.gpuCountOf(node) && devices.length < pod.gpuCount; g++)
          if (state.gpuLeftOf(node, g) >= pod.gpuMilli) devices.push(g);
        if (devices.length < pod.gpuCount || state.cpuLeft[node] < pod.cpuMilli) continue;
        state.assume(node, pod, devices);
        placed.push({ node, pod, devices });
      }
      expect(rows(state)).toEqual(expectedRows(state));
    }
    expect(placed.length).toBeGreaterThan(5);
    expect(rows(state.clone())).toEqual(expectedRows(state));
  });
});
