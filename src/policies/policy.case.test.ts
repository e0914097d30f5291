/**
 * Conformance suite every placement policy runs (hono's router pattern): one contract, checked the same way
 * for each implementation. Used by each policy's test file; not a test file itself.
 */
import { expect, it } from 'vitest';
import { ClusterState } from '../model/cluster-state.js';
import type { NodeSpec } from '../model/node.js';
import type { PodSpec } from '../model/pod.js';
import { fits } from '../framework/fit.js';
import { GoRand } from '../rng/go-rand.js';
import { compileRequest } from './pod-request.js';
import { MAX_NODE_SCORE, MIN_NODE_SCORE, type Policy } from './policy.js';
import { typicalPods } from './typical-pods.js';

const MODELS = ['A10', 'T4', 'V100M32'];

function randomCluster(rng: GoRand): { nodes: NodeSpec[]; pods: PodSpec[] } {
  const nodes: NodeSpec[] = [];
  const nodeCount = 3 + rng.intn(10);
  for (let i = 0; i < nodeCount; i++) {
    nodes.push({
      name: `node-${i}`,
      cpuMilli: (8 + rng.intn(120)) * 1000,
      memMiB: (16 + rng.intn(500)) * 1024,
      gpuCount: [1, 2, 4, 8][rng.intn(4)],
      gpuModel: MODELS[rng.intn(MODELS.length)],
    });
  }
  const pods: PodSpec[] = [];
  for (let i = 0; i < 60; i++) {
    const kind = rng.intn(4);
    const gpuCount = kind === 0 ? 0 : kind === 1 ? 1 : [1, 2, 4][rng.intn(3)];
    const gpuMilli = kind === 0 ? 0 : kind === 1 ? 50 + rng.intn(950) : 1000;
    pods.push({
      name: `pod-${String(i).padStart(3, '0')}`,
      cpuMilli: (1 + rng.intn(16)) * 1000,
      memMiB: (1 + rng.intn(64)) * 1024,
      gpuCount,
      gpuMilli,
      gpuTypes: gpuCount > 0 && rng.intn(4) === 0 ? [MODELS[rng.intn(MODELS.length)]] : [],
    });
  }
  return { nodes, pods };
}

function snapshot(state: ClusterState): string {
  return JSON.stringify(
    [state.cpuLeft, state.memLeft, state.gpuLeft, state.tagCount, state.version].map((a) => Array.from(a)),
  );
}

/** Runs the policy contract against `create` over seeded random clusters. */
export function runPolicyConformance(create: (pods: readonly PodSpec[]) => Policy): void {
  for (const seed of [1, 2, 3]) {
    it(`scores every feasible node in [0, 100] and picks devices that fit (cluster seed ${seed})`, () => {
      const rng = new GoRand(seed);
      const { nodes, pods } = randomCluster(rng);
      const policy = create(pods);
      const state = new ClusterState(nodes);
      const ctx = { state, rng };
      let placed = 0;
      for (const pod of pods) {
        const req = compileRequest(state, pod);
        const feasible = Int32Array.from(nodes.keys()).filter((n) => fits(state, req, n));
        if (feasible.length === 0) continue;
        const before = snapshot(state);
        policy.prepare?.(ctx, req, feasible, feasible.length);
        const scores = Int32Array.from(feasible, (n) => policy.score(ctx, req, n));
        if (policy.pureScore)
          expect(Int32Array.from(feasible, (n) => policy.score(ctx, req, n))).toEqual(scores);
        policy.normalize?.(scores, scores.length);
        for (const s of scores) {
          expect(Number.isInteger(s)).toBe(true);
          expect(s).toBeGreaterThanOrEqual(MIN_NODE_SCORE);
          expect(s).toBeLessThanOrEqual(MAX_NODE_SCORE);
        }
        const node = feasible[scores.indexOf(Math.max(...scores))];
        const devices = policy.pickDevices(ctx, req, node);
        expect(snapshot(state), 'score and pickDevices must not change the state').toBe(before);
        expect(devices.length).toBe(req.gpuCount);
        expect(new Set(devices).size).toBe(devices.length);
        for (const g of devices) expect(state.gpuLeftOf(node, g)).toBeGreaterThanOrEqual(req.gpuMilli);
        state.assume(node, pod, devices);
        placed++;
      }
      expect(placed).toBeGreaterThan(5);
    });
  }

  it('has a stable name and a paper label', () => {
    const policy = create([]);
    expect(policy.name).toMatch(/^[a-z]+(-[a-z]+)?$/);
    expect(policy.paperLabel).toMatch(/^0[1-9]-[A-Za-z]+(-[A-Za-z]+)?$/);
  });
}

/** The typical pods of a pod list (what FGD is built with in these tests). */
export function typicalFor(pods: readonly PodSpec[]) {
  return typicalPods(pods);
}
