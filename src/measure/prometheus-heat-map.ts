/**
 * @module measure/prometheus-heat-map
 * The utilisation heat map: mean utilisation per device and bucket of B = ⌈W / columns⌉ (a multiple of Δ), read by
 * range queries whose columns 1 … W/B end at from + cB — from the recorded series in one query, else by subqueries
 * a chunk of columns at a time, as the window sums.
 */
import type { Collected } from './telemetry-source.js';
import type { MatrixPlan, PlanContext, RangeQuery } from './prometheus-plan.js';
import type { Readings } from './prometheus-readings.js';
import { sortBySeries } from './prometheus-series.js';
import { labelMatchers } from './step-expressions.js';

export const heatMapPlan: MatrixPlan = {
  kind: 'matrix',
  what: 'heat map',
  queries: heatMapQueries,
  fold: (answer, into) => {
    into.heat = sortBySeries(answer);
  },
};

function heatMapQueries(ctx: PlanContext): RangeQuery[] {
  const w = ctx.window;
  const B = w.heatBucketSec;
  const S = w.stepSec;
  const util = ctx.figures.deviceUtil;
  const recorded = ctx.recorded.used;
  const expr = recorded
    ? `avg_over_time(${util.record}${labelMatchers(util.labels)}[${B * 1000 - 1}ms])`
    : B === S
      ? util.expr
      : `avg_over_time(${util.expr}[${B - S}s:${S}s])`;
  const columns = w.heatColumns;
  const per = recorded ? columns : Math.max(1, Math.floor(w.chunkSec / B));
  const shift = ctx.recorded.evaluatedAt - w.toSec;
  const queries: RangeQuery[] = [];
  for (let c0 = 1; c0 <= columns; c0 += per) {
    const c1 = Math.min(columns, c0 + per - 1);
    queries.push({
      expr,
      startSec: w.fromSec + c0 * B + shift,
      endSec: w.fromSec + c1 * B + shift,
      stepSec: B,
      what: 'heat map',
    });
  }
  return queries;
}

/**
 * The heat map of the devices measured (`idOf`: device key → id), sorted by model and id, at most `maxRows` rows;
 * a bucket without a value is null.
 */
export function heatMapOf(
  readings: Readings,
  idOf: ReadonlyMap<string, string>,
  ctx: PlanContext,
  maxRows: number,
): Collected['heatMap'] {
  const w = ctx.window;
  const B = w.heatBucketSec;
  const shift = ctx.recorded.evaluatedAt - w.toSec;
  const rows: { id: string; model: string; values: [number, number][] }[] = [];
  for (const h of readings.heat) {
    const id = idOf.get(ctx.keys.device(h.metric));
    if (id !== undefined)
      rows.push({ id, model: h.metric[ctx.mapping.labels.model] ?? '', values: h.values });
  }
  rows.sort((a, b) => a.model.localeCompare(b.model) || a.id.localeCompare(b.id, 'en', { numeric: true }));
  const shown = rows.slice(0, maxRows);
  const values = shown.map((row) => {
    const out: (number | null)[] = new Array(w.heatColumns).fill(null);
    for (const [t, v] of row.values) {
      const c = Math.round((t - shift - w.fromSec) / B) - 1;
      if (c >= 0 && c < w.heatColumns) out[c] = v;
    }
    return out;
  });
  return { bucketSec: B, rows: shown.map((x) => x.id), values, omitted: rows.length - shown.length };
}
