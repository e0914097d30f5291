/**
 * @module measure/prometheus-plan
 * A query plan: for one figure, the PromQL to send (given the window, the sampling mode and whether recorded series
 * cover the window) and how to fold the answer into the {@link Readings}. The executor runs the plans; adding a
 * figure means adding a plan (prometheus-plans.ts) and reading its field where the result is assembled.
 */
import type { MetricMapping, ScaledMetric } from './metric-mapping.js';
import type { MatrixSeries, VectorSample } from './prometheus-client.js';
import type { Readings, SeriesKeys } from './prometheus-readings.js';
import type { RecordedSeries } from './prometheus-recorded.js';
import type { SeriesCombine } from './prometheus-series.js';
import type { TeamSource } from './prometheus-team.js';
import type { QueryWindow } from './prometheus-window.js';
import type { StepFigures } from './step-expressions.js';

/** What every plan may use to build its queries and fold its answer. */
export interface PlanContext {
  readonly window: QueryWindow;
  readonly mapping: MetricMapping;
  /** The utilisation metric in use, and the memory metric where it has series in the window. */
  readonly util: ScaledMetric;
  readonly memory?: ScaledMetric;
  /** The per-step expressions for this request. */
  readonly figures: StepFigures;
  readonly recorded: RecordedSeries;
  readonly team: TeamSource;
  /** Percentile of a pod's utilisation (0..1). */
  readonly percentile: number;
  readonly keys: SeriesKeys;
}

/** An instant query at `timeSec`; `what` names it in progress and errors. */
export interface InstantQuery {
  expr: string;
  timeSec: number;
  what: string;
}

/** A range query from `startSec` to `endSec` every `stepSec`. */
export interface RangeQuery {
  expr: string;
  startSec: number;
  endSec: number;
  stepSec: number;
  what: string;
}

interface PlanBase {
  /** The figure, as progress shows it. */
  readonly what: string;
  /** Whether the figure is measured here (its metric has series); default yes. */
  applies?(ctx: PlanContext): boolean;
}

/** A figure answered by instant queries: one vector, or one per chunk of the window combined per series. */
export interface VectorPlan extends PlanBase {
  readonly kind: 'vector';
  queries(ctx: PlanContext): InstantQuery[];
  /** How the answers of several queries combine per series (required when there can be several). */
  readonly combine?: SeriesCombine;
  fold(answer: VectorSample[], into: Readings, ctx: PlanContext): void;
}

/** A figure answered by range queries over consecutive columns, joined per series. */
export interface MatrixPlan extends PlanBase {
  readonly kind: 'matrix';
  queries(ctx: PlanContext): RangeQuery[];
  fold(answer: MatrixSeries[], into: Readings, ctx: PlanContext): void;
}

export type QueryPlan = VectorPlan | MatrixPlan;
