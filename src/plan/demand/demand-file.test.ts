import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../catalog/index.js';
import { InputError } from '../../errors/index.js';
import { trainingCapacity } from '../optimiser/training-capacity.js';
import { parseDemandText, readDemandFile } from './demand-file.js';

const catalog = buildCatalog();

const GOOD = `quarters: 2
site: { pue: 1.3, electricityUsdPerKWh: 0.08, powerCapMW: 300 }
budget: { totalUsd: 1.4e10, perQuarterUsd: [8e9, 6e9] }
chips:
  - { accelerator: nvidia-h20, devicesPerNode: 8, supplyDevices: [80000, 0], priceUsd: 12000, nodeOverheadUsd: 40000, nodePowerOverheadW: 1500 }
  - { accelerator: t-head-zhenwu-810e, devicesPerNode: 8, priceUsd: 12000 }
training:
  - { name: pretrain, reference: nvidia-h100, kind: compute, deviceHours: [2.0e7, 2.5e7], utilisation: 0.8 }
inference:
  - { name: chat, model: qwen3-32b, precision: bf16, inputTokens: 1000, outputTokens: 300,
      peakRequestsPerSec: 400, growthPerQuarter: 0.5, slo: { ttftSec: 2, tpotSec: 0.1, percentile: 99 } }
`;

async function issuesOf(text: string, file = 'demand.yaml'): Promise<string[]> {
  try {
    await parseDemandText(text, file, catalog);
  } catch (e) {
    if (e instanceof InputError) return e.message.split('\n');
    throw e;
  }
  throw new Error('no error');
}

describe('readDemandFile', () => {
  it('reads the contract example: one number repeats per quarter, growth compounds, prices resolve', async () => {
    const d = await parseDemandText(GOOD, 'demand.yaml', catalog);
    expect(d.quarters).toBe(2);
    expect(d.budget.perQuarterUsd).toEqual([8e9, 6e9]);
    expect(d.chips[0]).toMatchObject({ supplyDevices: [80000, 0], priceUsd: 12000, priceFrom: 'file' });
    expect(d.inference[0].peakRequestsPerSec).toEqual([400, 600]);
    expect(d.training[0].deviceHours).toEqual([2e7, 2.5e7]);
    expect(d.site.powerUtilisation).toBe(1);
  });

  it('reports each problem at its file, line and field', async () => {
    const bad = GOOD.replace('accelerator: t-head-zhenwu-810e', 'accelerator: nvidia-h2O')
      .replace('deviceHours: [2.0e7, 2.5e7]', 'deviceHours: [2.0e7, -1]')
      .replace('perQuarterUsd: [8e9, 6e9]', 'perQuarterUsd: [8e9, 6e9, 1e9]')
      .replace('name: chat', 'name: pretrain');
    const issues = await issuesOf(bad);
    expect(issues).toContain(
      'demand.yaml:3: budget.perQuarterUsd: expected 2 entries, one per quarter (quarters: 2), or one number for every quarter, got "[8e9, 6e9, 1e9]"',
    );
    expect(
      issues.find((i) => i.startsWith('demand.yaml:6: chips[1].accelerator: unknown accelerator')),
    ).toMatch(/nvidia-h20/);
    expect(
      issues.some((i) =>
        i.startsWith('demand.yaml:8: training[0].deviceHours[1]: expected device-hours ≥ 0'),
      ),
    ).toBe(true);
    expect(
      issues.some((i) =>
        i.startsWith('demand.yaml:10: inference[0].name: pretrain is already the name of training[0]'),
      ),
    ).toBe(true);
  });

  it('refuses a repeated chip and an empty demand', async () => {
    const twice = GOOD.replace('t-head-zhenwu-810e', 'nvidia-h20');
    expect(
      (await issuesOf(twice)).some((i) =>
        /demand.yaml:6: chips\[1\]\.accelerator: nvidia-h20 is already offered/.test(i),
      ),
    ).toBe(true);
    const none = GOOD.slice(0, GOOD.indexOf('training:'));
    expect((await issuesOf(none)).join('\n')).toMatch(/at least one training or inference line/);
  });

  it('reads the existing fleet relative to the demand file, and names a missing one at its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-demand-'));
    writeFileSync(
      join(dir, 'fleet.yaml'),
      'pools:\n  - { name: old, accelerator: nvidia-h20, nodes: 5, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576 }\n',
    );
    writeFileSync(join(dir, 'demand.yaml'), `${GOOD}existing: fleet.yaml\n`);
    const d = await readDemandFile(join(dir, 'demand.yaml'), catalog);
    expect(d.existing).toEqual([
      { pool: 'old', accelerator: 'nvidia-h20', devicesPerNode: 8, nodes: 5, nodePowerOverheadW: 0 },
    ]);
    writeFileSync(join(dir, 'demand.yaml'), `${GOOD}existing: nope.yaml\n`);
    await expect(readDemandFile(join(dir, 'demand.yaml'), catalog)).rejects.toThrow(
      /demand\.yaml:12: existing: fleet file not found/,
    );
  });

  it('computes training capacity as devices × 2190 h × relative speed × utilisation', async () => {
    const d = await parseDemandText(GOOD, 'demand.yaml', catalog);
    const h20 = catalog.get('nvidia-h20')!;
    const h100 = catalog.get('nvidia-h100')!;
    const cap = trainingCapacity(catalog, { accelerator: 'nvidia-h20', devicesPerNode: 8 }, d.training[0]);
    expect(cap).toBeCloseTo(8 * 2190 * (h20.bf16Tflops! / h100.bf16Tflops!) * 0.8, 6);
  });
});
