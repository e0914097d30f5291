/**
 * @module model/change-log
 * The recent history of which nodes changed. Incremental indexes (one per pod class in the scheduler) replay the
 * changes since they last looked instead of re-reading the whole cluster. Two views of the same history:
 * - a ring buffer of node indices, one entry per change (an index that fell further behind than the buffer holds
 *   rebuilds from scratch);
 * - recency lists, one per partition of the nodes (the cluster state partitions them by device model): every node
 *   once, most recently changed first, with the position of its last change — so the nodes of a partition changed
 *   since a position are a prefix of its list, each listed once however often it changed (an FGD experiment makes
 *   ~11 000 changes on 1213 nodes; a pod class seen again after thousands of placements then visits each changed
 *   node once rather than every change). A class of pods that accepts one device model walks that model's list
 *   only: the other nodes can never fit it.
 */
export class ChangeLog {
  private readonly ring: Int32Array;
  private readonly mask: number;
  /** Number of changes recorded since the start (the position of the next entry). */
  private count = 0;
  /** Per node: its partition. */
  private readonly partOf: Int32Array;
  /** Per partition: its most recently changed node (-1: none). Read-only for callers. */
  readonly newestIn: Int32Array;
  /**
   * Per node, four numbers side by side — the position of its last change ({@link CHANGED_AT}), the next older node
   * of its list ({@link OLDER}), the next newer one, and the position of its last change that gave resources back
   * ({@link GREW_AT}) — so a walk down a list reads one cache line per node instead of one per array (at a million
   * accelerators these reads miss the cache). Public, read-only for callers: the loops that walk the lists on every
   * scheduling cycle run mostly before the JIT has compiled them, where a method call per node costs more than the
   * rest of the step.
   */
  readonly links: Int32Array;

  /** `partOf` (optional): node → partition, numbered from 0; by default one partition holds every node. */
  constructor(nodeCount: number, partOf?: ArrayLike<number>) {
    let capacity = 1024;
    while (capacity < 16 * nodeCount) capacity *= 2;
    // One buffer for the arrays: each typed-array allocation has a fixed cost that dwarfs its size here.
    const buffer = new ArrayBuffer(4 * (capacity + (LINK_STRIDE + 1) * nodeCount));
    this.ring = new Int32Array(buffer, 0, capacity);
    this.mask = capacity - 1;
    this.links = new Int32Array(buffer, 4 * capacity, LINK_STRIDE * nodeCount).fill(-1);
    this.partOf = new Int32Array(buffer, 4 * (capacity + LINK_STRIDE * nodeCount), nodeCount);
    let parts = 1;
    if (partOf !== undefined) {
      for (let node = 0; node < nodeCount; node++) {
        const p = partOf[node];
        if (!(p >= 0 && p === Math.trunc(p))) throw new Error(`node ${node}: partition ${p} is not an index`);
        this.partOf[node] = p;
        parts = Math.max(parts, p + 1);
      }
    }
    this.newestIn = new Int32Array(parts).fill(-1);
  }

  get position(): number {
    return this.count;
  }

  /** Number of partitions (of recency lists). */
  get partitions(): number {
    return this.newestIn.length;
  }

  /** The partition of `node`. */
  partitionOf(node: number): number {
    return this.partOf[node];
  }

  /** Records a change of `node`; `grew`: the change gave it resources back. */
  record(node: number, grew = false): void {
    const links = this.links;
    const at = node * LINK_STRIDE;
    if (grew) links[at + GREW_AT] = this.count;
    this.ring[this.count & this.mask] = node;
    const part = this.partOf[node];
    const newest = this.newestIn[part];
    if (newest !== node) {
      // Unlink the node (if listed) and put it first.
      const older = links[at + OLDER];
      const newer = links[at + NEWER];
      if (newer >= 0) links[newer * LINK_STRIDE + OLDER] = older;
      if (older >= 0) links[older * LINK_STRIDE + NEWER] = newer;
      links[at + OLDER] = newest;
      links[at + NEWER] = -1;
      if (newest >= 0) links[newest * LINK_STRIDE + NEWER] = node;
      this.newestIn[part] = node;
    }
    links[at + CHANGED_AT] = this.count;
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

  /** The most recently changed node of partition `part`, -1 if none changed yet. */
  newestOf(part: number): number {
    return this.newestIn[part];
  }

  /**
   * The node of the same partition changed most recently before `node` last changed (-1: none). The nodes of
   * partition p changed at or after position q are `newestOf(p)`, `olderThan(…)`, … for as long as
   * `lastChange(node) >= q`.
   */
  olderThan(node: number): number {
    return this.links[node * LINK_STRIDE + OLDER];
  }

  /** Position of the last change of `node`, -1 if it never changed. */
  lastChange(node: number): number {
    return this.links[node * LINK_STRIDE + CHANGED_AT];
  }

  /** Position of the last change of `node` that gave resources back, -1 if none. */
  lastGrowth(node: number): number {
    return this.links[node * LINK_STRIDE + GREW_AT];
  }
}

/** Numbers per node in {@link ChangeLog.links}, and their offsets. */
export const LINK_STRIDE = 4;
export const CHANGED_AT = 0;
export const OLDER = 1;
const NEWER = 2;
export const GREW_AT = 3;
