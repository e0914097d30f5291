import { describe, expect, it } from 'vitest';
import { ClusterState, type PodSpec } from '../../model/index.js';
import { compileRequest } from '../../policies/index.js';
import { makeNode, wholeGpuPod } from '../../../test/support/builders.js';
import { PodRuns } from './pod-runs.js';
import { chooseEviction } from './preemption.js';

/** Three nodes of two devices; rank puts node 1 first, then node 2, then node 0. */
const RANK = Int32Array.from([2, 0, 1]);

interface Running {
  readonly node: number;
  readonly device: number;
  readonly start: number;
  readonly bestEffort: boolean;
}

/** A cluster running one-device pods as listed (pod i = running[i]), recorded in PodRuns as the simulator does. */
function running(list: readonly Running[]) {
  const cluster = new ClusterState([0, 1, 2].map((k) => makeNode({ name: `n${k}`, gpuCount: 2 })));
  const runs = new PodRuns(list.length);
  list.forEach((r, i) => {
    const spec = wholeGpuPod(1);
    cluster.assume(r.node, spec, [r.device]);
    runs.node[i] = r.node;
    runs.devices[i] = [r.device];
    runs.spec[i] = spec;
    runs.start[i] = r.start;
    if (r.bestEffort) runs.runningBestEffort.add(i);
  });
  const left = () => [...cluster.cpuLeft, ...cluster.memLeft, ...cluster.gpuLeft];
  const evict = (pod: PodSpec) => chooseEviction(cluster, runs, RANK, [compileRequest(cluster, pod)]);
  return { left, evict };
}

describe('choosing best-effort pods to evict', () => {
  const be = (node: number, device: number, start: number): Running => ({
    node,
    device,
    start,
    bestEffort: true,
  });
  const ls = (node: number, device: number, start: number): Running => ({
    node,
    device,
    start,
    bestEffort: false,
  });

  it('takes the first node by rank, evicting its newest pods first and no more than needed', () => {
    const c = running([be(0, 0, 0), be(1, 0, 5), be(1, 1, 10), be(2, 0, 1)]);
    expect(c.evict(wholeGpuPod(1))).toEqual({ node: 1, victims: [2] });
    expect(c.evict(wholeGpuPod(2))).toEqual({ node: 1, victims: [2, 1] });
  });

  it('breaks a tie in start time by evicting the later pod first', () => {
    const c = running([be(1, 0, 3), be(1, 1, 3)]);
    expect(c.evict(wholeGpuPod(1))).toEqual({ node: 1, victims: [1] });
  });

  it('passes over nodes where evicting every best-effort pod is not enough, and never evicts other pods', () => {
    // Nodes 1 and 2 each keep a latency-sensitive pod; only node 0, last by rank, can be emptied.
    const c = running([ls(1, 0, 0), be(1, 1, 1), ls(2, 0, 0), be(2, 1, 2), be(0, 0, 4)]);
    expect(c.evict(wholeGpuPod(2))).toEqual({ node: 0, victims: [4] });
  });

  it('finds none when no node can make room, and leaves the cluster as it found it', () => {
    const c = running([be(0, 0, 0), be(1, 0, 5), ls(2, 1, 1)]);
    const before = c.left();
    expect(c.evict(wholeGpuPod(3))).toBeNull();
    expect(c.left()).toEqual(before);
    c.evict(wholeGpuPod(2));
    expect(c.left()).toEqual(before);
  });
});
