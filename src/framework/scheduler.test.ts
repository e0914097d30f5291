import { describe, expect, it } from 'vitest';
import { ClusterState } from '../model/cluster-state.js';
import { GoRand } from '../rng/go-rand.js';
import { createPolicy } from '../policies/registry.js';
import { makeNode, makePod, wholeGpuPod } from '../../test/support/builders.js';
import { Scheduler } from './scheduler.js';

describe('Scheduler with candidate nodes', () => {
  const nodes = Array.from({ length: 6 }, (_, i) => makeNode({ name: `n${i}`, cpuMilli: 16000 * (i + 1) }));

  it('chooses the best node among the candidates only, as the whole-cluster cycle would among them', () => {
    for (const strategy of ['index', 'scan'] as const) {
      const state = new ClusterState(nodes);
      const scheduler = new Scheduler(state, createPolicy('bestfit'), { rng: new GoRand(1), strategy });
      const pod = wholeGpuPod(1, { cpuMilli: 8000 });
      const everywhere = scheduler.schedule(pod);
      expect(everywhere.ok && everywhere.node).toBe(0); // BestFit: the smallest node fits tightest
      const among = scheduler.schedule(pod, [3, 5, 4]);
      expect(among).toMatchObject({ ok: true, node: 3, feasible: 3 });
      expect(scheduler.schedule(makePod({ cpuMilli: 90000 }), [0, 1, 2])).toEqual({ ok: false, feasible: 0 });
    }
  });
});
