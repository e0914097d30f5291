/**
 * @module sim/workload-tuning
 * The FGD paper's workload generation (specs/fgd-reproduction.md §2): sort the trace by name, shuffle it with
 * the seeded Go RNG, then add random copies (or drop random pods) until the total GPU request is about
 * `tune` × cluster capacity. Reproduces the reference's hidden RNG draws and its stop-rule quirk (Q1).
 */
import type { PodSpec, PodTable } from '../model/index.js';
import type { GoRand } from '../rng/index.js';

/** Byte-wise string order (the reference sorts Go strings; all names are ASCII). */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Byte-wise name order of pods or nodes. */
export function byName<T extends { name: string }>(a: T, b: T): number {
  return compareNames(a.name, b.name);
}

/** The rows of `table` in name order. */
export function rowsByName(table: PodTable): Int32Array {
  const rows = new Int32Array(table.count);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  if (table.sortedByName) return rows;
  const names = Array.from({ length: table.count }, (_, row) => table.nameOf(row));
  return rows.sort((a, b) => compareNames(names[a], names[b]));
}

/** A tuned workload as rows of the trace's table. */
export interface TunedRows {
  /**
   * Rows in submission order: first the trace's pods that were kept (shuffled), then the copies — the k-th copy
   * (k = position − `kept`) is named `<name>-tuned-<k>` after the pod it copies.
   */
  readonly rows: Int32Array;
  /** How many of `rows` are the trace's own pods. */
  readonly kept: number;
  /** Σ gpuMilli·gpuCount of the submitted pods. */
  readonly totalGpuMilli: number;
  readonly copies: number;
  readonly removed: number;
}

/**
 * Shuffles and tunes `sortedRows` (the rows of `table` in name order) towards `tune × capacityGpuMilli`,
 * consuming draws from `rng` exactly as the reference: one discarded draw, the shuffle, then the tuning loop.
 */
export function tuneRows(
  table: PodTable,
  sortedRows: Int32Array,
  capacityGpuMilli: number,
  tune: number,
  rng: GoRand,
): TunedRows {
  const { shapes, shapeOf } = table;
  const n = sortedRows.length;
  rng.int63Discard(); // a rand.Int() evaluated inside a debug-log call of the reference
  const shuffled = sortedRows.slice();
  rng.shuffleArray(shuffled);
  const target = tune * capacityGpuMilli;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const s = shapes[shapeOf[shuffled[i]]];
    total += s.gpuMilli * s.gpuCount;
  }
  if (total < target) {
    const copies: number[] = [];
    for (;;) {
      const row = sortedRows[rng.intn(n)];
      const q = shapes[shapeOf[row]];
      // Quirk Q1: the stop test uses the per-device milli, but the whole request is added.
      if (total + q.gpuMilli > target) break;
      total += q.gpuMilli * q.gpuCount;
      copies.push(row);
    }
    const rows = new Int32Array(n + copies.length);
    rows.set(shuffled);
    rows.set(copies, n);
    return { rows, kept: n, totalGpuMilli: total, copies: copies.length, removed: 0 };
  }
  let length = n;
  while (total > target) {
    const at = rng.intn(length);
    const s = shapes[shapeOf[shuffled[at]]];
    shuffled.copyWithin(at, at + 1, length);
    length--;
    total -= s.gpuMilli * s.gpuCount;
  }
  const rows = shuffled.slice(0, length);
  return { rows, kept: length, totalGpuMilli: total, copies: 0, removed: n - length };
}

/** The pod submitted at `position` of a tuned workload: the trace's own, or a renamed copy. */
export function tunedPod(table: PodTable, tuned: TunedRows, position: number): PodSpec {
  const pod = table.podAt(tuned.rows[position]);
  return position < tuned.kept ? pod : { ...pod, name: `${pod.name}-tuned-${position - tuned.kept}` };
}
