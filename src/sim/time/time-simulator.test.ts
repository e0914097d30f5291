import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadOpenbTrace } from '../../traces/openb-trace.js';
import { announceSkip, sharedOpenbDir } from '../../../test/support/shared.js';
import { makeNode } from '../../../test/support/builders.js';
import { testEconomics } from '../../../test/support/economics.js';
import { runTimeSimulation, type PoolEconomics, type TimedPod, type TimeSimInput } from './time-simulator.js';
import { EventQueue } from './event-queue.js';
import { summarize } from './percentiles.js';
import { GoRand } from '../../rng/index.js';

/** Hourly cost of one node of POOL, USD. */
const USD_PER_NODE_HOUR = 4;

const POOL: PoolEconomics = {
  name: 'g',
  accelerator: 'test-gpu',
  devicesPerNode: 2,
  nodes: 2,
  tdpW: 300,
  idleW: 60,
  nodeOverheadW: 500,
  usdPerNodeHour: USD_PER_NODE_HOUR,
};

function pod(name: string, arrivalSec: number, durationSec: number, over: Partial<TimedPod> = {}): TimedPod {
  return {
    name,
    cpuMilli: 1000,
    memMiB: 1024,
    gpuCount: 1,
    gpuMilli: 1000,
    gpuTypes: [],
    arrivalSec,
    durationSec,
    ...over,
  };
}

function smallFleet(pods: TimedPod[], over: Partial<TimeSimInput> = {}): TimeSimInput {
  return {
    nodes: [
      makeNode({ name: 'a', gpuCount: 2, gpuModel: 'test-gpu' }),
      makeNode({ name: 'b', gpuCount: 2, gpuModel: 'test-gpu' }),
    ],
    nodePool: Int32Array.from([0, 0]),
    pools: [POOL],
    site: { pue: 1.5, usdPerKWh: 0.1 },
    pods,
    policy: 'bestfit',
    seed: 1,
    ...over,
  };
}

describe('EventQueue', () => {
  it('pops by time, then in insertion order for equal times', () => {
    const q = new EventQueue();
    [
      [5, 1],
      [1, 2],
      [5, 3],
      [0, 4],
      [1, 5],
    ].forEach(([t, p]) => q.push(t, p));
    for (let i = 0; i < 3000; i++) q.push(100 + (i % 7), 1000 + i); // forces growth
    const out = [q.pop(), q.pop(), q.pop(), q.pop(), q.pop()];
    expect(out).toEqual([4, 2, 5, 1, 3]);
    expect(q.size).toBe(3000);
  });

  it('pops interleaved pushes and pops in the order a stable sort gives', () => {
    const rng = new GoRand(7);
    const q = new EventQueue();
    const pending: { time: number; seq: number; payload: number }[] = [];
    let seq = 0;
    const popped: number[] = [];
    const expected: number[] = [];
    for (let step = 0; step < 20000; step++) {
      if (pending.length === 0 || rng.int31n(3) > 0) {
        // Few distinct times, so ties are common.
        const time = rng.int31n(50);
        q.push(time, seq);
        pending.push({ time, seq, payload: seq });
        seq++;
      } else {
        pending.sort((a, b) => a.time - b.time || a.seq - b.seq);
        expected.push(pending.shift()!.payload);
        popped.push(q.pop());
      }
    }
    expect(popped.length).toBeGreaterThan(1000);
    expect(popped).toEqual(expected);
    expect(q.size).toBe(pending.length);
  });
});

describe('percentiles', () => {
  it('interpolates linearly between order statistics', () => {
    expect(summarize([1, 2, 3, 4, 5])).toEqual({ p50: 3, p95: 4.8, p99: 4.96, mean: 3, count: 5 });
    expect(summarize([]).count).toBe(0);
  });
});

describe('time simulation on a small fleet', () => {
  it('queues a pod until capacity frees and reports its delay and completion time', () => {
    // Four whole-GPU pods fill the fleet at t=0; a fifth arrives at t=10 and waits for the first to end at 100.
    const pods = [
      pod('p1', 0, 100),
      pod('p2', 0, 200),
      pod('p3', 0, 300),
      pod('p4', 0, 400),
      pod('p5', 10, 50),
    ];
    const r = runTimeSimulation(smallFleet(pods));
    expect(r.placed).toBe(5);
    expect(r.horizonSec).toBe(400);
    expect(r.queueDelaySec.count).toBe(5);
    expect(r.queueDelaySec.mean).toBeCloseTo(90 / 5, 9);
    expect(summarize([100, 200, 300, 400, 140]).p50).toBe(r.jctSec.p50);
  });

  it('conserves device time: allocated device-hours equal Σ request × run time, and energy the power integral', () => {
    const pods = [
      pod('a', 0, 3600),
      pod('b', 1800, 7200, { gpuMilli: 500 }),
      pod('c', 0, 1800, { gpuCount: 2 }),
    ];
    const r = runTimeSimulation(smallFleet(pods));
    const expectedDeviceHours = (1000 * 3600 + 500 * 7200 + 2000 * 1800) / 1000 / 3600;
    expect(r.deviceHours.allocated).toBeCloseTo(expectedDeviceHours, 9);
    const hours = r.horizonSec / 3600; // 2.5 h
    expect(hours).toBe(2.5);
    const devices = 4;
    const itWh =
      devices * POOL.idleW * hours +
      (POOL.tdpW - POOL.idleW) * expectedDeviceHours +
      2 * POOL.nodeOverheadW * hours;
    expect(r.energyKWh).toBeCloseTo((itWh * 1.5) / 1000, 9);
    expect(r.capitalUsd).toBeCloseTo(2 * USD_PER_NODE_HOUR * hours, 9);
    expect(r.costUsd).toBeCloseTo((r.capitalUsd ?? NaN) + r.energyKWh * 0.1, 9);
    const dh = r.deviceHours;
    expect(dh.total).toBeCloseTo(devices * hours, 9);
    expect(dh.allocated + dh.stranded + dh.idle).toBeCloseTo(dh.total, 9);
    expect(r.perTeam.unassigned.deviceHours).toBeCloseTo(expectedDeviceHours, 9);
  });

  it('scales run time by the speed of the device', () => {
    const r = runTimeSimulation(smallFleet([pod('a', 0, 3600)], { speed: () => 2 }));
    expect(r.horizonSec).toBe(1800);
    expect(r.deviceHours.allocated).toBeCloseTo(0.5, 9);
  });

  it('rejects a pod that fits no node at once instead of queueing it forever', () => {
    const r = runTimeSimulation(smallFleet([pod('big', 0, 10, { gpuCount: 4 }), pod('ok', 0, 10)]));
    expect([r.rejected, r.placed]).toEqual([1, 1]);
  });

  it('FIFO holds back a small pod behind a blocked one; backfill lets it through', () => {
    const pods = [
      pod('fill', 0, 100, { gpuCount: 2 }),
      pod('fill2', 0, 100, { gpuCount: 1 }),
      pod('wide', 1, 10, { gpuCount: 2 }), // waits for a whole node
      pod('small', 2, 10, { gpuCount: 1 }), // fits on the one free device
    ];
    const fifo = runTimeSimulation(smallFleet(pods, { queue: 'fifo' }));
    const backfill = runTimeSimulation(smallFleet(pods, { queue: 'backfill' }));
    expect(fifo.queueDelaySec.mean).toBeGreaterThan(backfill.queueDelaySec.mean);
    expect(backfill.queueDelaySec.p50).toBe(0);
  });

  it('preemption evicts best-effort pods for a waiting latency-sensitive pod', () => {
    const pods = [
      pod('be1', 0, 1000, { qos: 'BE', gpuCount: 2 }),
      pod('be2', 0, 1000, { qos: 'BE', gpuCount: 2 }),
      pod('ls', 5, 10, { qos: 'LS' }),
    ];
    const without = runTimeSimulation(smallFleet(pods));
    const withPreemption = runTimeSimulation(smallFleet(pods, { preemption: true }));
    expect(without.preemptions).toBe(0);
    expect(withPreemption.preemptions).toBe(1);
    expect(withPreemption.placed).toBe(3);
    // the LS pod started at once instead of waiting 995 s
    expect(withPreemption.queueDelaySec.p99).toBeLessThan(without.queueDelaySec.p99);
  });

  it('gives the same result for the same seed', () => {
    const pods = Array.from({ length: 200 }, (_, i) =>
      pod(`p${i}`, i * 7, 50 + (i % 13) * 20, { gpuMilli: 100 + (i % 9) * 100 }),
    );
    const a = runTimeSimulation(smallFleet(pods, { policy: 'fgd' }));
    const b = runTimeSimulation(smallFleet(pods, { policy: 'fgd' }));
    expect({ ...a, elapsedMs: 0 }).toEqual({ ...b, elapsedMs: 0 });
  });
});

const dir = announceSkip(sharedOpenbDir(), '[time-simulator] openb default trace with departures');
describe.skipIf(!dir)('time simulation of the openb default trace with departures', () => {
  it('conserves device-milli-seconds: allocated = Σ request × run time over placed pods', async () => {
    const trace = await loadOpenbTrace(
      join(dir!, 'openb_node_list_gpu_node.csv'),
      join(dir!, 'openb_pod_list_default.csv'),
    );
    const t0 = Math.min(...trace.pods.map((p) => p.creationTimeSec ?? 0));
    const end = Math.max(...trace.pods.map((p) => p.deletionTimeSec ?? 0));
    const pods: TimedPod[] = trace.pods.map((p) => ({
      ...p,
      arrivalSec: (p.creationTimeSec ?? t0) - t0,
      durationSec: Math.max(1, (p.deletionTimeSec ?? end) - (p.creationTimeSec ?? t0)),
    }));
    const models = [...new Set(trace.nodes.map((n) => n.gpuModel))];
    const pools: PoolEconomics[] = models.map((m) => {
      const members = trace.nodes.filter((n) => n.gpuModel === m);
      return { ...POOL, name: m, accelerator: m, nodes: members.length, devicesPerNode: members[0].gpuCount };
    });
    // Pools must have uniform device counts for the economics; openb models mix sizes, so count devices exactly.
    const nodePool = Int32Array.from(trace.nodes, (n) => models.indexOf(n.gpuModel));
    const r = runTimeSimulation({
      nodes: trace.nodes,
      nodePool,
      pools,
      site: { pue: 1.2, usdPerKWh: 0.1 },
      pods,
      policy: 'fgd',
      seed: 42,
    });
    expect(r.placed + r.rejected).toBe(pods.length);
    let milliSec = 0;
    for (const p of pods) milliSec += p.gpuCount * p.gpuMilli * p.durationSec;
    const rejectedMilliSec = 0; // every openb pod fits some node
    expect(r.rejected).toBe(0);
    expect(r.deviceHours.allocated).toBeCloseTo((milliSec - rejectedMilliSec) / 1000 / 3600, 6);
    const teamTotal = Object.values(r.perTeam).reduce((s, t) => s + t.deviceHours, 0);
    expect(teamTotal).toBeCloseTo(r.deviceHours.allocated, 6);
  });
});

describe('sharing rounded to what each device model allows', () => {
  // Pool 0 shares only in halves (like the Zhenwu PPU), pool 1 by free milli-shares (time-slicing).
  const halves = (milli: number) =>
    milli <= 500 ? ({ ok: true, milli: 500 } as const) : ({ ok: true, milli: 1000 } as const);
  const nodes = [
    makeNode({ name: 'ppu', gpuCount: 2, gpuModel: 'ppu' }),
    makeNode({ name: 'gpu', gpuCount: 2, gpuModel: 'gpu' }),
  ];
  const pools: PoolEconomics[] = [
    { ...POOL, name: 'ppu', accelerator: 'ppu', nodes: 1 },
    { ...POOL, name: 'gpu', accelerator: 'gpu', nodes: 1 },
  ];
  const base = { nodes, nodePool: Int32Array.from([0, 1]), pools, site: { pue: 1, usdPerKWh: 0 }, seed: 1 };

  it('charges the rounded share where the pod lands', () => {
    const onlyPpu = [pod('s', 0, 3600, { gpuMilli: 300, gpuTypes: ['ppu'] })];
    const r = runTimeSimulation({
      ...base,
      pods: onlyPpu,
      policy: 'bestfit',
      shareOn: (p, m) => (p === 0 ? halves(m) : { ok: true, milli: m }),
    });
    expect(r.placed).toBe(1);
    expect(r.deviceHours.allocated).toBeCloseTo(0.5, 9); // 300 milli rounded up to a half device
    const onlyGpu = [pod('s', 0, 3600, { gpuMilli: 300, gpuTypes: ['gpu'] })];
    const g = runTimeSimulation({
      ...base,
      pods: onlyGpu,
      policy: 'bestfit',
      shareOn: (p, m) => (p === 0 ? halves(m) : { ok: true, milli: m }),
    });
    expect(g.deviceHours.allocated).toBeCloseTo(0.3, 9);
  });

  it('refuses a share no model allows, with the reason, and never queues it', () => {
    const refuse = () => ({ ok: false, reason: 'whole devices only' }) as const;
    const r = runTimeSimulation({
      ...base,
      pods: [pod('s', 0, 10, { gpuMilli: 300 }), pod('w', 0, 10)],
      policy: 'fgd',
      shareOn: refuse,
    });
    expect(r.rejected).toBe(1);
    expect(r.rejections).toEqual({ 'whole devices only': 1 });
    expect(r.placed).toBe(1);
  });
});

describe('preemption with rounded shares', () => {
  it('evicts best-effort pods by the share they were given, not the one they asked for', () => {
    const halves = (milli: number) => ({ ok: true, milli: milli <= 500 ? 500 : 1000 }) as const;
    const pods = [
      pod('be1', 0, 1000, { qos: 'BE', gpuMilli: 300 }),
      pod('be2', 0, 1000, { qos: 'BE', gpuMilli: 300 }),
      pod('ls', 5, 10, { qos: 'LS' }),
    ];
    const r = runTimeSimulation({
      nodes: [makeNode({ name: 'ppu', gpuCount: 1, gpuModel: 'ppu' })],
      nodePool: Int32Array.from([0]),
      pools: [{ ...POOL, name: 'ppu', accelerator: 'ppu', nodes: 1, devicesPerNode: 1 }],
      site: { pue: 1, usdPerKWh: 0 },
      pods,
      policy: 'fgd',
      seed: 1,
      preemption: true,
      shareOn: (_p, m) => halves(m),
    });
    expect(r.preemptions).toBe(2); // two halves make the device; both must go for a whole-device pod
    expect(r.placed).toBe(3);
    // The BE pods restart after the LS pod: each holds half a device for 1000 s, the LS pod a device for 10 s.
    expect(r.deviceHours.allocated).toBeCloseTo((2 * 500 * 1000 + 1000 * 10 + 2 * 500 * 5) / 1000 / 3600, 9);
  });
});

describe('the FGD weight of the fleet-aware policies', () => {
  // Two device models with different power and speed: weight 1 is FGD alone, weight 0 the energy term alone.
  const nodes = [
    ...[0, 1, 2].map((i) => makeNode({ name: `a${i}`, gpuCount: 4, gpuModel: 'model-a' })),
    ...[0, 1, 2].map((i) => makeNode({ name: `b${i}`, gpuCount: 4, gpuModel: 'model-b' })),
  ];
  const pools: PoolEconomics[] = [
    { ...POOL, name: 'a', accelerator: 'model-a', nodes: 3, devicesPerNode: 4 },
    { ...POOL, name: 'b', accelerator: 'model-b', nodes: 3, devicesPerNode: 4, tdpW: 700 },
  ];
  const pods = Array.from({ length: 60 }, (_, i) =>
    pod(`p${i}`, i * 60, 3600 + (i % 7) * 600, { gpuMilli: [250, 500, 1000, 300][i % 4] }),
  );
  const run = (fgdWeight: number | undefined) =>
    runTimeSimulation({
      nodes,
      nodePool: Int32Array.from([0, 0, 0, 1, 1, 1]),
      pools,
      site: { pue: 1.2, usdPerKWh: 0.1 },
      pods,
      policy: 'fgd-energy',
      seed: 3,
      economics: testEconomics(nodes),
      fgdWeight,
    });

  it('reaches the policy: weight 0 and weight 1 place differently, the default is 0.5', () => {
    const [zero, one, half, unset] = [run(0), run(1), run(0.5), run(undefined)];
    const allocation = (r: typeof zero) => JSON.stringify(r.timeline.allocationPct);
    expect(allocation(zero)).not.toBe(allocation(one));
    expect(allocation(unset)).toBe(allocation(half));
  });

  it('is checked by the policy: a weight outside [0, 1] is refused', () => {
    expect(() => run(2)).toThrow(/fgdWeight must be in \[0, 1\]/);
  });
});
