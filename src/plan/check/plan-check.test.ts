import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/index.js';
import type { Demand, InferenceLine } from '../demand/demand.js';
import type { PlanModel } from '../optimiser/plan-model.js';
import { solvePlanModel } from '../optimiser/solve-plan.js';
import { checkPlan } from './plan-check.js';

/**
 * One chip whose node is claimed to serve 8 requests/s of `chat` — the throughput ceiling of its one replica
 * (batch 8 / (50 tokens × 20 ms)), so a plan sized on it runs the nodes at saturation and the p99 TTFT blows up.
 */
const line: InferenceLine = {
  name: 'chat',
  model: 'test',
  precision: 'bf16',
  inputTokens: 1000,
  outputTokens: 50,
  peakRequestsPerSec: [40],
  slo: { ttftSec: 0.5, tpotSec: 0.05, percentile: 99 },
};
const demand = { quarters: 1, training: [], inference: [line] } as unknown as Demand;
const model: PlanModel = {
  quarters: 1,
  chips: [
    {
      accelerator: 'chip-a',
      devicesPerNode: 8,
      capitalUsd: 100_000,
      energyUsdPerQuarter: 1_000,
      facilityKw: 10,
      capacity: { chat: 8 },
      existingNodes: 0,
      buyable: true,
    },
  ],
  lines: [{ name: 'chat', unit: 'requests/s', demand: [40] }],
  budget: {},
};
const serving = {
  replicas: 1,
  batchLimit: 8,
  stepSec: (_decoding: number, prefillTokens: number) => 0.02 + 1e-5 * prefillTokens,
};
const run = (seed: number, maxIterations?: number) =>
  solvePlanModel(model, { bindingPrices: false }).then((result) =>
    checkPlan({
      demand,
      catalog: loadCatalog(),
      model,
      result,
      servingModel: () => serving,
      solve: (m) => solvePlanModel(m, { bindingPrices: false }),
      seed,
      ...(maxIterations !== undefined ? { maxIterations } : {}),
    }),
  );

describe('checkPlan', () => {
  it('finds the undersized plan failing, lowers the capacity, and buys nodes until the SLO holds', async () => {
    const { result, check } = await run(42);
    const first = check.iterations[0];
    expect(first.services[0].verdict).toBe('fails');
    expect(first.nodesAdded['chip-a']).toBe(5);
    expect(first.changes).toHaveLength(1);
    expect(first.changes[0].toRequestsPerSec).toBeLessThan(8);
    expect(check.iterations.length).toBeGreaterThan(1);
    expect(check.iterations.length).toBeLessThanOrEqual(5);
    expect(check.verdict).toBe('meets');
    const last = check.iterations[check.iterations.length - 1];
    expect(last.services[0].verdict).toBe('meets');
    expect(last.services[0].attainment).toBeGreaterThanOrEqual(0.99);
    expect(last.services[0].ttftSec).toBeLessThanOrEqual(line.slo.ttftSec);
    // The nodes the last plan owns cover the demand at the capacity the simulation found.
    const owned = result.chips[0].nodesOwned[0];
    expect(owned).toBeGreaterThan(5);
    expect(owned * last.capacity.chat['chip-a']).toBeGreaterThanOrEqual(40 - 1e-6);
    expect(check.services).toBe(last.services);
  });

  it('is deterministic by seed', async () => {
    const a = await run(7);
    const b = await run(7);
    expect(JSON.stringify(a.check)).toBe(JSON.stringify(b.check));
  });

  it('stops at the iteration cap and says the check fails', async () => {
    const { check } = await run(42, 1);
    expect(check.iterations).toHaveLength(1);
    expect(check.verdict).toBe('fails');
    expect(check.iterations[0].changes).toEqual([]);
  });
});
