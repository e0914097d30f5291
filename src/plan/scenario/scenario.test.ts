import { describe, expect, it } from 'vitest';
import { buildCatalog, relativeSpeed } from '../../catalog/index.js';
import { InputError } from '../../errors/index.js';
import { parseDemandText } from '../demand/demand-file.js';
import { perf } from '../perf/inference-perf.js';
import { getModel, loadModels } from '../perf/model-registry.js';
import { applyScenario } from './apply-scenario.js';
import { deratedCatalog } from './derated-catalog.js';

const catalog = buildCatalog();

const DEMAND = `quarters: 2
site: { pue: 1.3, electricityUsdPerKWh: 0.08, powerCapMW: 300 }
budget: { totalUsd: 1.4e10 }
chips:
  - { accelerator: nvidia-h20, devicesPerNode: 8, supplyDevices: [80000, 80000] }
  - { accelerator: t-head-zhenwu-810e, devicesPerNode: 8, priceUsd: 12000 }
training:
  - { name: pretrain, reference: nvidia-h100, kind: compute, deviceHours: [2.0e7, 2.5e7], utilisation: 0.8 }
scenarios:
`;

async function issuesOf(scenarios: string): Promise<string[]> {
  try {
    await parseDemandText(DEMAND + scenarios, 'demand.yaml', catalog);
  } catch (e) {
    if (e instanceof InputError) return e.message.split('\n');
    throw e;
  }
  throw new Error('no error');
}

describe('scenarios of a demand file', () => {
  it('reads each scenario with its per-quarter values expanded', async () => {
    const d = await parseDemandText(
      DEMAND +
        `  - { name: h20-at-0, supply: { nvidia-h20: 0 } }
  - { name: slow, efficiency: { t-head-zhenwu-810e: 0.7 }, site: { electricityUsdPerKWh: 0.05 }, budget: { perQuarterUsd: 8e9 } }
`,
      'demand.yaml',
      catalog,
    );
    expect(d.scenarios.map((s) => s.name)).toEqual(['h20-at-0', 'slow']);
    expect(d.scenarios[0].supply).toEqual({ 'nvidia-h20': [0, 0] });
    expect(d.scenarios[1]).toMatchObject({
      efficiency: { 't-head-zhenwu-810e': 0.7 },
      site: { electricityUsdPerKWh: 0.05 },
      budget: { perQuarterUsd: [8e9, 8e9] },
    });
  });

  it('reports each mistake at its line and field', async () => {
    const issues = await issuesOf(`  - { name: a, supply: { nvidia-h100: 0 } }
  - { name: a, efficiency: { t-head-zhenwu-81e: 0.7 } }
  - { name: b, efficiency: { nvidia-h20: 1.5 } }
  - { name: c }
  - { name: d, supply: { nvidia-h20: [1, 2, 3] } }
  - { name: e, site: { pue: 0.9 } }
`);
    const at = (prefix: string) => {
      const found = issues.find((i) => i.startsWith(prefix));
      if (found === undefined) throw new Error(`no issue at ${prefix} among:\n${issues.join('\n')}`);
      return found;
    };
    expect(at('demand.yaml:10: scenarios[0].supply.nvidia-h100')).toMatch(
      /not offered in chips.*nvidia-h20, t-head-zhenwu-810e/,
    );
    expect(at('demand.yaml:11: scenarios[1].name')).toMatch(/already the name of scenarios\[0\]/);
    expect(at('demand.yaml:11: scenarios[1].efficiency.t-head-zhenwu-81e')).toMatch(
      /unknown accelerator.*t-head-zhenwu-810e/,
    );
    expect(at('demand.yaml:12: scenarios[2].efficiency.nvidia-h20')).toMatch(/between 0 \(exclusive\) and 1/);
    expect(at('demand.yaml:13: scenarios[3]')).toMatch(/at least one change/);
    expect(at('demand.yaml:14: scenarios[4].supply.nvidia-h20')).toMatch(/2 entries, one per quarter/);
    expect(at('demand.yaml:15: scenarios[5].site.pue')).toMatch(/PUE ≥ 1/);
  });
});

describe('applyScenario', () => {
  it('replaces only what the scenario names, and says so', async () => {
    const d = await parseDemandText(
      DEMAND +
        `  - { name: s, supply: { nvidia-h20: [0, 100] }, priceUsd: { t-head-zhenwu-810e: 9000 }, efficiency: { t-head-zhenwu-810e: 0.7 }, site: { powerCapMW: 50 }, budget: { totalUsd: 1e9 } }
`,
      'demand.yaml',
      catalog,
    );
    const v = applyScenario(d, catalog, d.scenarios[0]);
    expect(v.demand.chips[0].supplyDevices).toEqual([0, 100]);
    expect(v.demand.chips[0].priceUsd).toBe(d.chips[0].priceUsd);
    expect(v.demand.chips[1]).toMatchObject({ priceUsd: 9000, priceFrom: 'file' });
    expect(v.demand.site).toEqual({ ...d.site, powerCapMW: 50 });
    expect(v.demand.budget).toEqual({ totalUsd: 1e9 });
    expect(v.demand.training).toBe(d.training);
    expect(v.demand.scenarios).toEqual([]);
    expect(v.changes).toEqual([
      'supply of nvidia-h20 set to 0 / 100 devices (quarter by quarter)',
      'price of t-head-zhenwu-810e set to 9,000 USD per device',
      't-head-zhenwu-810e delivers 0.7 × the throughput the model gives it (compute and memory bandwidth, inference and training)',
      'site.powerCapMW set to 50',
      'budget.totalUsd set to 1,000,000,000 USD',
    ]);
  });
});

describe('deratedCatalog', () => {
  const zhenwu = 't-head-zhenwu-810e';
  const derated = deratedCatalog(catalog, { [zhenwu]: 0.7 });

  it('scales training speed by the share, for compute- and memory-bound work', () => {
    for (const kind of ['compute', 'memory'] as const) {
      const before = relativeSpeed(catalog.get(zhenwu)!, catalog.get('nvidia-h100')!, kind) as number;
      const after = relativeSpeed(derated.get(zhenwu)!, derated.get('nvidia-h100')!, kind) as number;
      expect(after / before).toBeCloseTo(0.7, 12);
    }
    expect(derated.get('nvidia-h20')).toBe(catalog.get('nvidia-h20'));
    expect(derated.get(zhenwu)!.memoryGiB).toBe(catalog.get(zhenwu)!.memoryGiB);
    expect(derated.get(zhenwu)!.tdpW).toBe(catalog.get(zhenwu)!.tdpW);
  });

  it('makes the LLM roofline slower in both phases, never faster', () => {
    const model = getModel(loadModels(), 'qwen3-32b');
    const query = (c: typeof catalog) => ({
      accelerator: c.get(zhenwu)!,
      devices: 8,
      model,
      precision: 'bf16' as const,
      engine: 'generic' as const,
      inputTokens: 1000,
      outputTokens: 300,
      batch: 64,
    });
    const before = perf(query(catalog));
    const after = perf(query(derated));
    expect(after.ttftSec).toBeGreaterThan(before.ttftSec * 1.2);
    expect(after.tpotSec).toBeGreaterThan(before.tpotSec * 1.2);
    expect(after.outputTokensPerSec).toBeLessThan(before.outputTokensPerSec);
    expect(after.maxBatch).toBe(before.maxBatch);
  });
});
