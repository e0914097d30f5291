import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/index.js';
import type { Demand, TrainingLine } from '../demand/demand.js';
import { HOURS_PER_QUARTER } from '../demand/demand-schema.js';
import type { PlanModel } from '../optimiser/plan-model.js';
import { solvePlanModel } from '../optimiser/solve-plan.js';
import { trainingCapacity } from '../optimiser/training-capacity.js';
import { checkPlan } from './plan-check.js';
import { simulateTraining, SLICE_DEVICES } from './training-simulation.js';

const catalog = loadCatalog();
const chip = { accelerator: 'nvidia-h100', devicesPerNode: 8 };

/** One H100 chip and one training line on H100 time, at `utilisation`, asking `nodes` nodes' worth a quarter. */
function training(nodes: number, utilisation: number) {
  const line: TrainingLine = {
    name: 'train',
    reference: 'nvidia-h100',
    kind: 'compute',
    deviceHours: [nodes * 8 * HOURS_PER_QUARTER * utilisation],
    utilisation,
  };
  const demand = { quarters: 1, training: [line], inference: [] } as unknown as Demand;
  const model: PlanModel = {
    quarters: 1,
    chips: [
      {
        ...chip,
        capitalUsd: 300_000,
        energyUsdPerQuarter: 2_000,
        facilityKw: 10,
        capacity: { train: trainingCapacity(catalog, chip, line) },
        existingNodes: 0,
        buyable: true,
      },
    ],
    lines: [{ name: 'train', unit: 'reference device-hours', demand: line.deviceHours }],
    budget: {},
  };
  const solve = (m: PlanModel) => solvePlanModel(m, { bindingPrices: false });
  return (seed: number) =>
    solve(model).then((result) =>
      checkPlan({ demand, catalog, model, result, servingModel: () => undefined, solve, seed }),
    );
}

describe('checkPlan: training through the time simulator', () => {
  it('meets with ample capacity: every job done in the quarter, the demand delivered, one solve', async () => {
    // 4 nodes' worth at 50 % utilisation: the plan buys 4 nodes busy half the quarter.
    const { check } = await training(4, 0.5)(42);
    expect(check.verdict).toBe('meets');
    expect(check.iterations).toHaveLength(1);
    const [t] = check.training;
    expect(t.capacityVerdict).toBe('meets');
    expect(t.simulation.verdict).toBe('meets');
    expect(t.simulation.makespanHours).toBeLessThanOrEqual(HOURS_PER_QUARTER);
    expect(t.simulation.deliveredDeviceHours).toBeCloseTo(t.demandDeviceHours, 3);
    expect(t.simulation.scale).toBe(1);
    expect(t.simulation.chips[0].devices).toBe(32);
    expect(t.simulation.utilisation).toBeCloseTo(0.5, 6);
  });

  it('fails gang jobs packed on too few nodes although the capacity sum holds, then buys nodes until it meets', async () => {
    // 1.95 nodes' worth at 100 % utilisation: the sum says 2 nodes suffice, but whole-node jobs cannot fill them
    // to the last hour, so the backlog runs past the quarter.
    const { result, check } = await training(1.95, 1)(42);
    const first = check.iterations[0];
    expect(first.nodesAdded['nvidia-h100']).toBe(2);
    expect(first.training[0].capacityVerdict).toBe('meets');
    expect(first.training[0].simulation.verdict).toBe('fails');
    expect(first.training[0].simulation.makespanHours).toBeGreaterThan(HOURS_PER_QUARTER);
    expect(first.training[0].simulation.deliveredDeviceHours).toBeLessThan(
      first.training[0].demandDeviceHours,
    );
    expect(first.trainingChanges).toHaveLength(1);
    expect(first.trainingChanges[0].toDeviceHours).toBeLessThan(first.trainingChanges[0].fromDeviceHours);
    expect(check.verdict).toBe('meets');
    const last = check.iterations[check.iterations.length - 1];
    expect(last.training[0].simulation.verdict).toBe('meets');
    expect(last.training[0].simulation.makespanHours).toBeLessThanOrEqual(HOURS_PER_QUARTER);
    expect(result.chips[0].nodesOwned[0]).toBeGreaterThan(2);
    // The plan returned covers the demand at the capacity the simulation showed.
    expect(result.chips[0].nodesOwned[0] * last.trainingCapacity.train['nvidia-h100']).toBeGreaterThanOrEqual(
      last.training[0].demandDeviceHours - 1e-6,
    );
  });

  it('is deterministic by seed', async () => {
    const run = training(1.95, 1);
    const a = await run(7);
    const b = await run(7);
    expect(JSON.stringify(a.check)).toBe(JSON.stringify(b.check));
  });
});

describe('simulateTraining on a large share', () => {
  it('simulates a proportional slice and scales the figures back', () => {
    const nodes = 5000;
    const line = { name: 'big', utilisation: 0.8 };
    const demand = nodes * 8 * HOURS_PER_QUARTER * line.utilisation;
    const started = performance.now();
    const sim = simulateTraining({
      line: line.name,
      quarter: 0,
      demandDeviceHours: demand,
      shares: [{ ...chip, nodes, speed: 1 }],
      policy: 'bestfit',
      seed: 1,
    });
    const ms = performance.now() - started;
    expect(sim.scale).toBeCloseTo(SLICE_DEVICES / (nodes * 8), 12);
    expect(sim.chips[0].devices).toBe(nodes * 8);
    expect(sim.chips[0].simulatedDevices).toBe(SLICE_DEVICES);
    expect(sim.verdict).toBe('meets');
    expect(sim.deliveredDeviceHours).toBe(demand);
    expect(sim.chips[0].deliveredDeviceHours).toBeCloseTo(demand, 0);
    expect(sim.utilisation).toBeCloseTo(line.utilisation, 6);
    // A note for whoever reads the run, not an assertion on speed (bench/ measures that).
    console.log(`slice of ${SLICE_DEVICES} devices, ${sim.jobs} jobs: ${ms.toFixed(0)} ms`);
  });
});
