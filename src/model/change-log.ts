/**
 * @module model/change-log
 * The recent history of which nodes changed. Incremental indexes (one per pod class in the scheduler) replay the
 * changes since they last looked instead of re-reading the whole cluster. Two views of the same history:
 * - a ring buffer of node indices, one entry per change (an index that fell further behind than the buffer holds
 *   rebuilds from scratch);
 * - recency trails, one per partition of the nodes (the cluster state partitions them by device model): every node
 *   once, in the order of its last change, with the position of that change — so the nodes of a partition changed
 *   since a position are a suffix of its trail, each listed once however often it changed (an FGD experiment makes
 *   ~11 000 changes on 1213 nodes; a pod class seen again after thousands of placements then visits each changed
 *   node once rather than every change). A class of pods that accepts one device model walks that model's trail
 *   only: the other nodes can never fit it.
 *
 * A trail is an array of (node, position, growth) triples — growth: the position of the node's last change that
 * gave resources back — a change appends its node and blanks the node's earlier entry (node −1), and the trail is
 * compacted when full. Walking it reads memory in order, so the reads of the nodes it lists do not wait for one
 * another — a linked list of nodes (the earlier form) made each step wait for the previous step's cache miss,
 * about 120 ns a step at a million accelerators.
 */
export class ChangeLog {
  private readonly ring: Int32Array;
  private readonly mask: number;
  /** Number of changes recorded since the start (the position of the next entry). */
  private count = 0;
  /** Per node: its partition. */
  private readonly partOf: Int32Array;
  /**
   * Per partition: its trail, {@link TRAIL_STRIDE} numbers per entry — node, position of its last change, position
   * of its last change that gave resources back (−1: none) — in the order of the nodes' last changes (node −1: an
   * entry superseded by a later change of its node), in `trails[part][0 .. TRAIL_STRIDE · trailLength[part])`. Read-only for callers,
   * and a trail may be replaced by a larger one: read it anew after a change. Public: the loops that walk the trails
   * on every scheduling cycle run mostly before the JIT has compiled them, where a method call per node costs more
   * than the rest of the step.
   */
  readonly trails: Int32Array[];
  readonly trailLength: Int32Array;
  /** Per node: the index of its live entry in its partition's trail (−1: it never changed). */
  private readonly entryOf: Int32Array;
  /** Per partition: how many of its trail entries are live (one per node that ever changed). */
  private readonly liveIn: Int32Array;

  /** `partOf` (optional): node → partition, numbered from 0; by default one partition holds every node. */
  constructor(nodeCount: number, partOf?: ArrayLike<number>) {
    let capacity = 1024;
    while (capacity < 16 * nodeCount) capacity *= 2;
    // One buffer for the per-node arrays: each typed-array allocation has a fixed cost that dwarfs its size here.
    const buffer = new ArrayBuffer(4 * (capacity + 2 * nodeCount));
    this.ring = new Int32Array(buffer, 0, capacity);
    this.mask = capacity - 1;
    this.partOf = new Int32Array(buffer, 4 * capacity, nodeCount);
    this.entryOf = new Int32Array(buffer, 4 * (capacity + nodeCount), nodeCount).fill(-1);
    let parts = 1;
    if (partOf !== undefined) {
      for (let node = 0; node < nodeCount; node++) {
        const p = partOf[node];
        if (!(p >= 0 && p === Math.trunc(p))) throw new Error(`node ${node}: partition ${p} is not an index`);
        this.partOf[node] = p;
        parts = Math.max(parts, p + 1);
      }
    }
    this.trails = Array.from({ length: parts }, () => new Int32Array(TRAIL_STRIDE * 16));
    this.trailLength = new Int32Array(parts);
    this.liveIn = new Int32Array(parts);
  }

  get position(): number {
    return this.count;
  }

  /** Number of partitions (of trails). */
  get partitions(): number {
    return this.trails.length;
  }

  /** The partition of `node`. */
  partitionOf(node: number): number {
    return this.partOf[node];
  }

  /** Records a change of `node`; `grew`: the change gave it resources back. */
  record(node: number, grew = false): void {
    const at = this.count;
    this.ring[at & this.mask] = node;
    const part = this.partOf[node];
    let trail = this.trails[part];
    // The node's last growth carries over from its earlier entry (which this change supersedes).
    const earlier = this.entryOf[node];
    let grewAt = -1;
    if (earlier >= 0) {
      grewAt = trail[TRAIL_STRIDE * earlier + 2];
      trail[TRAIL_STRIDE * earlier] = -1;
    } else this.liveIn[part]++;
    if (grew) grewAt = at;
    if (TRAIL_STRIDE * this.trailLength[part] === trail.length) trail = this.compact(part);
    const end = TRAIL_STRIDE * this.trailLength[part];
    trail[end] = node;
    trail[end + 1] = at;
    trail[end + 2] = grewAt;
    this.entryOf[node] = this.trailLength[part]++;
    this.count++;
  }

  /**
   * Drops the blanked entries of a full trail, keeping the order; doubles it when it is more than half live, so
   * that a compaction frees at least as many entries as it moves (constant time per change, amortised).
   */
  private compact(part: number): Int32Array {
    const old = this.trails[part];
    const entries = old.length / TRAIL_STRIDE;
    const trail = this.liveIn[part] > entries / 2 ? new Int32Array(2 * old.length) : old;
    let kept = 0;
    for (let k = 0; k < this.trailLength[part]; k++) {
      const node = old[TRAIL_STRIDE * k];
      if (node < 0) continue;
      // In place when not grown: kept ≤ k, so no entry is overwritten before it is read.
      for (let j = 0; j < TRAIL_STRIDE; j++) trail[TRAIL_STRIDE * kept + j] = old[TRAIL_STRIDE * k + j];
      this.entryOf[node] = kept;
      kept++;
    }
    this.trailLength[part] = kept;
    this.trails[part] = trail;
    return trail;
  }

  /** Whether entries from `position` on are all still in the buffer. */
  covers(position: number): boolean {
    return this.count - position <= this.ring.length;
  }

  /** The node changed at `position` (which must be covered). */
  at(position: number): number {
    return this.ring[position & this.mask];
  }

  /**
   * The nodes of partition `part` changed at or after `position`, each once, most recently changed first (for tests
   * and cold paths; hot loops walk {@link trails} the same way).
   */
  changedSince(part: number, position: number): number[] {
    const trail = this.trails[part];
    const out: number[] = [];
    for (let k = this.trailLength[part] - 1; k >= 0 && trail[TRAIL_STRIDE * k + 1] >= position; k--)
      if (trail[TRAIL_STRIDE * k] >= 0) out.push(trail[TRAIL_STRIDE * k]);
    return out;
  }

  /** Position of the last change of `node`, -1 if it never changed. */
  lastChange(node: number): number {
    return this.entryField(node, 1);
  }

  /** Position of the last change of `node` that gave resources back, -1 if none. */
  lastGrowth(node: number): number {
    return this.entryField(node, 2);
  }

  /** Field `field` of the node's live trail entry, -1 if it never changed. */
  private entryField(node: number, field: number): number {
    const entry = this.entryOf[node];
    return entry < 0 ? -1 : this.trails[this.partOf[node]][TRAIL_STRIDE * entry + field];
  }
}

/** Numbers per trail entry ({@link ChangeLog.trails}): node, position of its last change, of its last growth. */
export const TRAIL_STRIDE = 3;
