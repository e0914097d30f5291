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
 * (arrival, departure, defrag-tick), the loop (event-loop) and how it keeps pending events (event-codec), the waiting queue, preemption, the
 * defragmenter, sharing variants, placement, and
 * the accounts (device-time, timeline, team-accounts, tally) that the summary (time-sim-summary) reads.
 */
import { Arrival, arrivalsOf, streamedArrivals } from './arrival.js';
import { DefragTick } from './defrag-tick.js';
import { Departure } from './departure.js';
import { PodEventCodec } from './event-codec.js';
import { placePinned } from './pinned-pods.js';
import { runEvents } from './event-loop.js';
import { isPodStream } from './pod-stream.js';
import type { TimeSimInput } from './time-sim-input.js';
import type { DefraggedTimeSimResult } from './time-sim-result.js';
import { TimeSimState } from './time-sim-state.js';
import { summarizeTimeSim } from './time-sim-summary.js';

export { qosPriority } from './qos.js';
export type { PodStream } from './pod-stream.js';
export type {
  PoolEconomics,
  QueueDiscipline,
  ShareResult,
  Site,
  TimedPod,
  TimeSimInput,
} from './time-sim-input.js';
export type { DefragFigures, DefragTrigger, TimeDefragSettings } from './defrag-settings.js';
export { DEFAULT_MOVE_COOLDOWN_SEC, SIM_DEFRAG_WORK_LIMIT } from './defrag-settings.js';
export type {
  AllocationTimeline,
  DefraggedTimeSimResult,
  DeviceHours,
  InitialFigures,
  ModelFigures,
  TimeSimResult,
} from './time-sim-result.js';

export function runTimeSimulation(input: TimeSimInput): DefraggedTimeSimResult {
  const startedAtMs = performance.now();
  return summarizeTimeSim(simulate(input), startedAtMs);
}

/** Runs the simulation and returns its final state (tests read it; `afterEach` sees it after every event). */
export function simulate(input: TimeSimInput, afterEach?: (sim: TimeSimState) => void): TimeSimState {
  const sim = new TimeSimState(input);
  sim.initial = placePinned(sim);
  const kinds = input.defrag ? [Arrival, Departure, DefragTick] : [Arrival, Departure];
  const arrivals = isPodStream(input.pods)
    ? streamedArrivals(sim, input.pods.stream)
    : arrivalsOf(input.pods);
  runEvents(sim, arrivals, new PodEventCodec(kinds), afterEach);
  // The clock is already at the last event; this takes the sample at 0 when there was no event at all.
  sim.advanceTo(sim.tally.lastDeparture);
  sim.tally.finished();
  return sim;
}
