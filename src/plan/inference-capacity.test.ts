import { describe, expect, it } from 'vitest';
import { getAccelerator, loadCatalog } from '../catalog/index.js';
import type { Demand, InferenceLine } from './demand/demand.js';
import { InferenceCapacities, unknownModels } from './inference-capacity.js';
import { loadModels } from './perf/model-registry.js';
import { sloCapacity } from './perf/slo-capacity.js';

const catalog = loadCatalog();
const models = loadModels();
const chat: InferenceLine = {
  name: 'chat',
  model: 'qwen3-32b',
  precision: 'bf16',
  inputTokens: 1000,
  outputTokens: 300,
  peakRequestsPerSec: [10],
  slo: { ttftSec: 2, tpotSec: 0.1, percentile: 99 },
};
const demandOf = (line: InferenceLine): Demand => ({
  quarters: 1,
  site: { pue: 1.3, electricityUsdPerKWh: 0.08, powerUtilisation: 1, amortisationYears: 4 },
  budget: {},
  chips: [],
  existing: [],
  training: [],
  scenarios: [],
  inference: [line],
});

describe('InferenceCapacities', () => {
  it('is the per-node requests/s of sloCapacity at the line’s SLO, with its layout', () => {
    const caps = new InferenceCapacities(catalog, models, []);
    const got = caps.capacity({ accelerator: 'nvidia-h100', devicesPerNode: 8 }, chat);
    const direct = sloCapacity({
      accelerator: getAccelerator(catalog, 'nvidia-h100'),
      devicesPerNode: 8,
      model: models.get('qwen3-32b')!,
      precision: 'bf16',
      inputTokens: 1000,
      outputTokens: 300,
      slo: chat.slo,
    });
    expect(got).toBe(direct.requestsPerSec);
    expect(got).toBeGreaterThan(0);
    const [layout] = caps.all();
    expect(layout.tensorParallel).toBe(direct.tensorParallel);
    expect(layout.ttftSec).toBeLessThanOrEqual(2);
    expect(caps.assumptions().length).toBeGreaterThan(0);
    expect(caps.unservable(demandOf(chat))).toEqual([]);
  });

  it('gives 0 with the reason to a chip without the precision, not an error', () => {
    const caps = new InferenceCapacities(catalog, models, []);
    const fp8 = { ...chat, precision: 'fp8' as const };
    expect(caps.capacity({ accelerator: 't-head-zhenwu-810e', devicesPerNode: 8 }, fp8)).toBe(0);
    expect(caps.all()[0].reason).toMatch(/fp8Tflops/);
    // The only chip cannot run it at all: refused at the model, saying why.
    const [issue] = caps.unservable(demandOf(fp8));
    expect(issue.path).toEqual(['inference', 0, 'model']);
    expect(issue.message).toMatch(
      /no chip offered can run qwen3-32b at fp8 \(t-head-zhenwu-810e: .*fp8Tflops/,
    );
  });

  it('refuses an SLO no chip meets with the best TTFT and TPOT of all chips, unless the demand is 0', () => {
    const caps = new InferenceCapacities(catalog, models, []);
    const tight = { ...chat, slo: { ttftSec: 0.001, tpotSec: 0.0001, percentile: 99 } };
    for (const accelerator of ['nvidia-h100', 'nvidia-h20'])
      expect(caps.capacity({ accelerator, devicesPerNode: 8 }, tight)).toBe(0);
    const best = Math.min(...caps.all().map((l) => l.best?.tpotSec ?? Infinity));
    const [issue] = caps.unservable(demandOf(tight));
    expect(issue.path).toEqual(['inference', 0, 'slo']);
    expect(issue.message).toMatch(/^chat: SLO impossible on every chip: the best TTFT is .* the best TPOT /);
    expect(issue.message).toContain(`${Number((best * 1000).toPrecision(3))} ms`);
    expect(caps.unservable(demandOf({ ...tight, peakRequestsPerSec: [0] }))).toEqual([]);
  });
});

describe('unknownModels', () => {
  it('flags ids not in the registry with the closest one, and only those', () => {
    const data = { inference: [{ model: 'qwen3-32b' }, { model: 'deepseek-v4' }, { model: 7 }] };
    const issues = unknownModels(data, models);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toEqual(['inference', 1, 'model']);
    expect(issues[0].message).toMatch(/did you mean deepseek-v3\?/);
    expect(unknownModels({ inference: 'none' }, models)).toEqual([]);
  });
});
