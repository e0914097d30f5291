import { describe, expect, it } from 'vitest';
import { ClusterState, type NodeSpec, type PodSpec } from '../model/index.js';
import { applyPlan } from './apply-plan.js';
import type { PlacedPod } from './placed-pod.js';
import { planDefrag } from './planner.js';

const node = (name: string, gpuCount: number, gpuModel = 'A', memMiB = 65536): NodeSpec => ({
  name,
  cpuMilli: 32000,
  memMiB,
  gpuCount,
  gpuModel,
});

function fleet(nodes: NodeSpec[], placed: [string, number, number[], number, string?][]) {
  const state = new ClusterState(nodes);
  const pods: PlacedPod[] = placed.map(([name, n, devices, milli, qos]) => {
    const spec: PodSpec = {
      name,
      cpuMilli: 1000,
      memMiB: 1024,
      gpuCount: devices.length,
      gpuMilli: milli,
      gpuTypes: [],
      qos,
    };
    state.assume(n, spec, devices);
    return { namespace: 'ns', name, node: n, devices, spec };
  });
  return { state, pods };
}

const pending = (gpuCount: number, gpuMilli = 1000, gpuTypes: string[] = []): PodSpec => ({
  name: 'pending',
  cpuMilli: 1000,
  memMiB: 1024,
  gpuCount,
  gpuMilli,
  gpuTypes,
});

describe('planDefrag', () => {
  it('consolidates two half-used devices by moving the cheaper (best-effort) pod onto the other', () => {
    const { state, pods } = fleet(
      [node('n0', 2)],
      [
        ['ls', 0, [0], 500, 'LS'],
        ['be', 0, [1], 500, 'BE'],
      ],
    );
    const plan = planDefrag(state, pods, pending(1), { maxMoves: 2 });
    expect(plan.feasible).toBe(true);
    expect(plan.moves).toEqual([
      {
        namespace: 'ns',
        name: 'be',
        from: { node: 'n0', devices: [1] },
        to: { node: 'n0', devices: [0] },
        cost: 1.5,
      },
    ]);
    expect(plan.target).toEqual({ node: 'n0', devices: [1] });
    expect(plan.exhaustive).toBe(true);
    expect(applyPlan(state, pods, [pending(1)], plan).ok).toBe(true);
  });

  it('chains: a pod moves away so that the pod in the way can go there', () => {
    // Only n0 has the memory the pending pod needs; its whole-device pod can go to n1 once n1's sharing pod has
    // moved to n2.
    const { state, pods } = fleet(
      [node('n0', 1), node('n1', 1, 'A', 8192), node('n2', 1, 'A', 8192)],
      [
        ['big', 0, [0], 1000, 'BE'],
        ['small', 1, [0], 300, 'BE'],
        ['rest', 2, [0], 600, 'LS'],
      ],
    );
    const wide = { ...pending(1), memMiB: 32768 };
    expect(planDefrag(state, pods, wide, { maxMoves: 1 }).feasible).toBe(false);
    const plan = planDefrag(state, pods, wide, { maxMoves: 2 });
    expect(plan.moves.map((m) => [m.name, m.to.node])).toEqual([
      ['small', 'n2'],
      ['big', 'n1'],
    ]);
    expect(plan.target?.node).toBe('n0');
    expect(applyPlan(state, pods, [wide], plan).ok).toBe(true);
  });

  it('says why no node could ever hold the pod', () => {
    const { state, pods } = fleet([node('n0', 2), node('n1', 2, 'B')], []);
    expect(planDefrag(state, pods, pending(4)).reason).toBe(
      'impossible within 4 moves: needs 4 whole GPUs on one node; no node has 4 devices (the most is 2)',
    );
    expect(planDefrag(state, pods, pending(4, 1000, ['B'])).reason).toBe(
      'impossible within 4 moves: needs 4 whole GPUs on one node; no node has 4 devices of an allowed model (B) (the most is 2)',
    );
    expect(planDefrag(state, pods, pending(1, 1000, ['C'])).reason).toBe(
      'impossible within 4 moves: needs 1 whole GPU; no node has devices of an allowed model (C)',
    );
  });

  it('says when pods that may not move are in the way, and when more moves would be needed', () => {
    const { state, pods } = fleet(
      [node('n0', 2)],
      [
        ['a', 0, [0], 500, 'BE'],
        ['b', 0, [1], 500, 'BE'],
      ],
    );
    const blocked = pods.map((p) => ({ ...p, ownerKind: 'DaemonSet' }));
    expect(planDefrag(state, blocked, pending(2)).reason).toBe(
      'impossible within 4 moves: pods that may not move are in the way on all 1 node that could hold it (2 DaemonSet-owned)',
    );
    expect(planDefrag(state, pods, pending(2), { maxMoves: 1 }).reason).toBe(
      'impossible within 1 move: every node that could hold it would need more than 1 pod(s) moved away',
    );
  });

  it('refuses a move bound it cannot honour', () => {
    const { state, pods } = fleet([node('n0', 1)], []);
    expect(() => planDefrag(state, pods, pending(1), { maxMoves: -1 })).toThrow('maxMoves');
  });
});
