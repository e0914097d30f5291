/**
 * @module plan/perf/slo-capacity
 * The requests/s one node serves while meeting a latency SLO — the capacity figure the purchase optimiser uses —
 * and the best TTFT and TPOT any batch reaches, so a planner can say "SLO impossible on every chip: best TTFT x,
 * TPOT y".
 *
 * A node of D devices runs D/N replicas of the model, each over N devices with tensor parallelism, for every N
 * that divides D and holds the model. For each N the largest batch whose TTFT and TPOT (the roofline's steady
 * state: TTFT = half a step of waiting + the step carrying the prompt, no queue) both meet the SLO is found; both
 * grow with the batch, so a binary search finds it. The best N wins. Serving at that batch, a replica completes
 * batch / (O × TPOT) requests per second. The SLO is met on mean latencies: queueing at high load (the tail a
 * percentile SLO bounds) is left to the planner's simulation check.
 */
import { ErrorCode, InputError, isInputError } from '../../errors/index.js';
import type { Accelerator } from '../../catalog/index.js';
import type { Precision } from './chip-figures.js';
import type { EfficiencyOverride, Engine } from './efficiency.js';
import { checkDeployment, type CheckedDeployment } from './inference-perf.js';
import type { ModelSpec } from './model-spec.js';
import { servingPoint, type ServingPoint } from './roofline.js';

export interface SloCapacityQuery {
  readonly accelerator: Accelerator;
  readonly devicesPerNode: number;
  readonly model: ModelSpec;
  readonly precision: Precision;
  readonly engine?: Engine;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly slo: { readonly ttftSec: number; readonly tpotSec: number };
  readonly efficiency?: readonly EfficiencyOverride[];
}

export interface SloCapacity {
  /** Requests/s one node serves with every request meeting the SLO; 0 when no batch meets it. */
  readonly requestsPerSec: number;
  /** The layout and operating point chosen (undefined when the SLO cannot be met). */
  readonly tensorParallel?: number;
  readonly replicas?: number;
  readonly point?: ServingPoint;
  /** The lowest TTFT and TPOT any layout reaches (at batch 1). */
  readonly best: { readonly ttftSec: number; readonly tpotSec: number };
  readonly assumptions: readonly string[];
}

function layouts(q: SloCapacityQuery): { n: number; checked: CheckedDeployment }[] {
  const out: { n: number; checked: CheckedDeployment }[] = [];
  let firstError: unknown;
  for (let n = 1; n <= q.devicesPerNode; n++) {
    if (q.devicesPerNode % n !== 0) continue;
    try {
      out.push({ n, checked: checkDeployment({ ...q, devices: n, engine: q.engine ?? 'generic' }) });
    } catch (e) {
      // A layout the model does not fit is skipped; only if none fits is it the answer.
      if (!isInputError(e)) throw e;
      firstError ??= e;
    }
  }
  if (out.length === 0) throw firstError;
  return out;
}

export function sloCapacity(q: SloCapacityQuery): SloCapacity {
  if (!(q.slo.ttftSec > 0) || !(q.slo.tpotSec > 0)) {
    throw new InputError(ErrorCode.InvalidField, {
      field: 'slo',
      expected: 'positive ttftSec and tpotSec',
      got: `ttftSec ${q.slo.ttftSec}, tpotSec ${q.slo.tpotSec}`,
    });
  }
  const { inputTokens: I, outputTokens: O, slo } = q;
  const candidates = layouts(q);
  let best = { ttftSec: Infinity, tpotSec: Infinity };
  let chosen: { requestsPerSec: number; n: number; point: ServingPoint } | undefined;
  for (const { n, checked } of candidates) {
    const at = (b: number) => servingPoint(checked.deployment, I, O, b);
    const one = at(1);
    best = { ttftSec: Math.min(best.ttftSec, one.ttftSec), tpotSec: Math.min(best.tpotSec, one.tpotSec) };
    const meets = (p: ServingPoint) => p.ttftSec <= slo.ttftSec && p.tpotSec <= slo.tpotSec;
    if (!meets(one)) continue;
    let lo = 1;
    let hi = checked.maxBatch;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (meets(at(mid))) lo = mid;
      else hi = mid - 1;
    }
    const point = at(lo);
    const requestsPerSec = (q.devicesPerNode / n) * point.requestsPerSec;
    if (!chosen || requestsPerSec > chosen.requestsPerSec) chosen = { requestsPerSec, n, point };
  }
  const assumptions = [
    ...candidates[0].checked.assumptions,
    'SLO met on mean TTFT and TPOT at a steady batch; queueing at the percentile is checked by simulation, not here.',
  ];
  if (!chosen) return { requestsPerSec: 0, best, assumptions };
  return {
    requestsPerSec: chosen.requestsPerSec,
    tensorParallel: chosen.n,
    replicas: q.devicesPerNode / chosen.n,
    point: chosen.point,
    best,
    assumptions,
  };
}
