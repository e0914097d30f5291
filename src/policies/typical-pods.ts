/**
 * @module policies/typical-pods
 * The "target workload" of FGD: the most frequent pod resource vectors of a trace that together cover 95 % of
 * its pods, with their frequencies (FGD paper §4; reference behaviour in specs/fgd-reproduction.md §5.1).
 * FGD scores with it, and the fragmentation reported for every policy is measured against it.
 */
import type { PodSpec } from '../model/pod.js';
import { gpuSpecString } from '../model/pod.js';

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

/**
 * Selects the typical pods of `pods` (all pods of the original trace): sort distinct resource vectors by count
 * descending, ties by the vector descending, and keep the shortest prefix covering `coveragePercent` of pods.
 */
export function typicalPods(pods: readonly PodSpec[], coveragePercent = 95): TypicalPods {
  const byKey = new Map<
    string,
    { cpu: number; m: number; k: number; spec: string; types: readonly string[]; count: number }
  >();
  for (const pod of pods) {
    const k = pod.gpuMilli > 0 ? pod.gpuCount : 0;
    const m = k > 0 ? pod.gpuMilli : 0;
    const spec = k > 0 ? gpuSpecString(pod) : '';
    const key = `${pod.cpuMilli}/${m}/${k}/${spec}`;
    const entry = byKey.get(key);
    if (entry) entry.count++;
    else byKey.set(key, { cpu: pod.cpuMilli, m, k, spec, types: k > 0 ? pod.gpuTypes : [], count: 1 });
  }
  const sorted = [...byKey.values()].sort(
    (a, b) => b.count - a.count || b.cpu - a.cpu || b.m - a.m || b.k - a.k || compareStrings(b.spec, a.spec),
  );
  const total = pods.length;
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
