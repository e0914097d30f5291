/**
 * @module workload/openb-stats
 * Fits, from an openb pod list, the empirical distributions the synthetic workload generator
 * (workload/synthetic) samples from: the joint table of request shapes, the class, type-constraint and QoS mix,
 * the arrival process (rate, burstiness, diurnal profile) and the durations. The result is plain JSON data, so
 * it can be saved next to a report and reused without the trace.
 *
 * What the real default trace (`openb_pod_list_default.csv`, 8,152 pods) looks like — all times are whole
 * seconds from an undisclosed origin, none negative, every pod has creation and deletion times, 897 (the
 * `Pending` ones) have no scheduled time:
 * - creation times span 0 … 12,901,761 s (149.3 days), but the trace is really a ~34-day collection window:
 *   no pod is deleted before 9,964,972 s (day 115.3), and 8,119 pods are created from then on. The 33 pods
 *   created earlier (pod 0 at t = 0, a handful on days 109–114) are long-runners still alive when collection
 *   began. So the arrival rate is fitted over the window [first deletion, last time seen] =
 *   [9,964,972, 12,902,960] s (34.0 days): 8,119 / 2,937,988 s ≈ 0.00276 pods/s ≈ 239 pods/day (the naive
 *   8,152 pods / 149.3 days ≈ 55/day would be 4× too low). Median creation time 11,516,536 s (day 133.3).
 * - inter-arrival gaps in the window: mean 362 s, median 160 s, coefficient of variation 1.62 (a Poisson
 *   process has 1), 199 zero gaps (pods submitted together): the trace is burstier than Poisson.
 * - a clear diurnal cycle (in trace time, t mod 86,400; the wall-clock phase of t = 0 is not published):
 *   arrivals per hour peak around hours 17–1 and bottom out around hours 9–14 at ~¼ of the peak; the same
 *   shape in both halves of the window, and the evening hours beat the midday hours on 34 of 35 days.
 * - durations (deletion − creation): 1 pod lives 0 s; 34 pods have deletion_time = 12,902,960 s exactly, the
 *   largest time in the file, i.e. the collection end stamped on pods still running: they are right-censored
 *   (17 of them are survivors created before the window, 17 were created inside it).
 * - the 33 survivors created before the window are length-biased (only long jobs live long enough to be caught
 *   by the collection: their lives reach 145 days) and, clipped at 30 days, request almost as many
 *   device-seconds (55.5 M) as all 8,119 pods created inside the window (59.3 M). They are not arrivals of the window, so durations are fitted on
 *   the window's pods only (`durationsFrom: 'all'` keeps them): 8,101 observed durations, median 539 s, p90
 *   5,937 s, p99 61,202 s, mean 4,663 s, max 2,342,266 s (27 days); 17 censored (0.21 %, lower bounds with
 *   median 912,664 s = 10.6 days). Over all pods it would be median 539 s but mean 9,515 s.
 * - by class the medians are similar (435–620 s) but the tails differ (p90: CPU-only 12.4k s, sharing 6.5k s,
 *   one whole GPU 5.0k s, multi-GPU 42.6k s), so durations are fitted per class.
 * - `pod_phase` is the last phase seen (5,193 Running, 1,870 Failed, 897 Pending, 192 Succeeded), not whether
 *   the pod was alive at the end; Pending pods never ran, so their "duration" is time spent waiting (median
 *   94 s). We keep deletion − creation for every pod, as the brief and the time simulator's trace replay do;
 *   scheduled − creation is small anyway (median 2 s, mean 61 s).
 * - no pod of the default trace has a GPU type constraint (the gpuspec* variants add them) and no pod lacks a
 *   QoS (LS 57.0 %, BE 41.7 %, Burstable 1.2 %, Guaranteed 0.1 %); 162 distinct (request, QoS) rows.
 *
 * Censoring rule: a pod is censored when it has no deletion time, or its deletion time equals the largest
 * time in the file (the collection end). Censored pods are counted and reported but not sampled by default
 * (their true duration is unknown and longer); their lower bounds are kept so the generator can mix them in.
 * Leaving them out shortens the tail: with them (`includeCensored`), 30-day clipped, a pod offers ~40 % more
 * device-seconds (5,760 instead of 4,100 on the default trace).
 */
import { MILLI_PER_DEVICE, type PodSpec } from '../model/index.js';
import { loadOpenbPods } from '../traces/index.js';
import { quantileSorted } from '../stats/index.js';

/** The four request classes the generator keeps the shares of. */
export type ShapeClass = 'cpu-only' | 'sharing' | 'whole-gpu' | 'multi-gpu';
export const SHAPE_CLASSES: readonly ShapeClass[] = ['cpu-only', 'sharing', 'whole-gpu', 'multi-gpu'];

/** CPU-only, sharing (part of one device), one whole device, or several devices. */
export function shapeClass(pod: Pick<PodSpec, 'gpuCount' | 'gpuMilli'>): ShapeClass {
  if (pod.gpuCount === 0 || pod.gpuMilli === 0) return 'cpu-only';
  if (pod.gpuCount >= 2) return 'multi-gpu';
  return pod.gpuMilli < MILLI_PER_DEVICE ? 'sharing' : 'whole-gpu';
}

/** One distinct request (with its QoS, so shape–QoS correlations survive) and how many trace pods had it. */
export interface ShapeRow {
  readonly cpuMilli: number;
  readonly memMiB: number;
  readonly gpuCount: number;
  readonly gpuMilli: number;
  readonly gpuTypes: readonly string[];
  /** null when the trace gives none. */
  readonly qos: string | null;
  readonly count: number;
}

/** An empirical distribution: sorted distinct values with their multiplicities. */
export interface EmpiricalTable {
  readonly values: readonly number[];
  readonly counts: readonly number[];
  /** Σ counts. */
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface DiurnalStats {
  /** Relative arrival rate in each hour of day 0…23 of trace time (t mod 86,400), mean 1; +1 smoothed. */
  readonly hourlyWeights: readonly number[];
  /** Pearson χ² of the hourly counts against a flat rate (23 degrees of freedom), exposure-corrected. */
  readonly chiSquare: number;
  /** Wilson–Hilferty normal score of that χ² (> 3.09 ⇔ p < 0.001). */
  readonly z: number;
  /** Correlation of the hourly profiles of the first and second half of the window (is it stable?). */
  readonly halvesCorrelation: number;
  /** Highest over lowest hourly weight. */
  readonly peakToTrough: number;
  /** z > 3.09, halvesCorrelation ≥ 0.5 and ≥ 480 arrivals: the generator modulates arrivals by default. */
  readonly detected: boolean;
}

export interface ArrivalStats {
  /** Smallest and largest creation time (s). */
  readonly firstCreationSec: number;
  readonly lastCreationSec: number;
  /** lastCreation − firstCreation. */
  readonly fullSpanSec: number;
  /** Largest time of any kind in the file: the collection end. */
  readonly traceEndSec: number;
  /** Collection window [start, end] the rate is fitted on; start = first deletion time (see the module header). */
  readonly windowStartSec: number;
  readonly windowEndSec: number;
  /** Pods created inside the window, and before it (alive when collection began). */
  readonly windowPods: number;
  readonly preWindowPods: number;
  /** windowPods / (windowEnd − windowStart): the Poisson rate's maximum-likelihood estimate. */
  readonly ratePerSec: number;
  readonly ratePerDay: number;
  /** Gaps between consecutive creation times inside the window. */
  readonly meanInterArrivalSec: number;
  readonly medianInterArrivalSec: number;
  /** Standard deviation / mean of the gaps (1 for a Poisson process). */
  readonly interArrivalCv: number;
  readonly zeroGaps: number;
  readonly diurnal: DiurnalStats;
}

export interface DurationStats {
  /**
   * Which pods the durations come from: `window` (default) = pods created inside the collection window, the
   * population the arrival rate describes; `all` = every pod, including the survivors created before the
   * window, which are length-biased (only long-runners survive to be seen) — see the module header.
   */
  readonly population: 'window' | 'all';
  /** Pods of the population (with a creation time). */
  readonly populationPods: number;
  /** Pods left out: no creation time, or created before the window (when population is `window`). */
  readonly missingCreation: number;
  readonly beforeWindow: number;
  /** Positive, uncensored durations: the ones sampled. */
  readonly observed: number;
  /** Pods of the population with no deletion time or deleted at the collection end: right-censored. */
  readonly censored: number;
  /** censored / populationPods. */
  readonly censoredShare: number;
  /** Censored pods in the whole file (window or not), for reference. */
  readonly censoredInFile: number;
  /**
   * Lower bounds (collection end − creation) of the population's censored durations, null when none. Sampled
   * only when the generator is asked to (`includeCensored`).
   */
  readonly censoredLowerBounds: EmpiricalTable | null;
  /** Uncensored pods with deletion ≤ creation (not sampled). */
  readonly nonPositive: number;
  /** All observed durations. */
  readonly all: EmpiricalTable;
  /** Per class, null when the class has fewer than {@link MIN_CLASS_DURATIONS} observations (pooled then). */
  readonly byClass: Readonly<Record<ShapeClass, EmpiricalTable | null>>;
}

/** Everything the generator needs; plain JSON. */
export interface OpenbStats {
  readonly version: 1;
  /** Where the pods came from, when the caller says. */
  readonly source: string | null;
  readonly pods: number;
  readonly shapes: readonly ShapeRow[];
  /** Shares of all pods, summing to 1. */
  readonly classShares: Readonly<Record<ShapeClass, number>>;
  /** Pods with a GPU type constraint, as a share of all pods and of GPU pods. */
  readonly typeConstrainedShare: number;
  readonly typeConstrainedShareOfGpuPods: number;
  /** Mean gpuMilli of sharing pods (0 when none). */
  readonly meanSharingGpuMilli: number;
  /** Mean devices (gpuCount × gpuMilli / 1000) per pod. */
  readonly meanDevicesPerPod: number;
  /** Share of each QoS value; pods without one count under "unknown". */
  readonly qosMix: Readonly<Record<string, number>>;
  /** null when fewer than two pods have a creation time (e.g. the 5-column multigpu files). */
  readonly arrivals: ArrivalStats | null;
  /** null when no pod has a positive, uncensored duration. */
  readonly durations: DurationStats | null;
}

/** Classes with fewer observed durations than this borrow the pooled distribution. */
export const MIN_CLASS_DURATIONS = 50;
export const SECONDS_PER_DAY = 86_400;
const SECONDS_PER_HOUR = 3_600;

export interface FitOptions {
  /** Recorded in `source`. */
  readonly source?: string;
  /** Population of the duration fit (see {@link DurationStats.population}); default `window`. */
  readonly durationsFrom?: 'window' | 'all';
}

/** Fits the statistics of an openb pod list (as loaded by `loadOpenbPods`). */
export function fitOpenbStats(pods: readonly PodSpec[], options: FitOptions = {}): OpenbStats {
  const n = pods.length;
  const classCount: Record<ShapeClass, number> = {
    'cpu-only': 0,
    sharing: 0,
    'whole-gpu': 0,
    'multi-gpu': 0,
  };
  const qosCount = new Map<string, number>();
  const rows = new Map<string, { row: Omit<ShapeRow, 'count'>; count: number }>();
  let constrained = 0;
  let sharingMilli = 0;
  let milliTotal = 0;
  for (const p of pods) {
    const cls = shapeClass(p);
    classCount[cls]++;
    if (cls === 'sharing') sharingMilli += p.gpuMilli;
    if (cls !== 'cpu-only') milliTotal += p.gpuCount * p.gpuMilli;
    if (cls !== 'cpu-only' && p.gpuTypes.length > 0) constrained++;
    const qos = p.qos ?? null;
    qosCount.set(qos ?? 'unknown', (qosCount.get(qos ?? 'unknown') ?? 0) + 1);
    // CPU-only pods ignore their GPU fields (the loader already zeroes them); normalise so they share a row.
    const gpuCount = cls === 'cpu-only' ? 0 : p.gpuCount;
    const gpuMilli = cls === 'cpu-only' ? 0 : p.gpuMilli;
    const gpuTypes = cls === 'cpu-only' ? [] : [...p.gpuTypes];
    const key = JSON.stringify([p.cpuMilli, p.memMiB, gpuCount, gpuMilli, gpuTypes, qos]);
    const hit = rows.get(key);
    if (hit) hit.count++;
    else
      rows.set(key, {
        row: { cpuMilli: p.cpuMilli, memMiB: p.memMiB, gpuCount, gpuMilli, gpuTypes, qos },
        count: 1,
      });
  }
  // Most frequent first, then by key: a stable order that does not depend on the file's row order.
  const shapes = [...rows.entries()]
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, { row, count }]) => ({ ...row, count }));
  const gpuPods = n - classCount['cpu-only'];
  const share = (k: number, of: number): number => (of > 0 ? k / of : 0);
  const arrivals = fitArrivals(pods);
  const qosMix: Record<string, number> = {};
  for (const [k, v] of [...qosCount.entries()].sort((a, b) => b[1] - a[1])) qosMix[k] = share(v, n);

  return {
    version: 1,
    source: options.source ?? null,
    pods: n,
    shapes,
    classShares: {
      'cpu-only': share(classCount['cpu-only'], n),
      sharing: share(classCount.sharing, n),
      'whole-gpu': share(classCount['whole-gpu'], n),
      'multi-gpu': share(classCount['multi-gpu'], n),
    },
    typeConstrainedShare: share(constrained, n),
    typeConstrainedShareOfGpuPods: share(constrained, gpuPods),
    meanSharingGpuMilli: share(sharingMilli, classCount.sharing),
    meanDevicesPerPod: share(milliTotal / MILLI_PER_DEVICE, n),
    qosMix,
    arrivals,
    durations: fitDurations(
      pods,
      options.durationsFrom === 'all' ? -Infinity : (arrivals?.windowStartSec ?? -Infinity),
    ),
  };
}

/** Loads an openb pod list with `loadOpenbPods` and fits it; `source` defaults to the file name. */
export async function fitOpenbStatsFile(file: string, options: FitOptions = {}): Promise<OpenbStats> {
  const { pods } = await loadOpenbPods(file);
  return fitOpenbStats(pods, { source: file, ...options });
}

// ---------------------------------------------------------------------------------------------------------------
// Arrivals.

/** Largest time of any kind: the collection end. */
function traceEnd(pods: readonly PodSpec[]): number {
  let end = -Infinity;
  for (const p of pods) {
    for (const t of [p.creationTimeSec, p.deletionTimeSec, p.scheduledTimeSec]) {
      if (t !== undefined && t > end) end = t;
    }
  }
  return end;
}

function fitArrivals(pods: readonly PodSpec[]): ArrivalStats | null {
  const created: number[] = [];
  let firstDeletion = Infinity;
  for (const p of pods) {
    if (p.creationTimeSec !== undefined) created.push(p.creationTimeSec);
    if (p.deletionTimeSec !== undefined && p.deletionTimeSec < firstDeletion)
      firstDeletion = p.deletionTimeSec;
  }
  if (created.length < 2) return null;
  const sorted = Float64Array.from(created).sort();
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const end = traceEnd(pods);
  // Nothing is seen to end before the first deletion, so collection cannot have started earlier; pods created
  // before it are survivors from before the window. Fall back to the full span when that leaves too little.
  let start = Number.isFinite(firstDeletion) && firstDeletion > first ? firstDeletion : first;
  let from = lowerBound(sorted, start);
  if (sorted.length - from < 2 || end <= start) {
    start = first;
    from = 0;
  }
  const window = sorted.subarray(from);
  const windowEnd = Math.max(end, last);
  const span = windowEnd - start;
  const gaps = new Float64Array(window.length - 1);
  let zeroGaps = 0;
  for (let i = 1; i < window.length; i++) {
    gaps[i - 1] = window[i] - window[i - 1];
    if (gaps[i - 1] === 0) zeroGaps++;
  }
  const gapMean = mean(gaps);
  let ss = 0;
  for (const g of gaps) ss += (g - gapMean) ** 2;
  const gapSd = Math.sqrt(ss / gaps.length);
  const sortedGaps = Float64Array.from(gaps).sort();
  const rate = span > 0 ? window.length / span : 0;
  return {
    firstCreationSec: first,
    lastCreationSec: last,
    fullSpanSec: last - first,
    traceEndSec: end,
    windowStartSec: start,
    windowEndSec: windowEnd,
    windowPods: window.length,
    preWindowPods: from,
    ratePerSec: rate,
    ratePerDay: rate * SECONDS_PER_DAY,
    meanInterArrivalSec: gapMean,
    medianInterArrivalSec: quantileSorted(sortedGaps, 0.5),
    interArrivalCv: gapMean > 0 ? gapSd / gapMean : 0,
    zeroGaps,
    diurnal: fitDiurnal(window, start, windowEnd),
  };
}

/** Arrivals per hour of day and the seconds of each hour of day inside [start, end) (the exposure). */
function hourlyCounts(
  times: ArrayLike<number>,
  start: number,
  end: number,
): { count: number[]; exposure: number[] } {
  const count = new Array<number>(24).fill(0);
  const exposure = new Array<number>(24).fill(0);
  for (let i = 0; i < times.length; i++) count[hourOfDay(times[i])]++;
  for (let t = start; t < end;) {
    const next = Math.min(end, (Math.floor(t / SECONDS_PER_HOUR) + 1) * SECONDS_PER_HOUR);
    exposure[hourOfDay(t)] += next - t;
    t = next;
  }
  return { count, exposure };
}

function hourOfDay(t: number): number {
  const r = t % SECONDS_PER_DAY;
  return Math.floor((r < 0 ? r + SECONDS_PER_DAY : r) / SECONDS_PER_HOUR);
}

/** Rate of each hour relative to the mean rate, +1 smoothed so no hour is ever 0, normalised to mean 1. */
function relativeRates(count: readonly number[], exposure: readonly number[]): number[] {
  const raw = count.map((c, h) => (exposure[h] > 0 ? (c + 1) / exposure[h] : 0));
  const positive = raw.filter((r) => r > 0);
  const fill = positive.length > 0 ? mean(positive) : 1;
  const filled = raw.map((r, h) => (exposure[h] > 0 ? r : fill));
  const m = mean(filled);
  return filled.map((r) => r / m);
}

function fitDiurnal(window: Float64Array, start: number, end: number): DiurnalStats {
  const { count, exposure } = hourlyCounts(window, start, end);
  const n = window.length;
  const totalExposure = exposure.reduce((s, e) => s + e, 0);
  let chiSquare = 0;
  for (let h = 0; h < 24; h++) {
    const expected = (n * exposure[h]) / totalExposure;
    if (expected > 0) chiSquare += (count[h] - expected) ** 2 / expected;
  }
  const k = 23;
  // Wilson–Hilferty: (χ²/k)^(1/3) is about normal with mean 1 − 2/(9k) and variance 2/(9k).
  const z = (Math.cbrt(chiSquare / k) - (1 - 2 / (9 * k))) / Math.sqrt(2 / (9 * k));
  // Stability: a real daily cycle shows in both halves; a few bursty days would not.
  const mid = window[Math.floor(n / 2)];
  const a = hourlyCounts(window.subarray(0, Math.floor(n / 2)), start, mid);
  const b = hourlyCounts(window.subarray(Math.floor(n / 2)), mid, end);
  const halvesCorrelation = pearson(relativeRates(a.count, a.exposure), relativeRates(b.count, b.exposure));
  const hourlyWeights = relativeRates(count, exposure);
  const peakToTrough = Math.max(...hourlyWeights) / Math.min(...hourlyWeights);
  return {
    hourlyWeights,
    chiSquare,
    z,
    halvesCorrelation,
    peakToTrough,
    detected: z > 3.09 && halvesCorrelation >= 0.5 && n >= 480,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Durations.

function fitDurations(pods: readonly PodSpec[], windowStart: number): DurationStats | null {
  const end = traceEnd(pods);
  const all: number[] = [];
  const byClass: Record<ShapeClass, number[]> = {
    'cpu-only': [],
    sharing: [],
    'whole-gpu': [],
    'multi-gpu': [],
  };
  const censoredLower: number[] = [];
  let inPopulation = 0;
  let beforeWindow = 0;
  let missingCreation = 0;
  let censoredInFile = 0;
  let nonPositive = 0;
  for (const p of pods) {
    const c = p.creationTimeSec;
    if (c === undefined) {
      missingCreation++;
      continue;
    }
    const d = p.deletionTimeSec;
    const censored = d === undefined || d >= end;
    if (censored) censoredInFile++;
    // Survivors from before the window are length-biased (inspection paradox): keep them out of the fit.
    if (c < windowStart) {
      beforeWindow++;
      continue;
    }
    inPopulation++;
    if (censored) {
      censoredLower.push(end - c);
      continue;
    }
    if (d <= c) {
      nonPositive++;
      continue;
    }
    all.push(d - c);
    byClass[shapeClass(p)].push(d - c);
  }
  if (all.length === 0) return null;
  const classTables = {} as Record<ShapeClass, EmpiricalTable | null>;
  for (const cls of SHAPE_CLASSES) {
    classTables[cls] = byClass[cls].length >= MIN_CLASS_DURATIONS ? empiricalTable(byClass[cls]) : null;
  }
  return {
    population: Number.isFinite(windowStart) ? 'window' : 'all',
    populationPods: inPopulation,
    missingCreation,
    beforeWindow,
    observed: all.length,
    censored: censoredLower.length,
    censoredShare: inPopulation > 0 ? censoredLower.length / inPopulation : 0,
    censoredInFile,
    censoredLowerBounds: censoredLower.length > 0 ? empiricalTable(censoredLower) : null,
    nonPositive,
    all: empiricalTable(all),
    byClass: classTables,
  };
}

/** Builds the sorted distinct-value table of a sample (non-empty). */
export function empiricalTable(sample: readonly number[]): EmpiricalTable {
  const sorted = Float64Array.from(sample).sort();
  const values: number[] = [];
  const counts: number[] = [];
  for (const v of sorted) {
    if (values.length > 0 && values[values.length - 1] === v) counts[counts.length - 1]++;
    else {
      values.push(v);
      counts.push(1);
    }
  }
  return {
    values,
    counts,
    n: sorted.length,
    mean: mean(sorted),
    median: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p99: quantileSorted(sorted, 0.99),
    max: sorted[sorted.length - 1],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Small numeric helpers (exported for the tests and the generator).

export { quantileSorted } from '../stats/index.js';

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length > 0 ? s / xs.length : 0;
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** First index i with sorted[i] ≥ x. */
function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------------------------
// Summary.

const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;
const secs = (x: number): string => `${Math.round(x).toLocaleString('en-US')} s`;
const days = (x: number): string => `${(x / SECONDS_PER_DAY).toFixed(1)} d`;

/** Human-readable summary of fitted statistics, one fact per line. */
export function summarizeOpenbStats(stats: OpenbStats): string {
  const c = stats.classShares;
  const lines = [
    `openb statistics${stats.source ? ` of ${stats.source}` : ''}: ${stats.pods.toLocaleString('en-US')} pods, ` +
      `${stats.shapes.length} distinct request shapes`,
    `classes: CPU-only ${pct(c['cpu-only'])}, sharing ${pct(c.sharing)}, one whole GPU ${pct(c['whole-gpu'])}, ` +
      `multi-GPU ${pct(c['multi-gpu'])}`,
    `type-constrained: ${pct(stats.typeConstrainedShare)} of pods (${pct(stats.typeConstrainedShareOfGpuPods)} of GPU pods); ` +
      `mean sharing request ${stats.meanSharingGpuMilli.toFixed(1)} milli-GPU; ` +
      `mean ${stats.meanDevicesPerPod.toFixed(3)} devices per pod`,
    `QoS: ${Object.entries(stats.qosMix)
      .map(([k, v]) => `${k} ${pct(v)}`)
      .join(', ')}`,
  ];
  const a = stats.arrivals;
  if (a) {
    lines.push(
      `creation times ${secs(a.firstCreationSec)} … ${secs(a.lastCreationSec)} (span ${days(a.fullSpanSec)}); ` +
        `collection window ${secs(a.windowStartSec)} … ${secs(a.windowEndSec)} ` +
        `(${days(a.windowEndSec - a.windowStartSec)}, ${a.windowPods} pods inside, ${a.preWindowPods} created before)`,
      `arrival rate ${a.ratePerDay.toFixed(1)} pods/day (${a.ratePerSec.toPrecision(4)}/s); inter-arrival mean ` +
        `${secs(a.meanInterArrivalSec)}, median ${secs(a.medianInterArrivalSec)}, CV ${a.interArrivalCv.toFixed(2)}, ` +
        `${a.zeroGaps} zero gaps`,
      `diurnal cycle: ${a.diurnal.detected ? 'detected' : 'not detected'} (χ² ${a.diurnal.chiSquare.toFixed(0)}, ` +
        `z ${a.diurnal.z.toFixed(1)}, halves r ${a.diurnal.halvesCorrelation.toFixed(2)}, peak/trough ` +
        `${a.diurnal.peakToTrough.toFixed(2)}); hourly weights ${a.diurnal.hourlyWeights.map((w) => w.toFixed(2)).join(' ')}`,
    );
  } else {
    lines.push('arrivals: no creation times in the pod list');
  }
  const d = stats.durations;
  if (d) {
    lines.push(
      `durations: ${d.observed} observed, median ${secs(d.all.median)}, p90 ${secs(d.all.p90)}, ` +
        `p99 ${secs(d.all.p99)}, mean ${secs(d.all.mean)}, max ${secs(d.all.max)}`,
      `population: ${d.population === 'window' ? 'pods created inside the collection window' : 'all pods'} ` +
        `(${d.populationPods}; left out: ${d.beforeWindow} created before the window, ` +
        `${d.missingCreation} without creation time)`,
      `censored (still running at the collection end): ${d.censored} (${pct(d.censoredShare)})` +
        (d.censoredLowerBounds ? `, median lower bound ${secs(d.censoredLowerBounds.median)}` : '') +
        `; ${d.censoredInFile} in the whole file; non-positive ${d.nonPositive}`,
      `by class: ${SHAPE_CLASSES.map((k) => {
        const t = d.byClass[k];
        return t ? `${k} median ${secs(t.median)} p90 ${secs(t.p90)} (n ${t.n})` : `${k} pooled`;
      }).join('; ')}`,
    );
  } else {
    lines.push('durations: no creation/deletion times in the pod list');
  }
  return lines.join('\n');
}
