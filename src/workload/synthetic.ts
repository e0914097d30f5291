/**
 * @module workload/synthetic
 * A seeded synthetic workload fitted to openb statistics (workload/openb-stats), to drive fleets far larger than
 * the 8k-pod trace: N pods over D days, streamed so a million pods need neither seconds nor much memory.
 *
 * - **Arrivals**: a Poisson process. By default it is conditioned on exactly N arrivals in [0, D days] — the N
 *   arrival times are then N sorted uniforms, drawn in increasing order with O(1) memory (products of
 *   U^(1/k), see {@link WorkloadSampler}); gaps are exponential with mean ≈ D·86,400/N and the last arrival never
 *   passes the horizon. With `arrivalRate` (`'trace'` = the fitted rate, or pods per second) the process is the
 *   unconditioned one — exponential gaps at that rate — and stops at N pods or at D days, whichever comes first.
 * - **Diurnal modulation**: applied when the trace shows a daily cycle (`stats.arrivals.diurnal.detected`; the
 *   openb default trace does: ~4× between the evening peak and the midday trough, stable across the window) or
 *   when forced with `diurnal`. The hourly rate profile, mean 1, multiplies the rate (a time change of the
 *   process, so the count and mean rate are unchanged). Synthetic t = 0 is aligned with trace time t ≡ 0 mod
 *   86,400; the trace's wall-clock phase is not published. The trace is also burstier than Poisson even within
 *   the hour (inter-arrival CV 1.6, batches of simultaneous submissions); that is not reproduced.
 * - **Shapes**: whole rows of the fitted table (CPU, memory, devices, milli per device, type constraint, QoS),
 *   drawn by frequency, so correlations between fields survive.
 * - **Durations**: resampled from the observed durations of the shape's class (pooled for classes with few
 *   observations), times `scale.duration`. Clipping (`durationClip`): `window` (default) caps a duration at the
 *   window length D days — the trace's tail reaches weeks, and no job of a D-day run can be observed longer;
 *   `end` also ends every pod by the horizon (flagged `censored`); `none` keeps them. Censored trace pods are not
 *   sampled unless `includeCensored` (then their lower bounds are, flagged `censored`).
 * - **Teams**: the openb trace has no team or organisation column. Pods get synthetic teams `team-01…team-08`
 *   (by default) with Zipf shares ∝ 1/rank (36.8 %, 18.4 %, 12.3 % … 4.6 %), for per-team accounting demos
 *   only — they carry no information from the trace.
 *
 * Same options and seed ⇒ identical pods (draws from {@link GoRand}, a fixed number per pod in a fixed order).
 * Pods are named `synthetic-pod-0000001` … in arrival order.
 */
import { ErrorCode, InputError, type InputIssue } from '../errors/index.js';
import { MILLI_PER_DEVICE, type PodSpec } from '../model/index.js';
import { GoRand } from '../rng/index.js';
import {
  SECONDS_PER_DAY,
  SHAPE_CLASSES,
  shapeClass,
  type EmpiricalTable,
  type OpenbStats,
  type ShapeClass,
  type ShapeRow,
} from './openb-stats.js';

/** A pod with a place in time (structurally the time simulator's `TimedPod`). */
export type WorkloadPod = PodSpec & {
  /** Seconds from the start of the simulated window. */
  readonly arrivalSec: number;
  /** Run time on the device class the duration was recorded on. */
  readonly durationSec: number;
  /** Team or organisation; synthetic for generated workloads. */
  readonly team?: string;
  /** True when `durationSec` is only a lower bound (running at trace end, or clipped at the horizon). */
  readonly censored?: boolean;
};

export type DurationClip = 'window' | 'end' | 'none';

export interface GenerateOptions {
  readonly stats: OpenbStats;
  /** Number of pods (with `arrivalRate`, the most pods). */
  readonly pods: number;
  /** Length of the simulated window in days. */
  readonly days: number;
  readonly seed: number;
  /** Omitted: exactly `pods` arrivals spread over `days`. `'trace'`: the fitted rate. A number: pods per second. */
  readonly arrivalRate?: 'trace' | number;
  /** Modulate arrivals by the fitted hourly profile; default: when the trace shows a daily cycle. */
  readonly diurnal?: boolean;
  /** Default `window`; see the module header. */
  readonly durationClip?: DurationClip;
  /** Also sample the censored trace pods' lower-bound durations (default false). */
  readonly includeCensored?: boolean;
  /** Multipliers; `duration` stretches every sampled duration (before clipping), e.g. to reach a target load. */
  readonly scale?: { readonly duration?: number };
  /** Number of synthetic teams (default 8; 0 = no team) and the Zipf exponent of their shares (default 1). */
  readonly teams?: number;
  readonly teamZipf?: number;
}

/** Pods of one chunk of the columnar stream; pod i of the chunk is pod `first + i` of the workload. */
export interface WorkloadChunk {
  readonly first: number;
  readonly length: number;
  readonly arrivalSec: Float64Array;
  readonly durationSec: Float64Array;
  /** Index into `shapes`. */
  readonly shape: Uint32Array;
  /** Index into `teamNames`, 255 when there are no teams. */
  readonly team: Uint8Array;
  /** 1 when the duration is a lower bound. */
  readonly censored: Uint8Array;
  readonly shapes: readonly ShapeRow[];
  readonly teamNames: readonly string[];
}

export const DEFAULT_TEAMS = 8;
export const DEFAULT_CHUNK = 65_536;
/** Upper bounds that catch typos (a million pods is the design point; the stream form goes much further). */
export const MAX_PODS = 100_000_000;
export const MAX_DAYS = 3_650;
const NO_TEAM = 255;
const SECONDS_PER_HOUR = 3_600;

/** Name of the i-th generated pod (0-based). */
export function syntheticPodName(i: number): string {
  return `synthetic-pod-${String(i + 1).padStart(7, '0')}`;
}

/** All pods at once. For a million pods prefer {@link streamWorkload} or {@link generateWorkloadChunks}. */
export function generateWorkload(options: GenerateOptions): WorkloadPod[] {
  return [...streamWorkload(options)];
}

/** The pods one at a time, in arrival order; memory stays constant. */
export function streamWorkload(options: GenerateOptions): IterableIterator<WorkloadPod> {
  return new PodStream(new WorkloadSampler(options));
}

/**
 * The iterator of {@link streamWorkload}: an object rather than a generator, so that a pass over millions of pods
 * does not allocate an iterator result per pod (it hands out one result object, updated on each step, which the
 * iterator protocol allows: callers read it before asking for the next).
 */
class PodStream implements IterableIterator<WorkloadPod> {
  private readonly sampler: WorkloadSampler;
  private readonly result: { done: boolean; value: WorkloadPod } = {
    done: false,
    value: undefined as unknown as WorkloadPod,
  };

  constructor(sampler: WorkloadSampler) {
    this.sampler = sampler;
  }

  [Symbol.iterator](): IterableIterator<WorkloadPod> {
    return this;
  }

  next(): IteratorResult<WorkloadPod> {
    const s = this.sampler;
    const result = this.result;
    if (s.next()) {
      result.value = buildPod(
        s.shapePods[s.shape],
        s.index,
        s.arrival,
        s.duration,
        s.team,
        s.teamNames,
        s.censored,
      );
    } else {
      result.done = true;
      result.value = undefined as unknown as WorkloadPod;
    }
    return result;
  }
}

/** How many pods of a workload have each request shape (what a typical-workload pass needs of the pods). */
export interface ShapeCounts {
  /** The shapes, as pods without a name. */
  readonly shapes: readonly Omit<PodSpec, 'name'>[];
  /** Pods per shape, indexed as `shapes`. */
  readonly counts: Int32Array;
  readonly total: number;
}

/**
 * The shape counts of the pods {@link streamWorkload} gives for the same options (the same draws), without making
 * the pods: a pass over ten million pods then allocates nothing per pod.
 */
export function countWorkloadShapes(options: GenerateOptions): ShapeCounts {
  const s = new WorkloadSampler(options);
  const counts = new Int32Array(s.shapePods.length);
  let total = 0;
  while (s.next()) {
    counts[s.shape]++;
    total++;
  }
  return { shapes: s.shapePods, counts, total };
}

/** One pod object; fields spelled out (not spread) so every pod has one hidden class — spreading was 25× slower. */
function buildPod(
  shape: Omit<PodSpec, 'name'>,
  index: number,
  arrival: number,
  duration: number,
  team: number,
  teamNames: readonly string[],
  censored: boolean,
): WorkloadPod {
  return {
    name: syntheticPodName(index),
    cpuMilli: shape.cpuMilli,
    memMiB: shape.memMiB,
    gpuCount: shape.gpuCount,
    gpuMilli: shape.gpuMilli,
    gpuTypes: shape.gpuTypes,
    qos: shape.qos,
    creationTimeSec: arrival,
    arrivalSec: arrival,
    durationSec: duration,
    team: team === NO_TEAM ? undefined : teamNames[team],
    censored,
  };
}

/** The pods as columns, `chunkSize` at a time (typed arrays, no per-pod objects). */
export function* generateWorkloadChunks(
  options: GenerateOptions,
  chunkSize = DEFAULT_CHUNK,
): Generator<WorkloadChunk> {
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new RangeError(`chunkSize must be ≥ 1, got ${chunkSize}`);
  const s = new WorkloadSampler(options);
  let more = true;
  while (more) {
    const cap = Math.min(chunkSize, Math.max(1, s.remaining));
    const arrivalSec = new Float64Array(cap);
    const durationSec = new Float64Array(cap);
    const shape = new Uint32Array(cap);
    const team = new Uint8Array(cap);
    const censored = new Uint8Array(cap);
    const first = s.index + 1;
    let n = 0;
    while (n < cap && (more = s.next())) {
      arrivalSec[n] = s.arrival;
      durationSec[n] = s.duration;
      shape[n] = s.shape;
      team[n] = s.team;
      censored[n] = s.censored ? 1 : 0;
      n++;
    }
    if (n === 0) break;
    yield {
      first,
      length: n,
      arrivalSec: arrivalSec.subarray(0, n),
      durationSec: durationSec.subarray(0, n),
      shape: shape.subarray(0, n),
      team: team.subarray(0, n),
      censored: censored.subarray(0, n),
      shapes: options.stats.shapes,
      teamNames: s.teamNames,
    };
  }
}

/** Pod i of a chunk as a {@link WorkloadPod} (equal to what {@link streamWorkload} yields). */
export function chunkPod(chunk: WorkloadChunk, i: number): WorkloadPod {
  return buildPod(
    podFromRow(chunk.shapes[chunk.shape[i]]),
    chunk.first + i,
    chunk.arrivalSec[i],
    chunk.durationSec[i],
    chunk.team[i],
    chunk.teamNames,
    chunk.censored[i] === 1,
  );
}

function podFromRow(row: ShapeRow): Omit<PodSpec, 'name'> {
  return {
    cpuMilli: row.cpuMilli,
    memMiB: row.memMiB,
    gpuCount: row.gpuCount,
    gpuMilli: row.gpuMilli,
    gpuTypes: Object.freeze([...row.gpuTypes]),
    qos: row.qos ?? undefined,
  };
}

function invalid(field: string, expected: string, got: unknown): InputError {
  return new InputError(ErrorCode.InvalidOption, { field, expected, got: String(got) });
}

/** A sampled distribution: values and the running total of their counts (for a uniform integer draw). */
interface Sampler {
  readonly values: Float64Array;
  readonly cum: Float64Array;
  readonly total: number;
}

function tableSampler(t: EmpiricalTable): Sampler {
  const cum = new Float64Array(t.counts.length);
  let s = 0;
  t.counts.forEach((c, i) => (cum[i] = s += c));
  return { values: Float64Array.from(t.values), cum, total: s };
}

/** Smallest i with cum[i] > x (x an integer in [0, total)). */
function pick(cum: Float64Array, x: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The generator's state machine: each {@link next} draws one pod into the public fields. Draws per pod, in order:
 * one Float64 for the arrival, one Intn for the shape, one Float64 when censored durations are mixed in, one
 * Intn for the duration, one Float64 for the team (when there are teams).
 */
export class WorkloadSampler {
  /** Index (0-based) of the pod last drawn, −1 before the first. */
  index = -1;
  arrival = 0;
  duration = 0;
  shape = 0;
  team = NO_TEAM;
  censored = false;
  readonly shapePods: readonly Omit<PodSpec, 'name'>[];
  readonly teamNames: readonly string[];
  /** Window length in seconds. */
  readonly horizonSec: number;

  private readonly rng: GoRand;
  private readonly n: number;
  private readonly rate: number | undefined;
  /** Operational time: cumulative intensity / mean rate. Conditioned mode: total over the window. */
  private readonly opTotal: number;
  private opTime = 0;
  private logMax = 0;
  /** Cumulative seconds of operational time at the start of each hour of a day (25 entries) and hour weights. */
  private readonly hourCum: Float64Array | undefined;
  private readonly hourWeight: Float64Array | undefined;
  private readonly shapeCum: Float64Array;
  private readonly shapeTotal: number;
  private readonly shapeDurations: Sampler[];
  private readonly censoredSampler: Sampler | undefined;
  private readonly censoredP: number;
  private readonly teamCum: Float64Array;
  private readonly durationScale: number;
  private readonly clip: DurationClip;

  constructor(o: GenerateOptions) {
    const { stats } = o;
    if (!Number.isSafeInteger(o.pods) || o.pods < 0 || o.pods > MAX_PODS) {
      throw invalid('pods', `a whole number in [0, ${MAX_PODS}]`, o.pods);
    }
    if (!(Number.isFinite(o.days) && o.days > 0 && o.days <= MAX_DAYS)) {
      throw invalid('days', `a number of days in (0, ${MAX_DAYS}]`, o.days);
    }
    if (!Number.isSafeInteger(o.seed)) throw invalid('seed', 'a whole number', o.seed);
    const teams = o.teams ?? DEFAULT_TEAMS;
    if (!Number.isInteger(teams) || teams < 0 || teams > 99)
      throw invalid('teams', 'a whole number in [0, 99]', teams);
    const zipf = o.teamZipf ?? 1;
    if (!(Number.isFinite(zipf) && zipf >= 0)) throw invalid('teamZipf', 'a number ≥ 0', zipf);
    const durationScale = o.scale?.duration ?? 1;
    if (!(Number.isFinite(durationScale) && durationScale > 0)) {
      throw invalid('scale.duration', 'a number > 0', durationScale);
    }
    if (stats.shapes.length === 0) throw invalid('stats', 'statistics fitted on at least one pod', 'no pods');
    const durations = stats.durations;
    if (!durations) {
      throw invalid(
        'stats',
        'statistics with durations (a pod list with creation and deletion times)',
        'none',
      );
    }

    this.rng = new GoRand(o.seed);
    this.n = o.pods;
    this.horizonSec = o.days * SECONDS_PER_DAY;
    this.durationScale = durationScale;
    this.clip = o.durationClip ?? 'window';

    if (o.arrivalRate === undefined) this.rate = undefined;
    else if (o.arrivalRate === 'trace') {
      if (!stats.arrivals || !(stats.arrivals.ratePerSec > 0)) {
        throw invalid(
          'arrivalRate',
          'statistics with an arrival rate (a pod list with creation times)',
          'trace',
        );
      }
      this.rate = stats.arrivals.ratePerSec;
    } else if (Number.isFinite(o.arrivalRate) && o.arrivalRate > 0) this.rate = o.arrivalRate;
    else throw invalid('arrivalRate', "'trace' or pods per second > 0", o.arrivalRate);

    const diurnal = o.diurnal ?? stats.arrivals?.diurnal.detected ?? false;
    if (diurnal) {
      if (!stats.arrivals) throw invalid('diurnal', 'statistics with arrival times', 'none');
      const w = stats.arrivals.diurnal.hourlyWeights;
      this.hourWeight = Float64Array.from(w);
      this.hourCum = new Float64Array(25);
      for (let h = 0; h < 24; h++) this.hourCum[h + 1] = this.hourCum[h] + w[h] * SECONDS_PER_HOUR;
      // Weights have mean 1, so a day of operational time is a day; re-normalise against rounding drift.
      const k = SECONDS_PER_DAY / this.hourCum[24];
      for (let h = 0; h <= 24; h++) this.hourCum[h] *= k;
      for (let h = 0; h < 24; h++) this.hourWeight[h] *= k;
    }
    this.opTotal = this.operational(this.horizonSec);

    const shapeCounts = stats.shapes.map((r) => r.count);
    this.shapeCum = new Float64Array(shapeCounts.length);
    let total = 0;
    shapeCounts.forEach((c, i) => (this.shapeCum[i] = total += c));
    this.shapeTotal = total;
    if (total > 2 ** 31 - 1) throw invalid('stats', 'fewer than 2^31 pods', total);
    this.shapePods = stats.shapes.map(podFromRow);
    const pooled = tableSampler(durations.all);
    const byClass = new Map<ShapeClass, Sampler>();
    for (const c of SHAPE_CLASSES) {
      const t = durations.byClass[c];
      byClass.set(c, t ? tableSampler(t) : pooled);
    }
    this.shapeDurations = stats.shapes.map((r) => byClass.get(shapeClass(r))!);
    if (o.includeCensored && durations.censoredLowerBounds) {
      this.censoredSampler = tableSampler(durations.censoredLowerBounds);
      this.censoredP = durations.censored / (durations.censored + durations.observed);
    } else {
      this.censoredSampler = undefined;
      this.censoredP = 0;
    }

    this.teamNames = Array.from({ length: teams }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`);
    this.teamCum = new Float64Array(teams);
    let tw = 0;
    for (let i = 0; i < teams; i++) this.teamCum[i] = tw += (i + 1) ** -zipf;
    for (let i = 0; i < teams; i++) this.teamCum[i] /= tw;
  }

  /** Pods left to draw at most. */
  get remaining(): number {
    return this.n - this.index - 1;
  }

  /** Draws the next pod; false when the workload is complete. */
  next(): boolean {
    const i = this.index + 1;
    if (i >= this.n) return false;
    const rng = this.rng;
    if (this.rate === undefined) {
      // The (n−i)-th largest of n uniforms is the previous one times U^(1/(n−i)); mirrored, they come out in
      // increasing order. Kept as a log for precision over a million factors.
      this.logMax += Math.log(1 - rng.float64()) / (this.n - i);
      this.opTime = -Math.expm1(this.logMax) * this.opTotal;
    } else {
      this.opTime += -Math.log(1 - rng.float64()) / this.rate;
      if (this.opTime >= this.opTotal) {
        this.index = this.n; // the horizon ends the stream
        return false;
      }
    }
    // min: rounding in the time change must not push an arrival past the horizon.
    const t = Math.min(this.horizonSec, this.hourCum ? this.realTime(this.opTime) : this.opTime);
    this.index = i;
    this.arrival = t;

    const shape = pick(this.shapeCum, rng.intn(this.shapeTotal));
    this.shape = shape;

    let d: number;
    this.censored = false;
    const cs = this.censoredSampler;
    if (cs && rng.float64() < this.censoredP) {
      d = cs.values[pick(cs.cum, rng.intn(cs.total))];
      this.censored = true;
    } else {
      const ds = this.shapeDurations[shape];
      d = ds.values[pick(ds.cum, rng.intn(ds.total))];
    }
    d *= this.durationScale;
    const cap =
      this.clip === 'window' ? this.horizonSec : this.clip === 'end' ? this.horizonSec - t : Infinity;
    if (d > cap) {
      d = cap;
      this.censored = true;
    }
    this.duration = d;

    if (this.teamCum.length > 0) {
      const u = rng.float64();
      let k = 0;
      while (k < this.teamCum.length - 1 && u >= this.teamCum[k]) k++;
      this.team = k;
    }
    return true;
  }

  /** Operational time at real time t: ∫₀ᵗ weight(hour(s)) ds. */
  private operational(t: number): number {
    const cum = this.hourCum;
    if (!cum) return t;
    const day = Math.floor(t / SECONDS_PER_DAY);
    const r = t - day * SECONDS_PER_DAY;
    const h = Math.min(23, Math.floor(r / SECONDS_PER_HOUR));
    return day * SECONDS_PER_DAY + cum[h] + (r - h * SECONDS_PER_HOUR) * this.hourWeight![h];
  }

  /** Inverse of {@link operational}. */
  private realTime(s: number): number {
    const cum = this.hourCum!;
    const day = Math.floor(s / SECONDS_PER_DAY);
    const r = s - day * SECONDS_PER_DAY;
    let h = 0;
    while (h < 23 && cum[h + 1] <= r) h++;
    return day * SECONDS_PER_DAY + h * SECONDS_PER_HOUR + (r - cum[h]) / this.hourWeight![h];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Expected load, to size a workload for a fleet.

export interface ExpectedLoad {
  /** Expected device-seconds requested per pod (Σ devices × duration, after scaling and clipping). */
  readonly deviceSecondsPerPod: number;
  /** Expected duration per pod in seconds. */
  readonly meanDurationSec: number;
  /** pods × deviceSecondsPerPod / window: devices busy on average if every pod ran at once on arrival. */
  readonly meanBusyDevices: number;
}

/**
 * The load a generated workload offers, in expectation (shapes and durations are independent within a class, so
 * this is exact up to sampling noise; `end` clipping assumes uniform arrivals). Use it to pick `pods` or
 * `scale.duration` for a target utilisation of a fleet.
 */
export function expectedLoad(
  options: Pick<GenerateOptions, 'stats' | 'pods' | 'days' | 'durationClip' | 'scale' | 'includeCensored'>,
): ExpectedLoad {
  const { stats } = options;
  const durations = stats.durations;
  if (!durations) throw invalid('stats', 'statistics with durations', 'none');
  const T = options.days * SECONDS_PER_DAY;
  const scale = options.scale?.duration ?? 1;
  const clip = options.durationClip ?? 'window';
  // Expected clipped duration of one table.
  const meanOf = (t: EmpiricalTable): number => {
    let s = 0;
    t.values.forEach((v0, i) => {
      const v = v0 * scale;
      // end: a pod arriving uniformly in [0, T] runs min(v, T − t): mean v − v²/2T for v ≤ T, else T/2.
      const e =
        clip === 'none' ? v : clip === 'window' ? Math.min(v, T) : v <= T ? v - (v * v) / (2 * T) : T / 2;
      s += e * t.counts[i];
    });
    return s / t.n;
  };
  const pc =
    options.includeCensored && durations.censoredLowerBounds
      ? durations.censored / (durations.censored + durations.observed)
      : 0;
  const censoredMean = pc > 0 ? meanOf(durations.censoredLowerBounds!) : 0;
  const classMean = new Map<ShapeClass, number>();
  for (const c of SHAPE_CLASSES) {
    classMean.set(c, (1 - pc) * meanOf(durations.byClass[c] ?? durations.all) + pc * censoredMean);
  }
  let devSec = 0;
  let dur = 0;
  let total = 0;
  for (const r of stats.shapes) {
    const m = classMean.get(shapeClass(r))!;
    devSec += ((r.count * r.gpuCount * r.gpuMilli) / MILLI_PER_DEVICE) * m;
    dur += r.count * m;
    total += r.count;
  }
  return {
    deviceSecondsPerPod: devSec / total,
    meanDurationSec: dur / total,
    meanBusyDevices: (options.pods * devSec) / total / T,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The `synthetic:pods=N,days=D,seed=S[,rate=…]` workload spec.

export interface SyntheticSpec {
  readonly pods: number;
  readonly days: number;
  readonly seed: number;
  /** Pods per second, or `'trace'`; absent: exactly `pods` spread over `days`. */
  readonly arrivalRate?: 'trace' | number;
}

export const SYNTHETIC_PREFIX = 'synthetic:';
const SPEC_FORM = 'synthetic:pods=N,days=D,seed=S[,rate=trace|R/s|R/min|R/h|R/d]';
const RATE_UNITS: Readonly<Record<string, number>> = { s: 1, min: 60, h: 3_600, d: SECONDS_PER_DAY };
const DECIMAL = /^[0-9][0-9_]*(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** Whether a `--workload` value names a synthetic workload rather than a file. */
export function isSyntheticSpec(value: string): boolean {
  return value === 'synthetic' || value.startsWith(SYNTHETIC_PREFIX);
}

/**
 * Parses `synthetic:pods=N,days=D,seed=S[,rate=…]`. `seed` may be left out when `defaults.seed` is given (the
 * CLI's `--seed`). Every problem is reported at once, as one {@link InputError} (code InvalidOption).
 */
export function parseSyntheticSpec(spec: string, defaults: { seed?: number } = {}): SyntheticSpec {
  const fail = (issues: InputIssue[]): never => {
    throw new InputError(ErrorCode.InvalidOption, issues);
  };
  if (!spec.startsWith(SYNTHETIC_PREFIX)) {
    fail([{ field: 'workload', expected: SPEC_FORM, got: spec }]);
  }
  const body = spec.slice(SYNTHETIC_PREFIX.length);
  const issues: InputIssue[] = [];
  const seen = new Map<string, string>();
  for (const part of body === '' ? [] : body.split(',')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part.trim() : part.slice(0, eq).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (eq < 0 || key === '') {
      issues.push({
        field: 'synthetic',
        message: 'each item must be key=value',
        expected: SPEC_FORM,
        got: part,
      });
    } else if (!['pods', 'days', 'seed', 'rate'].includes(key)) {
      issues.push({
        field: 'synthetic',
        message: `unknown key ${JSON.stringify(key)}`,
        expected: 'pods, days, seed or rate',
        got: part,
      });
    } else if (seen.has(key)) {
      issues.push({ field: `synthetic.${key}`, message: 'given twice', got: part });
    } else seen.set(key, value);
  }
  const num = (raw: string): number => (DECIMAL.test(raw) ? Number(raw.replace(/_/g, '')) : NaN);

  let pods = 0;
  const rawPods = seen.get('pods');
  if (rawPods === undefined)
    issues.push({ field: 'synthetic.pods', message: 'missing', expected: 'pods=N, e.g. pods=100000' });
  else {
    pods = num(rawPods);
    if (!(Number.isSafeInteger(pods) && pods >= 1 && pods <= MAX_PODS)) {
      issues.push({
        field: 'synthetic.pods',
        expected: `a whole number of pods in [1, ${MAX_PODS}]`,
        got: rawPods,
      });
    }
  }
  let days = 0;
  const rawDays = seen.get('days');
  if (rawDays === undefined)
    issues.push({ field: 'synthetic.days', message: 'missing', expected: 'days=D, e.g. days=30' });
  else {
    days = num(rawDays);
    if (!(days > 0 && days <= MAX_DAYS)) {
      issues.push({
        field: 'synthetic.days',
        expected: `a number of days in (0, ${MAX_DAYS}]`,
        got: rawDays,
      });
    }
  }
  let seed = defaults.seed ?? 0;
  const rawSeed = seen.get('seed');
  if (rawSeed === undefined) {
    if (defaults.seed === undefined) {
      issues.push({ field: 'synthetic.seed', message: 'missing', expected: 'seed=S, e.g. seed=42' });
    }
  } else {
    seed = /^-?[0-9]+$/.test(rawSeed) ? Number(rawSeed) : NaN;
    if (!Number.isSafeInteger(seed))
      issues.push({ field: 'synthetic.seed', expected: 'a whole number', got: rawSeed });
  }
  let arrivalRate: 'trace' | number | undefined;
  const rawRate = seen.get('rate');
  if (rawRate !== undefined) {
    const m = /^([^/]+)\/(s|min|h|d)$/.exec(rawRate);
    const r = m ? num(m[1]) : NaN;
    if (rawRate === 'trace') arrivalRate = 'trace';
    else if (m && r > 0 && Number.isFinite(r)) arrivalRate = r / RATE_UNITS[m[2]];
    else {
      issues.push({
        field: 'synthetic.rate',
        expected: 'trace, or pods per unit time > 0 with the unit, e.g. 240/d, 10/h, 0.003/s',
        got: rawRate,
      });
    }
  }
  if (issues.length > 0) fail(issues);
  return arrivalRate === undefined ? { pods, days, seed } : { pods, days, seed, arrivalRate };
}
