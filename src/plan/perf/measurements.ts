/**
 * @module plan/perf/measurements
 * Published LLM inference throughput on named hardware, as data, each with the table and row it comes from in
 * /work/shared/reference/llm-inference-measurements.md (and that table's source URL). `predicted` figures are the
 * ones the performance model can be compared with (and the efficiency fit uses); `notPredicted` ones are listed
 * with the reason the model cannot reproduce their setting, so nobody mistakes their absence for a good fit.
 */
import type { Precision } from './chip-figures.js';

/** What a figure counts: whole-deployment output tokens/s, or output tokens/s per device. */
export type MeasuredMetric = 'outputTokensPerSec' | 'outputTokensPerSecPerDevice';

export interface Measurement {
  /** Table and row in the reference file. */
  readonly source: string;
  readonly url: string;
  readonly engine: string;
  readonly accelerator: string;
  readonly devices: number;
  readonly model: string;
  readonly precision: Precision;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly batch: number | 'max';
  readonly metric: MeasuredMetric;
  readonly measured: number;
}

export interface UnpredictedMeasurement {
  readonly source: string;
  readonly what: string;
  readonly measured: string;
  readonly why: string;
}

const TRT_V017 =
  'https://github.com/NVIDIA/TensorRT-LLM/blob/258c7540c03517def55d9a5aadfa9288af474e1b/docs/source/performance/perf-overview.md';
const TRT_H200_LAUNCH =
  'https://github.com/NVIDIA/TensorRT-LLM/blob/2c39687db20941793ee357ef598b114c69453368/docs/source/blogs/H200launch.md';

/** Table 4 columns: the chip and the precision it was built at (the A100 column is FP16, BF16's speed on Ampere). */
const TABLE4_COLUMNS = [
  ['nvidia-h200', 'fp8'],
  ['nvidia-h100', 'fp8'],
  ['nvidia-l40s', 'fp8'],
  ['nvidia-a100', 'bf16'],
] as const;

/** Table 4 rows: model, TP, ISL, OSL, then output tok/s per column (null: blank cell). */
const TABLE4: readonly [string, number, number, number, readonly (number | null)[]][] = [
  ['llama-3.1-8b', 1, 128, 128, [29526, 28837, 9105, 6627]],
  ['llama-3.1-8b', 1, 1000, 1000, [17538, 15245, 4055, 3787]],
  ['llama-3.1-8b', 1, 2048, 128, [3794, 3557, 1067, 800]],
  ['llama-3.1-8b', 1, 2048, 2048, [11969, 9488, 2225, 2424]],
  ['llama-3.1-70b', 1, 128, 128, [4021, 3378, null, null]],
  ['llama-3.1-70b', 1, 1000, 1000, [2823, 840, null, null]],
  ['llama-3.1-70b', 2, 128, 128, [6823, 6645, null, 1314]],
  ['llama-3.1-70b', 2, 1000, 1000, [5165, 4391, null, 473]],
  ['llama-3.1-70b', 2, 2048, 128, [809, 773, null, 149]],
  ['llama-3.1-70b', 4, 1000, 1000, [8911, 7431, 1209, 1922]],
  ['llama-3.1-70b', 8, 128, 128, [15356, 14731, 1464, 4718]],
  ['llama-3.1-70b', 8, 1000, 1000, [13181, 11451, 1334, 3320]],
];

function table4(): { predicted: Measurement[]; notPredicted: UnpredictedMeasurement[] } {
  const predicted: Measurement[] = [];
  const notPredicted: UnpredictedMeasurement[] = [];
  for (const [model, tp, input, output, cells] of TABLE4) {
    cells.forEach((measured, c) => {
      if (measured === null) return;
      const [accelerator, precision] = TABLE4_COLUMNS[c];
      const source = `table 4, ${model} TP${tp} ${input}/${output}, ${accelerator}`;
      if (accelerator === 'nvidia-l40s' && tp > 1) {
        notPredicted.push({
          source,
          what: `TensorRT-LLM v0.17, ${tp}× L40S FP8, output tok/s`,
          measured: String(measured),
          why: 'the catalog has no scale-up figure for the L40S (PCIe only), so tensor parallelism is not modelled',
        });
        return;
      }
      predicted.push({
        source,
        url: TRT_V017,
        engine: 'trtllm',
        accelerator,
        devices: tp,
        model,
        precision,
        inputTokens: input,
        outputTokens: output,
        batch: 'max',
        metric: 'outputTokensPerSec',
        measured,
      });
    });
  }
  return { predicted, notPredicted };
}

/** Table 5 rows at infinite offered load (the finite-QPS rows are bounded by the offered load, not the chip). */
const TABLE5_SATURATED: Measurement[] = (
  [
    ['llama-3.1-70b', 'nvidia-h100', 4, 4103],
    ['llama-3.1-70b', 'nvidia-h200', 4, 4185],
    ['llama-3.1-8b', 'nvidia-h100', 1, 9420],
    ['llama-3.1-8b', 'nvidia-h200', 1, 10121],
  ] as const
).map(([model, accelerator, tp, measured]) => ({
  source: `table 5, ${model} ${accelerator} TP${tp} 467/256 QPS INF`,
  url: TRT_V017,
  engine: 'trtllm',
  accelerator,
  devices: tp,
  model,
  precision: 'bf16',
  inputTokens: 467,
  outputTokens: 256,
  batch: 'max',
  metric: 'outputTokensPerSec',
  measured,
}));

/** Table 6 Llama-2 70B rows: fixed batch, output tok/s per GPU (the 13B rows name a model not built in). */
const TABLE6: Measurement[] = (
  [
    [512, 1, 128, 128, 3014],
    [512, 2, 128, 2048, 1654],
    [64, 1, 2048, 128, 341],
    [32, 1, 2048, 128, 303],
  ] as const
).map(([batch, tp, input, output, measured]) => ({
  source: `table 6, Llama-2 70B batch ${batch} TP${tp} ${input}/${output}`,
  url: TRT_H200_LAUNCH,
  engine: 'trtllm',
  accelerator: 'nvidia-h200',
  devices: tp,
  model: 'llama-2-70b',
  precision: 'fp8',
  inputTokens: input,
  outputTokens: output,
  batch,
  metric: 'outputTokensPerSecPerDevice',
  measured,
}));

const OTHERS: UnpredictedMeasurement[] = [
  {
    source: 'summary rows 1, 1b, 2, 2b, 3 (MLPerf Llama-2-70B)',
    what: '8× H200, 8× H100, 1× B200, TensorRT-LLM, FP8',
    measured: '27,738 / 26,485 / 24,525 / 21,606 / 11,264 output tok/s',
    why: 'the reference gives no input length for the OpenOrca samples, nor the tensor-parallel layout',
  },
  {
    source: 'table 5, rows at QPS 2, 8, 16',
    what: 'Llama 3.1 8B/70B on H100/H200, BF16, online serving',
    measured: 'output tok/s equal to the offered load',
    why: 'below saturation the throughput is the offered load, not the chip’s capacity',
  },
  {
    source: 'table 6, Llama-2 13B rows',
    what: 'H200, FP8',
    measured: '11,819 / 4,750 / 1,349 output tok/s per GPU',
    why: 'Llama-2-13B is not a built-in model (no figures in the model reference)',
  },
  {
    source: 'section 7 (SGLang, DeepSeek-V3/R1 on 96× H100)',
    what: 'FP8, prefill-decode disaggregation, large-scale expert parallelism',
    measured: '~6.5k input and ~2.8k output tok/s per GPU',
    why: 'expert parallelism across 12 nodes is outside the model, which has tensor parallelism within one scale-up domain only',
  },
  {
    source: 'section 8 (CloudMatrix-Infer, DeepSeek-R1 on Ascend 910C)',
    what: 'INT8, 384 NPUs, expert parallelism',
    measured: 'prefill 6,688, decode 1,943 (TPOT < 50 ms) tok/s per NPU',
    why: 'the catalog has no INT8 figure for the 910C, and expert parallelism over 384 NPUs is outside the model',
  },
];

const T4 = table4();

/** The figures the model predicts (and the efficiency fit uses), in reference-file order. */
export const MEASUREMENTS: readonly Measurement[] = [...T4.predicted, ...TABLE5_SATURATED, ...TABLE6];

/** Figures listed in the reference that the model does not predict, with why. */
export const UNPREDICTED_MEASUREMENTS: readonly UnpredictedMeasurement[] = [...T4.notPredicted, ...OTHERS];
