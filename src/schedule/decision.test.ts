/**
 * The filter decision alone: the whole-cluster fast path never changes the answer — for any candidate list, the
 * decision is the policy's best node among the known candidates, as if it had looked at them alone — and when
 * nothing fits, every candidate is explained once, as resolvable (`failed`) or not (`unresolvable`).
 */
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../framework/index.js';
import { ClusterState, type NodeSpec, type PodSpec } from '../model/index.js';
import { createPolicy } from '../policies/registry.js';
import { GoRand } from '../rng/index.js';
import { makeNode, sharingPod, typicalOf, wholeGpuPod } from '../../test/support/builders.js';
import { decideAmong, UNKNOWN_NODE } from './decision.js';

const TYPICAL = typicalOf([
  { cpuMilli: 4000, gpuMilli: 1000, gpuCount: 1, freq: 0.4 },
  { cpuMilli: 4000, gpuMilli: 500, gpuCount: 1, freq: 0.4 },
  { cpuMilli: 8000, gpuMilli: 1000, gpuCount: 4, freq: 0.2 },
]);

/** 24 nodes of two models and three sizes. */
const NODES: NodeSpec[] = Array.from({ length: 24 }, (_, i) =>
  makeNode({ name: `n${i}`, gpuCount: [2, 4, 8][i % 3], gpuModel: i % 2 === 0 ? 'G1' : 'G2' }),
);

function randomPod(rng: GoRand): PodSpec {
  const gpuTypes = rng.intn(4) === 0 ? ['G1'] : [];
  return rng.intn(2) === 0
    ? wholeGpuPod(1 + rng.intn(4), { gpuTypes })
    : sharingPod(100 * (1 + rng.intn(9)), { gpuTypes });
}

/** Each node with probability 1/3, in random order, sometimes with a name hyperfleet does not know. */
function randomCandidates(rng: GoRand): string[] {
  const names = NODES.filter(() => rng.intn(3) === 0).map((n) => n.name);
  if (rng.intn(4) === 0) names.push('ghost');
  rng.shuffleArray(names);
  return names;
}

describe('decideAmong', () => {
  for (const policyName of ['bestfit', 'fgd']) {
    it(`${policyName}: the fast path gives the best node among the candidates alone, for any candidate list`, () => {
      const rng = new GoRand(7);
      const state = new ClusterState(NODES);
      const policy = createPolicy(policyName, { typical: TYPICAL });
      const scheduler = new Scheduler(state, policy, { rng, strategy: 'scan' });
      const byName = new Map(NODES.map((n, i) => [n.name, i]));
      const paths = { fast: 0, among: 0, none: 0 };
      for (let trial = 0; trial < 400; trial++) {
        const spec = randomPod(rng);
        const candidates = randomCandidates(rng);
        const decision = decideAmong(state, scheduler, byName, spec, candidates);

        const known = candidates.filter((c) => byName.has(c)).map((c) => byName.get(c)!);
        const alone = scheduler.schedule(spec, known);
        const whole = scheduler.schedule(spec);
        if (!alone.ok) paths.none++;
        else if (whole.ok && candidates.includes(NODES[whole.node].name)) paths.fast++;
        else paths.among++;
        expect(decision.node).toBe(alone.ok ? alone.node : -1);
        expect(decision.devices).toEqual(alone.ok ? alone.devices : []);
        // Place half of the pods, so the cluster fills and later trials see partly used nodes.
        if (decision.node >= 0 && trial % 2 === 0) state.assume(decision.node, spec, decision.devices);
      }
      // Every path was taken, so each was checked against the decision among the candidates alone.
      expect(paths.fast).toBeGreaterThan(0);
      expect(paths.among).toBeGreaterThan(0);
      expect(paths.none).toBeGreaterThan(0);
    });
  }

  it('when nothing fits, every candidate is explained once: full now (failed) or never (unresolvable)', () => {
    const state = new ClusterState([
      makeNode({ name: 'full', gpuCount: 2, gpuModel: 'G1' }),
      makeNode({ name: 'small', gpuCount: 1, gpuModel: 'G1' }),
      makeNode({ name: 'other', gpuCount: 4, gpuModel: 'G2' }),
    ]);
    state.assume(0, wholeGpuPod(2), [0, 1]);
    const scheduler = new Scheduler(state, createPolicy('bestfit'), { rng: new GoRand(1), strategy: 'scan' });
    const byName = new Map(state.nodes.map((n, i) => [n.name, i]));
    const spec = wholeGpuPod(2, { gpuTypes: ['G1'] });
    const decision = decideAmong(state, scheduler, byName, spec, ['full', 'small', 'other', 'ghost']);

    expect(decision.node).toBe(-1);
    expect(Object.keys(decision.failed)).toEqual(['full']);
    expect(Object.keys(decision.unresolvable).sort()).toEqual(['ghost', 'other', 'small']);
    expect(decision.unresolvable.ghost).toBe(UNKNOWN_NODE);
    expect(decision.unresolvable.other).toMatch(/G2 not allowed/);
  });
});
