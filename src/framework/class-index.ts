/**
 * @module framework/class-index
 * The best node for one class of pods (same resource vector and memory), kept up to date incrementally: a
 * max segment tree over nodes whose leaf is the node's score combined with its tie-break rank (see
 * {@link indexKey}; 0 when the pod does not fit). After a placement only the changed nodes are re-evaluated (read from the state's change log),
 * so picking a node costs O(changed nodes · log n) instead of a scan of the cluster.
 *
 * Valid only for policies whose score and fit depend on nothing but the pod class and the node's state.
 */
import type { ClusterState } from '../model/index.js';

/** Ranks must stay below this. */
export const RANK_SPAN = 2 ** 22;
/** Scores are shifted by this so that every key of a fitting node is > 0 (0 marks "does not fit"). */
const SCORE_OFFSET = 2 ** 24;

/**
 * The key of a fitting node: higher score first, then smaller rank; always > 0 and exact in a double for
 * scores above −2^24.
 */
export function indexKey(score: number, rank: number): number {
  return (Math.max(score, 1 - SCORE_OFFSET) + SCORE_OFFSET) * RANK_SPAN + (RANK_SPAN - 1 - rank);
}

export class ClassIndex {
  private readonly leaves: number;
  private readonly key: Float64Array;
  private readonly winner: Int32Array;
  private readonly synced: Int32Array;
  private readonly fitting: Uint8Array;
  private fitCount = 0;
  private logPosition = -1;

  constructor(nodeCount: number) {
    let leaves = 1;
    while (leaves < nodeCount) leaves *= 2;
    this.leaves = leaves;
    // Zero-filled: every node starts as "does not fit" at no initialisation cost.
    this.key = new Float64Array(2 * leaves);
    this.winner = new Int32Array(2 * leaves);
    this.synced = new Int32Array(nodeCount); // version + 1 at the last evaluation; 0 = never
    this.fitting = new Uint8Array(nodeCount);
  }

  /** Number of nodes the class fits. */
  get feasible(): number {
    return this.fitCount;
  }

  /** The node with the highest key, or -1 when the class fits no node. */
  get best(): number {
    return this.key[1] === 0 ? -1 : this.winner[1];
  }

  /**
   * Re-evaluates every node changed since the last sync (all nodes the first time, or when the change log no
   * longer reaches back that far). `evaluate(node)` returns the node's {@link indexKey}, or 0 when the pod does
   * not fit.
   * Returns how many nodes were evaluated.
   */
  sync(state: ClusterState, evaluate: (node: number) => number): number {
    const log = state.changes;
    const version = state.version;
    let evaluated = 0;
    if (this.logPosition < 0 || !log.covers(this.logPosition)) {
      for (let node = 0; node < state.nodeCount; node++) {
        this.setLeaf(node, evaluate(node));
        this.synced[node] = version[node] + 1;
      }
      for (let i = this.leaves - 1; i >= 1; i--) this.pull(i);
      evaluated = state.nodeCount;
    } else {
      for (let p = this.logPosition; p < log.position; p++) {
        const node = log.at(p);
        if (this.synced[node] === version[node] + 1) continue;
        this.setLeaf(node, evaluate(node));
        // Stop as soon as a parent is unchanged: nothing above it can change either.
        for (let i = (this.leaves + node) >> 1; i >= 1 && this.pull(i); i >>= 1);
        this.synced[node] = version[node] + 1;
        evaluated++;
      }
    }
    this.logPosition = log.position;
    return evaluated;
  }

  private setLeaf(node: number, key: number): void {
    const fits = key > 0 ? 1 : 0;
    this.fitCount += fits - this.fitting[node];
    this.fitting[node] = fits;
    this.key[this.leaves + node] = key;
    this.winner[this.leaves + node] = node;
  }

  /** Recomputes inner node `i` from its children; returns whether it changed. */
  private pull(i: number): boolean {
    const l = 2 * i;
    const r = l + 1;
    const pick = this.key[l] >= this.key[r] ? l : r;
    const key = this.key[pick];
    const winner = this.winner[pick];
    if (this.key[i] === key && this.winner[i] === winner) return false;
    this.key[i] = key;
    this.winner[i] = winner;
    return true;
  }
}
