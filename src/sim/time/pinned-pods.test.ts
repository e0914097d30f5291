/**
 * Pinned pods (a run started from a live cluster's running pods): placed where they run before any arrival, kept
 * to the end, left out of queueing figures, and what they hold is closed to the workload.
 */
import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../../test/support/builders.js';
import { runTimeSimulation, simulate, type TimedPod, type TimeSimInput } from './time-simulator.js';

/** A one-device pod that arrives at 0 and runs an hour, unless `over` says otherwise. */
const pod = (name: string, over: Partial<TimedPod> = {}): TimedPod => ({
  ...makePod({ name, cpuMilli: 1000, gpuCount: 1, gpuMilli: 1000 }),
  arrivalSec: 0,
  durationSec: 3600,
  ...over,
});

function fleet(pods: TimedPod[]): TimeSimInput {
  return {
    nodes: [
      makeNode({ name: 'a', gpuCount: 2, gpuModel: 'm' }),
      makeNode({ name: 'b', gpuCount: 2, gpuModel: 'm' }),
    ],
    nodePool: Int32Array.from([0, 0]),
    pools: [
      {
        name: 'p',
        accelerator: 'm',
        devicesPerNode: 2,
        nodes: 2,
        tdpW: 300,
        idleW: 60,
        nodeOverheadW: 0,
        usdPerNodeHour: 1,
      },
    ],
    site: { pue: 1, usdPerKWh: 0.1 },
    pods,
    policy: 'bestfit',
    seed: 1,
  };
}

describe('pinned pods', () => {
  it('start the run where they are and report the starting state device by device', () => {
    const pinned = [
      pod('x', { gpuMilli: 500, pinned: { node: 1, devices: [1] } }),
      pod('y', { gpuCount: 2, gpuMilli: 250, pinned: { node: 0, devices: [0, 1] } }),
    ];
    const result = runTimeSimulation(fleet([...pinned, pod('w', { arrivalSec: 10 })]));
    expect(result.initial).toEqual({
      pods: 2,
      gpuAllocationPercent: (100 * (500 + 250 + 250)) / 4000,
      deviceMilliUsed: { a: [250, 250], b: [0, 500] },
    });
    expect(result.pods).toBe(1);
    expect(result.placed).toBe(1);
  });

  it('report device use only for the nodes where a pinned pod holds some', () => {
    const input = fleet([
      pod('x', { gpuMilli: 300, pinned: { node: 2, devices: [3] } }),
      pod('cpu', { gpuCount: 0, gpuMilli: 0, pinned: { node: 0, devices: [] } }),
    ]);
    // a and b (2 devices each, b idle) and c (4 devices), all in one pool; a runs a CPU-only pod
    const nodes = [...input.nodes, makeNode({ name: 'c', gpuCount: 4, gpuModel: 'm' })];
    const result = runTimeSimulation({ ...input, nodes, nodePool: Int32Array.from([0, 0, 0]) });
    expect(result.initial).toEqual({
      pods: 2,
      gpuAllocationPercent: (100 * 300) / 8000,
      deviceMilliUsed: { c: [0, 0, 0, 300] },
    });
  });

  it('hold their devices to the end: a whole-device pod only gets the one device left whole', () => {
    const pods = [
      pod('x', { gpuMilli: 100, pinned: { node: 0, devices: [0] } }),
      pod('y', { gpuMilli: 100, pinned: { node: 0, devices: [1] } }),
      pod('z', { gpuMilli: 100, pinned: { node: 1, devices: [0] } }),
      pod('w1', { arrivalSec: 5 }),
      pod('w2', { arrivalSec: 5 }),
    ];
    const sim = simulate(fleet(pods));
    expect(sim.runs.start[3]).toBe(5);
    // w2 waits for w1 (the pinned pods never leave), so it starts when w1 ends.
    expect(sim.runs.start[4]).toBe(5 + 3600);
    expect(sim.runs.finish[0]).toBe(-1);
  });

  it('a pinned pod that does not fit is a caller error, not a silent re-placement', () => {
    const pods = [
      pod('x', { pinned: { node: 0, devices: [0] } }),
      pod('y', { pinned: { node: 0, devices: [0] } }),
    ];
    // the pod and the node named once each, then what it overcommits
    expect(() => simulate(fleet(pods))).toThrow(
      new Error('pinned pod y: device 0: 1000 milli, 0 left: more than node a holds'),
    );
    const greedy = [pod('x', { cpuMilli: 1_000_000, pinned: { node: 1, devices: [0] } })];
    expect(() => simulate(fleet(greedy))).toThrow(
      /^pinned pod x: CPU 1000000 milli, \d+ left: more than node b holds$/,
    );
    // a pin of the wrong shape (the caller's file check refuses these first): the state's own error
    const twice = [pod('z', { gpuCount: 2, pinned: { node: 0, devices: [1, 1] } })];
    expect(() => simulate(fleet(twice))).toThrow(new Error('device 1 given twice for z'));
  });

  it('a run without pinned pods reports no starting state', () => {
    expect(runTimeSimulation(fleet([pod('w')])).initial).toBeUndefined();
  });
});
