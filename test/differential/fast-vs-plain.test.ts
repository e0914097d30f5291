/**
 * Differential test: the scheduler's fast path (score cache per node version, fused filter/score/pick loop) must
 * make exactly the decisions of the plain path (`cache: false`: filter every node, score every feasible node).
 *
 * Compared: the full (pod, node, devices) submission sequence, the per-pod log and the three 131-point paper
 * series. The fast path must really have run (cache hits > 0 for every pure policy): a fixture on which the cache
 * silently falls back to scoring everything would test nothing.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClusterState } from '../../src/model/cluster-state.js';
import type { NodeSpec } from '../../src/model/node.js';
import { podClass, resourceKey, type PodSpec } from '../../src/model/pod.js';
import { Scheduler, type ScheduleOutcome } from '../../src/framework/scheduler.js';
import { POLICY_NAMES, type PolicyName } from '../../src/policies/policy.js';
import { testEconomics } from '../support/economics.js';
import { createPolicy } from '../../src/policies/registry.js';
import { typicalPods } from '../../src/policies/typical-pods.js';
import { GoRand } from '../../src/rng/go-rand.js';
import { runPaperExperiment, type PaperExperimentResult } from '../../src/sim/paper-experiment.js';
import { paperSeries, type PaperSeries } from '../../src/sim/paper-series.js';
import { loadOpenbNodes, loadOpenbPods } from '../../src/traces/openb.js';
import { announceSkip, sharedOpenbDir } from '../support/shared.js';
import { syntheticCluster } from '../support/synthetic-cluster.js';
import { scenarioArb, submittedPods, type Scenario } from '../property/arbitraries.js';

/** Policies whose scores may be cached (all but Random, which draws from the RNG while scoring). */
const PURE: ReadonlySet<PolicyName> = new Set(POLICY_NAMES.filter((p) => p !== 'random'));

interface RecordedRun {
  readonly result: PaperExperimentResult;
  /** One line per submitted pod: `name -> node [devices]`, or `name -> FAILED []`. */
  readonly placements: string[];
  readonly series: PaperSeries;
}

function recordRun(
  nodes: readonly NodeSpec[],
  pods: readonly PodSpec[],
  policy: PolicyName,
  seed: number,
  mode: Mode,
): RecordedRun {
  const placements: string[] = [];
  const result = runPaperExperiment({
    nodes,
    pods,
    policy,
    tune: 1.3,
    seed,
    cache: mode !== 'plain',
    strategy: mode === 'plain' ? undefined : mode,
    economics: testEconomics(nodes),
    onSubmit: (pod, node, devices) =>
      placements.push(`${pod.name} -> ${node ?? 'FAILED'} [${devices.join(',')}]`),
  });
  return { result, placements, series: paperSeries(result.log) };
}

/** Index of the first differing entry (or length mismatch), −1 when equal. */
function firstDivergence(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** Asserts two recorded runs agree on every decision and every logged measurement. */
function expectSameRun(fast: RecordedRun, plain: RecordedRun): void {
  const at = firstDivergence(fast.placements, plain.placements);
  expect(
    at,
    `first divergence at submission ${at}: fast "${fast.placements[at]}" vs plain "${plain.placements[at]}"`,
  ).toBe(-1);
  expect(fast.placements.length).toBe(fast.result.submitted);
  expect(fast.result.failedPods).toBe(plain.result.failedPods);
  expect(fast.result.neverFit).toBe(plain.result.neverFit);
  expect(Array.from(fast.result.log.usedMilli)).toEqual(Array.from(plain.result.log.usedMilli));
  expect(Array.from(fast.result.log.fragMilli)).toEqual(Array.from(plain.result.log.fragMilli));
  expect(fast.series.allocation).toEqual(plain.series.allocation);
  expect(fast.series.fragAmount).toEqual(plain.series.fragAmount);
  expect(fast.series.fragRatio).toEqual(plain.series.fragRatio);
  // The plain path must not touch the cache at all.
  expect(plain.result.cacheHits).toBe(0);
  expect(plain.result.cacheMisses).toBe(0);
}

function expectFastPathRan(policy: PolicyName, fast: RecordedRun): void {
  if (PURE.has(policy)) {
    expect(fast.result.cacheHits, `${policy}: the score cache served nothing`).toBeGreaterThan(0);
    expect(fast.result.cacheMisses).toBeGreaterThan(0);
  } else {
    expect(fast.result.cacheHits).toBe(0);
  }
}

const FIXTURE_SEEDS = [1, 7, 2024];
/** The plain path and the two fast strategies of framework/scheduler. */
type Mode = 'plain' | 'scan' | 'index';
const FAST_MODES = ['index', 'scan'] as const;

describe('fast path vs plain path on synthetic openb-like fixtures', () => {
  it('the fixture mixes every pod class, several device models, type constraints and pods that fit nowhere', () => {
    for (const seed of FIXTURE_SEEDS) {
      const { nodes, pods } = syntheticCluster(seed);
      expect(nodes).toHaveLength(60);
      expect(pods).toHaveLength(600);
      expect(new Set(nodes.map((n) => n.gpuModel)).size).toBeGreaterThanOrEqual(5);
      expect([...new Set(nodes.map((n) => n.gpuCount))].sort()).toEqual([1, 2, 4, 8]);
      const classes = new Set(pods.map((p) => podClass(p)));
      expect([...classes].sort()).toEqual(['cpu-only', 'sharing', 'whole-gpu']);
      const wholeCounts = new Set(pods.filter((p) => p.gpuMilli === 1000).map((p) => p.gpuCount));
      expect([...wholeCounts].sort()).toEqual([1, 2, 4, 8]);
      // Sharing requests both from the frequent openb values and drawn freely from 1..999.
      expect(
        new Set(pods.filter((p) => podClass(p) === 'sharing').map((p) => p.gpuMilli)).size,
      ).toBeGreaterThan(40);
      expect(pods.filter((p) => p.gpuTypes.length > 0).length).toBeGreaterThan(10);
      expect(pods.some((p) => p.gpuTypes.length === 1 && p.gpuTypes[0] === 'H100')).toBe(true);
      // Resource vectors repeat (what makes the cache useful), as in the real trace.
      expect(new Set(pods.map(resourceKey)).size).toBeLessThan(pods.length / 2);
    }
    // Same seed, same fixture; another seed, another fixture.
    expect(syntheticCluster(7)).toEqual(syntheticCluster(7));
    expect(syntheticCluster(7).pods).not.toEqual(syntheticCluster(8).pods);
  });

  for (const seed of FIXTURE_SEEDS) {
    const { nodes, pods } = syntheticCluster(seed);
    const cases = POLICY_NAMES.flatMap((policy) => FAST_MODES.map((mode) => [policy, mode] as const));
    it.each(cases)(
      `places every pod identically with %s (%s strategy) on fixture ${seed}`,
      (policy, mode) => {
        const fast = recordRun(nodes, pods, policy, 42, mode);
        const plain = recordRun(nodes, pods, policy, 42, 'plain');
        expectSameRun(fast, plain);
        expectFastPathRan(policy, fast);
        // The run exercised both outcomes: placements and failures.
        expect(fast.result.failedPods).toBeGreaterThan(0);
        expect(fast.result.failedPods).toBeLessThan(fast.result.submitted);
        expect(fast.result.submitted).toBeGreaterThan(pods.length); // tuned up with copies, as the default trace
      },
    );
  }
});

describe('fast path vs plain path under arrivals and departures (fast-check)', () => {
  /** Runs one scenario through a cached and an uncached scheduler; returns the cached one's hit count. */
  function runBoth(policyName: PolicyName, scenario: Scenario, mode: 'index' | 'scan' | 'shared'): number {
    const typical = typicalPods(submittedPods(scenario));
    const make = (cache: boolean) => {
      const state = new ClusterState(scenario.nodes);
      const rank = Int32Array.from(new GoRand(scenario.seed + 1).perm(scenario.nodes.length));
      const scheduler = new Scheduler(
        state,
        createPolicy(policyName, { typical, economics: testEconomics(scenario.nodes) }),
        {
          rank,
          rng: new GoRand(scenario.seed),
          cache,
          strategy: mode === 'shared' ? 'index' : mode,
          shareMemoryClasses: mode === 'shared',
        },
      );
      return { state, scheduler };
    };
    const fast = make(true);
    const plain = make(false);
    const placed: { node: number; pod: PodSpec; devices: number[] }[] = [];
    scenario.ops.forEach((op, step) => {
      if (op.kind === 'forget') {
        if (placed.length === 0) return;
        const [gone] = placed.splice(op.pick % placed.length, 1);
        fast.state.forget(gone.node, gone.pod, gone.devices);
        plain.state.forget(gone.node, gone.pod, gone.devices);
        return;
      }
      const a: ScheduleOutcome = fast.scheduler.schedule(op.pod);
      const b: ScheduleOutcome = plain.scheduler.schedule(op.pod);
      if (mode === 'shared' && a.ok && b.ok) {
        // A shared index counts the nodes that fit apart from memory: at least those that fit.
        expect(a.feasible, `step ${step}, pod ${op.pod.name}`).toBeGreaterThanOrEqual(b.feasible);
        expect({ ...a, feasible: 0 }, `step ${step}, pod ${op.pod.name}`).toEqual({ ...b, feasible: 0 });
      } else expect(a, `step ${step}, pod ${op.pod.name}`).toEqual(b);
      if (a.ok) {
        fast.state.assume(a.node, op.pod, a.devices);
        plain.state.assume(a.node, op.pod, a.devices);
        placed.push({ node: a.node, pod: op.pod, devices: a.devices });
      }
    });
    expect(plain.scheduler.cacheHits + plain.scheduler.cacheMisses).toBe(0);
    return fast.scheduler.cacheHits;
  }
  const arb = scenarioArb({ maxNodes: 12, maxOps: 80 });

  it.each(
    POLICY_NAMES.flatMap((policy) =>
      [...FAST_MODES, 'shared' as const].map((mode) => [policy, mode] as const),
    ),
  )(
    '%s: cached (%s) and uncached schedulers agree at every step of random submit/forget sequences',
    (policy, mode) => {
      let hits = 0;
      fc.assert(
        fc.property(arb, (scenario) => {
          hits += runBoth(policy, scenario, mode);
        }),
        { seed: 42, numRuns: 300 },
      );
      if (PURE.has(policy)) expect(hits).toBeGreaterThan(0);
      else expect(hits).toBe(0);
    },
  );
});

const traceDir = announceSkip(
  sharedOpenbDir(),
  '[fast-vs-plain] real-trace differential (openb default, seed 42)',
);

describe.skipIf(!traceDir)('fast path vs plain path on the real openb trace (default, seed 42)', () => {
  let nodes: NodeSpec[];
  let pods: PodSpec[];
  beforeAll(async () => {
    nodes = await loadOpenbNodes(join(traceDir!, 'openb_node_list_gpu_node.csv'));
    pods = (await loadOpenbPods(join(traceDir!, 'openb_pod_list_default.csv'))).pods;
  });

  it.each([
    ['fgd', 'index'],
    ['bestfit', 'index'],
    ['fgd', 'scan'],
  ] as const)('places all 10866 pods identically with %s (%s strategy)', (policy, mode) => {
    const fast = recordRun(nodes, pods, policy, 42, mode);
    const plain = recordRun(nodes, pods, policy, 42, 'plain');
    expect(fast.result.submitted).toBe(10866);
    expectSameRun(fast, plain);
    expectFastPathRan(policy, fast);
    // Most scores came from the cache: the fast path is the one that ran.
    expect(fast.result.cacheHits).toBeGreaterThan(5 * fast.result.cacheMisses);
  });
});
