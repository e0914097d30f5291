/**
 * @module measure/prometheus-recorded
 * Whether the recording rules (step-expressions.ts, `mappings/dcgm-rules.yaml`) recorded the per-step figures of
 * this request over the whole window: then the figures are read from the recorded series with raw range functions
 * instead of subqueries. The rules' heartbeat, labelled with their parameters, must have a sample at every step.
 *
 * Rules run at a phase φ ∈ [0, Δ) of the step (Prometheus offsets each group by a hash of its name and file): the
 * evaluation at t_k + φ stands for step k, so the recorded sums are read at to + φ over (from + φ, to + φ].
 */
import type { PrometheusClient } from './prometheus-client.js';
import type { QueryWindow } from './prometheus-window.js';
import { labelMatchers, RULES_HEARTBEAT, type StepFigures } from './step-expressions.js';

export interface RecordedSeries {
  /** Whether the figures are read from the recorded series. */
  readonly used: boolean;
  /** φ (s), when used. */
  readonly phaseSec: number;
  /** When the window sums are evaluated: to + φ when recorded, else to. */
  readonly evaluatedAt: number;
}

/** Looks for the heartbeat of `figures`' parameters; only `lookback` sampling reads recorded series. */
export async function findRecordedSeries(
  client: PrometheusClient,
  figures: StepFigures,
  window: QueryWindow,
  o: { metricNames: ReadonlySet<string>; sampling: 'lookback' | 'step' },
): Promise<RecordedSeries> {
  const S = window.stepSec;
  const to = window.toSec;
  const none = { used: false, phaseSec: 0, evaluatedAt: to };
  if (o.sampling === 'step' || !o.metricNames.has(RULES_HEARTBEAT)) return none;
  const hb = `${RULES_HEARTBEAT}${labelMatchers(figures.heartbeat)}`;
  const evals = await client.queryMatrix(`${hb}[${S * 1000 - 1}ms]`, to + S - 0.001, 'rules phase');
  const e = evals.length === 1 ? evals[0].values.at(-1)?.[0] : undefined;
  if (e === undefined || e < to || e >= to + S) return none;
  const phaseSec = Math.round((e - to) * 1000) / 1000;
  const beats = await client.query(
    `count_over_time(${hb}${recordedRange(window)})`,
    to + phaseSec,
    'recorded steps',
  );
  const used = beats.length === 1 && beats[0].value === window.steps;
  return used ? { used, phaseSec, evaluatedAt: to + phaseSec } : none;
}

/** The range of a raw range function over the recorded samples of the window: W − 1 ms, so exactly N samples. */
export function recordedRange(window: QueryWindow): string {
  return `[${window.lengthSec * 1000 - 1}ms]`;
}
