/**
 * @module measure/prometheus-series
 * Answers of Prometheus queries per series: the answers of the chunks of a window added up (sums, counts) or
 * combined (max, min) per series, the columns of range queries joined per series, and a canonical order.
 * Prometheus returns a vector's series in no fixed order; they are sorted by their labels so that the result,
 * including floating-point sums over series, is the same on every run.
 */
import type { MatrixSeries, VectorSample } from './prometheus-client.js';

/** How the answers of several queries combine per series. */
export type SeriesCombine = 'sum' | 'count' | 'max' | 'min';

/** A series' identity: its labels, in name order. */
export function seriesKey(metric: Record<string, string>): string {
  return JSON.stringify(Object.entries(metric).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The samples of `parts` combined per series with `fn` (a count of counts is their sum). */
export function combineVectors(fn: SeriesCombine, parts: VectorSample[][]): VectorSample[] {
  const out = new Map<string, VectorSample>();
  for (const part of parts)
    for (const x of part) {
      const k = seriesKey(x.metric);
      const e = out.get(k);
      if (!e) out.set(k, { metric: x.metric, value: x.value });
      else
        e.value =
          fn === 'max'
            ? Math.max(e.value, x.value)
            : fn === 'min'
              ? Math.min(e.value, x.value)
              : e.value + x.value;
    }
  return [...out.values()];
}

/** The values of `parts` (consecutive ranges of columns) joined per series, in order. */
export function concatMatrices(parts: MatrixSeries[][]): MatrixSeries[] {
  const bySeries = new Map<string, MatrixSeries>();
  for (const part of parts)
    for (const x of part) {
      const k = seriesKey(x.metric);
      const e = bySeries.get(k);
      if (e) e.values.push(...x.values);
      else bySeries.set(k, { metric: x.metric, values: [...x.values] });
    }
  return [...bySeries.values()];
}

/** `series` sorted by their labels: names in order, each with its value. */
export function sortBySeries<T extends { metric: Record<string, string> }>(series: T[]): T[] {
  const keyed = series.map((s) => ({ s, k: sortKey(s.metric) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.s);
}

/**
 * A cheaper key than {@link seriesKey} (about half the time for 7,000 series): two series could only share it
 * through label values holding the separators, and would then keep their order.
 */
function sortKey(metric: Record<string, string>): string {
  let k = '';
  for (const name of Object.keys(metric).sort()) k += `${name}\u0000${metric[name]}\u0001`;
  return k;
}
