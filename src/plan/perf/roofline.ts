/**
 * @module plan/perf/roofline
 * The roofline of one LLM deployment: a model on N devices of one chip with tensor parallelism, at one precision,
 * with efficiency factors per phase. All times are seconds, all sizes bytes.
 *
 * Serving is modelled as continuous batching in steady state: `batch` requests decode together, and since each
 * lives `O` steps, every step also prefills the prompts of batch/O new requests (chunked prefill). One step reads
 * the weights it uses once plus every running request's KV cache, and computes 2 × active parameters per token:
 *
 *   step = max(bytes read / (bandwidth × decode efficiency), 2 × active × tokens / (compute × prefill efficiency))
 *          + tensor-parallel all-reduces (2 per layer of hidden × tokens × 2 bytes, ring: 2(N−1)/N of it per device)
 *
 * TPOT = step; output tokens/s = batch / step. A new request waits half a step on average, then its whole prompt
 * is prefilled in one step alongside the running batch: TTFT = step / 2 + step with its I prompt tokens. There is
 * no queue beyond that (the service runs below saturation).
 */
import type { ChipFigures, Precision } from './chip-figures.js';
import { BYTES_PER_VALUE } from './chip-figures.js';
import { kvElementsPerTokenLayer, paramsReadB, type ModelSpec } from './model-spec.js';

/** Share of device memory for weights and KV cache; the rest holds the runtime, activations and fragmentation. */
export const USABLE_MEMORY_FRACTION = 0.9;
/** Activations (and so all-reduce payloads) stay 16-bit whatever the weights' precision. */
export const ACTIVATION_BYTES = 2;

/** Achieved share of the roofline: of memory bandwidth in the memory-bound term, of compute in the compute term. */
export interface EfficiencyFactors {
  readonly decodeBandwidth: number;
  readonly prefillCompute: number;
}

export interface Deployment {
  readonly chip: ChipFigures;
  readonly devices: number;
  readonly model: ModelSpec;
  readonly precision: Precision;
  readonly efficiency: EfficiencyFactors;
}

export function weightBytesPerDevice(d: Deployment): number {
  return (d.model.totalParamsB * 1e9 * BYTES_PER_VALUE[d.precision]) / d.devices;
}

export function kvBytesPerTokenPerDevice(d: Deployment): number {
  return d.model.layers * kvElementsPerTokenLayer(d.model, d.devices) * BYTES_PER_VALUE[d.precision];
}

/** Memory for KV cache on each device once the weights are loaded (negative when they do not fit). */
export function kvRoomPerDevice(d: Deployment): number {
  return d.chip.memoryBytes * USABLE_MEMORY_FRACTION - weightBytesPerDevice(d);
}

/** Most requests of `contextTokens` (prompt + output, reserved whole) whose KV cache fits beside the weights. */
export function maxBatch(d: Deployment, contextTokens: number): number {
  const room = kvRoomPerDevice(d);
  return room <= 0 ? 0 : Math.floor(room / (kvBytesPerTokenPerDevice(d) * contextTokens));
}

/** One forward step over `decoding` running requests (mean context `context`) plus `prefillTokens` prompt tokens. */
export function stepTime(d: Deployment, decoding: number, prefillTokens: number, context: number): number {
  const { chip, model, devices, efficiency } = d;
  const tokens = decoding + prefillTokens;
  const bytes =
    (paramsReadB(model, tokens) * 1e9 * BYTES_PER_VALUE[d.precision]) / devices +
    decoding * context * kvBytesPerTokenPerDevice(d);
  const memory = bytes / (chip.bandwidthBytesPerSec * efficiency.decodeBandwidth);
  const compute =
    (2 * model.activeParamsB * 1e9 * tokens) / devices / (chip.opsPerSec * efficiency.prefillCompute);
  return Math.max(memory, compute) + allReduceTime(d, tokens);
}

/** Two all-reduces per layer of hidden × tokens activations over the scale-up link (ring algorithm). */
export function allReduceTime(d: Deployment, tokens: number): number {
  if (d.devices === 1) return 0;
  const link = d.chip.scaleUpBytesPerSec;
  if (link === null) throw new Error(`allReduceTime: ${d.chip.id} has no scale-up figure`);
  const payload = d.model.hidden * tokens * ACTIVATION_BYTES;
  return (2 * d.model.layers * payload * (2 * (d.devices - 1))) / d.devices / link;
}

/** What one deployment (all its N devices) delivers at a batch. */
export interface ServingPoint {
  readonly batch: number;
  readonly ttftSec: number;
  readonly tpotSec: number;
  readonly outputTokensPerSec: number;
  readonly totalTokensPerSec: number;
  readonly requestsPerSec: number;
}

export function servingPoint(d: Deployment, input: number, output: number, batch: number): ServingPoint {
  const context = input + output / 2;
  const step = stepTime(d, batch, (batch * input) / output, context);
  const admitting = stepTime(d, batch, Math.max(input, (batch * input) / output), context);
  return {
    batch,
    ttftSec: step / 2 + admitting,
    tpotSec: step,
    outputTokensPerSec: batch / step,
    totalTokensPerSec: (batch * (input + output)) / output / step,
    requestsPerSec: batch / output / step,
  };
}

/** Prompt tokens/s of a deployment doing prefill only (a disaggregated prefill pool), `batch` prompts a step. */
export function prefillTokensPerSec(d: Deployment, input: number, batch: number): number {
  return (batch * input) / stepTime(d, 0, batch * input, 0);
}
