/**
 * @module policies/frag
 * FGD's fragmentation measure: how much of a node's idle GPU capacity the typical workload could not use
 * (FGD paper §3; reference behaviour in specs/fgd-reproduction.md §5.2). Used by the FGD policy to score and by
 * every report to measure fragmentation, so there is exactly one definition.
 *
 * Float fidelity matters: category sums are accumulated as `cat += f_i × milli` in typical-list order and
 * F = 0 + q1 + q2 + q4 + xl + xr + na, because the reference's FGD decisions depend on the last bits
 * (an exact zero change computed with rounding noise scores 49 instead of 50).
 */
import type { TypicalPods } from './typical-pods.js';

/** The seven categories of idle GPU capacity, in the reference's array order. */
export const FRAG_CATEGORIES = [
  'q1_lack_both',
  'q2_lack_gpu',
  'q3_satisfied',
  'q4_lack_cpu',
  'xl_satisfied',
  'xr_lack_cpu',
  'no_access',
] as const;
export const FRAG_CATEGORY_COUNT = FRAG_CATEGORIES.length;
const Q1 = 0;
const Q2 = 1;
const Q3 = 2;
const Q4 = 3;
const XL = 4;
const XR = 5;
const NA = 6;

/** F from a 7-vector: every category but q3_satisfied, summed in the reference's order. */
export function fragOfVector(v: ArrayLike<number>, offset = 0): number {
  return (
    0 + v[offset + Q1] + v[offset + Q2] + v[offset + Q4] + v[offset + XL] + v[offset + XR] + v[offset + NA]
  );
}

/** The idle milli of a 7-vector: all seven categories summed in their order. */
export function idleOfVector(v: ArrayLike<number>, offset = 0): number {
  return (
    v[offset + Q1] +
    v[offset + Q2] +
    v[offset + Q3] +
    v[offset + Q4] +
    v[offset + XL] +
    v[offset + XR] +
    v[offset + NA]
  );
}

/** Hash of the `count` key words of `words` from `at` (FNV-1a over 32-bit words), for the memo's slots. */
function keyHash(words: Int32Array, at: number, count: number): number {
  let h = 0x811c9dc5;
  for (let w = 0; w < count; w++) h = Math.imul(h ^ words[at + w], 0x01000193);
  return h ^ (h >>> 15);
}

/** Largest CPU-class table built (entries); beyond it, classes are found by binary search. */
const MAX_CPU_TABLE = 1 << 16;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The step and table of {@link FragMeasure.cpuClass} for ascending thresholds (table null when too large). */
function cpuClassTable(thresholds: Int32Array): [number, Uint8Array | null] {
  let step = 0;
  for (const t of thresholds) step = gcd(step, t);
  step = Math.max(step, 1);
  const last = thresholds.length > 0 ? thresholds[thresholds.length - 1] : 0;
  const size = Math.floor(last / step) + 1;
  if (thresholds.length === 0 || thresholds.length > 255 || size > MAX_CPU_TABLE) return [step, null];
  // table[k] = how many thresholds are ≤ k · step: one fill per run of equal values (the thresholds are multiples
  // of step, so threshold t starts its run at t / step).
  const table = new Uint8Array(size);
  for (let i = 0; i < thresholds.length; i++) {
    const from = thresholds[i] / step;
    const to = i + 1 < thresholds.length ? thresholds[i + 1] / step : size;
    if (to > from) table.fill(i + 1, from, to);
  }
  return [step, table];
}

/** Offset of F (fragmented milli, see {@link fragOfVector}) in a memo entry. */
export const FRAG_F = FRAG_CATEGORY_COUNT;
/**
 * Offset of the entry's idle milli: the seven categories summed in their order (what the simulator's fragmentation
 * ratio divides by), computed once per state rather than at every placement.
 */
export const FRAG_IDLE = FRAG_CATEGORY_COUNT + 1;
/** Values stored per memo entry: the seven categories, F, then the idle sum. */
export const FRAG_STRIDE = FRAG_CATEGORY_COUNT + 2;

/**
 * The fragmentation measure for one typical distribution on one set of device models.
 * Results are memoised on (model, which typical CPU requests fit, multiset of device remainders) — the only
 * inputs the float operations depend on, so memoised values are bit-identical to recomputed ones. The memo is an
 * open-addressing hash table over packed integer keys, so a lookup allocates nothing.
 */
export class FragMeasure {
  readonly typical: TypicalPods;
  private readonly n: number;
  private readonly cpu: Int32Array;
  private readonly milli: Int32Array;
  private readonly count: Int32Array;
  private readonly freq: Float64Array;
  /** allowed[t * modelCount + model] */
  private readonly allowed: Uint8Array;
  private readonly modelCount: number;
  /** Distinct typical CPU requests, ascending: the CPU remainder only matters through how many of them fit. */
  private readonly cpuThresholds: Int32Array;
  /**
   * {@link cpuClass} by table below the largest threshold: every threshold is a multiple of `cpuStep` (their greatest
   * common divisor), so the class of c is the class of ⌊c / cpuStep⌋ · cpuStep. Null when the table would be large.
   */
  private readonly cpuStep: number;
  private readonly cpuTable: Uint8Array | null;
  /** Key words per entry: a header (model, CPU bucket, device count) and device remainders, three per word. */
  private readonly keyWords: number;
  private readonly maxDevices: number;
  private capacity = 1 << 15;
  private size = 0;
  /**
   * The key of each entry, `keyWords` words per entry id (dense, like `vals`: entries are added in order, so the
   * memory touched grows with the entries, not with the hash table).
   */
  private keys: Int32Array;
  /** Entry id + 1 of each hash slot (0: empty slot). */
  private slotEntry: Int32Array;
  /**
   * `FRAG_STRIDE` values per entry, indexed by entry id (ids are dense and never move, unlike hash slots, so
   * callers may keep an id — e.g. to memoise scores by the "before" state — across later lookups).
   */
  private vals: Float64Array;
  private readonly probe: Int32Array;
  private readonly sorted: Int32Array;
  /** Distinct positive per-device requests of the typical pods, ascending; `milliIndex[i]`: type i's among them. */
  private readonly distinctMilli: Int32Array;
  private readonly milliIndex: Int32Array;
  /** Scratch of {@link compute}: per distinct request, devices that fit it and Σ remainders of those that do not. */
  private readonly fittingOf: Int32Array;
  private readonly smallOf: Float64Array;

  constructor(typical: TypicalPods, models: readonly string[], maxDevicesPerNode = 8) {
    this.typical = typical;
    const types = typical.types;
    this.n = types.length;
    this.cpu = Int32Array.from(types, (t) => t.cpuMilli);
    this.milli = Int32Array.from(types, (t) => t.gpuMilli);
    this.count = Int32Array.from(types, (t) => t.gpuCount);
    this.freq = Float64Array.from(types, (t) => t.freq);
    this.modelCount = models.length;
    this.allowed = new Uint8Array(this.n * Math.max(1, models.length));
    types.forEach((t, i) => {
      models.forEach((model, id) => {
        this.allowed[i * this.modelCount + id] =
          t.gpuTypes.length === 0 || t.gpuTypes.includes(model) ? 1 : 0;
      });
    });
    this.cpuThresholds = Int32Array.from(new Set(types.map((t) => t.cpuMilli))).sort();
    [this.cpuStep, this.cpuTable] = cpuClassTable(this.cpuThresholds);
    this.maxDevices = Math.max(1, maxDevicesPerNode);
    this.keyWords = 1 + Math.ceil(this.maxDevices / 3);
    this.keys = new Int32Array((this.capacity >> 1) * this.keyWords);
    this.slotEntry = new Int32Array(this.capacity);
    this.vals = new Float64Array((this.capacity >> 1) * FRAG_STRIDE);
    this.probe = new Int32Array(this.keyWords);
    this.sorted = new Int32Array(this.maxDevices);
    this.distinctMilli = Int32Array.from(new Set(types.map((t) => t.gpuMilli).filter((m) => m > 0))).sort();
    this.milliIndex = Int32Array.from(types, (t) => this.distinctMilli.indexOf(t.gpuMilli));
    this.fittingOf = new Int32Array(this.distinctMilli.length);
    this.smallOf = new Float64Array(this.distinctMilli.length);
  }

  /**
   * The memo's values: entry `e` holds its seven categories at `e * FRAG_STRIDE`, F at `+ FRAG_F` and the idle
   * sum at `+ FRAG_IDLE`.
   */
  get values(): Float64Array {
    return this.vals;
  }

  /**
   * The memo entry of a node with device model `modelId`, `cpuLeft` milli-CPU free and device remainders
   * `gpuLeft[start .. start+count)`; read it through {@link values}. Entry ids are stable, but `values` may be
   * replaced by a later lookup (when the memo grows), so read it again after each lookup.
   */
  lookup(modelId: number, cpuLeft: number, gpuLeft: ArrayLike<number>, start: number, count: number): number {
    return this.lookupIn(modelId, this.cpuClass(cpuLeft), cpuLeft, gpuLeft, start, count);
  }

  /**
   * {@link lookup} with the CPU class of `cpuLeft` already known (`cpuClass === this.cpuClass(cpuLeft)`).
   */
  lookupIn(
    modelId: number,
    cpuClass: number,
    cpuLeft: number,
    gpuLeft: ArrayLike<number>,
    start: number,
    count: number,
  ): number {
    if (count > this.maxDevices)
      throw new Error(`node with ${count} devices; measure built for ${this.maxDevices}`);
    const probe = this.probe;
    const sorted = this.sorted;
    // Insertion sort of the remainders: F depends on their multiset only.
    for (let g = 0; g < count; g++) {
      const v = gpuLeft[start + g];
      let i = g;
      while (i > 0 && sorted[i - 1] > v) {
        sorted[i] = sorted[i - 1];
        i--;
      }
      sorted[i] = v;
    }
    const W = this.keyWords;
    probe[0] = ((modelId + 1) & 0xff) | (cpuClass << 8) | (count << 20);
    // Three 10-bit remainders per word (every remainder is ≤ 1000 < 1024); unused words stay 0.
    for (let w = 1, g = 0; w < W; w++, g += 3) {
      probe[w] =
        (g < count ? sorted[g] : 0) |
        (g + 1 < count ? sorted[g + 1] << 10 : 0) |
        (g + 2 < count ? sorted[g + 2] << 20 : 0);
    }
    const mask = this.capacity - 1;
    const keys = this.keys;
    const slotEntry = this.slotEntry;
    let slot = keyHash(probe, 0, W) & mask;
    for (;;) {
      const e = slotEntry[slot];
      if (e === 0) break;
      const at = (e - 1) * W;
      let w = 0;
      while (w < W && keys[at + w] === probe[w]) w++;
      if (w === W) return e - 1;
      slot = (slot + 1) & mask;
    }
    const entry = this.size++;
    slotEntry[slot] = entry + 1;
    if ((entry + 1) * FRAG_STRIDE > this.vals.length) {
      const vals = new Float64Array(this.vals.length * 2);
      vals.set(this.vals);
      this.vals = vals;
      const grown = new Int32Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys.set(probe, entry * W);
    this.compute(modelId, cpuLeft, sorted, count, entry * FRAG_STRIDE);
    if (this.size * 2 > this.capacity) this.grow();
    return entry;
  }

  /** F of a node (see {@link lookup}). */
  frag(modelId: number, cpuLeft: number, gpuLeft: ArrayLike<number>, start: number, count: number): number {
    // Look up first: a lookup may grow the table and replace `vals`.
    const e = this.lookup(modelId, cpuLeft, gpuLeft, start, count);
    return this.vals[e * FRAG_STRIDE + FRAG_F];
  }

  /** The 7-vector of a node, copied into `out` at `outOffset`. */
  vectorInto(
    modelId: number,
    cpuLeft: number,
    gpuLeft: ArrayLike<number>,
    start: number,
    count: number,
    out: Float64Array,
    outOffset = 0,
  ): void {
    const e = this.lookup(modelId, cpuLeft, gpuLeft, start, count) * FRAG_STRIDE;
    for (let c = 0; c < FRAG_CATEGORY_COUNT; c++) out[outOffset + c] = this.vals[e + c];
  }

  /** Number of distinct values {@link cpuClass} can return. */
  get cpuClassCount(): number {
    return this.cpuThresholds.length + 1;
  }

  /** Number of distinct node states evaluated so far (for benchmarks). */
  get memoSize(): number {
    return this.size;
  }

  /**
   * The CPU class of a CPU remainder: how many distinct typical CPU requests fit it. F depends on the CPU
   * remainder only through this number (0 … {@link cpuClassCount} − 1).
   */
  cpuClass(cpuLeft: number): number {
    const t = this.cpuThresholds;
    const table = this.cpuTable;
    if (table !== null && cpuLeft >= 0) {
      return cpuLeft >= t[t.length - 1] ? t.length : table[(cpuLeft / this.cpuStep) | 0];
    }
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t[mid] <= cpuLeft) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Doubles the hash table (entry ids, keys and values stay where they are). */
  private grow(): void {
    const W = this.keyWords;
    const keys = this.keys;
    this.capacity *= 2;
    this.slotEntry = new Int32Array(this.capacity);
    const mask = this.capacity - 1;
    for (let e = 0; e < this.size; e++) {
      let s = keyHash(keys, e * W, W) & mask;
      while (this.slotEntry[s] !== 0) s = (s + 1) & mask;
      this.slotEntry[s] = e + 1;
    }
  }

  /**
   * The reference computation, in its exact float order; writes the 7 categories and F at `at`. `sorted` holds the
   * node's device remainders in ascending order: for each distinct per-device request m of the typical pods, one
   * merged pass finds how many devices fit m and the sum of those that do not (integer sums, so exact in any
   * order), instead of a pass over the devices for each typical pod.
   */
  private compute(modelId: number, cpuLeft: number, sorted: Int32Array, count: number, at: number): void {
    let idle = 0;
    for (let g = 0; g < count; g++) idle += sorted[g];
    const distinct = this.distinctMilli;
    const fittingOf = this.fittingOf;
    const smallOf = this.smallOf;
    for (let d = 0, g = 0, below = 0; d < distinct.length; d++) {
      const m = distinct[d];
      while (g < count && sorted[g] < m) below += sorted[g++];
      fittingOf[d] = count - g;
      smallOf[d] = below;
    }
    // Fields read into locals first: this runs thousands of times while the code is still interpreted, where
    // every `this.x` in the loop is a property load.
    const { n, freq, milli, cpu, allowed, modelCount, milliIndex } = this;
    const counts = this.count;
    const modelRow = modelId < 0 ? -1 : modelId;
    let q1 = 0;
    let q2 = 0;
    let q3 = 0;
    let q4 = 0;
    let xl = 0;
    let xr = 0;
    let na = 0;
    for (let i = 0; i < n; i++) {
      const f = freq[i];
      const m = milli[i];
      const cpuOk = cpuLeft >= cpu[i];
      if (m === 0) {
        if (cpuOk) xl += f * idle;
        else xr += f * idle;
        continue;
      }
      if (modelRow < 0 || allowed[i * modelCount + modelRow] === 0) {
        na += f * idle;
        continue;
      }
      const d = milliIndex[i];
      const small = smallOf[d];
      const fit = fittingOf[d] >= counts[i];
      if (fit && cpuOk) {
        q2 += f * small;
        q3 += f * (idle - small);
      } else if (fit) q4 += f * idle;
      else if (cpuOk) q2 += f * idle;
      else q1 += f * idle;
    }
    const v = this.vals;
    v[at + Q1] = q1;
    v[at + Q2] = q2;
    v[at + Q3] = q3;
    v[at + Q4] = q4;
    v[at + XL] = xl;
    v[at + XR] = xr;
    v[at + NA] = na;
    v[at + FRAG_F] = fragOfVector(v, at);
    v[at + FRAG_IDLE] = idleOfVector(v, at);
  }
}
