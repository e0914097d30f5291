/**
 * @module sim/time/event-loop
 * The loop of the time simulation: takes the earliest event, moves the clock to it, handles it, and schedules
 * what it returns, until no event is left. Events come from two places: the initial events (the arrivals), a
 * stream already in time order, read as the loop reaches them instead of all being queued up front; and the
 * follow-ups, kept in a heap in compact form (event-codec). Ties run in the order the events were scheduled:
 * initial events first (they are all scheduled before any follow-up), follow-ups in the order they were returned.
 * An event that has gone stale before its time (SimEvent.isStale) is dropped without moving the clock.
 */
import type { EventCodec } from './event-codec.js';
import { EventQueue } from './event-queue.js';
import type { SimEvent } from './sim-event.js';
import type { TimeSimState } from './time-sim-state.js';

/**
 * Runs the simulation from `initial` (in time order) until no event is left; `afterEach` (tests) sees the state
 * after every event handled.
 */
export function runEvents(
  sim: TimeSimState,
  initial: Iterator<SimEvent>,
  codec: EventCodec,
  afterEach?: (sim: TimeSimState) => void,
): void {
  const followUps = new EventQueue();
  let nextInitial = initial.next();
  for (;;) {
    let event: SimEvent;
    if (!nextInitial.done && nextInitial.value.time <= followUps.peekTime()) {
      event = nextInitial.value;
      nextInitial = initial.next();
    } else if (followUps.size > 0) {
      const time = followUps.peekTime();
      event = codec.decode(time, followUps.pop());
    } else {
      return;
    }
    if (event.isStale?.(sim) === true) continue;
    sim.advanceTo(event.time);
    const next = event.handle(sim);
    // An index loop: no iterator object per event.
    for (let k = 0; k < next.length; k++) followUps.push(next[k].time, codec.encode(next[k]));
    afterEach?.(sim);
  }
}
