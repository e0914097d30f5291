/**
 * @module measure/prometheus-executor
 * Runs query plans: at most `concurrency` plans at once, the queries of one plan (the chunks of the window) one
 * after the other, a plan's answers combined per series; one progress tick per plan. The answers are folded into
 * the readings in the order of the plans once all are in, so the result does not depend on which query finished
 * first.
 */
import { pool, type PrometheusClient } from './prometheus-client.js';
import type { MatrixPlan, PlanContext, QueryPlan, VectorPlan } from './prometheus-plan.js';
import { emptyReadings, type Readings } from './prometheus-readings.js';
import { combineVectors, concatMatrices } from './prometheus-series.js';

export interface ExecutorOptions {
  concurrency: number;
  /** Called once per plan, when it is done (or at once, as skipped, for a plan that does not apply). */
  tick: (detail: string) => void;
  /** Writes each query's time and size to stderr (HYPERFLEET_DEBUG_QUERIES=1). */
  debug?: boolean;
}

type Fold = (into: Readings) => void;

export async function runPlans(
  client: PrometheusClient,
  plans: readonly QueryPlan[],
  ctx: PlanContext,
  o: ExecutorOptions,
): Promise<Readings> {
  const applicable = plans.filter((plan) => plan.applies?.(ctx) ?? true);
  for (const plan of plans) if (!applicable.includes(plan)) o.tick(`${plan.what} (skipped)`);
  const run = async (plan: QueryPlan): Promise<Fold> => {
    const fold =
      plan.kind === 'vector' ? await runVector(client, plan, ctx, o) : await runMatrix(client, plan, ctx, o);
    o.tick(plan.what);
    return fold;
  };
  const folds = await pool(
    applicable.map((plan) => () => run(plan)),
    o.concurrency,
  );
  const readings = emptyReadings();
  for (const fold of folds) fold(readings);
  return readings;
}

async function runVector(
  client: PrometheusClient,
  plan: VectorPlan,
  ctx: PlanContext,
  o: ExecutorOptions,
): Promise<Fold> {
  const parts = [];
  for (const q of plan.queries(ctx))
    parts.push(await timed(o, q.what, q.expr, () => client.query(q.expr, q.timeSec, q.what)));
  if (parts.length > 1 && !plan.combine) throw new Error(`plan ${plan.what}: several queries and no combine`);
  const answer = parts.length === 1 ? parts[0] : combineVectors(plan.combine!, parts);
  return (into) => plan.fold(answer, into, ctx);
}

async function runMatrix(
  client: PrometheusClient,
  plan: MatrixPlan,
  ctx: PlanContext,
  o: ExecutorOptions,
): Promise<Fold> {
  const parts = [];
  for (const q of plan.queries(ctx))
    parts.push(
      await timed(o, q.what, q.expr, () =>
        client.queryRange(q.expr, q.startSec, q.endSec, q.stepSec, q.what),
      ),
    );
  const answer = concatMatrices(parts);
  return (into) => plan.fold(answer, into, ctx);
}

async function timed<T>(o: ExecutorOptions, what: string, expr: string, query: () => Promise<T>): Promise<T> {
  if (!o.debug) return query();
  const t0 = performance.now();
  const r = await query();
  process.stderr.write(
    `query ${what}: ${((performance.now() - t0) / 1000).toFixed(2)} s, ${expr.length} chars\n`,
  );
  return r;
}
