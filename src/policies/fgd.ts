/**
 * @module policies/fgd
 * Fragmentation Gradient Descent (Weng et al., USENIX ATC '23): place each pod where it increases the expected
 * fragmentation of the cluster — measured against the typical workload — the least (reference behaviour:
 * specs/fgd-reproduction.md §5.3).
 *
 * Score = int(100 · sigmoid((F(before) − F(after)) / 1000)). The device of a sharing pod is the first index
 * attaining the highest *integer* score, recomputed at Reserve exactly as the reference does (quirk Q4).
 */
import { type ClusterState, ROW_CPU, ROW_STRIDE, MILLI_PER_DEVICE } from '../model/index.js';
import { bestDevices } from './device-choice.js';
import { FRAG_F, FRAG_STRIDE, FragMeasure } from './frag.js';
import { NodeFragEntries } from './node-frag-entries.js';
import { POLICY_LABELS, type CycleContext, type Policy } from './policy.js';
import type { PodRequest } from './pod-request.js';
import type { TypicalPods } from './typical-pods.js';

/** int(100 · sigmoid(Δ / 1000)), Δ = F(before) − F(after), in the reference's float order. */
export function fgdScoreOfDelta(fragBefore: number, fragAfter: number): number {
  const x = (fragBefore - fragAfter) / 1000;
  return Math.trunc(100 * (1 / (1 + Math.exp(-x))));
}

/** What FGD remembers about one cluster state (one set of device models). */
interface StateMemo {
  readonly state: ClusterState;
  readonly measure: FragMeasure;
  /** `measure.cpuClassCount`, read for every score. */
  readonly cpuClasses: number;
  /** Each node's memo entry for its current state. */
  readonly entries: NodeFragEntries;
  /** Request shape (`cpu/milli/count`) → its number in {@link scores}, and the same per request object. */
  readonly shapes: Map<string, number>;
  readonly shapeOfRequest: WeakMap<PodRequest, number>;
  /** Score by (shape, entry of the node's state · CPU classes + CPU class after placement). */
  readonly scores: ScoreTable;
}

/**
 * An open-addressing hash table from a pair of non-negative int32 keys to a score, in one growable Int32Array:
 * tens of thousands of memoised scores without a JS object or Map entry each (which the garbage collector would
 * copy around while a one-shot simulation is still running). Two words per slot and a load of up to 3/4 keep
 * it small: fresh memory is slow to touch on some machines (page faults of ~15 µs on VMs).
 */
class ScoreTable {
  /** [(shape + 1) << 8 | score, key] per slot; 0 in the first word marks an empty slot. */
  private slots = new Int32Array(2 << 10);
  private mask = (1 << 10) - 1;
  private size = 0;

  /** The score of (shape, key), or -1 if none was stored. */
  get(shape: number, key: number): number {
    const slots = this.slots;
    const tag = shape + 1;
    for (let i = this.slot(shape, key); ; i = (i + 1) & this.mask) {
      const s = slots[2 * i];
      if (s === 0) return -1;
      if (s >>> 8 === tag && slots[2 * i + 1] === key) return s & 0xff;
    }
  }

  /** Stores the score (0…255) of a (shape < 2^23 − 1, key) that {@link get} did not find. */
  set(shape: number, key: number, score: number): void {
    if (4 * (this.size + 1) > 3 * (this.mask + 1)) this.grow();
    this.put(((shape + 1) << 8) | score, key);
    this.size++;
  }

  private slot(shape: number, key: number): number {
    const h = Math.imul(Math.imul(shape, 0x9e3779b1) ^ key, 0x85ebca6b);
    return (h ^ (h >>> 15)) & this.mask;
  }

  private put(word: number, key: number): void {
    let i = this.slot((word >>> 8) - 1, key);
    while (this.slots[2 * i] !== 0) i = (i + 1) & this.mask;
    this.slots[2 * i] = word;
    this.slots[2 * i + 1] = key;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * old.length);
    this.mask = 2 * this.mask + 1;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) this.put(old[i], old[i + 1]);
  }
}

export class FgdPolicy implements Policy {
  readonly name = 'fgd' as const;
  readonly paperLabel = POLICY_LABELS.fgd;
  readonly pureScore = true;
  readonly typical: TypicalPods;
  private measures = new WeakMap<readonly string[], FragMeasure>();
  private memos = new WeakMap<ClusterState, StateMemo>();
  /** The memo of the state scored last, and the score map of the request scored last (consecutive calls share them). */
  private lastMemo: StateMemo | null = null;
  private lastReq: PodRequest | null = null;
  private lastShape = -1;
  /** Scratch copy of one node's device remainders (hypothetical "after" states). */
  private after = new Int32Array(0);

  constructor(typical: TypicalPods) {
    this.typical = typical;
  }

  /** The fragmentation measure for this state's device models (shared with reports). */
  measureFor(state: ClusterState): FragMeasure {
    let m = this.measures.get(state.models);
    if (!m) {
      m = new FragMeasure(this.typical, state.models, state.maxGpusPerNode);
      this.measures.set(state.models, m);
    }
    return m;
  }

  /** Each node's fragmentation entry on this state, as FGD scores it (shared with the simulator's tracker). */
  fragEntries(state: ClusterState): NodeFragEntries {
    return this.memoFor(state).entries;
  }

  /**
   * The score depends on the node only through its state's memo entry (model, CPU class, multiset of device
   * remainders: F(before)) and the CPU class left after placement (with the remainders after placement, which
   * follow from the multiset and the request: F(after)). So scores are memoised on that pair, per request shape —
   * the same float operations on the same inputs, hence bit-identical to recomputing them.
   */
  score(ctx: CycleContext, req: PodRequest, node: number): number {
    const state = ctx.state;
    const memo = this.memoFor(state);
    const entry = memo.entries.entryOf(node);
    let shape = this.lastShape;
    if (req !== this.lastReq) {
      shape = this.shapeOf(memo, req);
      this.lastReq = req;
      this.lastShape = shape;
    }
    // CPU left from the node row (entryOf just read that line).
    const cpuLeft = state.nodeRow[node * ROW_STRIDE + ROW_CPU];
    const key = entry * memo.cpuClasses + memo.measure.cpuClass(cpuLeft - req.cpuMilli);
    // Keys beyond int32 (a memo of over ~10^8 states) and shapes beyond the table's 23 bits are not memoised.
    if (key > 0x7fffffff || shape >= 0x7ffffe) return this.evaluate(memo, req, node, entry, false);
    let s = memo.scores.get(shape, key);
    if (s < 0) {
      s = this.evaluate(memo, req, node, entry, false);
      if (s >= 0) memo.scores.set(shape, key, s);
    }
    return s;
  }

  pickDevices(ctx: CycleContext, req: PodRequest, node: number): number[] {
    if (req.gpuCount === 0) return [];
    // Whole devices by the exclusive rule; partial multi-device requests on the tightest devices, as scored.
    if (!req.sharing) return bestDevices(ctx.state, req, node);
    const memo = this.memoFor(ctx.state);
    return [this.evaluate(memo, req, node, memo.entries.entryOf(node), true)];
  }

  /** The number of the request's shape (CPU, milli per device, devices: all the score reads of a request). */
  private shapeOf(memo: StateMemo, req: PodRequest): number {
    let shape = memo.shapeOfRequest.get(req);
    if (shape === undefined) {
      const name = `${req.cpuMilli}/${req.gpuMilli}/${req.gpuCount}`;
      shape = memo.shapes.get(name) ?? memo.shapes.size;
      memo.shapes.set(name, shape);
      memo.shapeOfRequest.set(req, shape);
    }
    return shape;
  }

  /** Keyed by state object, so a cloned state never reads the original's entries. */
  private memoFor(state: ClusterState): StateMemo {
    const last = this.lastMemo;
    if (last !== null && last.state === state) return last;
    let memo = this.memos.get(state);
    if (!memo) {
      const measure = this.measureFor(state);
      memo = {
        state,
        measure,
        cpuClasses: measure.cpuClassCount,
        entries: new NodeFragEntries(state, measure),
        shapes: new Map(),
        shapeOfRequest: new WeakMap(),
        scores: new ScoreTable(),
      };
      this.memos.set(state, memo);
    }
    this.lastMemo = memo;
    this.lastReq = null;
    return memo;
  }

  /** The node's score, or with `wantDevice` the device index that attains it (sharing pods only). */
  private evaluate(
    memo: StateMemo,
    req: PodRequest,
    node: number,
    entry: number,
    wantDevice: boolean,
  ): number {
    const { state, measure } = memo;
    const model = state.modelId[node];
    const base = state.gpuOffset[node];
    const gpus = state.gpuCountOf(node);
    const before = measure.values[entry * FRAG_STRIDE + FRAG_F];
    const cpuAfter = state.cpuLeft[node] - req.cpuMilli;
    if (this.after.length < gpus) this.after = new Int32Array(gpus);
    const after = this.after;
    for (let g = 0; g < gpus; g++) after[g] = state.gpuLeft[base + g];
    if (req.sharing) {
      let best = -1;
      let bestDevice = -1;
      devices: for (let g = 0; g < gpus; g++) {
        const left = after[g];
        if (left < req.gpuMilli) continue;
        // Devices with equal remainders give equal scores, and the first index wins ties: score each value once.
        for (let h = 0; h < g; h++) if (after[h] === left) continue devices;
        after[g] = left - req.gpuMilli;
        const s = fgdScoreOfDelta(before, measure.frag(model, cpuAfter, after, 0, gpus));
        after[g] = left;
        if (s > best) {
          best = s;
          bestDevice = g;
        }
      }
      return wantDevice ? bestDevice : best;
    }
    if (req.gpuCount > 0) {
      // Take the request from the k fitting devices with the least left (ascending, stable): for whole devices
      // these are free ones, and F depends only on the multiset of remainders.
      takeTightest(after, gpus, req.gpuMilli, req.gpuCount);
    }
    return fgdScoreOfDelta(before, measure.frag(model, cpuAfter, after, 0, gpus));
  }
}

/** Subtracts `m` from the `k` devices with the least remainder ≥ m (ties to the lowest index), in place. */
function takeTightest(left: Int32Array, count: number, m: number, k: number): void {
  if (m === MILLI_PER_DEVICE) {
    for (let g = 0, taken = 0; g < count && taken < k; g++) {
      if (left[g] === MILLI_PER_DEVICE) {
        left[g] = 0;
        taken++;
      }
    }
    return;
  }
  for (let taken = 0; taken < k; taken++) {
    let pick = -1;
    for (let g = 0; g < count; g++) {
      if (left[g] >= m && (pick < 0 || left[g] < left[pick])) pick = g;
    }
    if (pick < 0) return;
    left[pick] -= m;
  }
}
