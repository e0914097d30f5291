/**
 * Property tests (fast-check, fixed seed) of the scheduling core: arbitrary small clusters and pod sequences with
 * departures, scheduled by every policy through Scheduler + ClusterState.assume/forget. After every step the
 * cluster state must equal the state recomputed from the pods currently placed, its derived per-node summaries
 * must agree with the device table, and every outcome must respect the filter and the selection rule.
 * Plus determinism of the paper protocol: same seed, byte-identical output.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { affinityTag, ClusterState } from '../../src/model/cluster-state.js';
import { ROW_STRIDE } from '../../src/model/node-row.js';
import type { PodSpec } from '../../src/model/pod.js';
import { podTableOf, type PodTable } from '../../src/model/pod-table.js';
import { MILLI_PER_DEVICE } from '../../src/model/units.js';
import { fits } from '../../src/framework/fit.js';
import { Scheduler, type ScheduleOutcome } from '../../src/framework/scheduler.js';
import { compileRequest, type PodRequest } from '../../src/policies/pod-request.js';
import { POLICY_NAMES, type Policy, type PolicyName } from '../../src/policies/policy.js';
import { createPolicy } from '../../src/policies/registry.js';
import { typicalPods } from '../../src/policies/typical-pods.js';
import { GoRand } from '../../src/rng/go-rand.js';
import { runPaperExperiment } from '../../src/sim/paper-experiment.js';
import { paperSeries } from '../../src/sim/paper-series.js';
import { syntheticCluster } from '../support/synthetic-cluster.js';
import { testEconomics } from '../support/economics.js';
import { scenarioArb, submittedPods, type Scenario } from './arbitraries.js';

interface Placement {
  readonly node: number;
  readonly pod: PodSpec;
  readonly devices: readonly number[];
}

/** Policies whose Reserve step uses the "best" rule for sharing pods (§4.7). */
const BEST_RULE: ReadonlySet<PolicyName> = new Set(['dotprod', 'clustering', 'packing', 'bestfit']);

function fail(message: string): never {
  throw new Error(message);
}

/** Device milli a placed pod holds on each of its devices. */
function milliOf(pod: PodSpec): number {
  return pod.gpuCount > 0 ? pod.gpuMilli : 0;
}

/**
 * The state must be exactly what the placed pods imply, and every derived array must agree with the device table.
 */
function checkState(state: ClusterState, placed: readonly Placement[]): void {
  const n = state.nodeCount;
  const cpu = state.nodes.map((x) => x.cpuMilli);
  const mem = state.nodes.map((x) => x.memMiB);
  const pods = new Array<number>(n).fill(0);
  const left = new Array<number>(state.gpuLeft.length).fill(MILLI_PER_DEVICE);
  const tags = new Array<number>(n * state.tagStride).fill(0);
  let used = 0;
  for (const p of placed) {
    cpu[p.node] -= p.pod.cpuMilli;
    mem[p.node] -= p.pod.memMiB;
    pods[p.node]++;
    const m = milliOf(p.pod);
    if (m > 0) for (const d of p.devices) left[state.gpuOffset[p.node] + d] -= m;
    used += m * p.pod.gpuCount;
    const tag = affinityTag(p.pod);
    if (tag >= 0) tags[p.node * state.tagStride + tag]++;
  }

  for (let g = 0; g < state.gpuLeft.length; g++) {
    const v = state.gpuLeft[g];
    if (v < 0 || v > MILLI_PER_DEVICE) fail(`device slot ${g} has ${v} milli left (outside 0..1000)`);
    if (v !== left[g]) fail(`device slot ${g}: state says ${v} left, placed pods imply ${left[g]}`);
  }
  let usedFromDevices = 0;
  for (let node = 0; node < n; node++) {
    const name = state.nodes[node].name;
    if (state.cpuLeft[node] < 0 || state.memLeft[node] < 0) {
      fail(
        `${name} is over its CPU or memory: cpuLeft ${state.cpuLeft[node]}, memLeft ${state.memLeft[node]}`,
      );
    }
    if (state.cpuLeft[node] !== cpu[node])
      fail(`${name}: cpuLeft ${state.cpuLeft[node]}, expected ${cpu[node]}`);
    if (state.memLeft[node] !== mem[node])
      fail(`${name}: memLeft ${state.memLeft[node]}, expected ${mem[node]}`);
    if (state.podCount[node] !== pods[node])
      fail(`${name}: podCount ${state.podCount[node]}, expected ${pods[node]}`);
    let total = 0;
    let free = 0;
    let max = 0;
    const devices = state.gpuCountOf(node);
    if (devices !== state.nodes[node].gpuCount)
      fail(`${name}: ${devices} device slots for ${state.nodes[node].gpuCount} devices`);
    for (let g = 0; g < devices; g++) {
      const v = state.gpuLeftOf(node, g);
      total += v;
      if (v === MILLI_PER_DEVICE) free++;
      max = Math.max(max, v);
    }
    usedFromDevices += MILLI_PER_DEVICE * devices - total;
    if (state.gpuTotalLeft[node] !== total)
      fail(`${name}: gpuTotalLeft ${state.gpuTotalLeft[node]}, recomputed ${total}`);
    if (state.gpuFreeCount[node] !== free)
      fail(`${name}: gpuFreeCount ${state.gpuFreeCount[node]}, recomputed ${free}`);
    if (state.gpuMaxLeft[node] !== max)
      fail(`${name}: gpuMaxLeft ${state.gpuMaxLeft[node]}, recomputed ${max}`);
    // The node row repeats the arrays.
    const row = Array.from(state.nodeRow.subarray(node * ROW_STRIDE, node * ROW_STRIDE + 11));
    const expectedRow = [
      state.cpuLeft[node],
      state.memLeft[node],
      state.podCount[node],
      state.modelId[node],
      max,
      free,
      state.version[node],
      state.nodes[node].cpuMilli,
      state.nodes[node].memMiB,
      state.gpuOffset[node],
      devices,
    ];
    if (row.join() !== expectedRow.join()) fail(`${name}: node row ${row}, expected ${expectedRow}`);
    // Candidate sets of the fast path: nodes with a free device, nodes with any device room.
    if (state.withFreeDevice.has(node) !== free > 0)
      fail(`${name}: withFreeDevice membership wrong (${free} free)`);
    if (state.withDeviceRoom.has(node) !== max > 0)
      fail(`${name}: withDeviceRoom membership wrong (max left ${max})`);
    for (let tag = 0; tag < state.tagStride; tag++) {
      const expected = tags[node * state.tagStride + tag] > 0;
      if (state.hostsTag(node, tag) !== expected)
        fail(`${name}: hostsTag(${tag}) is ${!expected}, expected ${expected}`);
    }
  }
  for (const [label, set] of [
    ['withFreeDevice', state.withFreeDevice],
    ['withDeviceRoom', state.withDeviceRoom],
  ] as const) {
    const items = Array.from(set.items.subarray(0, set.size));
    const members = Array.from({ length: n }, (_, node) => node).filter((node) => set.has(node));
    if (
      items
        .slice()
        .sort((a, b) => a - b)
        .join() !== members.join()
    ) {
      fail(`${label}: iterated items [${items}] differ from members [${members}]`);
    }
  }
  if (state.usedGpuMilli !== used) fail(`usedGpuMilli ${state.usedGpuMilli}, placed pods hold ${used}`);
  if (state.usedGpuMilli !== usedFromDevices)
    fail(`usedGpuMilli ${state.usedGpuMilli}, devices hold ${usedFromDevices}`);
}

/** Final (normalised) scores of the feasible nodes by an independent instance of the policy. */
function oracleScores(oracle: Policy, state: ClusterState, req: PodRequest, feasible: number[]): Int32Array {
  const ctx = { state, rng: new GoRand(1) };
  const scores = Int32Array.from(feasible, (node) => oracle.score(ctx, req, node));
  oracle.normalize?.(scores, scores.length);
  return scores;
}

/** Checks one outcome against the filter, the device rules and (for deterministic policies) the selection rule. */
function checkOutcome(
  policy: PolicyName,
  oracle: Policy,
  state: ClusterState,
  rank: Int32Array,
  pod: PodSpec,
  outcome: ScheduleOutcome,
): void {
  const req = compileRequest(state, pod);
  const feasible: number[] = [];
  for (let node = 0; node < state.nodeCount; node++) if (fits(state, req, node)) feasible.push(node);
  if (!outcome.ok) {
    if (feasible.length > 0)
      fail(`${pod.name} reported unschedulable but fits ${feasible.map((i) => state.nodes[i].name)}`);
    if ((outcome.feasible as number) !== 0)
      fail(`${pod.name}: failed outcome with feasible = ${outcome.feasible}`);
    return;
  }
  const { node, devices } = outcome;
  if (!feasible.includes(node))
    fail(`${pod.name} placed on ${state.nodes[node]?.name ?? node}, which does not fit it`);
  if (outcome.feasible !== feasible.length)
    fail(`${pod.name}: feasible = ${outcome.feasible}, ${feasible.length} nodes fit`);

  // Devices: as many as asked, distinct, on the node, each with room.
  if (devices.length !== req.gpuCount) fail(`${pod.name} asks for ${req.gpuCount} devices, got [${devices}]`);
  if (new Set(devices).size !== devices.length) fail(`${pod.name} got a device twice: [${devices}]`);
  for (const d of devices) {
    if (!Number.isInteger(d) || d < 0 || d >= state.gpuCountOf(node))
      fail(`${pod.name}: device ${d} out of range`);
    if (state.gpuLeftOf(node, d) < req.gpuMilli)
      fail(`${pod.name}: device ${d} has ${state.gpuLeftOf(node, d)} left`);
  }
  const lefts = Array.from({ length: state.gpuCountOf(node) }, (_, g) => state.gpuLeftOf(node, g));
  if (req.gpuMilli === MILLI_PER_DEVICE) {
    // Exclusive rule (every policy): the k lowest-index free devices.
    const lowest = lefts.flatMap((v, g) => (v === MILLI_PER_DEVICE ? [g] : [])).slice(0, req.gpuCount);
    if (devices.join() !== lowest.join())
      fail(`${pod.name}: whole devices [${devices}], expected [${lowest}]`);
  } else if (req.sharing && BEST_RULE.has(policy)) {
    // "best" rule: the fitting device with the least left, ties to the lowest index.
    let best = -1;
    lefts.forEach((v, g) => {
      if (v >= req.gpuMilli && (best < 0 || v < lefts[best])) best = g;
    });
    if (devices[0] !== best) fail(`${pod.name}: sharing device ${devices[0]}, tightest is ${best}`);
  }

  // Node choice: highest score, ties to the smallest rank (a lone feasible node is taken unscored).
  if (policy === 'random' || feasible.length === 1) return;
  const scores = oracleScores(oracle, state, req, feasible);
  let expected = feasible[0];
  let top = scores[0];
  for (let i = 1; i < feasible.length; i++) {
    if (scores[i] > top || (scores[i] === top && rank[feasible[i]] < rank[expected])) {
      top = scores[i];
      expected = feasible[i];
    }
  }
  if (node !== expected) {
    fail(
      `${pod.name}: chose ${state.nodes[node].name}, the best-scored smallest-rank node is ${state.nodes[expected].name}`,
    );
  }
}

/** Runs a scenario with `policy`, checking the outcome of every submission and the state after every step. */
function runScenario(
  policy: PolicyName,
  scenario: Scenario,
): { placed: number; failed: number; forgotten: number } {
  const typical = typicalPods(submittedPods(scenario));
  const state = new ClusterState(scenario.nodes);
  const rank = Int32Array.from(new GoRand(scenario.seed + 1).perm(scenario.nodes.length));
  const scheduler = new Scheduler(
    state,
    createPolicy(policy, { typical, economics: testEconomics(scenario.nodes) }),
    {
      rank,
      rng: new GoRand(scenario.seed),
    },
  );
  const oracle = createPolicy(policy, { typical, economics: testEconomics(scenario.nodes) });
  const placed: Placement[] = [];
  const stats = { placed: 0, failed: 0, forgotten: 0 };
  for (const op of scenario.ops) {
    const before = Int32Array.from(state.version);
    let changed = -1;
    if (op.kind === 'forget') {
      if (placed.length === 0) continue;
      const [gone] = placed.splice(op.pick % placed.length, 1);
      state.forget(gone.node, gone.pod, gone.devices);
      changed = gone.node;
      stats.forgotten++;
    } else {
      const outcome = scheduler.schedule(op.pod);
      checkOutcome(policy, oracle, state, rank, op.pod, outcome);
      if (outcome.ok) {
        state.assume(outcome.node, op.pod, outcome.devices);
        placed.push({ node: outcome.node, pod: op.pod, devices: outcome.devices });
        changed = outcome.node;
        stats.placed++;
      } else stats.failed++;
    }
    // Cache contract: a change bumps the version of the changed node, and of no other.
    for (let node = 0; node < state.nodeCount; node++) {
      const bumped = state.version[node] !== before[node];
      if (bumped !== (node === changed))
        fail(`version of node ${node} ${bumped ? 'changed' : 'did not change'} (changed: ${changed})`);
    }
    checkState(state, placed);
  }
  return stats;
}

describe('scheduling invariants on arbitrary small clusters (fast-check, seed 42)', () => {
  it.each(POLICY_NAMES)(
    '%s keeps every node and device within capacity and the state consistent with the placed pods, with departures',
    (policy) => {
      const totals = { placed: 0, failed: 0, forgotten: 0 };
      fc.assert(
        fc.property(scenarioArb(), (scenario) => {
          const s = runScenario(policy, scenario);
          totals.placed += s.placed;
          totals.failed += s.failed;
          totals.forgotten += s.forgotten;
        }),
        { seed: 42, numRuns: 400 },
      );
      // The generated sequences exercised all three kinds of step.
      expect(totals.placed).toBeGreaterThan(500);
      expect(totals.failed).toBeGreaterThan(100);
      expect(totals.forgotten).toBeGreaterThan(100);
    },
  );

  it.each(['dotprod', 'clustering', 'packing', 'bestfit'] as const)(
    '%s also handles multi-device pods asking for part of each device',
    (policy) => {
      fc.assert(
        fc.property(scenarioArb({ multiDevicePartial: true }), (scenario) => {
          runScenario(policy, scenario);
        }),
        { seed: 42, numRuns: 200 },
      );
    },
  );

  it('every policy places a pod when exactly one node fits, and fails it when none does', () => {
    const nodes = [
      { name: 'big', cpuMilli: 64000, memMiB: 262144, gpuCount: 8, gpuModel: 'G2' },
      { name: 'small', cpuMilli: 8000, memMiB: 32768, gpuCount: 1, gpuModel: 'T4' },
    ];
    const lone: PodSpec = {
      name: 'lone',
      cpuMilli: 16000,
      memMiB: 1024,
      gpuCount: 4,
      gpuMilli: 1000,
      gpuTypes: [],
    };
    const none: PodSpec = {
      name: 'none',
      cpuMilli: 1000,
      memMiB: 1024,
      gpuCount: 1,
      gpuMilli: 500,
      gpuTypes: ['H100'],
    };
    for (const policy of POLICY_NAMES) {
      const state = new ClusterState(nodes);
      const typical = typicalPods([lone, none]);
      const scheduler = new Scheduler(
        state,
        createPolicy(policy, { typical, economics: testEconomics(nodes) }),
        { rng: new GoRand(3) },
      );
      expect(scheduler.schedule(lone)).toEqual({ ok: true, node: 0, devices: [0, 1, 2, 3], feasible: 1 });
      expect(scheduler.schedule(none)).toEqual({ ok: false, feasible: 0 });
    }
  });
});

/**
 * Regression: a multi-device pod asking for part of each device (k ≥ 2, m < 1000) on a node with fewer than k fully
 * free devices but k devices with room. The filter accepts the node, so every policy must give it k devices.
 * No openb trace has such pods, but the loader accepts them (num_gpu = 2, gpu_milli = 500).
 */
describe('multi-device partial pods', () => {
  const nodes = [
    { name: 'n0', cpuMilli: 96000, memMiB: 100000, gpuCount: 2, gpuModel: 'G2' },
    { name: 'n1', cpuMilli: 96000, memMiB: 100000, gpuCount: 2, gpuModel: 'G2' },
  ];
  const resident: PodSpec = {
    name: 'resident',
    cpuMilli: 1000,
    memMiB: 1,
    gpuCount: 1,
    gpuMilli: 300,
    gpuTypes: [],
  };
  const pod: PodSpec = {
    name: 'two-halves',
    cpuMilli: 1000,
    memMiB: 1,
    gpuCount: 2,
    gpuMilli: 500,
    gpuTypes: [],
  };

  it.each(POLICY_NAMES)('%s gives a 2 × 500 milli pod two devices with room', (policy) => {
    const state = new ClusterState(nodes);
    state.assume(0, resident, [0]);
    state.assume(1, resident, [1]);
    const scheduler = new Scheduler(
      state,
      createPolicy(policy, { typical: typicalPods([resident, pod]), economics: testEconomics(nodes) }),
      {
        rng: new GoRand(1),
      },
    );
    const outcome = scheduler.schedule(pod);
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      expect(outcome.devices).toHaveLength(2);
      state.assume(outcome.node, pod, outcome.devices);
      expect(state.usedGpuMilli).toBe(300 + 300 + 1000);
    }
  });
});

describe('determinism of the paper protocol', () => {
  const { nodes, pods } = syntheticCluster(11);

  function run(policy: PolicyName, seed: number, input: readonly PodSpec[] | PodTable = pods) {
    const placements = new Map<string, string>();
    const result = runPaperExperiment({
      nodes,
      pods: input,
      policy,
      tune: 1.3,
      seed,
      economics: testEconomics(nodes),
      onSubmit: (pod, node, devices) =>
        placements.set(pod.name, `${node ?? 'FAILED'} [${devices.join(',')}]`),
    });
    const json = JSON.stringify({
      series: paperSeries(result.log),
      submitted: result.submitted,
      failed: result.failedPods,
      neverFit: result.neverFit,
    });
    return { json, placements, result };
  }

  it.each(POLICY_NAMES)(
    '%s gives byte-identical series and failure counts when run twice with the same seed',
    (policy) => {
      const a = run(policy, 42);
      const b = run(policy, 42);
      expect(a.json).toBe(b.json);
      expect([...a.placements]).toEqual([...b.placements]);
      expect(a.result.failedPods).toBeGreaterThan(0);
    },
  );

  it.each(POLICY_NAMES)(
    '%s gives the same run from a pod table, in any row order, as from the list of pods',
    (policy) => {
      const list = run(policy, 42);
      const reversed = podTableOf(pods.slice().reverse());
      expect(reversed.sortedByName).toBe(false);
      expect(reversed.shapes.length).toBeLessThan(pods.length);
      const table = run(policy, 42, reversed);
      expect(table.json).toBe(list.json);
      expect([...table.placements]).toEqual([...list.placements]);
    },
  );

  it('random places the pods differently with a different seed', () => {
    const a = run('random', 42);
    const b = run('random', 43);
    expect(a.json).not.toBe(b.json);
    // Compare the pods both runs submitted (the originals; tuned copies differ by seed).
    let common = 0;
    let moved = 0;
    for (const [name, where] of a.placements) {
      const other = b.placements.get(name);
      if (other === undefined) continue;
      common++;
      if (other !== where) moved++;
    }
    expect(common).toBeGreaterThan(500);
    expect(moved).toBeGreaterThan(common / 2);
  });
});
