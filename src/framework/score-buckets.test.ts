import { describe, expect, it } from 'vitest';
import { ClusterState } from '../model/cluster-state.js';
import { ChangeLog } from '../model/change-log.js';
import type { NodeSpec } from '../model/node.js';
import type { PodSpec } from '../model/pod.js';
import type { CycleContext, Policy } from '../policies/policy.js';
import type { PodRequest } from '../policies/pod-request.js';
import { GoRand } from '../rng/go-rand.js';
import { makeNode, makePod, sharingPod, wholeGpuPod } from '../../test/support/builders.js';
import { Scheduler } from './scheduler.js';
import { BucketSpace, isBucketScore, NOT_FEASIBLE, ScoreBuckets } from './score-buckets.js';

/** A pure policy whose score is any function of the node's state. */
function policyOf(score: (state: ClusterState, req: PodRequest, node: number) => number): Policy {
  return {
    name: 'bestfit',
    paperLabel: 'test',
    pureScore: true,
    score: (ctx: CycleContext, req: PodRequest, node: number) => score(ctx.state, req, node),
    pickDevices: (ctx: CycleContext, req: PodRequest, node: number) => {
      const out: number[] = [];
      const base = ctx.state.gpuOffset[node];
      for (let g = 0; g < ctx.state.gpuCountOf(node) && out.length < req.gpuCount; g++) {
        if (ctx.state.gpuLeft[base + g] >= req.gpuMilli) out.push(g);
      }
      return out;
    },
  };
}

/** Nodes of a few specs (spec groups), so that many nodes start in equal states. */
const defaultNodes = Array.from({ length: 70 }, (_, i) =>
  makeNode({
    name: `n${String(i).padStart(3, '0')}`,
    cpuMilli: [32000, 64000][i % 2],
    gpuCount: [2, 4, 8][i % 3],
  }),
);
const defaultPods: PodSpec[] = [
  makePod({ cpuMilli: 8000, memMiB: 0 }),
  sharingPod(300, { cpuMilli: 2000, memMiB: 0 }),
  sharingPod(700, { cpuMilli: 4000, memMiB: 0 }),
  wholeGpuPod(1, { cpuMilli: 6000, memMiB: 0 }),
  wholeGpuPod(2, { cpuMilli: 12000, memMiB: 0 }),
];

/** Schedules a random pod stream (with departures when `release`), fast and plain side by side. */
function compare(
  policy: Policy,
  options: {
    shareInitialScores?: boolean;
    shareMemoryClasses?: boolean;
    release?: boolean;
    steps?: number;
    nodes?: NodeSpec[];
    pods?: PodSpec[];
  },
): number {
  const nodes = options.nodes ?? defaultNodes;
  const pods = options.pods ?? defaultPods;
  const rng = new GoRand(11);
  const rank = Int32Array.from(rng.perm(nodes.length));
  const fast = new ClusterState(nodes);
  const plain = new ClusterState(nodes);
  const a = new Scheduler(fast, policy, {
    rank,
    rng: new GoRand(1),
    shareInitialScores: options.shareInitialScores,
    shareMemoryClasses: options.shareMemoryClasses,
  });
  const b = new Scheduler(plain, policy, { rank, rng: new GoRand(1), cache: false });
  const placed: { pod: PodSpec; node: number; devices: number[] }[] = [];
  let decisions = 0;
  for (let i = 0; i < (options.steps ?? 600); i++) {
    if (options.release && placed.length > 0 && rng.intn(3) === 0) {
      const [p] = placed.splice(rng.intn(placed.length), 1);
      fast.forget(p.node, p.pod, p.devices);
      plain.forget(p.node, p.pod, p.devices);
      continue;
    }
    const pod = pods[rng.intn(pods.length)];
    const x = a.schedule(pod);
    const y = b.schedule(pod);
    if (options.shareMemoryClasses && x.ok && y.ok) {
      // A shared index counts the nodes that fit apart from memory.
      expect(x.feasible).toBeGreaterThanOrEqual(y.feasible);
      expect({ ...x, feasible: 0 }).toEqual({ ...y, feasible: 0 });
    } else expect(x).toEqual(y);
    decisions++;
    if (!x.ok) continue;
    fast.assume(x.node, pod, x.devices);
    plain.assume(x.node, pod, x.devices);
    placed.push({ pod, node: x.node, devices: x.devices });
  }
  expect(a.cacheHits).toBeGreaterThan(0);
  return decisions;
}

describe('score buckets (the scheduler index for small integer scores)', () => {
  // Few distinct scores, so ties (decided by rank) are frequent.
  const coarse = policyOf((s, req, node) => Math.floor(s.cpuLeft[node] / 16000) * 10 + s.gpuFreeCount[node]);

  /** Long runs with departures on one fleet and workload, fast and plain side by side, under each set of options. */
  function compareUnder(
    nodes: NodeSpec[],
    pods: PodSpec[],
    variants: { shareInitialScores?: boolean; shareMemoryClasses?: boolean }[],
  ): void {
    for (const v of variants)
      expect(compare(coarse, { nodes, pods, release: true, steps: 3000, ...v })).toBeGreaterThan(1500);
  }

  it('decide exactly as the plain path, with and without spec groups', () => {
    expect(compare(coarse, {})).toBeGreaterThan(100);
    expect(compare(coarse, { shareInitialScores: true })).toBeGreaterThan(100);
  });

  it('stay exact when pods leave (nodes that did not fit may fit again)', () => {
    expect(compare(coarse, { release: true })).toBeGreaterThan(100);
    expect(compare(coarse, { release: true, shareInitialScores: true })).toBeGreaterThan(100);
  });

  it('stay exact on a full cluster, where pods keep leaving nodes that other classes do not fit', () => {
    // Long enough for the nodes to fill: most decisions then meet unfit nodes that only received pods since the
    // class's last decision (skipped) beside nodes that pods left (re-checked).
    expect(compare(coarse, { release: true, steps: 4000 })).toBeGreaterThan(2000);
    expect(compare(coarse, { release: true, shareInitialScores: true, steps: 4000 })).toBeGreaterThan(2000);
  });

  it('stay exact when pods that differ only in memory share an index, memory binding or not', () => {
    // Equal nodes but for memory: pods of one resource vector and several memory sizes share an index; the largest
    // fits only the few nodes with the most memory, so its decisions pass over many nodes (and it gets an index of
    // its own).
    const nodes = Array.from({ length: 90 }, (_, i) =>
      makeNode({
        name: `m${String(i).padStart(3, '0')}`,
        gpuCount: 4,
        memMiB: i % 30 === 0 ? 512_000 : 64_000 + 1000 * (i % 7),
      }),
    );
    const pods = [4000, 30_000, 66_000, 400_000].flatMap((memMiB) => [
      sharingPod(300, { cpuMilli: 2000, memMiB }),
      wholeGpuPod(1, { cpuMilli: 6000, memMiB }),
    ]);
    compareUnder(nodes, pods, [
      { shareMemoryClasses: true },
      { shareMemoryClasses: true, shareInitialScores: true },
    ]);
  });

  it('stay exact on a fleet of several device models, where classes walk only the changes of their models', () => {
    // Nodes of three models and nodes without devices; pods that accept one model, two, any, or need no device.
    const nodes = Array.from({ length: 80 }, (_, i) =>
      makeNode({
        name: `k${String(i).padStart(3, '0')}`,
        cpuMilli: [32000, 64000][i % 2],
        gpuCount: i % 5 === 4 ? 0 : [2, 4, 8][i % 3],
        gpuModel: ['A', 'B', 'C'][i % 3],
      }),
    );
    const pods: PodSpec[] = [
      makePod({ cpuMilli: 8000, memMiB: 0 }),
      sharingPod(300, { cpuMilli: 2000, memMiB: 0, gpuTypes: ['A'] }),
      sharingPod(700, { cpuMilli: 4000, memMiB: 0, gpuTypes: ['B', 'C'] }),
      wholeGpuPod(1, { cpuMilli: 6000, memMiB: 0 }),
      wholeGpuPod(2, { cpuMilli: 12000, memMiB: 0, gpuTypes: ['C'] }),
    ];
    compareUnder(nodes, pods, [
      {},
      { shareInitialScores: true },
      { shareMemoryClasses: true },
      { shareMemoryClasses: true, shareInitialScores: true },
    ]);
  });

  it('hand over to the trees when a score cannot be bucketed', () => {
    // Scores above MAX_NODE_SCORE (met only after a while): the scheduler must fall back, not clamp.
    const wide = policyOf((s, req, node) => 30 * s.podCount[node] + s.gpuFreeCount[node]);
    expect(compare(wide, { release: true, shareInitialScores: true })).toBeGreaterThan(100);
  });

  it('accept only integers in [MIN_NODE_SCORE, MAX_NODE_SCORE]', () => {
    expect([0, 50, 100].map(isBucketScore)).toEqual([true, true, true]);
    expect([-1, 101, 0.5, NaN].map(isBucketScore)).toEqual([false, false, false, false]);
  });

  it('report the best node, ties to the smallest rank, and the feasible count', () => {
    const state = new ClusterState(defaultNodes.slice(0, 4));
    const space = new BucketSpace(Int32Array.from([3, 1, 2, 0]));
    const buckets = new ScoreBuckets(space);
    const scores = [7, 9, NOT_FEASIBLE, 9];
    expect(buckets.sync(state, (node) => scores[node])).toBe(4);
    expect([buckets.best, buckets.feasible]).toEqual([3, 3]); // 1 and 3 score 9; node 3 has rank 0
    state.assume(3, makePod({ cpuMilli: 1, memMiB: 0 }), []);
    scores[3] = NOT_FEASIBLE;
    expect(buckets.sync(state, (node) => scores[node])).toBe(1);
    expect([buckets.best, buckets.feasible]).toEqual([1, 2]);
  });

  it('skip an unfit node that only received pods, even when pods left other nodes', () => {
    const state = new ClusterState(defaultNodes.slice(0, 3));
    const buckets = new ScoreBuckets(new BucketSpace(Int32Array.from([0, 1, 2])));
    const pod = makePod({ cpuMilli: 1000, memMiB: 0 });
    state.assume(1, pod, []);
    const scores = [NOT_FEASIBLE, 5, 4];
    const evaluated: number[] = [];
    const evaluate = (node: number): number => {
      evaluated.push(node);
      return scores[node];
    };
    buckets.sync(state, evaluate);
    evaluated.length = 0;
    state.assume(0, pod, []); // node 0 shrinks: still unfit, whatever it would score now
    state.forget(1, pod, []); // a release elsewhere
    scores[0] = 9;
    expect(buckets.sync(state, evaluate)).toBe(1);
    expect(evaluated).toEqual([1]);
    expect(buckets.best).toBe(1);
    state.forget(0, pod, []); // node 0 got resources back: re-checked, and now it fits best
    expect(buckets.sync(state, evaluate)).toBe(1);
    expect(evaluated).toEqual([1, 0]);
    expect([buckets.best, buckets.feasible]).toEqual([0, 3]);
  });
});

describe('ChangeLog recency trails', () => {
  it('lists every node changed since a position once, most recent first', () => {
    const log = new ChangeLog(6);
    for (const node of [1, 2, 1, 3, 2, 2, 5]) log.record(node);
    const since = (p: number): number[] => log.changedSince(0, p);
    expect(since(0)).toEqual([5, 2, 3, 1]);
    expect(since(3)).toEqual([5, 2, 3]);
    expect(since(6)).toEqual([5]);
    expect(since(7)).toEqual([]);
    expect([log.lastChange(1), log.lastChange(4)]).toEqual([2, -1]);
  });

  it('lists the same nodes after its trails are compacted and grown', () => {
    const rng = new GoRand(3);
    const partOf = Array.from({ length: 40 }, (_, n) => n % 3);
    const log = new ChangeLog(40, partOf);
    const history: number[] = [];
    for (let step = 0; step < 5000; step++) {
      // A few nodes change far more often than the rest, as FGD packs consecutive pods onto one node.
      const node = rng.int31n(4) === 0 ? rng.int31n(40) : rng.int31n(5);
      log.record(node);
      history.push(node);
      if (step % 97 !== 0) continue;
      const from = rng.int31n(history.length + 1);
      for (let part = 0; part < 3; part++) {
        const expected: number[] = [];
        for (let p = history.length - 1; p >= from; p--)
          if (partOf[history[p]] === part && !expected.includes(history[p])) expected.push(history[p]);
        expect(log.changedSince(part, from)).toEqual(expected);
      }
    }
  });

  it('keeps, per node, the position of its last change that gave resources back', () => {
    const log = new ChangeLog(3);
    log.record(0, true);
    log.record(1);
    log.record(0);
    log.record(1, true);
    expect([0, 1, 2].map((n) => log.lastGrowth(n))).toEqual([0, 3, -1]);
  });

  it('keeps one list per partition, each in recency order', () => {
    const log = new ChangeLog(5, [0, 1, 0, 1, 2]);
    for (const node of [0, 1, 2, 3, 0, 1]) log.record(node);
    const list = (part: number): number[] => log.changedSince(part, 0);
    expect([list(0), list(1), list(2)]).toEqual([[0, 2], [1, 3], []]);
    expect([log.partitions, log.partitionOf(3), log.position]).toEqual([3, 1, 6]);
    expect(() => new ChangeLog(2, [0, -1])).toThrow(/node 1: partition -1/);
  });
});

describe('ClusterState.releaseCount', () => {
  it('counts forget calls (and is copied by clone)', () => {
    const state = new ClusterState(defaultNodes.slice(0, 2));
    const pod = makePod({ cpuMilli: 1000, memMiB: 0 });
    state.assume(0, pod, []);
    state.assume(1, pod, []);
    expect(state.releaseCount).toBe(0);
    state.forget(0, pod, []);
    expect(state.releaseCount).toBe(1);
    expect(state.clone().releaseCount).toBe(1);
  });
});
