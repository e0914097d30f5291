import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../catalog/index.js';
import { InputError } from '../../errors/index.js';
import { loadModels } from '../perf/model-registry.js';
import { planModel } from '../optimiser/plan-model.js';
import { preparePlan } from '../plan-run.js';
import { parseDemandText } from './demand-file.js';
import { demandRequest, parseDemandRequest } from './demand-request.js';

const catalog = buildCatalog();

/** A demand with racks; line 2 is the site, lines 4 and 5 the chips. */
const RACKED = `quarters: 2
site: { pue: 1.3, electricityUsdPerKWh: 0.08, racks: 300 }
chips:
  - { accelerator: nvidia-h20, devicesPerNode: 8, priceUsd: 12000, nodesPerRack: 4 }
  - { accelerator: t-head-zhenwu-810e, devicesPerNode: 8, priceUsd: 11000, nodesPerRack: 2 }
training:
  - { name: pretrain, reference: nvidia-h100, kind: compute, deviceHours: [2.0e5, 2.5e5], utilisation: 0.8 }
`;

async function issuesOf(text: string): Promise<string[]> {
  try {
    await parseDemandText(text, 'demand.yaml', catalog);
  } catch (e) {
    if (e instanceof InputError) return e.message.split('\n');
    throw e;
  }
  throw new Error('no error');
}

const FLEET = (accelerator: string) =>
  `pools:\n  - { name: old, accelerator: ${accelerator}, nodes: 5, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576 }\n`;

/** The demand `text` with the fleet file of one pool of `accelerator` as its existing fleet, in a temp folder. */
function withExisting(text: string, accelerator: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hf-racks-'));
  writeFileSync(join(dir, 'fleet.yaml'), FLEET(accelerator));
  writeFileSync(join(dir, 'demand.yaml'), `${text}existing: fleet.yaml\n`);
  return join(dir, 'demand.yaml');
}

describe('racks and amortisation in the demand file', () => {
  it('reads racks per quarter, nodesPerRack per chip, and amortisation years (default 4)', async () => {
    const d = await parseDemandText(RACKED, 'demand.yaml', catalog);
    expect(d.site.racks).toEqual([300, 300]);
    expect(d.site.amortisationYears).toBe(4);
    expect(d.chips.map((c) => c.nodesPerRack)).toEqual([4, 2]);
    const given = RACKED.replace('racks: 300', 'racks: [300, 400], amortisationYears: 5');
    const e = await parseDemandText(given, 'demand.yaml', catalog);
    expect(e.site).toMatchObject({ racks: [300, 400], amortisationYears: 5 });
    const none = await parseDemandText(RACKED.replace(', racks: 300', ''), 'demand.yaml', catalog);
    expect(none.site.racks).toBeUndefined();
  });

  it('refuses a chip without nodesPerRack when racks are given, at the chip’s line', async () => {
    const issues = await issuesOf(RACKED.replace(', nodesPerRack: 2', ''));
    expect(issues).toEqual([
      'demand.yaml:5: chips[1]: t-head-zhenwu-810e has no nodesPerRack, and site.racks is given, expected ' +
        'nodesPerRack: the whole nodes of this chip one rack holds (every chip offered needs it with site.racks)',
    ]);
    // Without racks, nodesPerRack is not needed.
    await expect(
      parseDemandText(
        RACKED.replace(', racks: 300', '').replace(', nodesPerRack: 2', ''),
        'demand.yaml',
        catalog,
      ),
    ).resolves.toBeDefined();
  });

  it('refuses bad rack and amortisation values at their lines', async () => {
    const bad = RACKED.replace(
      'racks: 300',
      'racks: [300, 2.5, 1], racksUsedByExisting: -1, amortisationYears: 48',
    )
      .replace('nodesPerRack: 4', 'nodesPerRack: 0')
      .replace('nodesPerRack: 2', 'nodesPerRack: 1.5');
    expect(await issuesOf(bad)).toEqual([
      'demand.yaml:2: site.racks: expected a whole number of racks ≥ 0, or a list with one per quarter, got "[300, 2.5, 1]"',
      'demand.yaml:2: site.racksUsedByExisting: expected a whole number of racks ≥ 0, got "-1"',
      'demand.yaml:2: site.amortisationYears: expected a number of years ≤ 30 (years, not months), got "48"',
      'demand.yaml:4: chips[0].nodesPerRack: expected a whole number of nodes between 1 and 1024, got "0"',
      'demand.yaml:5: chips[1].nodesPerRack: expected a whole number of nodes between 1 and 1024, got "1.5"',
    ]);
    expect(await issuesOf(RACKED.replace('racks: 300', 'racks: [300, 200, 100]'))).toEqual([
      'demand.yaml:2: site.racks: expected 2 entries, one per quarter (quarters: 2), or one number for every ' +
        'quarter, got "[300, 200, 100]"',
    ]);
  });

  it('refuses racksUsedByExisting without racks, and a zero amortisation', async () => {
    const issues = await issuesOf(
      RACKED.replace('racks: 300', 'racksUsedByExisting: 3, amortisationYears: 0').replace(
        /, nodesPerRack: \d/g,
        '',
      ),
    );
    expect(issues).toEqual([
      'demand.yaml:2: site.amortisationYears: expected a number of years > 0, got "0"',
      'demand.yaml:2: site.racksUsedByExisting: racksUsedByExisting counts only against site.racks, which is ' +
        'not given, expected site.racks (the racks available) as well, or no racksUsedByExisting',
    ]);
  });

  it('counts existing nodes of an offered chip’s shape in that chip’s racks', async () => {
    const { model } = await preparePlan({
      demandFile: withExisting(RACKED, 'nvidia-h20'),
      catalog,
      models: loadModels(),
    });
    expect(model.racks).toEqual({ available: [300, 300], usedByExisting: 0 });
    expect(model.chips[0]).toMatchObject({ accelerator: 'nvidia-h20', existingNodes: 5, nodesPerRack: 4 });
    expect(model.amortisationYears).toBe(4);
  });

  it('refuses existing nodes of no offered chip’s shape at site.racks, naming the pool, unless their racks are given', async () => {
    const file = withExisting(RACKED, 'nvidia-h100');
    await expect(preparePlan({ demandFile: file, catalog, models: loadModels() })).rejects.toThrow(
      new RegExp(
        'demand\\.yaml:2: site\\.racks: the existing pool old \\(5 × 8 nvidia-h100\\) fill racks no offered chip ' +
          'describes, expected site\\.racksUsedByExisting: the racks those nodes fill',
      ),
    );
    const given = withExisting(
      RACKED.replace('racks: 300', 'racks: 300, racksUsedByExisting: 2'),
      'nvidia-h100',
    );
    const { model } = await preparePlan({ demandFile: given, catalog, models: loadModels() });
    expect(model.racks).toEqual({ available: [300, 300], usedByExisting: 2 });
    expect(model.chips.map((c) => [c.accelerator, c.nodesPerRack])).toEqual([
      ['nvidia-h20', 4],
      ['t-head-zhenwu-810e', 2],
      ['nvidia-h100', undefined],
    ]);
  });

  it('refuses the same over REST, by JSON path (the request body uses the same schema)', async () => {
    const body = {
      quarters: 1,
      site: { pue: 1.3, electricityUsdPerKWh: 0.08, racks: 10 },
      chips: [{ accelerator: 'nvidia-h20', devicesPerNode: 8, priceUsd: 12000 }],
      training: [
        { name: 'pretrain', reference: 'nvidia-h100', kind: 'compute', deviceHours: 1e5, utilisation: 0.8 },
      ],
    };
    const refused = await parseDemandRequest(demandRequest(body, 'demand'), catalog).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).issues).toEqual([
      expect.objectContaining({
        field: 'demand.chips.0',
        message: 'nvidia-h20 has no nodesPerRack, and site.racks is given',
      }),
    ]);
    const racked = { ...body, chips: [{ ...body.chips[0], nodesPerRack: 4 }] };
    const d = await parseDemandRequest(demandRequest(racked, 'demand'), catalog);
    expect(d.site.racks).toEqual([10]);
    expect(d.chips[0].nodesPerRack).toBe(4);
  });

  it('lets a scenario change the amortisation years, and no rack limit means none in the model', async () => {
    const d = await parseDemandText(
      `${RACKED.replace(', racks: 300', '')}scenarios:\n  - { name: six-years, site: { amortisationYears: 6 } }\n`,
      'demand.yaml',
      catalog,
    );
    expect(d.scenarios[0].site).toEqual({ amortisationYears: 6 });
    expect(planModel(d, catalog, () => 1).racks).toBeUndefined();
  });
});
