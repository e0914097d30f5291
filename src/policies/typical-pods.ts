/**
 * @module policies/typical-pods
 * The "target workload" of FGD: the most frequent pod resource vectors of a trace that together cover 95 % of
 * its pods, with their frequencies (FGD paper §4; reference behaviour in specs/fgd-reproduction.md §5.1).
 * FGD scores with it, and the fragmentation reported for every policy is measured against it.
 */
import {
  gpuSpecString,
  isPodTable,
  type PodSpec,
  type PodTable,
  podTableOf,
  resourceHash,
  ShapeIndex,
} from '../model/index.js';

export interface TypicalPod {
  readonly cpuMilli: number;
  /** Milli per device (0 for CPU-only types). */
  readonly gpuMilli: number;
  readonly gpuCount: number;
  /** Constraint string (`|`-joined models, empty = any). */
  readonly spec: string;
  /** Models of the constraint (empty = any). */
  readonly gpuTypes: readonly string[];
  readonly count: number;
  /** Share of the distribution; Σ ≈ 1. */
  readonly freq: number;
}

export interface TypicalPods {
  readonly types: readonly TypicalPod[];
  /** Pods of the trace covered by the selected types. */
  readonly covered: number;
  readonly totalPods: number;
}

/** Byte-wise (UTF-16 code unit; identical for ASCII) string comparison. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One distinct resource vector of the trace and how many pods have it. */
interface Tally {
  readonly cpu: number;
  readonly m: number;
  readonly k: number;
  /** `|`-joined types (filled in once the tally is complete). */
  spec: string;
  readonly types: readonly string[];
  count: number;
}

const NO_TYPES: readonly string[] = [];

function sameTypes(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Selects the typical pods of `pods` (all pods of the original trace): sort distinct resource vectors by count
 * descending, ties by the vector descending, and keep the shortest prefix covering `coveragePercent` of pods.
 */
export function typicalPods(pods: readonly PodSpec[] | PodTable, coveragePercent = 95): TypicalPods {
  const table = isPodTable(pods) ? pods : podTableOf(pods);
  const { shapes, shapeOf } = table;
  const podsOfShape = new Int32Array(shapes.length);
  for (let row = 0; row < table.count; row++) podsOfShape[shapeOf[row]]++;
  return typicalOfShapes(shapes, podsOfShape, table.count, coveragePercent);
}

/**
 * The same selection for pods read once from a stream (a generated workload of millions, never held whole):
 * equal to {@link typicalPods} of the same pods as a list.
 */
export function typicalPodsOf(pods: Iterable<PodSpec>, coveragePercent = 95): TypicalPods {
  const index = new ShapeIndex();
  const counts: number[] = [];
  let total = 0;
  for (const pod of pods) {
    const id = index.idOf(pod);
    counts[id] = (counts[id] ?? 0) + 1;
    total++;
  }
  return typicalOfShapes(index.shapes, Int32Array.from(counts), total, coveragePercent);
}

/**
 * The selection, given the distinct requests, how many pods have each, and the pods in all: equal to
 * {@link typicalPods} of any list of pods with these counts (the counts are all it reads of the pods).
 */
export function typicalOfShapes(
  shapes: readonly Pick<PodSpec, 'cpuMilli' | 'gpuMilli' | 'gpuCount' | 'gpuTypes'>[],
  podsOfShape: Int32Array,
  total: number,
  coveragePercent = 95,
): TypicalPods {
  // Tally distinct vectors (shapes less their memory) through a numeric hash of their fields: no key string each.
  const byHash = new Map<number, Tally[]>();
  const tallies: Tally[] = [];
  for (let s = 0; s < shapes.length; s++) {
    const pod = shapes[s];
    const k = pod.gpuMilli > 0 ? pod.gpuCount : 0;
    const m = k > 0 ? pod.gpuMilli : 0;
    const types = k > 0 ? pod.gpuTypes : NO_TYPES;
    const h = resourceHash(pod.cpuMilli, 0, m, k, types.length);
    let list = byHash.get(h);
    if (list === undefined) {
      list = [];
      byHash.set(h, list);
    }
    let tally: Tally | undefined;
    for (let i = 0; i < list.length && tally === undefined; i++) {
      const t = list[i];
      if (t.cpu === pod.cpuMilli && t.m === m && t.k === k && sameTypes(t.types, types)) tally = t;
    }
    if (tally === undefined) {
      tally = { cpu: pod.cpuMilli, m, k, spec: '', types, count: 0 };
      list.push(tally);
      tallies.push(tally);
    }
    tally.count += podsOfShape[s];
  }
  for (const t of tallies) t.spec = gpuSpecString({ gpuTypes: t.types });
  const sorted = tallies.sort(
    (a, b) => b.count - a.count || b.cpu - a.cpu || b.m - a.m || b.k - a.k || compareStrings(b.spec, a.spec),
  );
  const expected = (coveragePercent * total) / 100;
  let cum = 0;
  let selected = 0;
  while (selected < sorted.length && cum < expected) {
    cum += sorted[selected].count;
    selected++;
  }
  // Two divisions, exactly as the reference: the last bit of each frequency decides FGD's 49-vs-50 ties.
  const coverage = cum / total;
  const types = sorted.slice(0, selected).map((t) => ({
    cpuMilli: t.cpu,
    gpuMilli: t.m,
    gpuCount: t.k,
    spec: t.spec,
    gpuTypes: t.types,
    count: t.count,
    freq: selected === sorted.length ? t.count / total : t.count / total / coverage,
  }));
  return { types, covered: cum, totalPods: total };
}
