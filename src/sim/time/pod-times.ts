/**
 * @module sim/time/pod-times
 * The queueing delays (start − arrival) of the placed pods and the completion times (finish − arrival) of those
 * that finished, kept in growable typed arrays: 16 bytes per pod instead of two number lists and their copies,
 * since the summary's percentiles need every value (exact quantiles, not sketches).
 */
import { type Percentiles, summarizeSorted } from './percentiles.js';

/** A growable list of doubles. */
class Samples {
  private values = new Float64Array(1024);
  count = 0;

  push(v: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = v;
  }

  /** Sorts the values in place and summarises them. */
  summarize(): Percentiles {
    return summarizeSorted(this.values.subarray(0, this.count).sort());
  }
}

export class PodTimes {
  placed = 0;
  private readonly delays = new Samples();
  private readonly jcts = new Samples();

  /** One pod's times: `start` −1 when it never started, `finish` −1 when it did not finish. */
  add(arrival: number, start: number, finish: number): void {
    if (start < 0) return;
    this.placed++;
    this.delays.push(start - arrival);
    if (finish >= 0) this.jcts.push(finish - arrival);
  }

  queueDelay(): Percentiles {
    return this.delays.summarize();
  }

  completion(): Percentiles {
    return this.jcts.summarize();
  }
}
