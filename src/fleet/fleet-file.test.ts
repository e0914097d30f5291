/**
 * Fleet files: the documented example, the defaults, and one pinned message per kind of mistake. Fixtures are
 * written to a temp dir by the tests; messages are pinned with the temp dir removed, since they are the interface.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, InputError } from '../errors/index.js';
import { catalogFromTable } from './catalog-lookup.js';
import { loadFleetFile, parseFleetText, stringifyFleet } from './fleet-file.js';
import { FLEET_DEFAULTS, fleetJsonSchema, validateFleet } from './fleet-schema.js';
import { formatFleetSummary, summarizeFleet } from './fleet-summary.js';
import { expandFleet } from './fleet.js';
import { closest, editDistance } from '../input/suggest.js';

const EXAMPLE = `site: { pue: 1.3, electricityUsdPerKWh: 0.08 }
pools:
  - { name: zw, accelerator: t-head-zhenwu-810e, nodes: 100, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576 }
  - { name: h20, accelerator: nvidia-h20, nodes: 100, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576 }
`;

const CATALOG = catalogFromTable({
  'nvidia-h20': { tdpW: 400, priceUsd: 12000 },
  'nvidia-h200': { tdpW: 700, priceUsd: 27000 },
  'nvidia-h100': { tdpW: 700, priceUsd: 30000 },
  'nvidia-a100': { tdpW: 400, priceUsd: 15000 },
  't-head-zhenwu-810e': { tdpW: 400, priceUsd: null },
  'huawei-ascend-910b': { tdpW: null, priceUsd: 16700 },
});

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hf-fleet-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function fixture(name: string, content: string): Promise<string> {
  const path = join(tmp, name);
  await writeFile(path, content);
  return path;
}

/** The InputError of a failed load as `code` + message, with the temp dir stripped from file names. */
async function failure(name: string, content: string | undefined, catalog = CATALOG): Promise<string> {
  const path = content === undefined ? join(tmp, name) : await fixture(name, content);
  try {
    await loadFleetFile(path, catalog);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return `${e.code}\n${e.message.replaceAll(tmp + sep, '')}`;
  }
  throw new Error('expected an InputError');
}

/** One pool as a flow mapping, with `extra` fields added or replaced. */
function pool(extra = ''): string {
  const base =
    'name: h20, accelerator: nvidia-h20, nodes: 2, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576';
  return `  - { ${base}${extra ? `, ${extra}` : ''} }`;
}

describe('loading a fleet file', () => {
  it('accepts the documented example and applies every default', async () => {
    const fleet = await loadFleetFile(await fixture('example.yaml', EXAMPLE), CATALOG);
    expect(fleet.site).toEqual({ pue: 1.3, electricityUsdPerKWh: 0.08 });
    expect(fleet.pools).toHaveLength(2);
    expect(fleet.pools[0]).toEqual({
      name: 'zw',
      accelerator: 't-head-zhenwu-810e',
      nodes: 100,
      devicesPerNode: 8,
      cpuMilli: 128000,
      memoryMiB: 1048576,
      nodePowerOverheadW: 0,
      pricing: { kind: 'capex', usdPerNodeOverhead: 0, amortisationYears: 4 },
      labels: {},
      gpuModelAlias: 't-head-zhenwu-810e',
    });
    expect(fleet.pools[1].gpuModelAlias).toBe('nvidia-h20');
  });

  it('defaults the whole site when the file has none', () => {
    const fleet = parseFleetText(`pools:\n${pool()}\n`, 'f.yaml');
    expect(fleet.site).toEqual({
      pue: FLEET_DEFAULTS.pue,
      electricityUsdPerKWh: FLEET_DEFAULTS.electricityUsdPerKWh,
    });
  });

  it('reads every optional field: capex, labels, alias, overhead and site name', () => {
    const fleet = parseFleetText(
      [
        'site: { name: qinghai, pue: 1.15, electricityUsdPerKWh: 0.05 }',
        'pools:',
        pool(
          'nodePowerOverheadW: 1500, capex: { usdPerDevice: 11000, usdPerNodeOverhead: 40000, amortisationYears: 5 }, ' +
            'labels: { zone: a, rack: 7, spare: true }, gpuModelAlias: H20',
        ),
      ].join('\n'),
      'f.yaml',
    );
    expect(fleet.site).toEqual({ name: 'qinghai', pue: 1.15, electricityUsdPerKWh: 0.05 });
    expect(fleet.pools[0]).toMatchObject({
      nodePowerOverheadW: 1500,
      pricing: { kind: 'capex', usdPerDevice: 11000, usdPerNodeOverhead: 40000, amortisationYears: 5 },
      labels: { zone: 'a', rack: '7', spare: 'true' },
      gpuModelAlias: 'H20',
    });
  });

  it('reads hourly prices per node and per device', () => {
    const text = `pools:\n${pool('hourlyUsdPerNode: 20')}\n${pool('hourlyUsdPerDevice: 2.5').replace('h20,', 'h20b,')}\n`;
    const fleet = parseFleetText(text, 'f.yaml');
    expect(fleet.pools.map((p) => p.pricing)).toEqual([
      { kind: 'hourlyPerNode', usd: 20 },
      { kind: 'hourlyPerDevice', usd: 2.5 },
    ]);
  });

  it('reads JSON files', async () => {
    const json = JSON.stringify({ site: { pue: 1.2 }, pools: [{ ...poolObject(), name: 'j' }] }, null, 2);
    const fleet = await loadFleetFile(await fixture('fleet.json', json), CATALOG);
    expect(fleet.site).toEqual({ pue: 1.2, electricityUsdPerKWh: 0.08 });
    expect(fleet.pools[0].name).toBe('j');
  });

  it('writes YAML that loads back to the same fleet, defaults left out', async () => {
    const fleet = parseFleetText(
      EXAMPLE.replace('nodes: 100, devicesPerNode: 8', 'nodes: 3, devicesPerNode: 8, hourlyUsdPerNode: 9.5'),
      'f.yaml',
    );
    const yaml = stringifyFleet(fleet, ['made by a test']);
    expect(yaml).toMatchInlineSnapshot(`
      "# made by a test

      site: { pue: 1.3, electricityUsdPerKWh: 0.08 }
      pools:
        - { name: zw, accelerator: t-head-zhenwu-810e, nodes: 3, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576, hourlyUsdPerNode: 9.5 }
        - { name: h20, accelerator: nvidia-h20, nodes: 100, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576 }
      "
    `);
    expect(await loadFleetFile(await fixture('round-trip.yaml', yaml), CATALOG)).toEqual(fleet);
  });

  it("keeps listed node names: written back, loaded again, and used as the nodes' names", async () => {
    const text = `pools:\n${pool('nodeNames: [gpu-a, gpu-b]')}\n  - { name: t4, accelerator: nvidia-h20, nodes: 1, devicesPerNode: 1, cpuMilli: 8000, memoryMiB: 4096, gpuModelAlias: T4 }\n`;
    const fleet = parseFleetText(text, 'named.yaml', CATALOG);
    expect(fleet.pools[0].nodeNames).toEqual(['gpu-a', 'gpu-b']);
    expect(fleet.pools[1].nodeNames).toBeUndefined();
    expect(expandFleet(fleet).nodes.map((n) => n.name)).toEqual(['gpu-a', 'gpu-b', 't4-00001']);
    const yaml = stringifyFleet(fleet);
    expect(yaml).toContain('nodeNames: [ gpu-a, gpu-b ]');
    expect(await loadFleetFile(await fixture('named-round-trip.yaml', yaml), CATALOG)).toEqual(fleet);
  });

  it('exports a JSON Schema carrying the documented defaults', () => {
    const schema = JSON.stringify(fleetJsonSchema());
    expect(schema).toContain('"default":1.3');
    expect(schema).toContain('Default 4');
    expect(schema).toContain('"additionalProperties":false');
  });
});

function poolObject(): Record<string, unknown> {
  return {
    name: 'p',
    accelerator: 'nvidia-h20',
    nodes: 2,
    devicesPerNode: 8,
    cpuMilli: 128000,
    memoryMiB: 1048576,
  };
}

describe('bad fleet files name the file, the line and the field', () => {
  it('a negative node count', async () => {
    expect(await failure('neg.yaml', `pools:\n${pool('nodes: -4').replace('nodes: 2, ', '')}\n`))
      .toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      neg.yaml:2: pools[0].nodes: expected a whole number ≥ 1, got "-4""
    `);
  });

  it('a PUE below 1', async () => {
    expect(await failure('pue.yaml', EXAMPLE.replace('pue: 1.3', 'pue: 0.9'))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      pue.yaml:1: site.pue: expected a PUE ≥ 1 (facility power / IT power can never be below 1), got "0.9""
    `);
  });

  it('a PUE written as a percentage and a price per MWh (unit mistakes)', async () => {
    const text = 'site:\n  pue: 130\n  electricityUsdPerKWh: 80\npools:\n' + pool();
    expect(await failure('units.yaml', text)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      units.yaml:2: site.pue: expected a PUE ≤ 5 (facility power / IT power; 130 % is written 1.3), got "130"
      units.yaml:3: site.electricityUsdPerKWh: expected an electricity price in USD per kWh, between 0 and 5 (80 USD/MWh = 0.08), got "80""
    `);
  });

  it('a negative power and a negative price', async () => {
    const text = `pools:\n${pool('nodePowerOverheadW: -300, capex: { usdPerDevice: -1 }')}\n`;
    expect(await failure('power.yaml', text)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      power.yaml:2: pools[0].nodePowerOverheadW: expected a power in W ≥ 0, got "-300"
      power.yaml:2: pools[0].capex.usdPerDevice: expected an amount in USD ≥ 0, got "-1""
    `);
  });

  it('CPU in cores and a fractional device count', async () => {
    const text = `pools:\n  - name: a\n    accelerator: nvidia-h20\n    nodes: 1\n    devicesPerNode: 2.5\n    cpuMilli: 128\n    memoryMiB: 1048576\n`;
    expect(await failure('cores.yaml', text)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      cores.yaml:5: pools[0].devicesPerNode: expected a whole number ≥ 1, got "2.5"
      cores.yaml:6: pools[0].cpuMilli: expected a whole number of milli-cores ≥ 1000 (1000 = one core; 128 cores = 128000), got "128""
    `);
  });

  it('unknown keys, with a hint when one is close', async () => {
    const text = [
      'site:',
      '  pue: 1.3',
      '  electricityUsdPerKwh: 0.08',
      'pools:',
      '  - name: a',
      '    accelerator: nvidia-h20',
      '    nodes: 1',
      '    gpusPerNode: 8',
      '    cpuMilli: 128000',
      '    memoryMiB: 1048576',
      '    colour: blue',
      'version: 2',
    ].join('\n');
    expect(await failure('keys.yaml', text)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      keys.yaml:3: site.electricityUsdPerKwh: unknown field, did you mean "electricityUsdPerKWh"?
      keys.yaml:5: pools[0].devicesPerNode: missing, expected a whole number ≥ 1
      keys.yaml:8: pools[0].gpusPerNode: unknown field, did you mean "devicesPerNode"?
      keys.yaml:11: pools[0].colour: unknown field, expected one of name, accelerator, nodes, devicesPerNode, cpuMilli, memoryMiB, nodePowerOverheadW, capex, hourlyUsdPerNode, hourlyUsdPerDevice, labels, gpuModelAlias, nodeNames
      keys.yaml:12: version: unknown field, expected one of site, pools"
    `);
  });

  it('a duplicate pool name', async () => {
    expect(await failure('dup.yaml', `pools:\n${pool()}\n${pool()}\n`)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      dup.yaml:3: pools[1].name: duplicate pool name (first at pools[0]), expected pool names unique within the fleet, got "h20""
    `);
  });

  it('node names: one per node, unique, never one a pool without a list generates', async () => {
    const small = (name: string, extra = '') =>
      `  - { name: ${name}, accelerator: nvidia-h20, nodes: 2, devicesPerNode: 1, cpuMilli: 8000, memoryMiB: 4096${extra} }`;
    const text = [
      'pools:',
      pool('nodeNames: [a, b, c]'),
      small('t4', ', nodeNames: [a, ""]'),
      small('gen'),
      small('x', ', nodeNames: [gen-00002, x-1]'),
    ].join('\n');
    expect(await failure('names.yaml', text)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      names.yaml:2: pools[0].nodeNames: 3 node names for 2 nodes, expected one name per node of the pool, got "[a, b, c]"
      names.yaml:3: pools[1].nodeNames[1]: expected a node name of 1 to 253 characters, got ""
      names.yaml:3: pools[1].nodeNames[0]: node name "a" is already taken (pools[0]), expected node names unique within the fleet, got "a"
      names.yaml:5: pools[3].nodeNames: node name "gen-00002" is also the name of a node of pool gen, expected node names unique within the fleet, got "[gen-00002, x-1]""
    `);
  });

  it('two ways of pricing one pool', async () => {
    expect(
      await failure('price.yaml', `pools:\n${pool('capex: { usdPerDevice: 1 }, hourlyUsdPerDevice: 2')}\n`),
    ).toMatchInlineSnapshot(`
        "HF_INVALID_FIELD
        price.yaml:2: pools[0].hourlyUsdPerDevice: a pool is priced one way only, found both capex and hourlyUsdPerDevice, expected one of capex, hourlyUsdPerNode, hourlyUsdPerDevice"
      `);
  });

  it('one model string for two accelerators', async () => {
    const text = `pools:\n${pool('gpuModelAlias: X')}\n${pool('gpuModelAlias: X').replace('h20,', 'b,').replace('nvidia-h20', 'nvidia-h200')}\n`;
    expect(await failure('alias.yaml', text)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      alias.yaml:3: pools[1].gpuModelAlias: GPU model "X" already stands for nvidia-h20 (pools[0]); one model string must mean one accelerator, expected a distinct gpuModelAlias, got "X""
    `);
  });

  it('an unknown accelerator, listing close catalog ids', async () => {
    const text = `pools:\n${pool().replace('nvidia-h20', 'nvidia-h2O')}\n${pool().replace('h20,', 'b,').replace('nvidia-h20', 'ascend-910b')}\n`;
    expect(await failure('acc.yaml', text)).toMatchInlineSnapshot(`
      "HF_UNKNOWN_GPU_TYPE
      acc.yaml:2: pools[0].accelerator: unknown accelerator, expected a catalog id such as nvidia-h20, nvidia-h200 (hyperfleet catalog lists all), got "nvidia-h2O"
      acc.yaml:3: pools[1].accelerator: unknown accelerator, expected a catalog id such as huawei-ascend-910b (hyperfleet catalog lists all), got "ascend-910b""
    `);
  });

  it('a missing pools list and a pools value of the wrong type', async () => {
    expect(await failure('nopools.yaml', 'site: { pue: 1.2 }\n')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      nopools.yaml:1: pools: missing, expected a list of pools"
    `);
    expect(await failure('scalar.yaml', 'pools: many\n')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      scalar.yaml:1: pools: expected a list of pools, got "many""
    `);
  });

  it('a YAML syntax error', async () => {
    expect(await failure('syntax.yaml', 'site: { pue: 1.3\npools:\n  - x\n')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      syntax.yaml:2: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }"
    `);
  });

  it('a duplicate key, in YAML and in JSON', async () => {
    expect(await failure('dupkey.yaml', `pools:\n${pool()}\npools: []\n`)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      dupkey.yaml:3: pools: duplicate key (first on line 1), expected each key once per mapping"
    `);
    const json = '{\n  "pools": [],\n  "site": {},\n  "pools": []\n}\n';
    expect(await failure('dup.json', json)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      dup.json:4: pools: duplicate key (first on line 2), expected each key once per mapping"
    `);
  });

  it('an empty file, a file of comments only, a missing file', async () => {
    expect(await failure('empty.yaml', '')).toMatchInlineSnapshot(`
      "HF_FILE_EMPTY
      empty.yaml: file is empty (expected a YAML fleet file with site and pools)"
    `);
    expect(await failure('comments.yaml', '# nothing yet\n\n')).toMatchInlineSnapshot(`
      "HF_FILE_EMPTY
      comments.yaml: file is empty (expected a YAML fleet file with site and pools)"
    `);
    expect(await failure('empty.json', ' \n')).toMatchInlineSnapshot(`
      "HF_FILE_EMPTY
      empty.json: file is empty (expected a JSON fleet file with site and pools)"
    `);
    expect(await failure('nowhere.yaml', undefined)).toMatchInlineSnapshot(`
      "HF_FILE_NOT_FOUND
      nowhere.yaml: file not found (expected a fleet file, YAML or JSON)"
    `);
  });

  it('a JSON file with a syntax error and one with a bad field', async () => {
    const broken = '{\n  "pools": [\n    { "name": "a", }\n  ]\n}\n';
    expect(await failure('broken.json', broken)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      broken.json:3: JSON syntax error: Expected double-quoted property name"
    `);
    const json = JSON.stringify(
      { site: { pue: 1.3 }, pools: [poolObject(), { ...poolObject(), name: 'q', devicesPerNode: 0 }] },
      null,
      2,
    );
    expect(await failure('field.json', json)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      field.json:18: pools[1].devicesPerNode: expected a whole number ≥ 1, got "0""
    `);
  });

  it('a CSV node list passed by mistake', async () => {
    expect(await failure('nodes.csv', 'sn,cpu_milli,memory_mib,gpu,model\nn1,64000,262144,2,P100\n'))
      .toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      nodes.csv:1: expected a mapping with \`site\` and \`pools\`, got "sn,cpu_milli,memory_mib,gpu,model n1,64000,262144,2,P100""
    `);
  });

  it('without a catalog, accelerator ids are not checked', () => {
    const fleet = parseFleetText(`pools:\n${pool().replace('nvidia-h20', 'my-own-chip')}\n`, 'f.yaml');
    expect(fleet.pools[0].accelerator).toBe('my-own-chip');
  });

  it('reports every problem of a file at once, sorted by line', async () => {
    const e = await loadFleetFile(
      await fixture(
        'many.yaml',
        `site: { pue: 0 }\npools:\n${pool('nodes: 0').replace('nodes: 2, ', '')}\n${pool()}\n`,
      ),
      CATALOG,
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    const issues = (e as InputError).issues;
    expect((e as InputError).code).toBe(ErrorCode.InvalidField);
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [1, 'site.pue'],
      [3, 'pools[0].nodes'],
      [4, 'pools[1].name'],
    ]);
  });
});

describe('bad JSON fleet files name the line too', () => {
  const json = (value: unknown): string => JSON.stringify(value, null, 2);

  it('an unknown key with a hint, and a missing field pointing at its pool', async () => {
    const { devicesPerNode: _, ...noDevices } = poolObject();
    expect(await failure('keys.json', json({ pools: [{ ...noDevices, gpus: 8 }], sites: {} })))
      .toMatchInlineSnapshot(`
        "HF_INVALID_FIELD
        keys.json:3: pools[0].devicesPerNode: missing, expected a whole number ≥ 1
        keys.json:9: pools[0].gpus: unknown field, did you mean "devicesPerNode"?
        keys.json:12: sites: unknown field, did you mean "site"?"
      `);
  });

  it('values of the wrong type, quoted as written', async () => {
    const text = json({ site: { pue: '1.3' }, pools: [{ ...poolObject(), nodes: true }] });
    expect(await failure('types.json', text.replace('"cpuMilli": 128000', '"cpuMilli": 1.28e2')))
      .toMatchInlineSnapshot(`
        "HF_INVALID_FIELD
        types.json:3: site.pue: expected a PUE between 1 and 5, got "1.3"
        types.json:9: pools[0].nodes: expected a whole number ≥ 1, got "true"
        types.json:11: pools[0].cpuMilli: expected a whole number of milli-cores ≥ 1000 (1000 = one core; 128 cores = 128000), got "1.28e2""
      `);
  });

  it('a syntax error names its line', async () => {
    const text = json({ pools: [poolObject()] }).replace('"nodes": 2', '"nodes": 2.');
    expect(await failure('syntax.json', text)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      syntax.json:6: JSON syntax error: Unterminated fractional number"
    `);
  });

  it('a file that ends too early, and a document that is not an object', async () => {
    expect(await failure('short.json', '{\n  "pools": [\n')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      short.json:2: JSON syntax error: Unexpected end of JSON input"
    `);
    expect(await failure('list.json', '[\n  {}\n]\n')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      list.json:1: expected a mapping with \`site\` and \`pools\`, got "[ {} ]""
    `);
  });

  it('a byte-order mark is ignored; pool rules across fields apply as in YAML', async () => {
    const text = json({ pools: [poolObject(), { ...poolObject(), hourlyUsdPerNode: 1, capex: {} }] });
    expect(await failure('bom.json', `\ufeff${text}`)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      bom.json:12: pools[1].name: duplicate pool name (first at pools[0]), expected pool names unique within the fleet, got "p"
      bom.json:18: pools[1].hourlyUsdPerNode: a pool is priced one way only, found both capex and hourlyUsdPerNode, expected one of capex, hourlyUsdPerNode, hourlyUsdPerDevice"
    `);
  });
});

describe('YAML-only hazards', () => {
  it('an alias bomb stops at the alias count', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      bomb.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    expect(await failure('bomb.yaml', `${bomb.join('\n')}\npools: []\n`)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      bomb.yaml:2: YAML aliases expand too far (Excessive alias count indicates a resource exhaustion attack), expected at most 1000 alias expansions"
    `);
  });

  it('a value quoted by the user is shown without the quotes; a plain one as typed', async () => {
    const text = `site: { pue: "0.5", electricityUsdPerKWh: 8e1 }\npools:\n${pool()}\n`;
    expect(await failure('quoted.yaml', text)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      quoted.yaml:1: site.pue: expected a PUE between 1 and 5, got "0.5"
      quoted.yaml:1: site.electricityUsdPerKWh: expected an electricity price in USD per kWh, between 0 and 5 (80 USD/MWh = 0.08), got "8e1""
    `);
  });
});

describe('validateFleet (file-independent)', () => {
  it('rejects more nodes in all than the simulator supports', () => {
    const r = validateFleet({ pools: [poolObject(), { ...poolObject(), name: 'q', nodes: 9_999_999 }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([expect.objectContaining({ path: ['pools', 1, 'nodes'] })]);
  });
});

describe('fleet summary', () => {
  it('totals devices per accelerator, capital, cost per hour and power', () => {
    const fleet = parseFleetText(
      [
        'site: { name: s, pue: 1.5, electricityUsdPerKWh: 0.1 }',
        'pools:',
        pool('nodePowerOverheadW: 1000, capex: { usdPerNodeOverhead: 4000, amortisationYears: 2 }'),
        pool('hourlyUsdPerDevice: 2').replace('h20,', 'h20r,'),
        pool('nodes: 3').replace('nodes: 2, ', '').replace('h20,', 'a,').replace('nvidia-h20', 'nvidia-a100'),
      ].join('\n'),
      'f.yaml',
    );
    const s = summarizeFleet(fleet, CATALOG);
    expect(s).toMatchObject({ pools: 3, nodes: 7, devices: 56, nodeOverheadW: 2000 });
    expect(s.perAccelerator).toEqual([
      { accelerator: 'nvidia-h20', pools: 2, nodes: 4, devices: 32, tdpW: 12800 },
      { accelerator: 'nvidia-a100', pools: 1, nodes: 3, devices: 24, tdpW: 9600 },
    ]);
    // Owned: 2 × (8 × 12000 + 4000) + 3 × 8 × 15000; rented pools have no capital cost.
    expect(s.capexUsd).toBe(200_000 + 360_000);
    const hours = 365.25 * 24;
    expect(s.usdPerHour).toBeCloseTo(200_000 / (2 * hours) + 360_000 / (4 * hours) + 2 * 16, 9);
    expect(s.deviceTdpW).toBe(22_400);
    expect(s.peakFacilityW).toBe((22_400 + 2000) * 1.5);
    expect(formatFleetSummary(fleet, s)).toMatchInlineSnapshot(`
      "site s: PUE 1.5, electricity 0.1 USD/kWh
      3 pool(s), 7 nodes, 56 devices

      accelerator                 pools      nodes    devices   TDP
      nvidia-h20                     2          4         32   12.8 kW
      nvidia-a100                    1          3         24   9.6 kW

      capital cost    560,000 USD
      cost per hour   54 USD (amortised capital + rent, before energy)
      device TDP      22.4 kW
      node overhead   2 kW
      peak facility   36.6 kW (TDP + overhead, × PUE)
      "
    `);
  });

  it('says unknown rather than guessing when the catalog lacks a price or a TDP', async () => {
    const fleet = await loadFleetFile(await fixture('unknown.yaml', EXAMPLE), CATALOG);
    const s = summarizeFleet(fleet, CATALOG);
    expect(s.capexUsd).toBeNull();
    expect(s.unpricedPools).toEqual(['zw']);
    const ascend = parseFleetText(
      `pools:\n${pool().replace('nvidia-h20', 'huawei-ascend-910b')}\n`,
      'f.yaml',
    );
    expect(summarizeFleet(ascend, CATALOG)).toMatchObject({
      deviceTdpW: null,
      peakFacilityW: null,
      capexUsd: 16700 * 16,
    });
  });
});

describe('did-you-mean', () => {
  it('measures edit distance and ranks substring matches first', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closest('h20', ['nvidia-h200', 'nvidia-h20', 'amd-mi300'])).toEqual(['nvidia-h20', 'nvidia-h200']);
    expect(closest('zzzz', ['nvidia-h20'])).toEqual([]);
  });
});
