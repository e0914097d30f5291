/**
 * @module sim/time/departure
 * A pod's run ends: it leaves, freeing its devices, and the waiting pods get a pass at the room. A departure
 * whose pod is no longer on that run is stale (the pod was evicted, and may have restarted with another end):
 * it changes nothing.
 */
import { endRun } from './placement.js';
import { startOrPreempt } from './preemption.js';
import { NO_FOLLOW_UPS, PodEvent, type SimEvent } from './sim-event.js';
import type { TimeSimState } from './time-sim-state.js';

export class Departure extends PodEvent {
  /** The departure of pod `i`'s run that just started. */
  static of(sim: TimeSimState, i: number): Departure {
    sim.departureQueued(i);
    return new Departure(sim.runs.runEnd[i], i);
  }

  handle(sim: TimeSimState): readonly SimEvent[] {
    const i = this.pod;
    const current = sim.runs.runsUntil(i, this.time);
    sim.departureHandled(i);
    if (!current) return NO_FOLLOW_UPS;
    endRun(sim, i);
    sim.runs.finish[i] = this.time;
    sim.tally.departed(this.time);
    sim.podLeft(i);
    if (sim.waiting.size === 0) return NO_FOLLOW_UPS;
    const started = sim.waiting.serve((pod, level) => startOrPreempt(sim, pod, level));
    // Preemption may have queued pods: the periodic defragmenter then needs a pass.
    const tick = sim.defrag?.tickFollowUp(sim) ?? null;
    if (tick !== null) return [...started.map((pod) => Departure.of(sim, pod)), tick];
    return started.length === 0 ? NO_FOLLOW_UPS : started.map((pod) => Departure.of(sim, pod));
  }
}
