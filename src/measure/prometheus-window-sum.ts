/**
 * @module measure/prometheus-window-sum
 * The plan of a figure that is a per-step expression (step-expressions.ts) summed (or counted, or its max or min
 * taken) over the window, in one of two ways from the same expression:
 *
 * - **recorded**: the recording rules evaluated it at every step; one raw range function over the recorded samples
 *   (one per step and series), read at to + φ;
 * - **exact**: subqueries at the step over the chunks of the window, one after the other, whose answers are added
 *   up (sums, counts) or combined (max, min) per series. The figures are the same as one subquery over the window
 *   — every step lies in exactly one chunk and the expressions read raw samples before a chunk's start as they
 *   would without chunks — but Prometheus evaluates each chunk over the series present in it only.
 *
 * Slowly changing per-pod figures (`coarse`) are read at the window's coarse resolution instead of every step.
 * Either way Node receives one number per series, whatever the window's length.
 */
import type { InstantQuery, PlanContext, VectorPlan } from './prometheus-plan.js';
import { recordedRange } from './prometheus-recorded.js';
import type { SeriesCombine } from './prometheus-series.js';
import { labelMatchers, type StepFigure, type StepFigures } from './step-expressions.js';

export interface WindowSumSpec {
  what: string;
  fn: SeriesCombine;
  /** The per-step figure; undefined when it is not measured (its metric has no series). */
  figure: (f: StepFigures) => StepFigure | undefined;
  /** An aggregation around the window function, e.g. by pod. */
  wrap?: (expr: string, ctx: PlanContext) => string;
  coarse?: boolean;
  fold: VectorPlan['fold'];
}

export function windowSumPlan(spec: WindowSumSpec): VectorPlan {
  return {
    kind: 'vector',
    what: spec.what,
    combine: spec.fn,
    applies: (ctx) => spec.figure(ctx.figures) !== undefined,
    queries: (ctx) => windowSumQueries(spec, ctx),
    fold: spec.fold,
  };
}

/** The queries of {@link windowSumPlan}: one from the recorded series, else one subquery per chunk. */
export function windowSumQueries(spec: Omit<WindowSumSpec, 'fold'>, ctx: PlanContext): InstantQuery[] {
  const f = spec.figure(ctx.figures);
  if (!f) return [];
  const wrap = (e: string) => (spec.wrap ? spec.wrap(e, ctx) : e);
  const { fn, what } = spec;
  const w = ctx.window;
  if (ctx.recorded.used) {
    const expr = `${fn}_over_time(${f.record}${labelMatchers(f.labels)}${recordedRange(w)})`;
    return [{ expr: wrap(expr), timeSec: ctx.recorded.evaluatedAt, what }];
  }
  return w.chunks.map(([a, e]) => {
    const range = spec.coarse ? `[${e - a}s:${w.coarseSec}s]` : `[${e - a - w.stepSec}s:${w.stepSec}s]`;
    return { expr: wrap(`${fn}_over_time((${f.expr})${range})`), timeSec: e, what: `${what} (to ${e})` };
  });
}
