/**
 * @module sim/time/time-simulator
 * Event-driven simulation of a fleet over time: pods arrive at their arrival time, run for their duration
 * (scaled by the speed of the device they land on) and leave; pods that fit nowhere wait in a queue (FIFO, or
 * with backfill; higher QoS first; optional preemption of best-effort pods). The same ClusterState, Scheduler
 * and policies as the paper protocol, so a policy behaves identically in both.
 *
 * Symbols (see metrics in {@link TimeSimResult}): a_p arrival, s_p start, f_p finish of pod p;
 * queueing delay s_p − a_p, job completion time f_p − a_p; device-hours are integrals over [0, T] of the
 * device capacity in a given state (allocated, stranded = free but fragmented for the typical workload,
 * idle = free and usable).
 *
 * The parts, one per file: the state (time-sim-state), the events whose handlers return their follow-ups
 * (arrival, departure), the loop (event-loop) and how it keeps pending events (event-codec), the waiting queue, preemption, sharing variants, placement, and
 * the accounts (device-time, timeline, team-accounts, tally) that the summary (time-sim-summary) reads.
 */
import { Arrival, arrivalsOf } from './arrival.js';
import { Departure } from './departure.js';
import { PodEventCodec } from './event-codec.js';
import { runEvents } from './event-loop.js';
import type { TimeSimInput } from './time-sim-input.js';
import type { TimeSimResult } from './time-sim-result.js';
import { TimeSimState } from './time-sim-state.js';
import { summarizeTimeSim } from './time-sim-summary.js';

export { qosPriority } from './qos.js';
export type {
  PoolEconomics,
  QueueDiscipline,
  ShareResult,
  Site,
  TimedPod,
  TimeSimInput,
} from './time-sim-input.js';
export type { AllocationTimeline, DeviceHours, ModelFigures, TimeSimResult } from './time-sim-result.js';

export function runTimeSimulation(input: TimeSimInput): TimeSimResult {
  const startedAtMs = performance.now();
  const sim = new TimeSimState(input);
  runEvents(sim, arrivalsOf(input.pods), new PodEventCodec([Arrival, Departure]));
  // The clock is already at the last event; this takes the sample at 0 when there was no event at all.
  sim.advanceTo(sim.tally.lastDeparture);
  sim.tally.finished();
  return summarizeTimeSim(sim, startedAtMs);
}
