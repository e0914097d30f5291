/**
 * @module plan/perf/inference-perf
 * One `hyperfleet perf` answer: checks that the query makes sense for this chip and model (precision supported,
 * context within the model's, weights fitting in N devices, batch within memory), then the roofline at the asked
 * batch, with every assumed figure or factor it used.
 */
import type { Accelerator } from '../../catalog/index.js';
import { ErrorCode, InputError } from '../../errors/index.js';
import { chipFigures, COMPUTE_FIELD, type Precision } from './chip-figures.js';
import { resolveEfficiency, type EfficiencyOverride, type Engine } from './efficiency.js';
import type { ModelSpec } from './model-spec.js';
import {
  kvBytesPerTokenPerDevice,
  maxBatch,
  servingPoint,
  USABLE_MEMORY_FRACTION,
  weightBytesPerDevice,
  type Deployment,
  type EfficiencyFactors,
  type ServingPoint,
} from './roofline.js';

export interface DeploymentQuery {
  readonly accelerator: Accelerator;
  readonly devices: number;
  readonly model: ModelSpec;
  readonly precision: Precision;
  readonly engine: Engine;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly efficiency?: readonly EfficiencyOverride[];
}

export interface PerfQuery extends DeploymentQuery {
  readonly batch: number | 'max';
}

export interface PerfResult extends ServingPoint {
  readonly accelerator: string;
  readonly devices: number;
  readonly model: string;
  readonly precision: Precision;
  readonly engine: Engine;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly maxBatch: number;
  readonly weightGBPerDevice: number;
  readonly kvCacheBytesPerTokenPerDevice: number;
  readonly efficiency: EfficiencyFactors;
  readonly assumptions: readonly string[];
}

/** A checked deployment: the roofline's input, the largest batch memory allows, and what it assumes. */
export interface CheckedDeployment {
  readonly deployment: Deployment;
  readonly maxBatch: number;
  readonly assumptions: readonly string[];
}

function refuse(field: string, message: string, expected: string, got: string | number): never {
  throw new InputError(ErrorCode.InvalidOption, { field, message, expected, got: String(got) });
}

export function checkDeployment(q: DeploymentQuery): CheckedDeployment {
  const { accelerator: a, model, devices } = q;
  if (!Number.isInteger(devices) || devices < 1)
    refuse('--devices', 'invalid', 'a whole number ≥ 1', devices);
  for (const [field, v] of [
    ['--input-tokens', q.inputTokens],
    ['--output-tokens', q.outputTokens],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) refuse(field, 'invalid', 'a whole number ≥ 1', v);
  }
  const context = q.inputTokens + q.outputTokens;
  if (context > model.maxContext) {
    refuse(
      '--input-tokens',
      `${model.id} serves at most ${model.maxContext} tokens of context; input + output = ${context}`,
      `input + output ≤ ${model.maxContext}`,
      q.inputTokens,
    );
  }
  const chip = chipFigures(a, q.precision);
  if (devices > 1 && chip.scaleUpBytesPerSec === null) {
    refuse(
      '--devices',
      `${a.id} has no scale-up interconnect figure in the catalog, so tensor parallelism over ${devices} devices cannot be modelled`,
      `--devices 1, or scaleUpGBps set for ${a.id} in a catalog file (--catalog FILE)`,
      devices,
    );
  }
  const resolved = resolveEfficiency(a.id, q.engine, q.precision, q.efficiency);
  const deployment: Deployment = {
    chip,
    devices,
    model,
    precision: q.precision,
    efficiency: resolved.factors,
  };
  const usableGB = (chip.memoryBytes * USABLE_MEMORY_FRACTION) / 1e9;
  const weightsGB = weightBytesPerDevice(deployment) / 1e9;
  const most = maxBatch(deployment, context);
  if (most < 1) {
    const what =
      weightsGB >= usableGB
        ? `${model.id} at ${q.precision} does not fit in ${devices} × ${a.id}: ${weightsGB.toFixed(1)} GB of weights per device, ${usableGB.toFixed(1)} GB usable`
        : `${model.id} at ${q.precision} on ${devices} × ${a.id} leaves no room for one request of ${context} tokens of KV cache`;
    refuse('--devices', what, 'more devices, a lower precision, or shorter requests', devices);
  }
  const assumptions = [
    `${Math.round(USABLE_MEMORY_FRACTION * 100)} % of device memory holds weights and KV cache; each request reserves KV cache for its whole input + output.`,
    'Continuous batching in steady state: each step decodes the batch and prefills batch/O new prompts; TTFT = half a step of waiting + the step carrying the prompt (no queue).',
    `KV cache in ${q.precision} like the weights; activations and all-reduces in 16 bits; attention-score FLOPs ignored.`,
    ...(model.moe
      ? [
          'MoE: every expert is on every device (tensor parallelism, no expert parallelism); a step reads the experts its tokens pick.',
        ]
      : []),
    ...resolved.assumptions,
  ];
  // Only the catalog's assumptions on figures this model reads (not power or price).
  const used = new Set(['memoryGiB', 'memoryBandwidthTBps', 'scaleUpGBps', COMPUTE_FIELD[q.precision]]);
  for (const s of a.assumptions) {
    if (used.has(s.field)) assumptions.push(`${a.id}: ${s.field} = ${s.value} (assumed: ${s.basis}).`);
  }
  return { deployment, maxBatch: most, assumptions };
}

export function perf(q: PerfQuery): PerfResult {
  const checked = checkDeployment(q);
  const { deployment: d } = checked;
  let batch = checked.maxBatch;
  if (q.batch !== 'max') {
    if (!Number.isInteger(q.batch) || q.batch < 1)
      refuse('--batch', 'invalid', 'a whole number ≥ 1, or max', q.batch);
    if (q.batch > checked.maxBatch) {
      refuse(
        '--batch',
        `memory on ${q.devices} × ${q.accelerator.id} holds at most ${checked.maxBatch} requests of ${q.inputTokens + q.outputTokens} tokens`,
        `at most ${checked.maxBatch}, or max`,
        q.batch,
      );
    }
    batch = q.batch;
  }
  return {
    accelerator: q.accelerator.id,
    devices: q.devices,
    model: q.model.id,
    precision: q.precision,
    engine: q.engine,
    inputTokens: q.inputTokens,
    outputTokens: q.outputTokens,
    ...servingPoint(d, q.inputTokens, q.outputTokens, batch),
    maxBatch: checked.maxBatch,
    weightGBPerDevice: weightBytesPerDevice(d) / 1e9,
    kvCacheBytesPerTokenPerDevice: kvBytesPerTokenPerDevice(d),
    efficiency: d.efficiency,
    assumptions: checked.assumptions,
  };
}
