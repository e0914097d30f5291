/**
 * @module model/change-log
 * The recent history of which nodes changed, as a ring buffer of node indices. Incremental indexes (one per pod
 * class in the scheduler) replay the entries since they last looked instead of re-reading the whole cluster;
 * one that fell further behind than the buffer holds rebuilds from scratch.
 */
export class ChangeLog {
  private readonly ring: Int32Array;
  private readonly mask: number;
  /** Number of changes recorded since the start (the position of the next entry). */
  private count = 0;

  constructor(nodeCount: number) {
    let capacity = 1024;
    while (capacity < 16 * nodeCount) capacity *= 2;
    this.ring = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get position(): number {
    return this.count;
  }

  record(node: number): void {
    this.ring[this.count & this.mask] = node;
    this.count++;
  }

  /** Whether entries from `position` on are all still in the buffer. */
  covers(position: number): boolean {
    return this.count - position <= this.ring.length;
  }

  /** The node changed at `position` (which must be covered). */
  at(position: number): number {
    return this.ring[position & this.mask];
  }
}
