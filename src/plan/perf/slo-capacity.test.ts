import { describe, expect, it } from 'vitest';
import { getAccelerator, loadCatalog } from '../../catalog/index.js';
import { isInputError } from '../../errors/index.js';
import { BUILTIN_MODELS } from './builtin-models.js';
import { perf } from './inference-perf.js';
import { sloCapacity, type SloCapacityQuery } from './slo-capacity.js';

const catalog = loadCatalog();
const query = (over: Partial<SloCapacityQuery> = {}): SloCapacityQuery => ({
  accelerator: getAccelerator(catalog, 'nvidia-h20'),
  devicesPerNode: 8,
  model: BUILTIN_MODELS.find((m) => m.id === 'qwen3-32b')!,
  precision: 'bf16',
  inputTokens: 1000,
  outputTokens: 300,
  slo: { ttftSec: 2, tpotSec: 0.1 },
  ...over,
});

describe('sloCapacity', () => {
  it('picks the largest batch meeting the SLO: one more request would break it', () => {
    const q = query();
    const c = sloCapacity(q);
    expect(c.requestsPerSec).toBeGreaterThan(0);
    const n = c.tensorParallel!;
    const at = (batch: number) => perf({ ...q, devices: n, engine: 'generic', batch });
    const chosen = at(c.point!.batch);
    expect(chosen.ttftSec).toBeLessThanOrEqual(q.slo.ttftSec);
    expect(chosen.tpotSec).toBeLessThanOrEqual(q.slo.tpotSec);
    if (c.point!.batch < chosen.maxBatch) {
      const next = at(c.point!.batch + 1);
      expect(next.ttftSec > q.slo.ttftSec || next.tpotSec > q.slo.tpotSec).toBe(true);
    }
    expect(c.requestsPerSec).toBeCloseTo((8 / n) * chosen.requestsPerSec, 9);
  });

  it('serves at least as much with a looser SLO', () => {
    const tight = sloCapacity(query({ slo: { ttftSec: 1, tpotSec: 0.05 } }));
    const loose = sloCapacity(query({ slo: { ttftSec: 4, tpotSec: 0.2 } }));
    expect(loose.requestsPerSec).toBeGreaterThanOrEqual(tight.requestsPerSec);
  });

  it('returns 0 requests/s with the best TTFT and TPOT when no batch meets the SLO', () => {
    const c = sloCapacity(query({ slo: { ttftSec: 1e-4, tpotSec: 1e-4 } }));
    expect(c.requestsPerSec).toBe(0);
    expect(c.point).toBeUndefined();
    // The best TPOT is batch 1 on the widest layout; nothing beats it.
    const widest = perf({ ...query(), devices: 8, engine: 'generic', batch: 1 });
    expect(c.best.tpotSec).toBeLessThanOrEqual(widest.tpotSec);
    expect(c.best.tpotSec).toBeGreaterThan(0);
    expect(c.best.ttftSec).toBeGreaterThan(0);
  });

  it('refuses a model no layout of the node can hold', () => {
    try {
      sloCapacity(query({ model: BUILTIN_MODELS.find((m) => m.id === 'deepseek-v3')! }));
      expect.unreachable();
    } catch (e) {
      expect(isInputError(e)).toBe(true);
      expect((e as Error).message).toMatch(/does not fit/);
    }
  });
});
