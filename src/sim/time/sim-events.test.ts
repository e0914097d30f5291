import { describe, expect, it } from 'vitest';
import { makeNode } from '../../../test/support/builders.js';
import { Arrival, FITS_NO_NODE } from './arrival.js';
import { Departure } from './departure.js';
import { type EventCodec, PodEventCodec } from './event-codec.js';
import { runEvents } from './event-loop.js';
import { NO_FOLLOW_UPS, PodEvent, type SimEvent } from './sim-event.js';
import type { TimedPod, TimeSimInput } from './time-sim-input.js';
import { TimeSimState } from './time-sim-state.js';

function pod(name: string, durationSec: number, over: Partial<TimedPod> = {}): TimedPod {
  const spec = { cpuMilli: 1000, memMiB: 1024, gpuCount: 1, gpuMilli: 1000, gpuTypes: [] };
  return { name, ...spec, arrivalSec: 0, durationSec, ...over };
}

/** One node of two devices that run everything twice as fast as recorded. */
function oneNode(pods: TimedPod[], over: Partial<TimeSimInput> = {}): TimeSimState {
  const pool = { name: 'g', accelerator: 'g', devicesPerNode: 2, nodes: 1, tdpW: 300, idleW: 60 };
  return new TimeSimState({
    nodes: [makeNode({ name: 'a', gpuCount: 2, gpuModel: 'g' })],
    nodePool: Int32Array.from([0]),
    pools: [{ ...pool, nodeOverheadW: 0, usdPerNodeHour: 1 }],
    site: { pue: 1, usdPerKWh: 0 },
    pods,
    policy: 'bestfit',
    seed: 1,
    speed: () => 2,
    ...over,
  });
}

/** Handles `event` as the loop does: the clock first. */
function handle(sim: TimeSimState, event: SimEvent): readonly SimEvent[] {
  sim.advanceTo(event.time);
  return event.handle(sim);
}

describe('an arrival', () => {
  it('starts a pod that fits and returns its departure, at the run time scaled by the speed', () => {
    const sim = oneNode([pod('a', 100)]);
    expect(handle(sim, new Arrival(10, 0))).toEqual([new Departure(60, 0)]);
    expect([sim.runs.start[0], sim.runs.node[0], sim.cluster.gpuLeft[0] + sim.cluster.gpuLeft[1]]).toEqual([
      10, 0, 1000,
    ]);
  });

  it('queues a pod that does not fit now, and under FIFO one that fits but may not overtake it', () => {
    const pods = [pod('one', 100), pod('two', 100, { gpuCount: 2 }), pod('another', 100)];
    for (const queue of ['fifo', 'backfill'] as const) {
      const sim = oneNode(pods, { queue });
      handle(sim, new Arrival(0, 0));
      expect(handle(sim, new Arrival(1, 1))).toBe(NO_FOLLOW_UPS);
      expect(sim.waiting.size).toBe(1);
      // One device is free: backfill starts the one-device pod, FIFO keeps it behind the two-device one.
      const followUps = handle(sim, new Arrival(2, 2));
      expect([queue, followUps, sim.waiting.size]).toEqual(
        queue === 'fifo' ? ['fifo', [], 2] : ['backfill', [new Departure(52, 2)], 1],
      );
    }
  });

  it('rejects a pod that fits no node even of the empty fleet, instead of queueing it', () => {
    const sim = oneNode([pod('huge', 100, { gpuCount: 4 })]);
    expect(handle(sim, new Arrival(0, 0))).toBe(NO_FOLLOW_UPS);
    expect([sim.waiting.size, sim.tally.rejectionCounts()]).toEqual([0, { [FITS_NO_NODE]: 1 }]);
  });
});

describe('a departure', () => {
  it('frees the devices and returns the departures of the waiting pods it let start, in queue order', () => {
    const pods = [pod('wide', 100, { gpuCount: 2 }), pod('x', 10), pod('y', 20)];
    const sim = oneNode(pods, { queue: 'backfill' });
    const [end] = handle(sim, new Arrival(0, 0));
    handle(sim, new Arrival(5, 1));
    handle(sim, new Arrival(6, 2));
    expect(end).toEqual(new Departure(50, 0));
    expect(handle(sim, end)).toEqual([new Departure(55, 1), new Departure(60, 2)]);
    expect([sim.runs.finish[0], sim.runs.start[1], sim.waiting.size, sim.tally.done]).toEqual([50, 50, 0, 1]);
  });

  it('is stale once its pod was evicted: it changes nothing and has no follow-ups', () => {
    const pods = [pod('be', 100, { qos: 'BE', gpuCount: 2 }), pod('ls', 100, { qos: 'LS' })];
    const sim = oneNode(pods, { preemption: true });
    const [beEnd] = handle(sim, new Arrival(0, 0));
    const [lsEnd] = handle(sim, new Arrival(10, 1)); // evicts the best-effort pod, which waits again
    expect([sim.tally.preemptions, sim.waiting.size, lsEnd]).toEqual([1, 1, new Departure(60, 1)]);
    const left = [...sim.cluster.gpuLeft];
    expect(handle(sim, beEnd)).toBe(NO_FOLLOW_UPS); // at 50: the evicted run would have ended here
    expect([...sim.cluster.gpuLeft]).toEqual(left);
    expect([sim.runs.finish[0], sim.tally.done]).toEqual([-1, 0]);
    // The pod restarts when the latency-sensitive one leaves; its new departure is the one that counts.
    expect(handle(sim, lsEnd)).toEqual([new Departure(110, 0)]);
  });
});

describe('the event loop', () => {
  /** An event that records when it ran and returns the given follow-ups. */
  class Probe implements SimEvent {
    constructor(
      readonly time: number,
      readonly name: string,
      readonly log: string[],
      readonly next: SimEvent[] = [],
    ) {}
    handle(sim: TimeSimState): readonly SimEvent[] {
      this.log.push(`${this.name}@${sim.now}`);
      return this.next;
    }
  }

  it('runs events by time, ties in the order they were scheduled: initial events, then follow-ups', () => {
    const log: string[] = [];
    const sim = oneNode([]);
    const second = new Probe(9, 'second follow-up', log);
    const followUps = [new Probe(5, 'follow-up', log, [second]), new Probe(3, 'follow-up before', log)];
    const initial = [new Probe(1, 'early', log, followUps), new Probe(5, 'a', log), new Probe(5, 'b', log)];
    // A codec that keeps the events in a list: the loop needs no kind of event of its own.
    const kept: SimEvent[] = [];
    const listCodec: EventCodec = { encode: (e) => kept.push(e) - 1, decode: (_time, code) => kept[code] };
    runEvents(sim, [...initial, new Probe(9, 'last', log)][Symbol.iterator](), listCodec);
    expect(log).toEqual([
      'early@1',
      'follow-up before@3',
      'a@5',
      'b@5',
      'follow-up@5',
      'last@9',
      'second follow-up@9',
    ]);
    expect(sim.now).toBe(9);
  });
});

describe('the pod event codec', () => {
  const codec = new PodEventCodec([Arrival, Departure]);

  it('gives back an event of the same kind, pod and time', () => {
    for (const event of [new Departure(12.5, 0), new Arrival(3, 7), new Departure(1e9, 99_999_999)]) {
      const back = codec.decode(event.time, codec.encode(event));
      expect(back).toEqual(event);
      expect(back.constructor).toBe(event.constructor);
    }
  });

  it('refuses a kind of event it was not given, naming it', () => {
    class Migration extends PodEvent {
      handle(): readonly SimEvent[] {
        return NO_FOLLOW_UPS;
      }
    }
    expect(() => codec.encode(new Migration(1, 2))).toThrow(/no code for Migration/);
  });
});
