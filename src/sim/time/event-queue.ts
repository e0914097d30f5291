/**
 * @module sim/time/event-queue
 * A binary min-heap of timed events over typed arrays: ordered by time, then by insertion order, so that events
 * at the same instant run in the order they were scheduled (deterministic, no object per event).
 */

export class EventQueue {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private payloads = new Int32Array(1024);
  private count = 0;
  private nextSeq = 0;

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event (Infinity when empty). */
  peekTime(): number {
    return this.count === 0 ? Infinity : this.times[0];
  }

  push(time: number, payload: number): void {
    if (this.count === this.times.length) this.grow();
    let i = this.count++;
    const seq = this.nextSeq++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(time, seq, this.times[parent], this.seqs[parent])) break;
      this.move(parent, i);
      i = parent;
    }
    this.times[i] = time;
    this.seqs[i] = seq;
    this.payloads[i] = payload;
  }

  /** Removes the earliest event and returns its payload (the queue must not be empty). */
  pop(): number {
    const top = this.payloads[0];
    const n = --this.count;
    if (n > 0) {
      const time = this.times[n];
      const seq = this.seqs[n];
      const payload = this.payloads[n];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && this.before(this.times[r], this.seqs[r], this.times[l], this.seqs[l]) ? r : l;
        if (!this.before(this.times[c], this.seqs[c], time, seq)) break;
        this.move(c, i);
        i = c;
      }
      this.times[i] = time;
      this.seqs[i] = seq;
      this.payloads[i] = payload;
    }
    return top;
  }

  private before(t1: number, s1: number, t2: number, s2: number): boolean {
    return t1 < t2 || (t1 === t2 && s1 < s2);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.seqs[to] = this.seqs[from];
    this.payloads[to] = this.payloads[from];
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    const seqs = new Float64Array(n);
    const payloads = new Int32Array(n);
    times.set(this.times);
    seqs.set(this.seqs);
    payloads.set(this.payloads);
    this.times = times;
    this.seqs = seqs;
    this.payloads = payloads;
  }
}
