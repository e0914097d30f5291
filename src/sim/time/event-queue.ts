/**
 * @module sim/time/event-queue
 * A 4-ary min-heap of timed events over typed arrays: ordered by time, then by insertion order, so that events
 * at the same instant run in the order they were scheduled (deterministic, no object per event).
 *
 * Layout for a heap of millions (a busy run has a departure pending per live pod): an entry's time and sequence
 * number sit side by side, and the four children of an entry are adjacent, so a step down the heap reads one or
 * two cache lines instead of one per array and child; four children per entry halve the depth of a binary heap.
 */

/** Children per entry. */
const ARITY = 4;

/** Whether the event at (t1, s1) comes before the one at (t2, s2): earlier, or as early and scheduled first. */
function before(t1: number, s1: number, t2: number, s2: number): boolean {
  return t1 < t2 || (t1 === t2 && s1 < s2);
}

export class EventQueue {
  /** Entry i's time at `keys[2i]`, its sequence number at `keys[2i + 1]`. */
  private keys = new Float64Array(2 * 1024);
  private payloads = new Int32Array(1024);
  private count = 0;
  private nextSeq = 0;

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event (Infinity when empty). */
  peekTime(): number {
    return this.count === 0 ? Infinity : this.keys[0];
  }

  push(time: number, payload: number): void {
    if (this.count === this.payloads.length) this.grow();
    const keys = this.keys;
    let i = this.count++;
    const seq = this.nextSeq++;
    while (i > 0) {
      const parent = ((i - 1) / ARITY) | 0;
      if (!before(time, seq, keys[2 * parent], keys[2 * parent + 1])) break;
      this.move(parent, i);
      i = parent;
    }
    this.set(i, time, seq, payload);
  }

  /** Removes the earliest event and returns its payload (the queue must not be empty). */
  pop(): number {
    const keys = this.keys;
    const top = this.payloads[0];
    const n = --this.count;
    if (n > 0) {
      const time = keys[2 * n];
      const seq = keys[2 * n + 1];
      const payload = this.payloads[n];
      let i = 0;
      for (;;) {
        const first = ARITY * i + 1;
        if (first >= n) break;
        // The earliest child.
        let c = first;
        let ct = keys[2 * first];
        let cs = keys[2 * first + 1];
        const end = Math.min(first + ARITY, n);
        for (let j = first + 1; j < end; j++) {
          if (before(keys[2 * j], keys[2 * j + 1], ct, cs)) {
            c = j;
            ct = keys[2 * j];
            cs = keys[2 * j + 1];
          }
        }
        if (!before(ct, cs, time, seq)) break;
        this.move(c, i);
        i = c;
      }
      this.set(i, time, seq, payload);
    }
    return top;
  }

  private set(i: number, time: number, seq: number, payload: number): void {
    this.keys[2 * i] = time;
    this.keys[2 * i + 1] = seq;
    this.payloads[i] = payload;
  }

  private move(from: number, to: number): void {
    this.keys[2 * to] = this.keys[2 * from];
    this.keys[2 * to + 1] = this.keys[2 * from + 1];
    this.payloads[to] = this.payloads[from];
  }

  private grow(): void {
    const n = this.payloads.length * 2;
    const keys = new Float64Array(2 * n);
    const payloads = new Int32Array(n);
    keys.set(this.keys);
    payloads.set(this.payloads);
    this.keys = keys;
    this.payloads = payloads;
  }
}
