/**
 * @module framework/scheduler
 * One scheduling cycle, the same for the simulator, the live service and the planner:
 * filter (resource fit) → prepare → score → normalise → pick the highest score (ties to the smallest rank)
 * → the policy picks the devices.
 *
 * Three ways to the same decision (the differential tests hold them equal):
 * - plain: filter and score every node (impure policies such as Random, and the reference for tests);
 * - scan: one pass over candidate nodes with scores cached per (node version, pod class);
 * - index (default for pure policies): per class, the nodes bucketed by score (framework/score-buckets) and
 *   updated only for nodes that changed, so a decision costs O(changes) instead of O(n); a policy whose raw
 *   scores are not integers in [0, 100] gets a per-class max tree instead (framework/class-index, O(changes · log n)).
 */
import { type ClusterState, MILLI_PER_DEVICE, type PodSpec } from '../model/index.js';
import { compileRequest, type CycleContext, type PodRequest, type Policy } from '../policies/index.js';
import type { Rng } from '../rng/index.js';
import { ClassIndex, indexKey, RANK_SPAN } from './class-index.js';
import { fits, fitsApartFromMemory } from './fit.js';
import { BucketSpace, isBucketScore, NOT_FEASIBLE, PASSED_OVER, ScoreBuckets } from './score-buckets.js';

export type ScheduleOutcome =
  | { readonly ok: true; readonly node: number; readonly devices: number[]; readonly feasible: number }
  | { readonly ok: false; readonly feasible: 0 };

export interface SchedulerOptions {
  /** Tie-break rank per node (smaller wins); defaults to the node index. */
  readonly rank?: Int32Array;
  readonly rng: Rng;
  /** Cache scores of pure policies (default true). Turning it off gives the plain path for differential tests. */
  readonly cache?: boolean;
  /**
   * With the cache on: `index` keeps a per-class tree (fastest for long runs; memory O(classes · nodes)),
   * `scan` re-reads candidate nodes each cycle with cached scores (no per-class memory). Default `index`.
   */
  readonly strategy?: 'index' | 'scan';
  /**
   * With the `index` strategy: let nodes that never changed (version 0) and have equal specs (every NodeSpec
   * field but the name) share one evaluation per cycle. Exact when the policy scores a node by its state and spec
   * only, never by its name or index — true of every policy of the FGD paper, whose simulator turns it on: the
   * first cycle of each pod class then evaluates a handful of node kinds instead of every node. Default false.
   */
  readonly shareInitialScores?: boolean;
  /**
   * With the `index` strategy: pods that differ only in memory share one index, keyed by `req.key` (the pure-score
   * contract says the score depends on nothing else of the pod), that holds the nodes they fit apart from memory; a
   * decision takes the first node in score order with enough memory left. Exact whatever the workload, and on the
   * openb workload it halves the indexes to keep up to date (154 fit keys, 82 keys). A pod whose decision passes
   * over {@link PASSED_OVER_LIMIT} nodes short of memory gets an index of its own from then on. The outcome's
   * `feasible` then counts the nodes that fit apart from memory. Default false.
   */
  readonly shareMemoryClasses?: boolean;
}

/** Nodes short of memory a decision may pass over in a shared index before its pods get an index of their own. */
export const PASSED_OVER_LIMIT = 64;

interface ClassCache {
  readonly score: Int32Array;
  readonly version: Int32Array;
}

export class Scheduler {
  readonly state: ClusterState;
  readonly policy: Policy;
  private readonly ctx: CycleContext;
  private readonly rank: Int32Array;
  private readonly feasible: Int32Array;
  private readonly scores: Int32Array;
  private readonly useCache: boolean;
  private readonly classes = new Map<string, ClassCache>();
  private readonly indexes = new Map<string, ClassIndex>();
  private readonly useIndex: boolean;
  /**
   * Score buckets per class (`req.fitKey`; with `shareMemoryClasses`, per `req.key` in `sharedBuckets`) while every
   * score seen fits a bucket; null once one did not (then: `indexes`).
   */
  private buckets: Map<string, ScoreBuckets> | null = new Map();
  private readonly sharedBuckets = new Map<string, ScoreBuckets>();
  private readonly shareMemory: boolean;
  /** Fit keys whose decisions passed over too many nodes short of memory: they have indexes of their own. */
  private readonly ownIndex = new Set<string>();
  private space: BucketSpace | null = null;
  private invalidScore = false;
  /** With `shareInitialScores`: the spec group of every node. */
  private readonly specGroup: Int32Array | null = null;
  /** The request being indexed, read by the evaluate functions (bound once, so no closure per cycle). */
  private indexed: PodRequest | null = null;
  private readonly evaluateForIndex = (node: number): number => {
    const req = this.indexed!;
    if (!fits(this.state, req, node)) return 0;
    return indexKey(this.policy.score(this.ctx, req, node), this.rank[node]);
  };
  /** The node's score for the request being indexed, or NOT_FEASIBLE (also for a score no bucket can hold). */
  private readonly evaluateForBuckets = (node: number): number =>
    fits(this.state, this.indexed!, node) ? this.bucketScore(node) : NOT_FEASIBLE;
  /** The same for an index shared by pods that differ only in memory: memory is checked at the pick. */
  private readonly evaluateApartFromMemory = (node: number): number =>
    fitsApartFromMemory(this.state, this.indexed!, node) ? this.bucketScore(node) : NOT_FEASIBLE;
  /** Whether the request being indexed has the memory it asks for on `node` (a node of its shared index). */
  private readonly memoryFits = (node: number): boolean => this.indexed!.memMiB <= this.state.memLeft[node];
  /** Scores served from the cache vs computed (to show the fast path really ran). */
  cacheHits = 0;
  cacheMisses = 0;

  constructor(state: ClusterState, policy: Policy, options: SchedulerOptions) {
    this.state = state;
    this.policy = policy;
    this.ctx = { state, rng: options.rng };
    const n = state.nodeCount;
    this.rank = options.rank ?? Int32Array.from({ length: n }, (_, i) => i);
    this.feasible = new Int32Array(n);
    this.scores = new Int32Array(n);
    this.useCache = (options.cache ?? true) && policy.pureScore;
    this.useIndex =
      this.useCache &&
      (options.strategy ?? 'index') === 'index' &&
      !policy.prepare &&
      (!policy.normalize || policy.normalizeKeepsBest === true) &&
      n < RANK_SPAN;
    this.shareMemory = this.useIndex && options.shareMemoryClasses === true;
    if (this.useIndex && options.shareInitialScores === true) {
      const groups = new Map<string, number>();
      this.specGroup = new Int32Array(n);
      for (let node = 0; node < n; node++) {
        const { cpuMilli, memMiB, gpuCount, gpuModel } = state.nodes[node];
        const key = `${cpuMilli}/${memMiB}/${gpuCount}/${gpuModel}`;
        let g = groups.get(key);
        if (g === undefined) {
          g = groups.size;
          groups.set(key, g);
        }
        this.specGroup[node] = g;
      }
    }
  }

  /**
   * The policy's raw score of `node` for `req` (before any normalisation), to compare the best nodes of
   * alternative requests of one pod (e.g. a sharing request rounded differently on different device models).
   */
  rawScore(req: PodRequest, node: number): number {
    return this.policy.score(this.ctx, req, node);
  }

  /** The tie-break rank of a node (smaller wins). */
  rankOf(node: number): number {
    return this.rank[node];
  }

  /** Chooses a node and devices for `pod` without changing the state (the caller assumes or binds it). */
  /**
   * With `candidates`, only those nodes are considered (e.g. the nodes kube-scheduler sent to an extender); the
   * plain cycle then runs on them, without the caches, which cover the whole cluster.
   */
  schedule(pod: PodSpec | PodRequest, candidates?: ArrayLike<number>): ScheduleOutcome {
    const req = 'pod' in pod ? pod : compileRequest(this.state, pod);
    const { state, feasible, scores, policy, ctx, rank } = this;
    if (candidates === undefined) {
      if (this.useIndex) return this.scheduleIndexed(req);
      if (this.useCache && !policy.prepare && !policy.normalize) return this.scheduleFused(req);
    }
    let count = 0;
    if (candidates === undefined) {
      const n = state.nodeCount;
      for (let node = 0; node < n; node++) if (fits(state, req, node)) feasible[count++] = node;
    } else {
      for (let i = 0; i < candidates.length; i++)
        if (fits(state, req, candidates[i])) feasible[count++] = candidates[i];
    }
    if (count === 0) return { ok: false, feasible: 0 };
    let chosen: number;
    if (count === 1) {
      // A single feasible node is taken without scoring (and without Random's draw), as kube-scheduler does.
      chosen = feasible[0];
    } else {
      policy.prepare?.(ctx, req, feasible, count);
      if (this.useCache && candidates === undefined) this.scoreCached(req, count);
      else for (let i = 0; i < count; i++) scores[i] = policy.score(ctx, req, feasible[i]);
      policy.normalize?.(scores, count);
      chosen = feasible[0];
      let best = scores[0];
      for (let i = 1; i < count; i++) {
        const s = scores[i];
        const node = feasible[i];
        if (s > best || (s === best && rank[node] < rank[chosen])) {
          best = s;
          chosen = node;
        }
      }
    }
    return { ok: true, node: chosen, devices: policy.pickDevices(ctx, req, chosen), feasible: count };
  }

  /** The policy's score of `node` for the request being indexed (which fits it), or NOT_FEASIBLE if no bucket holds it. */
  private bucketScore(node: number): number {
    const s = this.policy.score(this.ctx, this.indexed!, node);
    if (isBucketScore(s)) return s;
    this.invalidScore = true;
    return NOT_FEASIBLE;
  }

  /** Picks from the class's incrementally maintained index (see framework/score-buckets, framework/class-index). */
  private scheduleIndexed(req: PodRequest): ScheduleOutcome {
    if (this.buckets !== null) {
      const shared = this.shareMemory && !this.ownIndex.has(req.fitKey);
      const byKey = shared ? this.sharedBuckets : this.buckets;
      const key = shared ? req.key : req.fitKey;
      let buckets = byKey.get(key);
      if (!buckets) {
        this.space ??= new BucketSpace(this.rank, this.specGroup);
        // A pod that needs devices never fits nodes of other models: its syncs skip their changes.
        const parts = req.gpuCount > 0 ? this.state.modelPartitions(req.allowedModels) : null;
        buckets = new ScoreBuckets(this.space, parts);
        byKey.set(key, buckets);
      }
      this.indexed = req;
      const evaluated = buckets.sync(
        this.state,
        shared ? this.evaluateApartFromMemory : this.evaluateForBuckets,
      );
      if (!this.invalidScore) {
        const node = shared ? buckets.firstAccepted(this.memoryFits, PASSED_OVER_LIMIT) : buckets.best;
        this.indexed = null;
        if (node !== PASSED_OVER) return this.pickIndexed(req, evaluated, buckets.feasible, node);
        // Memory binds often for these pods: an index of their own skips the nodes short of it.
        this.ownIndex.add(req.fitKey);
        return this.scheduleIndexed(req);
      }
      // A score outside the buckets' range: use trees from now on (built from scratch on first use).
      this.indexed = null;
      this.buckets = null;
      this.sharedBuckets.clear();
    }
    let index = this.indexes.get(req.fitKey);
    if (!index) {
      index = new ClassIndex(this.state.nodeCount);
      this.indexes.set(req.fitKey, index);
    }
    this.indexed = req;
    const evaluated = index.sync(this.state, this.evaluateForIndex);
    this.indexed = null;
    return this.pickIndexed(req, evaluated, index.feasible, index.best);
  }

  private pickIndexed(req: PodRequest, evaluated: number, feasible: number, node: number): ScheduleOutcome {
    this.cacheMisses += evaluated;
    this.cacheHits += Math.max(0, feasible - evaluated);
    if (node < 0) return { ok: false, feasible: 0 };
    return { ok: true, node, devices: this.policy.pickDevices(this.ctx, req, node), feasible };
  }

  /**
   * Filter, cached score and pick in one pass over the nodes, for pure policies without prepare/normalize.
   * Same decisions as the general path: a lone feasible node wins whatever its score.
   */
  private scheduleFused(req: PodRequest): ScheduleOutcome {
    const { state, policy, ctx, rank } = this;
    const cache = this.classCache(req.key);
    const cachedScore = cache.score;
    const cachedVersion = cache.version;
    const version = state.version;
    // Visit only nodes that could fit: those with a free device for whole-device pods, with any room for
    // sharing pods. Order is irrelevant: ties are broken by rank.
    const candidates =
      req.gpuCount === 0
        ? null
        : req.gpuMilli === MILLI_PER_DEVICE
          ? state.withFreeDevice
          : state.withDeviceRoom;
    const n = candidates === null ? state.nodeCount : candidates.size;
    const items = candidates?.items;
    let count = 0;
    let chosen = -1;
    let best = -1;
    let misses = 0;
    for (let i = 0; i < n; i++) {
      const node = items === undefined ? i : items[i];
      if (!fits(state, req, node)) continue;
      count++;
      let s: number;
      if (cachedVersion[node] === version[node]) s = cachedScore[node];
      else {
        s = policy.score(ctx, req, node);
        cachedScore[node] = s;
        cachedVersion[node] = version[node];
        misses++;
      }
      if (s > best || (s === best && rank[node] < rank[chosen])) {
        best = s;
        chosen = node;
      }
    }
    this.cacheMisses += misses;
    this.cacheHits += count - misses;
    if (count === 0) return { ok: false, feasible: 0 };
    return { ok: true, node: chosen, devices: policy.pickDevices(ctx, req, chosen), feasible: count };
  }

  private classCache(key: string): ClassCache {
    let cache = this.classes.get(key);
    if (!cache) {
      const n = this.state.nodeCount;
      cache = { score: new Int32Array(n), version: new Int32Array(n).fill(-1) };
      this.classes.set(key, cache);
    }
    return cache;
  }

  private scoreCached(req: PodRequest, count: number): void {
    const cache = this.classCache(req.key);
    const { feasible, scores, policy, ctx } = this;
    const version = this.state.version;
    for (let i = 0; i < count; i++) {
      const node = feasible[i];
      if (cache.version[node] === version[node]) {
        scores[i] = cache.score[node];
        this.cacheHits++;
      } else {
        const s = policy.score(ctx, req, node);
        cache.score[node] = s;
        cache.version[node] = version[node];
        scores[i] = s;
        this.cacheMisses++;
      }
    }
  }
}
