/**
 * @module model/change-log
 * The recent history of which nodes changed. Incremental indexes (one per pod class in the scheduler) replay the
 * changes since they last looked instead of re-reading the whole cluster. Two views of the same history:
 * - a ring buffer of node indices, one entry per change (an index that fell further behind than the buffer holds
 *   rebuilds from scratch);
 * - a recency list: every node once, most recently changed first, with the position of its last change — so the
 *   nodes changed since a position are a prefix of the list, each listed once however often it changed (an FGD
 *   experiment makes ~11 000 changes on 1213 nodes; a pod class seen again after thousands of placements then
 *   visits each changed node once rather than every change).
 */
export class ChangeLog {
  private readonly ring: Int32Array;
  private readonly mask: number;
  /** Number of changes recorded since the start (the position of the next entry). */
  private count = 0;
  /** Recency list: the most recently changed node (-1: none), and per node the next older one (-1: end). */
  private newestNode = -1;
  /**
   * Per node: {@link olderThan}(node). Public, read-only for callers, like {@link changedAt}: the loops that walk the
   * list on every scheduling cycle run mostly before the JIT has compiled them, where a method call per node
   * costs more than the rest of the step.
   */
  readonly olderOf: Int32Array;
  private readonly newerOf: Int32Array;
  /** Per node: position of its last change, -1 if it never changed ({@link lastChange}; read-only for callers). */
  readonly changedAt: Int32Array;
  /**
   * Per node: position of its last change that gave resources back (a pod left), -1 if none (read-only for
   * callers). A node whose `grewAt` is older than a position only lost resources since: a pod class that did not
   * fit it then still does not fit it, so incremental indexes skip it without re-checking.
   */
  readonly grewAt: Int32Array;

  constructor(nodeCount: number) {
    let capacity = 1024;
    while (capacity < 16 * nodeCount) capacity *= 2;
    // One buffer for the four arrays: each typed-array allocation has a fixed cost that dwarfs its size here.
    const buffer = new ArrayBuffer(4 * (capacity + 4 * nodeCount));
    this.ring = new Int32Array(buffer, 0, capacity);
    this.mask = capacity - 1;
    this.olderOf = new Int32Array(buffer, 4 * capacity, nodeCount).fill(-1);
    this.newerOf = new Int32Array(buffer, 4 * (capacity + nodeCount), nodeCount).fill(-1);
    this.changedAt = new Int32Array(buffer, 4 * (capacity + 2 * nodeCount), nodeCount).fill(-1);
    this.grewAt = new Int32Array(buffer, 4 * (capacity + 3 * nodeCount), nodeCount).fill(-1);
  }

  get position(): number {
    return this.count;
  }

  /** Records a change of `node`; `grew`: the change gave it resources back. */
  record(node: number, grew = false): void {
    if (grew) this.grewAt[node] = this.count;
    this.ring[this.count & this.mask] = node;
    if (this.newestNode !== node) {
      // Unlink the node (if listed) and put it first.
      const older = this.olderOf[node];
      const newer = this.newerOf[node];
      if (newer >= 0) this.olderOf[newer] = older;
      if (older >= 0) this.newerOf[older] = newer;
      this.olderOf[node] = this.newestNode;
      this.newerOf[node] = -1;
      if (this.newestNode >= 0) this.newerOf[this.newestNode] = node;
      this.newestNode = node;
    }
    this.changedAt[node] = this.count;
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

  /** The most recently changed node, -1 if none changed yet. */
  get newest(): number {
    return this.newestNode;
  }

  /**
   * The node changed most recently before `node` last changed (-1: none). The nodes changed at or after position
   * p are `newest`, `olderThan(newest)`, … for as long as `lastChange(node) >= p`.
   */
  olderThan(node: number): number {
    return this.olderOf[node];
  }

  /** Position of the last change of `node`, -1 if it never changed. */
  lastChange(node: number): number {
    return this.changedAt[node];
  }
}
