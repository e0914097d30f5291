import { describe, expect, it } from 'vitest';
import { makeNode } from '../../../test/support/builders.js';
import { MILLI_PER_DEVICE } from '../../model/index.js';
import type { TimeDefragSettings } from './defrag-settings.js';
import type { PoolEconomics, TimedPod, TimeSimInput } from './time-sim-input.js';
import type { TimeSimState } from './time-sim-state.js';
import { runTimeSimulation, simulate } from './time-simulator.js';

const POOL: PoolEconomics = {
  name: 'g',
  accelerator: 'g',
  devicesPerNode: 2,
  nodes: 2,
  tdpW: 300,
  idleW: 60,
  nodeOverheadW: 0,
  usdPerNodeHour: 1,
};

function pod(name: string, arrivalSec: number, durationSec: number, over: Partial<TimedPod> = {}): TimedPod {
  const spec = { cpuMilli: 1000, memMiB: 1024, gpuCount: 1, gpuMilli: 1000, gpuTypes: [] };
  return { name, ...spec, arrivalSec, durationSec, ...over };
}

function fleet(pods: TimedPod[], over: Partial<TimeSimInput> = {}, nodes = 2, devices = 2): TimeSimInput {
  return {
    nodes: Array.from({ length: nodes }, (_, k) =>
      makeNode({ name: `n${k}`, gpuCount: devices, gpuModel: 'g' }),
    ),
    nodePool: new Int32Array(nodes),
    pools: [{ ...POOL, nodes, devicesPerNode: devices }],
    site: { pue: 1, usdPerKWh: 0 },
    pods,
    policy: 'bestfit',
    seed: 1,
    ...over,
  };
}

const MIGRATION = 50;

/** The simulation's final state, and the nodes each pod ran on, in order (a moved pod has two). */
function traced(input: TimeSimInput): { sim: TimeSimState; nodes: number[][] } {
  const nodes: number[][] = (input.pods as readonly TimedPod[]).map(() => []);
  const sim = simulate(input, (s) => {
    for (let i = 0; i < s.pods.length; i++) {
      const node = s.runs.node[i];
      if (node >= 0 && nodes[i][nodes[i].length - 1] !== node) nodes[i].push(node);
    }
  });
  return { sim, nodes };
}
const ON_PENDING: TimeDefragSettings = { trigger: { kind: 'on-pending' }, migrationCostSec: MIGRATION };

/**
 * Two nodes of two devices. At 0 four one-device pods fill them, bestfit pairing them per node; at 100 one pod of
 * each pair leaves, so each node has one free device. At 200 a two-device pod arrives: it fits nowhere, though two
 * devices are free. The Guaranteed pod may not move; the other long pod (`mover`) can join it, freeing a node.
 */
const FRAGMENTED = [
  pod('guaranteed', 0, 1000, { qos: 'Guaranteed' }),
  pod('short-1', 0, 100),
  pod('mover', 0, 2000),
  pod('short-2', 0, 100),
  pod('wide', 200, 500, { gpuCount: 2 }),
];
const [GUARANTEED, MOVER, WIDE] = [0, 2, 4];

describe('the defragmenter of the time simulation', () => {
  it('starts a pod that waits without it at once, moving one pod and charging its restart delay', () => {
    const plain = traced(fleet(FRAGMENTED));
    // The scenario is as described: the Guaranteed and the moving pod share no node, so the wide pod waits.
    expect(plain.nodes[GUARANTEED]).not.toEqual(plain.nodes[MOVER]);
    const { runs } = plain.sim;
    expect([runs.start[WIDE], runs.finish[WIDE], runs.finish[MOVER]]).toEqual([1000, 1500, 2000]);

    const moved = traced(fleet(FRAGMENTED, { defrag: ON_PENDING }));
    expect([moved.sim.runs.start[WIDE], moved.sim.runs.finish[WIDE]]).toEqual([200, 700]);
    // The moving pod joined the Guaranteed one on its node, and ends MIGRATION seconds later than it would have.
    expect(moved.nodes[MOVER]).toEqual([plain.nodes[MOVER][0], plain.nodes[GUARANTEED][0]]);
    expect(moved.sim.runs.finish[MOVER]).toBe(2000 + MIGRATION);
    expect(moved.sim.runs.start[MOVER]).toBe(0); // its queueing delay stays 0
    expect(moved.nodes[GUARANTEED]).toEqual(plain.nodes[GUARANTEED]);
    expect(moved.sim.runs.finish[GUARANTEED]).toBe(1000);
  });

  it('reports the plan, the move and the device time the restart held', () => {
    const plain = runTimeSimulation(fleet(FRAGMENTED));
    const r = runTimeSimulation(fleet(FRAGMENTED, { defrag: ON_PENDING }));
    expect(plain.defrag).toBeUndefined();
    expect(r.defrag).toMatchObject({
      trigger: 'on-pending',
      plansTried: 1,
      plansApplied: 1,
      moves: 1,
      podsMoved: 1,
      migrationCostSec: MIGRATION,
    });
    expect(r.defrag!.migrationGpuHours).toBeCloseTo(MIGRATION / 3600, 12);
    // Allocated device time grows by exactly the restart delay the moved pod held its device for.
    expect(r.deviceHours.allocated - plain.deviceHours.allocated).toBeCloseTo(MIGRATION / 3600, 12);
    expect(r.queueDelaySec.mean).toBe(0);
    expect(plain.queueDelaySec.mean).toBe(800 / 5);
  });

  it('rescales the remaining run time by the speeds of the old and new devices', () => {
    // Pool 1 runs twice as fast as pool 0. Only `mover` may move (the other long pod is Guaranteed).
    const nodes = [
      makeNode({ name: 'slow', gpuCount: 2, gpuModel: 'g' }),
      makeNode({ name: 'fast', gpuCount: 2, gpuModel: 'g' }),
    ];
    const speed = (_p: TimedPod, pool: number) => (pool === 1 ? 2 : 1);
    const pods = [
      pod('mover', 0, 2000),
      pod('short', 0, 100),
      pod('stay', 0, 4000, { qos: 'Guaranteed' }),
      pod('wide', 150, 10, { gpuCount: 2 }),
    ];
    const { sim, nodes: where } = traced({
      ...fleet(pods, { defrag: ON_PENDING, speed }),
      nodes,
      nodePool: Int32Array.from([0, 1]),
      pools: [
        { ...POOL, nodes: 1 },
        { ...POOL, name: 'f', nodes: 1 },
      ],
    });
    expect(sim.runs.start[3]).toBe(150);
    expect(where[0]).toHaveLength(2);
    const [before, after] = where[0].map((node) => (node === 1 ? 2 : 1));
    // Work left at 150 on the first device, done at the second one's speed after the restart delay.
    expect(sim.runs.finish[0]).toBeCloseTo(150 + MIGRATION + ((2000 / before - 150) * before) / after, 9);
  });

  it('never moves a pod the planner forbids: a Guaranteed pod stays, and the waiting pod waits', () => {
    const pods = FRAGMENTED.map((p) => (p.name === 'mover' ? { ...p, qos: 'Guaranteed' } : p));
    const r = simulate(fleet(pods, { defrag: ON_PENDING }));
    expect([r.runs.start[WIDE], r.defrag!.figures().moves, r.defrag!.figures().plansApplied]).toEqual([
      1000, 0, 0,
    ]);
    expect(r.defrag!.figures().plansTried).toBe(1);
  });

  it('moves one pod at most once per cool-down', () => {
    // After the first plan (at 200) the moving pod sits beside the Guaranteed one. That one leaves at 1000, and a
    // Guaranteed pod has taken one device of the other node at 800: a second wide pod, at 1100, can only start by
    // moving the same pod again. Within the cool-down it waits for it to end; with a short cool-down it moves it.
    const pods = [
      ...FRAGMENTED,
      pod('pinned', 800, 5000, { qos: 'Guaranteed' }),
      pod('wide-2', 1100, 100, { gpuCount: 2 }),
    ];
    const run = (cooldownSec: number) => traced(fleet(pods, { defrag: { ...ON_PENDING, cooldownSec } }));
    const resting = run(3600);
    expect(resting.sim.defrag!.figures()).toMatchObject({ moves: 1, podsMoved: 1, cooldownSec: 3600 });
    expect(resting.sim.runs.start[6]).toBe(2000 + MIGRATION);
    const restless = run(0); // the cool-down is then the migration cost
    expect(restless.sim.defrag!.figures()).toMatchObject({ moves: 2, podsMoved: 1, cooldownSec: MIGRATION });
    expect([restless.sim.runs.start[6], restless.nodes[MOVER].length]).toEqual([1100, 3]);
    expect(restless.sim.runs.finish[MOVER]).toBe(2000 + 2 * MIGRATION);
  });

  it('with periodic:D plans for the waiting pods at the next multiple of D', () => {
    const periodic: TimeDefragSettings = {
      trigger: { kind: 'periodic', everySec: 300 },
      migrationCostSec: MIGRATION,
    };
    const sim = simulate(fleet(FRAGMENTED, { defrag: periodic }));
    expect([sim.runs.start[WIDE], sim.runs.finish[MOVER]]).toEqual([300, 2000 + MIGRATION]);
    const r = runTimeSimulation(fleet(FRAGMENTED, { defrag: periodic }));
    // The pass ends with the queue empty: no later pass moves the clock past the last departure.
    expect(r.horizonSec).toBe(2000 + MIGRATION);
    expect(r.defrag!.trigger).toBe('periodic:300s');
  });

  it('changes nothing when no pod ever waits (same figures as without it)', () => {
    const pods = Array.from({ length: 30 }, (_, i) =>
      pod(`p${i}`, i * 100, 150, { gpuMilli: 250 + (i % 3) * 250 }),
    );
    const { elapsedMs: _a, defrag, ...on } = runTimeSimulation(fleet(pods, { defrag: ON_PENDING }));
    const { elapsedMs: _b, ...off } = runTimeSimulation(fleet(pods));
    expect(on).toEqual(off);
    expect(defrag!.plansTried).toBe(0);
  });
});

/** After every event: the cluster holds exactly the running pods, no device, CPU or memory is overcommitted. */
function checkNoOvercommit(sim: TimeSimState): void {
  const c = sim.cluster;
  const gpuLeft = new Float64Array(c.gpuLeft.length).fill(MILLI_PER_DEVICE);
  const cpu = c.nodes.map((n) => n.cpuMilli);
  const mem = c.nodes.map((n) => n.memMiB);
  let alloc = 0;
  for (let i = 0; i < sim.pods.length; i++) {
    const node = sim.runs.node[i];
    if (node < 0) continue;
    const spec = sim.runs.spec[i]!;
    cpu[node] -= spec.cpuMilli;
    mem[node] -= spec.memMiB;
    if (spec.gpuCount > 0)
      for (const d of sim.runs.devices[i]!) gpuLeft[c.gpuOffset[node] + d] -= spec.gpuMilli;
    alloc += spec.gpuCount * spec.gpuMilli;
  }
  for (let g = 0; g < gpuLeft.length; g++) {
    if (gpuLeft[g] < 0 || gpuLeft[g] !== c.gpuLeft[g])
      throw new Error(`device slot ${g} at ${sim.now}: ${gpuLeft[g]}`);
  }
  for (let n = 0; n < c.nodeCount; n++) {
    if (cpu[n] < 0 || mem[n] < 0 || cpu[n] !== c.cpuLeft[n] || mem[n] !== c.memLeft[n])
      throw new Error(`node ${n} at ${sim.now}: cpu ${cpu[n]}, mem ${mem[n]}`);
  }
  if (Math.abs(alloc - sim.deviceTime.allocMilli.reduce((a, b) => a + b, 0)) > 1e-6)
    throw new Error(`allocated milli at ${sim.now}: ${alloc}`);
}

describe('the defragmenter under load', () => {
  // 400 pods of mixed shares and QoS on 6 nodes of 4 devices, arriving faster than they leave.
  const shares = [1000, 500, 250, 750, 1000, 300];
  const qos = ['LS', 'BE', 'Burstable', 'Guaranteed', 'LS'];
  const pods = Array.from({ length: 400 }, (_, i) => {
    const gpuCount = i % 11 === 0 ? 2 : i % 17 === 0 ? 4 : 1;
    const gpuMilli = gpuCount > 1 ? 1000 : shares[i % shares.length];
    return pod(`p${i}`, i * 37, 600 + ((i * 7919) % 2400), { gpuMilli, gpuCount, qos: qos[i % qos.length] });
  });
  const run = (defrag: TimeDefragSettings | undefined, preemption = false) =>
    simulate(fleet(pods, { defrag, preemption, policy: 'fgd', queue: 'backfill' }, 6, 4), checkNoOvercommit);

  it('never overcommits a device, CPU or memory, with either trigger, with and without preemption', () => {
    for (const preemption of [false, true]) {
      for (const defrag of [
        ON_PENDING,
        { trigger: { kind: 'periodic', everySec: 600 }, migrationCostSec: 30 },
      ] as const) {
        const sim = run(defrag, preemption);
        expect(sim.tally.done).toBe(pods.length);
        const f = sim.defrag!.figures();
        expect(f.plansApplied).toBeGreaterThan(0);
        expect(f.moves).toBeGreaterThanOrEqual(f.podsMoved);
      }
    }
  });

  it('gives the same output for the same seed', () => {
    const a = runTimeSimulation(fleet(pods, { defrag: ON_PENDING, policy: 'fgd' }, 6, 4));
    const b = runTimeSimulation(fleet(pods, { defrag: ON_PENDING, policy: 'fgd' }, 6, 4));
    expect({ ...a, elapsedMs: 0 }).toEqual({ ...b, elapsedMs: 0 });
  });
});
