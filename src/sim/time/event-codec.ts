/**
 * @module sim/time/event-codec
 * How the loop keeps pending events: as one integer each, beside its time in the event queue's typed arrays,
 * rather than as an object that lives until its time comes. A busy run of a million pods has up to as many
 * departures pending; as objects they outlive the young generation and every major collection traces them
 * (about 70 MiB more peak memory at a million pods, measured). Events are objects only while they are handled.
 */
import type { PodEvent, PodEventKind, SimEvent } from './sim-event.js';

export interface EventCodec {
  encode(event: SimEvent): number;
  decode(time: number, code: number): SimEvent;
}

/** The codec of pod events: the event's kind and its pod's index in one integer (pod × kinds + kind). */
export class PodEventCodec implements EventCodec {
  private readonly kinds: readonly PodEventKind[];

  /** `kinds`: every class of pod event the handlers may return. */
  constructor(kinds: readonly PodEventKind[]) {
    this.kinds = kinds;
  }

  encode(event: SimEvent): number {
    const kind = this.kinds.indexOf(event.constructor as PodEventKind);
    // A programming error, not an input error: a new kind of event was not added to the simulator's codec.
    if (kind < 0)
      throw new Error(`PodEventCodec: no code for ${event.constructor.name}; add it to the kinds`);
    return (event as PodEvent).pod * this.kinds.length + kind;
  }

  decode(time: number, code: number): SimEvent {
    const kind = code % this.kinds.length;
    return new this.kinds[kind](time, (code - kind) / this.kinds.length);
  }
}
