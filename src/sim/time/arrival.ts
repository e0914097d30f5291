/**
 * @module sim/time/arrival
 * A pod arrives: it is rejected if no variant of it fits even the empty fleet (it would wait forever), started
 * if it may and can (evicting best-effort pods if need be, or — with `--defrag on-pending` — moving running pods
 * by a plan), else queued. Its follow-ups are its departure (and those of pods a plan moved), or the periodic
 * defragmenter's next pass.
 */
import { ErrorCode, InputError } from '../../errors/index.js';
import type { PodSpec } from '../../model/index.js';
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
    if (!fitsEmptyFleet(sim, variants)) {
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

/** Whether some variant fits some node of the empty fleet (a loop, not `some`: no closure per arriving pod). */
function fitsEmptyFleet(sim: TimeSimState, variants: readonly PodSpec[]): boolean {
  for (let v = 0; v < variants.length; v++)
    if (sim.emptyFleet.fitsSomewhere(sim.requestOf(variants[v]))) return true;
  return false;
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
 * event it handles): the stream must be in arrival order, as the list's arrivals are once sorted. An iterator object
 * rather than a generator: one result object for the whole pass, not one per pod (the loop reads each result before
 * asking for the next).
 */
export function streamedArrivals(sim: TimeSimState, pods: Iterable<TimedPod>): Iterator<Arrival> {
  return new StreamedArrivals(sim, pods[Symbol.iterator]());
}

class StreamedArrivals implements Iterator<Arrival> {
  private readonly sim: TimeSimState;
  private readonly pods: Iterator<TimedPod>;
  private last = -Infinity;
  private readonly result: { done: boolean; value: Arrival } = {
    done: false,
    value: undefined as unknown as Arrival,
  };

  constructor(sim: TimeSimState, pods: Iterator<TimedPod>) {
    this.sim = sim;
    this.pods = pods;
  }

  next(): IteratorResult<Arrival> {
    const result = this.result;
    const step = this.pods.next();
    if (step.done === true) {
      result.done = true;
      result.value = undefined as unknown as Arrival;
      return result;
    }
    const pod = step.value;
    if (!(pod.arrivalSec >= this.last)) {
      throw new InputError(ErrorCode.InvalidField, {
        field: 'arrivalSec',
        message: `pod ${pod.name} arrives before the pod streamed ahead of it`,
        expected: `a workload stream in arrival order (arrival ≥ ${this.last} s)`,
        got: String(pod.arrivalSec),
      });
    }
    this.last = pod.arrivalSec;
    result.value = new Arrival(pod.arrivalSec, this.sim.admit(pod));
    return result;
  }
}
