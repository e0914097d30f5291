/**
 * @module framework/score-buckets
 * The best node for one class of pods (same resource vector and memory), kept up to date incrementally — like
 * {@link ClassIndex}, but for scores that are small integers (every policy's raw score is an integer in
 * [MIN_NODE_SCORE, MAX_NODE_SCORE]): nodes are kept in one bucket per score, each bucket a bitset over the nodes in
 * tie-break order (rank, then index). Moving a node between buckets is O(1) (a segment tree needs a walk towards
 * the root, about six steps on average in the FGD experiments), and the best node is the first bit of the highest
 * non-empty bucket.
 *
 * Optionally (see {@link BucketSpace}), nodes that never changed are handled per spec group: the first sync of a
 * class scores one node per group and adds the group's whole bitset to that score's bucket, instead of scoring
 * every node of a cluster that is still mostly empty.
 *
 * Valid only for policies whose score and fit depend on nothing but the pod class and the node's state (and, with
 * spec groups, whose score is the same for nodes in the same state with the same spec).
 */
import { type ChangeLog, type ClusterState, TRAIL_STRIDE } from '../model/index.js';
import { MAX_NODE_SCORE, MIN_NODE_SCORE } from '../policies/index.js';

/** What an evaluation returns for a node the pod does not fit. */
export const NOT_FEASIBLE = -1;
/** What {@link ScoreBuckets.firstAccepted} returns when it refused as many nodes as it was allowed to. */
export const PASSED_OVER = -2;
const SCORES = MAX_NODE_SCORE - MIN_NODE_SCORE + 1;
/** A stored value meaning "never evaluated on its own: its spec group's value applies" (above every encoded score). */
const GROUP_VALUE = 255;
/** Indexes per stored-value table: one cache line per node holds all their bytes. */
const STORED_COLUMNS = 64;

/** Whether `score` can be kept in a bucket (an integer in [MIN_NODE_SCORE, MAX_NODE_SCORE]). */
export function isBucketScore(score: number): boolean {
  return score >= MIN_NODE_SCORE && score <= MAX_NODE_SCORE && Math.floor(score) === score;
}

/** Index of the lowest set bit of a non-zero 32-bit word. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** Nodes by rank, then index. Ranks are usually a permutation of 0…n−1 (seeded or by index): then no sort is needed. */
function tieBreakOrder(rank: Int32Array): Int32Array {
  const n = rank.length;
  const order = new Int32Array(n).fill(-1);
  let permutation = true;
  for (let node = 0; node < n && permutation; node++) {
    const r = rank[node];
    if (r >= 0 && r < n && order[r] < 0) order[r] = node;
    else permutation = false;
  }
  if (permutation) return order;
  return Int32Array.from(Array.from({ length: n }, (_, i) => i).sort((a, b) => rank[a] - rank[b] || a - b));
}

/**
 * What the buckets of all classes of one scheduler share: the tie-break order, the spec groups of nodes that never
 * changed, and the memory the buckets are carved from (one large buffer is much cheaper to allocate than the
 * hundreds of small typed arrays one index per class would otherwise need).
 */
export class BucketSpace {
  readonly nodeCount: number;
  /** position → node, in tie-break order: smaller rank first, then smaller index (as the plain path picks). */
  readonly order: Int32Array;
  /** node → position. */
  readonly position: Int32Array;
  /** Bitset words per bucket, and summary words (one bit per non-empty bitset word). */
  readonly words: number;
  readonly summaryWords: number;
  /** node → spec group, or null without groups. */
  readonly groupOf: Int32Array | null;
  readonly groupCount: number;
  /** Per group: the bitset (over positions) of its nodes that never changed, and how many there are. */
  private readonly untouched: Int32Array;
  private readonly untouchedCount: Int32Array;
  /** Nodes that changed at least once, in order of their first change. */
  private readonly touched: Int32Array;
  private touchedCount = 0;
  /** Change-log position up to which `untouched` is current (-1: never brought up to date). */
  private logPosition = -1;
  private chunk: ArrayBuffer = new ArrayBuffer(0);
  private used = 0;
  /** The stored-value tables, {@link STORED_COLUMNS} indexes each, and how many columns are taken. */
  private readonly storedTables: Uint8Array[] = [];
  private storedColumns = 0;

  /**
   * `groupOf` (optional): node → spec group, for policies that score alike the nodes of a group that never changed
   * (then all of them are in the same state).
   */
  constructor(rank: Int32Array, groupOf: Int32Array | null = null) {
    const n = rank.length;
    this.nodeCount = n;
    this.order = tieBreakOrder(rank);
    this.position = new Int32Array(n);
    for (let p = 0; p < n; p++) this.position[this.order[p]] = p;
    this.words = Math.max(1, Math.ceil(n / 32));
    this.summaryWords = Math.ceil(this.words / 32);
    this.groupOf = groupOf;
    let groups = 0;
    if (groupOf !== null) for (let node = 0; node < n; node++) groups = Math.max(groups, groupOf[node] + 1);
    this.groupCount = groups;
    this.untouched = new Int32Array(groups * this.words);
    this.untouchedCount = new Int32Array(groups);
    this.touched = new Int32Array(groupOf === null ? 0 : n);
  }

  /** Zeroed memory for one index, `bytes` long (a multiple of 4). */
  take(bytes: number): [ArrayBuffer, number] {
    if (this.used + bytes > this.chunk.byteLength) {
      this.chunk = new ArrayBuffer(Math.max(bytes, 1 << 18));
      this.used = 0;
    }
    const at = this.used;
    this.used += bytes;
    return [this.chunk, at];
  }

  /**
   * A column of its own in a stored-value table for one index: the index's byte for node n is
   * `table[n * STORED_COLUMNS + column]`. Node-major, so that the indexes that re-check a node that changed read the
   * same cache line instead of one line each (at a million accelerators these reads miss the cache otherwise).
   */
  storedColumn(): [Uint8Array, number] {
    const column = this.storedColumns++ % STORED_COLUMNS;
    if (column === 0) this.storedTables.push(new Uint8Array(this.nodeCount * STORED_COLUMNS));
    return [this.storedTables[this.storedTables.length - 1], column];
  }

  /** Brings the untouched sets up to date with the state (requires groups). */
  refresh(state: ClusterState): void {
    const log = state.changes;
    if (this.logPosition >= 0) {
      const from = this.logPosition;
      for (let part = 0; part < log.partitions; part++) {
        const trail = log.trails[part];
        for (let k = log.trailLength[part] - 1; k >= 0 && trail[TRAIL_STRIDE * k + 1] >= from; k--)
          if (trail[TRAIL_STRIDE * k] >= 0) this.touch(trail[TRAIL_STRIDE * k]);
      }
    } else {
      this.untouched.fill(0);
      this.untouchedCount.fill(0);
      this.touchedCount = 0;
      for (let node = 0; node < this.nodeCount; node++) {
        const p = this.position[node];
        const g = this.groupOf![node];
        this.untouched[g * this.words + (p >>> 5)] |= 1 << (p & 31);
        this.untouchedCount[g]++;
      }
      for (let node = 0; node < this.nodeCount; node++) if (state.version[node] !== 0) this.touch(node);
    }
    this.logPosition = log.position;
  }

  private touch(node: number): void {
    const p = this.position[node];
    const at = this.groupOf![node] * this.words + (p >>> 5);
    const bit = 1 << (p & 31);
    if ((this.untouched[at] & bit) === 0) return;
    this.untouched[at] &= ~bit;
    this.untouchedCount[this.groupOf![node]]--;
    this.touched[this.touchedCount++] = node;
  }

  /** Nodes that changed at least once ({@link refresh} first). */
  touchedNodes(): Int32Array {
    return this.touched.subarray(0, this.touchedCount);
  }

  /** Number of untouched nodes of group g. */
  untouchedIn(g: number): number {
    return this.untouchedCount[g];
  }

  /** One untouched node of group g (-1 if none). */
  firstUntouched(g: number): number {
    for (let w = 0; w < this.words; w++) {
      const x = this.untouched[g * this.words + w];
      if (x !== 0) return this.order[32 * w + lowestBit(x)];
    }
    return -1;
  }

  /** Word w of group g's untouched bitset. */
  untouchedWord(g: number, w: number): number {
    return this.untouched[g * this.words + w];
  }
}

export class ScoreBuckets {
  private readonly space: BucketSpace;
  /**
   * Per node: score − MIN_NODE_SCORE + 1 at the last evaluation, 0 when the pod does not fit; {@link GROUP_VALUE}
   * for nodes that were untouched at the first sync and not evaluated since (their group's value applies). One
   * byte array rather than a value and a flag: the sync reads one byte per changed node and class, and at a
   * million accelerators these reads miss the cache.
   */
  private readonly stored: Uint8Array;
  /** This index's column in `stored` (see {@link BucketSpace.storedColumn}). */
  private readonly column: number;
  private readonly groupStored: Uint8Array;
  /**
   * Per bucket, once it was first used: its bitset (`words` words) followed by its summary (`summaryWords`).
   * Allocated on first use: a class's nodes take a dozen or so of the 101 possible scores, and memory that is
   * never touched costs nothing (fresh pages are expensive to fault in, 15 µs each on some VMs).
   */
  private readonly buckets: (Int32Array | null)[] = new Array<Int32Array | null>(SCORES).fill(null);
  private readonly count: Int32Array;
  /** No bucket above this one is non-empty. */
  private top = -1;
  private fitCount = 0;
  private logPosition = -1;
  private readonly parts: Int32Array | null;

  /**
   * `parts`: the only change-log partitions whose nodes the class can ever fit (see ClusterState `modelPartitions`);
   * a sync walks their changes only. null: every partition.
   */
  constructor(space: BucketSpace, parts: Int32Array | null = null) {
    this.space = space;
    this.parts = parts;
    const byteLength = (space.groupCount + 3) & ~3;
    const [buffer, at] = space.take(byteLength + 4 * SCORES);
    [this.stored, this.column] = space.storedColumn();
    this.groupStored = new Uint8Array(buffer, at, space.groupCount);
    this.count = new Int32Array(buffer, at + byteLength, SCORES);
  }

  /** Bucket b's words (allocated on first use). */
  private bucket(b: number): Int32Array {
    let words = this.buckets[b];
    if (words === null) {
      const length = this.space.words + this.space.summaryWords;
      const [buffer, at] = this.space.take(4 * length);
      words = new Int32Array(buffer, at, length);
      this.buckets[b] = words;
    }
    return words;
  }

  /** Number of nodes the class fits. */
  get feasible(): number {
    return this.fitCount;
  }

  /** The node with the highest score (ties: tie-break order), or -1 when the class fits no node. */
  get best(): number {
    let t = this.top;
    while (t >= 0 && this.count[t] === 0) t--;
    this.top = t;
    if (t < 0) return -1;
    const { words, summaryWords, order } = this.space;
    const bits = this.buckets[t]!; // count[t] > 0: allocated
    for (let j = 0; j < summaryWords; j++) {
      const s = bits[words + j];
      if (s === 0) continue;
      const w = 32 * j + lowestBit(s);
      return order[32 * w + lowestBit(bits[w])];
    }
    return -1; // unreachable: count[t] > 0
  }

  /**
   * The first node in score order (highest score first, then tie-break order) that `accept` takes, -1 when none
   * does, or {@link PASSED_OVER} once `limit` nodes were refused. For an index whose nodes are a superset of those a
   * pod fits (see framework/scheduler `shareMemoryClasses`): the first accepted node is the best one.
   */
  firstAccepted(accept: (node: number) => boolean, limit: number): number {
    const { words, summaryWords, order } = this.space;
    let refused = 0;
    for (let b = this.top; b >= 0; b--) {
      if (this.count[b] === 0) continue;
      const bits = this.buckets[b]!; // count[b] > 0: allocated
      for (let j = 0; j < summaryWords; j++) {
        for (let s = bits[words + j]; s !== 0; s &= s - 1) {
          const w = 32 * j + lowestBit(s);
          for (let x = bits[w]; x !== 0; x &= x - 1) {
            const node = order[32 * w + lowestBit(x)];
            if (accept(node)) return node;
            if (++refused >= limit) return PASSED_OVER;
          }
        }
      }
    }
    return -1;
  }

  /**
   * Re-evaluates every node changed since the last sync (all nodes the first time). `evaluate(node)` returns the
   * node's score — an integer in [MIN_NODE_SCORE, MAX_NODE_SCORE] — or {@link NOT_FEASIBLE}. Returns how many nodes
   * were evaluated.
   */
  sync(state: ClusterState, evaluate: (node: number) => number): number {
    const log = state.changes;
    const parts = this.parts;
    let evaluated = 0;
    if (this.logPosition < 0) evaluated = this.build(state, evaluate);
    else if (parts === null) {
      for (let part = 0; part < log.partitions; part++) evaluated += this.syncPart(log, part, evaluate);
    } else {
      for (let i = 0; i < parts.length; i++) evaluated += this.syncPart(log, parts[i], evaluate);
    }
    this.logPosition = log.position;
    return evaluated;
  }

  /** Re-evaluates the nodes of one change-log partition changed since the last sync; returns how many. */
  private syncPart(log: ChangeLog, part: number, evaluate: (node: number) => number): number {
    const from = this.logPosition;
    const groupOf = this.space.groupOf;
    const trail = log.trails[part];
    const { stored, groupStored, column } = this;
    let evaluated = 0;
    // Every node changed since the last sync, once (most recent first; the order does not matter).
    for (let at = TRAIL_STRIDE * (log.trailLength[part] - 1); at >= 0; at -= TRAIL_STRIDE) {
      if (trail[at + 1] < from) break;
      const node = trail[at];
      if (node < 0) continue; // superseded by a later change of the node
      // Not yet evaluated on its own: untouched at the build (only with groups), so the group's value applies.
      let before = stored[node * STORED_COLUMNS + column];
      if (before === GROUP_VALUE) before = groupStored[groupOf![node]];
      // A node that no pod left since the last sync only lost resources, so if the class did not fit it, it
      // still does not (pure policies: fit depends on the node's state only).
      if (before !== 0 || trail[at + 2] >= from) {
        this.move(node, before, evaluate(node));
        evaluated++;
      }
    }
    return evaluated;
  }

  /** Evaluates the class from scratch. */
  private build(state: ClusterState, evaluate: (node: number) => number): number {
    const space = this.space;
    if (space.groupOf === null) {
      for (let node = 0; node < state.nodeCount; node++) this.move(node, 0, evaluate(node));
      return state.nodeCount;
    }
    space.refresh(state);
    // Untouched nodes keep GROUP_VALUE: their group's value applies until they change.
    for (let node = 0; node < state.nodeCount; node++)
      this.stored[node * STORED_COLUMNS + this.column] = GROUP_VALUE;
    let evaluated = 0;
    for (let g = 0; g < space.groupCount; g++) {
      if (space.untouchedIn(g) === 0) continue;
      const v = this.encode(evaluate(space.firstUntouched(g)));
      evaluated++;
      this.groupStored[g] = v;
      if (v === 0) continue;
      const b = v - 1;
      const words = space.words;
      const bits = this.bucket(b);
      for (let w = 0; w < words; w++) {
        const x = space.untouchedWord(g, w);
        if (x === 0) continue;
        bits[w] |= x;
        bits[words + (w >>> 5)] |= 1 << (w & 31);
      }
      this.count[b] += space.untouchedIn(g);
      this.fitCount += space.untouchedIn(g);
      if (b > this.top) this.top = b;
    }
    const touched = space.touchedNodes();
    for (let i = 0; i < touched.length; i++) {
      const node = touched[i];
      this.move(node, 0, evaluate(node));
      evaluated++;
    }
    return evaluated;
  }

  private encode(score: number): number {
    return score === NOT_FEASIBLE ? 0 : score - MIN_NODE_SCORE + 1;
  }

  /** Moves `node` from the bucket of stored value `before` to that of `score` (0 / NOT_FEASIBLE: no bucket). */
  private move(node: number, before: number, score: number): void {
    const now = this.encode(score);
    this.stored[node * STORED_COLUMNS + this.column] = now;
    if (now === before) return;
    const words = this.space.words;
    const p = this.space.position[node];
    const w = p >>> 5;
    const bit = 1 << (p & 31);
    const sw = w >>> 5;
    const sbit = 1 << (w & 31);
    if (before === 0) this.fitCount++;
    else {
      const b = before - 1;
      const bits = this.buckets[b]!; // it holds this node: allocated
      const x = bits[w] & ~bit;
      bits[w] = x;
      if (x === 0) bits[words + sw] &= ~sbit;
      this.count[b]--;
    }
    if (now === 0) this.fitCount--;
    else {
      const b = now - 1;
      const bits = this.bucket(b);
      bits[w] |= bit;
      bits[words + sw] |= sbit;
      this.count[b]++;
      if (b > this.top) this.top = b;
    }
  }
}
