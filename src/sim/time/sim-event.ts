/**
 * @module sim/time/sim-event
 * An event of the time simulation: something that happens at a time, whose handler changes the simulation's
 * state and returns the events that follow from it (a started pod's departure, say). The loop (event-loop)
 * knows no kind of event.
 */
import type { TimeSimState } from './time-sim-state.js';

export interface SimEvent {
  readonly time: number;
  /** Handles the event at `sim.now` = `time`; returns its follow-ups, in the order they were caused. */
  handle(sim: TimeSimState): readonly SimEvent[];
  /**
   * True when the event has become pointless before its time: the loop drops it without moving the clock (a
   * periodic pass when no pod waits any more). Events without it always run.
   */
  isStale?(sim: TimeSimState): boolean;
}

/** The follow-ups of an event that causes none (shared: handlers return it instead of a new empty list). */
export const NO_FOLLOW_UPS: readonly SimEvent[] = Object.freeze([]);

/** An event that happens to one pod (by its index in the input). */
export abstract class PodEvent implements SimEvent {
  readonly time: number;
  readonly pod: number;

  constructor(time: number, pod: number) {
    this.time = time;
    this.pod = pod;
  }

  abstract handle(sim: TimeSimState): readonly SimEvent[];
  isStale?(sim: TimeSimState): boolean;
}

/** A kind of pod event: its class. */
export type PodEventKind = new (time: number, pod: number) => PodEvent;
