/**
 * @module sim/time/arrival
 * A pod arrives: it is rejected if no variant of it fits even the empty fleet (it would wait forever), started
 * if it may and can (evicting best-effort pods if need be, or — with `--defrag on-pending` — moving running pods
 * by a plan), else queued. Its follow-ups are its departure (and those of pods a plan moved), or the periodic
 * defragmenter's next pass.
 */
import { ErrorCode, InputError } from '../../errors/index.js';
import { startOrPreempt } from './preemption.js';
import { qosPriority } from './qos.js';
import { Departure } from './departure.js';
import { NO_FOLLOW_UPS, PodEvent, type SimEvent } from './sim-event.js';
import type { TimedPod } from './time-sim-input.js';
import type { TimeSimState } from './time-sim-state.js';

/** Why a pod that fits no node of the fleet, even empty, is rejected. */
export const FITS_NO_NODE = 'fits no node even on the empty fleet';

export class Arrival extends PodEvent {
  handle(sim: TimeSimState): readonly SimEvent[] {
    const i = this.pod;
    sim.teams.arrived(sim.pods[i].team);
    const variants = sim.variantsOf(i);
    if (typeof variants === 'string') {
      sim.tally.reject(variants);
      sim.podLeft(i);
      return NO_FOLLOW_UPS;
    }
    if (!variants.some((v) => sim.emptyFleet.fitsSomewhere(sim.requestOf(v)))) {
      sim.tally.reject(FITS_NO_NODE);
      sim.podLeft(i);
      return NO_FOLLOW_UPS;
    }
    const level = qosPriority(sim.pods[i].qos);
    const mayStart = sim.waiting.mayOvertake(level);
    if (mayStart && startOrPreempt(sim, i, level)) return [Departure.of(sim, i)];
    const defrag = sim.defrag;
    if (defrag === null) {
      sim.waiting.add(i, level);
      return NO_FOLLOW_UPS;
    }
    if (mayStart && defrag.onPending && defrag.tryPlan(sim, i)) {
      return [i, ...defrag.takeRescheduled()].map((pod) => Departure.of(sim, pod));
    }
    sim.waiting.add(i, level);
    const tick = defrag.tickFollowUp(sim);
    return tick === null ? NO_FOLLOW_UPS : [tick];
  }
}

/**
 * The arrivals of `pods`, by arrival time, ties by index (the order the loop schedules them in). Pinned pods do not
 * arrive: they are placed before the loop starts (sim/time/pinned-pods).
 */
export function* arrivalsOf(
  pods: readonly { readonly arrivalSec: number; readonly pinned?: unknown }[],
): Generator<Arrival> {
  const order = Array.from({ length: pods.length }, (_, i) => i)
    .filter((i) => pods[i].pinned === undefined)
    .sort((a, b) => pods[a].arrivalSec - pods[b].arrivalSec || a - b);
  for (const i of order) yield new Arrival(pods[i].arrivalSec, i);
}

/**
 * The arrivals of a streamed workload, each pod taken into a slot of `sim` as the loop reads it (one ahead of the
 * event it handles): the stream must be in arrival order, as the list's arrivals are once sorted.
 */
export function* streamedArrivals(sim: TimeSimState, pods: Iterable<TimedPod>): Generator<Arrival> {
  let last = -Infinity;
  for (const pod of pods) {
    if (!(pod.arrivalSec >= last)) {
      throw new InputError(ErrorCode.InvalidField, {
        field: 'arrivalSec',
        message: `pod ${pod.name} arrives before the pod streamed ahead of it`,
        expected: `a workload stream in arrival order (arrival ≥ ${last} s)`,
        got: String(pod.arrivalSec),
      });
    }
    last = pod.arrivalSec;
    yield new Arrival(pod.arrivalSec, sim.admit(pod));
  }
}
