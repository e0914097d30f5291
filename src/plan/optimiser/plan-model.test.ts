import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../catalog/index.js';
import { InputError } from '../../errors/index.js';
import { parseFleetText } from '../../fleet/index.js';
import { parseDemandText } from '../demand/demand-file.js';
import { planModel } from './plan-model.js';

const catalog = buildCatalog();
const DEMAND = `quarters: 1
site: { pue: 1.3, electricityUsdPerKWh: 0.08 }
chips:
  - { accelerator: nvidia-h20, devicesPerNode: 8, nodePowerOverheadW: 1500 }
training:
  - { name: t, reference: nvidia-h20, kind: compute, deviceHours: 1000, utilisation: 0.8 }
`;
const pool = (name: string, accelerator: string, nodes: number, devices: number, overheadW = 1500) =>
  `  - { name: ${name}, accelerator: ${accelerator}, nodes: ${nodes}, devicesPerNode: ${devices}, cpuMilli: 64000, memoryMiB: 524288, nodePowerOverheadW: ${overheadW} }`;

async function modelWith(pools: string[]) {
  const fleet = parseFleetText(`pools:\n${pools.join('\n')}\n`, 'fleet.yaml', catalog);
  const demand = await parseDemandText(DEMAND, 'demand.yaml', catalog, { existingFleet: fleet });
  return planModel(demand, catalog, () => 1);
}

describe('planModel: existing pools', () => {
  it('counts pools of an offered chip’s shape as owned nodes of that chip, and merges pools of one shape', async () => {
    const m = await modelWith([
      pool('a', 'nvidia-h20', 10, 8),
      pool('b', 'nvidia-a100', 3, 8),
      pool('c', 'nvidia-a100', 4, 8),
    ]);
    expect(m.chips.map((c) => [c.accelerator, c.existingNodes, c.buyable])).toEqual([
      ['nvidia-h20', 10, true],
      ['nvidia-a100', 7, false],
    ]);
  });

  it('refuses two node shapes of one accelerator, naming the pool, rather than confusing them', async () => {
    const refusal = async (pools: string[]) => {
      try {
        await modelWith(pools);
      } catch (e) {
        if (e instanceof InputError) return e.message;
        throw e;
      }
      throw new Error('no refusal');
    };
    expect(await refusal([pool('small', 'nvidia-h20', 10, 4)])).toMatch(
      /pool small.*nvidia-h20 nodes of 4 devices and 1500 W overhead, but chips\[0\] offers nodes of 8 devices and 1500 W overhead: the plan models one node shape per accelerator/,
    );
    expect(await refusal([pool('x', 'nvidia-a100', 2, 8), pool('y', 'nvidia-a100', 2, 4)])).toMatch(
      /pool y.*another existing pool has nodes of another shape/,
    );
  });
});
