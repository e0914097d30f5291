import { describe, expect, it } from 'vitest';
import { getAccelerator, loadCatalog } from '../../catalog/index.js';
import { isInputError } from '../../errors/index.js';
import { BUILTIN_MODELS } from './builtin-models.js';
import { perf, type PerfQuery } from './inference-perf.js';

const catalog = loadCatalog();
const chip = (id: string) => getAccelerator(catalog, id);
const model = (id: string) => BUILTIN_MODELS.find((m) => m.id === id)!;

const base = (over: Partial<PerfQuery> = {}): PerfQuery => ({
  accelerator: chip('nvidia-h100'),
  devices: 1,
  model: model('llama-3.1-8b'),
  precision: 'fp8',
  engine: 'trtllm',
  inputTokens: 1000,
  outputTokens: 300,
  batch: 'max',
  ...over,
});

function errorOf(q: PerfQuery): string {
  try {
    perf(q);
  } catch (e) {
    expect(isInputError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('perf', () => {
  it('is consistent: total/output tokens = (I+O)/O, requests/s = output/O, TPOT = batch / output rate', () => {
    const r = perf(base({ batch: 64 }));
    expect(r.totalTokensPerSec / r.outputTokensPerSec).toBeCloseTo(1300 / 300, 9);
    expect(r.requestsPerSec).toBeCloseTo(r.outputTokensPerSec / 300, 9);
    expect(r.tpotSec).toBeCloseTo(64 / r.outputTokensPerSec, 12);
    expect(r.ttftSec).toBeGreaterThan(r.tpotSec / 2);
  });

  it('sizes the largest batch from memory left after the weights, reserving input + output per request', () => {
    const r = perf(base());
    const usable = 80 * 2 ** 30 * 0.9 - 8.03e9; // FP8: one byte per parameter
    const kvPerRequest = 2 * 32 * 8 * 128 * 1 * 1300;
    expect(r.maxBatch).toBe(Math.floor(usable / kvPerRequest));
    expect(r.batch).toBe(r.maxBatch);
  });

  it('gets faster with more bandwidth at small batch and more compute at large batch', () => {
    const h100 = perf(base({ batch: 1 }));
    const h200 = perf(base({ batch: 1, accelerator: chip('nvidia-h200') })); // same compute, 4.8 vs 3.35 TB/s
    expect(h200.tpotSec).toBeLessThan(h100.tpotSec);
    const bf16 = perf(base({ precision: 'bf16', batch: 256 }));
    const fp8 = perf(base({ batch: 256 }));
    expect(fp8.outputTokensPerSec).toBeGreaterThan(bf16.outputTokensPerSec);
  });

  it('serves more tokens/s as the batch grows, with a longer TPOT', () => {
    const small = perf(base({ batch: 8 }));
    const large = perf(base({ batch: 128 }));
    expect(large.outputTokensPerSec).toBeGreaterThan(small.outputTokensPerSec);
    expect(large.tpotSec).toBeGreaterThan(small.tpotSec);
  });

  it('refuses FP8 on an A100 and suggests bf16', () => {
    expect(errorOf(base({ accelerator: chip('nvidia-a100') }))).toMatch(/no FP8 support.*bf16/s);
  });

  it('refuses a missing INT8 figure, naming the catalog field', () => {
    expect(errorOf(base({ accelerator: chip('huawei-ascend-910c'), precision: 'int8' }))).toMatch(/int8Tops/);
  });

  it('refuses a model that does not fit, with weights and usable memory per device', () => {
    const msg = errorOf(base({ model: model('llama-3.1-70b'), precision: 'bf16' }));
    expect(msg).toMatch(/does not fit in 1 × nvidia-h100: 141\.1 GB of weights per device, 77\.3 GB usable/);
  });

  it('refuses a batch larger than memory allows, and a context longer than the model serves', () => {
    const most = perf(base()).maxBatch;
    expect(errorOf(base({ batch: most + 1 }))).toMatch(new RegExp(`at most ${most}`));
    expect(errorOf(base({ model: model('llama-2-70b'), devices: 2, inputTokens: 4000 }))).toMatch(
      /at most 4096/,
    );
  });

  it('refuses tensor parallelism on a chip without a scale-up figure', () => {
    expect(errorOf(base({ accelerator: chip('nvidia-l40s'), devices: 2 }))).toMatch(/no scale-up/);
  });

  it('adds an all-reduce cost with tensor parallelism: 2 devices are less than twice as fast at batch 1', () => {
    const one = perf(base({ batch: 1 }));
    const two = perf(base({ batch: 1, devices: 2 }));
    expect(two.tpotSec).toBeLessThan(one.tpotSec);
    expect(two.tpotSec).toBeGreaterThan(one.tpotSec / 2);
  });

  it('says when a chip’s efficiency is assumed, and applies an --efficiency override', () => {
    // Batch 1, short prompt: decode is memory-bound, so the bandwidth factor shows in TPOT.
    const zhenwu = base({
      accelerator: chip('t-head-zhenwu-810e'),
      precision: 'bf16',
      batch: 1,
      inputTokens: 100,
      outputTokens: 1000,
    });
    const assumed = perf(zhenwu);
    expect(assumed.assumptions.join('\n')).toMatch(/t-head-zhenwu-810e has no measured figure/);
    const slower = perf({
      ...zhenwu,
      efficiency: [
        { accelerator: 't-head-zhenwu-810e', decodeBandwidth: assumed.efficiency.decodeBandwidth / 2 },
      ],
    });
    expect(slower.efficiency.prefillCompute).toBe(assumed.efficiency.prefillCompute);
    expect(slower.tpotSec).toBeGreaterThan(assumed.tpotSec);
    expect(slower.assumptions.join('\n')).toMatch(/set by --efficiency file/);
  });

  it('prefers the most specific --efficiency entry', () => {
    const r = perf(
      base({
        efficiency: [
          { accelerator: 'nvidia-h100', engine: 'trtllm', decodeBandwidth: 0.3 },
          { accelerator: 'nvidia-h100', decodeBandwidth: 0.9 },
        ],
      }),
    );
    expect(r.efficiency.decodeBandwidth).toBe(0.3);
  });
});
