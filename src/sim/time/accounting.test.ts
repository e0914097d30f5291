import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../model/index.js';
import { FragMeasure, NodeFragEntries } from '../../policies/index.js';
import { makeNode, sharingPod, typicalOf } from '../../../test/support/builders.js';
import { DeviceTime } from './device-time.js';
import { Tally } from './tally.js';
import { TeamAccounts } from './team-accounts.js';
import type { PoolEconomics, TimedPod } from './time-sim-input.js';
import { TimeSimState } from './time-sim-state.js';
import { summarizeTimeSim } from './time-sim-summary.js';
import { Timeline } from './timeline.js';

/** Hourly cost of one node of POOL, USD. */
const USD_PER_NODE_HOUR = 4;

const POOL: PoolEconomics = {
  name: 'g',
  accelerator: 'g',
  devicesPerNode: 2,
  nodes: 1,
  tdpW: 300,
  idleW: 60,
  nodeOverheadW: 100,
  usdPerNodeHour: USD_PER_NODE_HOUR,
};

describe('device time', () => {
  it('integrates allocation and fragmentation per pool over the time between events', () => {
    // The typical workload is whole devices only: the part of a device left beside a share is stranded.
    const typical = typicalOf([{ cpuMilli: 1000, gpuMilli: 1000, gpuCount: 1, freq: 1 }]);
    const cluster = new ClusterState([
      makeNode({ name: 'a', gpuCount: 2, gpuModel: 'g' }),
      makeNode({ name: 'b', gpuCount: 2, gpuModel: 'g' }),
    ]);
    const time = new DeviceTime(
      new NodeFragEntries(cluster, new FragMeasure(typical, cluster.models, 2)),
      Int32Array.from([0, 1]),
      2,
    );
    expect([...time.fragMilli]).toEqual([0, 0]); // empty nodes strand nothing
    const share = sharingPod(300);
    cluster.assume(1, share, [0]);
    time.refresh(1);
    time.allocate(1, 300);
    expect([...time.allocMilli, ...time.fragMilli]).toEqual([0, 300, 0, 700]);
    time.integrate(10);
    cluster.forget(1, share, [0]);
    time.refresh(1);
    time.free(1, 300);
    time.integrate(5);
    expect([...time.allocMilliSec, ...time.fragMilliSec]).toEqual([0, 3000, 0, 7000]);
  });
});

describe('the allocation timeline', () => {
  it('samples each model at every multiple of the step the clock passes', () => {
    const pools = [POOL, { ...POOL, name: 'h' }, { ...POOL, name: 'k', accelerator: 'k', devicesPerNode: 4 }];
    const timeline = new Timeline(pools, 10);
    timeline.sampleUntil(25, Float64Array.from([1000, 0, 2000]));
    timeline.sampleUntil(25, Float64Array.from([0, 0, 0])); // nothing new is due
    timeline.sampleUntil(30, Float64Array.from([2000, 2000, 0]));
    expect(timeline.result).toEqual({
      sampleSec: 10,
      tSec: [0, 10, 20, 30],
      allocationPct: { g: [25, 25, 25, 100], k: [50, 50, 50, 0] },
    });
  });
});

describe('team accounts', () => {
  it('counts pods and device-hours per team, unassigned for pods without one', () => {
    const teams = new TeamAccounts();
    ['search', undefined, 'ads', 'ads'].forEach((t) => teams.arrived(t));
    teams.ran('ads', 1000 * 3600);
    teams.ran('ads', 500 * 3600);
    teams.ran(undefined, 250 * 7200);
    const figures = teams.figures();
    expect(Object.keys(figures)).toEqual(['ads', 'search', 'unassigned']);
    expect(figures).toEqual({
      ads: { deviceHours: 1.5, pods: 2 },
      search: { deviceHours: 0, pods: 1 },
      unassigned: { deviceHours: 0.5, pods: 1 },
    });
  });
});

describe('the tally', () => {
  it('counts rejections by reason, most frequent first, and reports progress every hundredth', () => {
    const calls: number[][] = [];
    const tally = new Tally(200, (done, total) => calls.push([done, total]));
    tally.reject('too big');
    tally.reject('no sharing');
    tally.reject('no sharing');
    for (let t = 1; t <= 3; t++) tally.departed(t * 10);
    tally.finished();
    expect(tally.rejectionCounts()).toEqual({ 'no sharing': 2, 'too big': 1 });
    expect(Object.keys(tally.rejectionCounts())).toEqual(['no sharing', 'too big']);
    expect([tally.rejected, tally.done, tally.lastDeparture]).toEqual([3, 6, 30]);
    // Rejections count as done but only departures report: at 4 and 6 (every 2 of 200), then the end.
    expect(calls).toEqual([
      [4, 200],
      [6, 200],
      [200, 200],
    ]);
  });
});

describe('the summary', () => {
  const timed = (arrivalSec: number): TimedPod => ({ ...sharingPod(500), arrivalSec, durationSec: 10 });

  it('turns the integrals into device-hours, energy and cost by the power model, and pod times into delays', () => {
    const sim = new TimeSimState({
      nodes: [makeNode({ name: 'a', gpuCount: 2, gpuModel: 'g' })],
      nodePool: Int32Array.from([0]),
      pools: [POOL],
      site: { pue: 1.5, usdPerKWh: 0.1 },
      pods: [timed(0), timed(5)],
      policy: 'bestfit',
      seed: 1,
    });
    sim.now = 7200; // two hours
    sim.deviceTime.allocMilliSec[0] = 1000 * 3600; // one device-hour allocated
    sim.deviceTime.fragMilliSec[0] = 500 * 3600; // half a device-hour stranded
    sim.runs.start.set([10, 15]); // the second pod was evicted and never finished
    sim.runs.finish.set([20, -1]);
    const r = summarizeTimeSim(sim, performance.now());
    expect(r.deviceHours).toEqual({ total: 4, allocated: 1, stranded: 0.5, idle: 2.5 });
    // IT energy: idle power of both devices for 2 h, the dynamic part for the allocated hour, the node's rest.
    const itWh = 2 * POOL.idleW * 2 + (POOL.tdpW - POOL.idleW) * 1 + POOL.nodeOverheadW * 2;
    expect(r.energyKWh).toBeCloseTo((itWh * 1.5) / 1000, 12);
    expect(r.capitalUsd).toBe(USD_PER_NODE_HOUR * 2);
    expect(r.costUsd).toBeCloseTo((r.capitalUsd ?? NaN) + r.energyKWh * 0.1, 12);
    expect(r.perModel.g).toEqual({
      devices: 2,
      deviceHours: r.deviceHours,
      energyKWh: r.energyKWh,
      costUsd: r.costUsd,
    });
    expect([r.placed, r.queueDelaySec.mean, r.queueDelaySec.count, r.jctSec.count, r.jctSec.mean]).toEqual([
      2, 10, 2, 1, 20,
    ]);
    expect(r.horizonSec).toBe(7200);
  });

  it('leaves unknown (null) the costs that include a pool without a price, and only those', () => {
    // Two pools of one node each: 'g' priced, 'h' (another model) priced nowhere.
    const sim = new TimeSimState({
      nodes: [
        makeNode({ name: 'a', gpuCount: 2, gpuModel: 'g' }),
        makeNode({ name: 'b', gpuCount: 2, gpuModel: 'h' }),
      ],
      nodePool: Int32Array.from([0, 1]),
      pools: [POOL, { ...POOL, name: 'h', accelerator: 'h', usdPerNodeHour: null }],
      site: { pue: 1.5, usdPerKWh: 0.1 },
      pods: [],
      policy: 'bestfit',
      seed: 1,
    });
    sim.now = 3600;
    const r = summarizeTimeSim(sim, performance.now());
    expect(r).toMatchObject({ capitalUsd: null, costUsd: null, unpricedPools: ['h'] });
    expect(r.perModel.h.costUsd).toBeNull();
    // The priced pool's cost and everyone's energy stay known: one idle hour of each node.
    const kWh = ((2 * POOL.idleW + POOL.nodeOverheadW) * 1.5) / 1000;
    expect(r.perModel.g.costUsd).toBeCloseTo(USD_PER_NODE_HOUR + kWh * 0.1, 12);
    expect(r.perModel.h.energyKWh).toBeCloseTo(kWh, 12);
    expect(r.energyUsd).toBeCloseTo(2 * kWh * 0.1, 12);
  });
});
