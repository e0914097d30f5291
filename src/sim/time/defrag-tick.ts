/**
 * @module sim/time/defrag-tick
 * The periodic defragmenter's pass (`--defrag periodic:D`): every D of simulated time while pods wait, one pass over
 * the waiting queue in its order (and within its discipline's bounds: fifo stops at the first pod that stays,
 * backfill tries up to its depth per level), where each pod that still fits nowhere gets a plan. It is scheduled
 * only while pods wait, and dropped unhandled if the queue emptied before its time, so that it never moves the
 * clock past the last departure.
 */
import { Departure } from './departure.js';
import { startOrPreempt } from './preemption.js';
import { NO_FOLLOW_UPS, PodEvent, type SimEvent } from './sim-event.js';
import type { TimeSimState } from './time-sim-state.js';

/** A pass of the periodic defragmenter (a pod event of pod 0, so that the loop's codec keeps it compactly). */
export class DefragTick extends PodEvent {
  override isStale(sim: TimeSimState): boolean {
    return sim.waiting.size === 0;
  }

  handle(sim: TimeSimState): readonly SimEvent[] {
    const defrag = sim.defrag;
    if (defrag === null || sim.waiting.size === 0) return NO_FOLLOW_UPS;
    const started = sim.waiting.serve(
      (pod, level) => startOrPreempt(sim, pod, level) || defrag.tryPlan(sim, pod),
    );
    const next = defrag.tickFollowUp(sim);
    const followUps: SimEvent[] = [...started, ...defrag.takeRescheduled()].map((pod) =>
      Departure.of(sim, pod),
    );
    if (next !== null) followUps.push(next);
    return followUps;
  }
}
