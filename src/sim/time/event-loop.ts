/**
 * @module sim/time/event-loop
 * The loop of the time simulation: takes the earliest event (ties in the order they were scheduled), moves the
 * clock to it, handles it, and schedules what it returns, until no event is left.
 */
import { EventQueue } from './event-queue.js';
import type { SimEvent } from './sim-event.js';
import type { TimeSimState } from './time-sim-state.js';

export function runEvents(sim: TimeSimState, initial: Iterable<SimEvent>): void {
  const events = new EventQueue<SimEvent>();
  for (const event of initial) events.push(event.time, event);
  while (events.size > 0) {
    const event = events.pop();
    sim.advanceTo(event.time);
    for (const next of event.handle(sim)) events.push(next.time, next);
  }
}
