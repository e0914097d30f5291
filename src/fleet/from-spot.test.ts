/**
 * Spot-GPU node list → fleet: row validation with file:line messages, model mapping, the memory assumption, and
 * the real node_info_df.csv (4278 nodes) when ../shared is present.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import { announceSkip, sharedDir } from '../../test/support/shared.js';
import { expandFleet } from './fleet.js';
import { parseFleetText, stringifyFleet } from './fleet-file.js';
import { DEFAULT_GIB_PER_VCPU, fleetFromSpotFile, loadSpotNodes } from './from-spot.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hf-from-spot-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function fixture(name: string, lines: readonly string[]): Promise<string> {
  const file = join(tmp, name);
  await writeFile(file, lines.join('\n') + '\n');
  return file;
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return `${e.code}\n${e.message.replaceAll(tmp + sep, '')}`;
  }
  throw new Error('expected an InputError');
}

const HEADER = 'gpu_model,gpu_capacity_num,cpu_num,node_name';

describe('fleetFromSpotFile on fixtures', () => {
  it('groups nodes by (model, GPUs, vCPUs), maps models and assumes 8 GiB per vCPU', async () => {
    const file = await fixture('spot.csv', [
      HEADER,
      'GPU-series-1,4,192,0',
      'A10,1,128,1',
      'A100-SXM4-80GB,8,128,2',
      'A10,1,128,3',
      'GPU-series-2,8,192,4',
    ]);
    const conv = await fleetFromSpotFile(file);
    expect(DEFAULT_GIB_PER_VCPU).toBe(8);
    expect(
      conv.fleet.pools.map((p) => [
        p.name,
        p.accelerator,
        p.gpuModelAlias,
        p.nodes,
        p.devicesPerNode,
        p.cpuMilli,
        p.memoryMiB,
      ]),
    ).toEqual([
      ['a10-1x-128c', 'nvidia-a10', 'A10', 2, 1, 128000, 128 * 8 * 1024],
      ['a100-sxm4-80gb-8x-128c', 'nvidia-a100', 'A100-SXM4-80GB', 1, 8, 128000, 128 * 8 * 1024],
      ['gpu-series-1-4x-192c', 'nvidia-l20', 'GPU-series-1', 1, 4, 192000, 192 * 8 * 1024],
      ['gpu-series-2-8x-192c', 'nvidia-h20', 'GPU-series-2', 1, 8, 192000, 192 * 8 * 1024],
    ]);
    expect(conv.assumptions).toEqual([
      'GPU-series-1 → nvidia-l20: assumed (the trace does not disclose the model; 1, 4 or 8 cards per 192-vCPU host, taken for PCIe L20)',
      'GPU-series-2 → nvidia-h20: assumed (the trace does not disclose the model; 8-GPU hosts of 192 vCPUs only, taken for HGX H20)',
      'memory is not in the spot node list: 8 GiB per vCPU assumed (default)',
    ]);
  });

  it('takes the caller’s mapping and memory ratio', async () => {
    const file = await fixture('spot2.csv', [HEADER, 'GPU-series-1,8,192,a', 'GPU-series-2,8,192,b']);
    const conv = await fleetFromSpotFile(file, {
      map: { 'GPU-series-1': 'nvidia-h20', 'GPU-series-2': 't-head-zhenwu-810e' },
      memoryGiBPerVcpu: 4,
    });
    expect(conv.fleet.pools.map((p) => [p.accelerator, p.memoryMiB])).toEqual([
      ['nvidia-h20', 192 * 4 * 1024],
      ['t-head-zhenwu-810e', 192 * 4 * 1024],
    ]);
    expect(conv.assumptions).toEqual(['memory is not in the spot node list: 4 GiB per vCPU assumed']);
  });

  it('reports every bad row as file:line: column', async () => {
    const file = await fixture('bad.csv', [
      HEADER,
      'A10,1,128,n1',
      ',1,128,n2',
      'A10,0,128,n3',
      'A10,1,12.5,n4',
      'A10,1,128,n1',
      'A10,1,128',
    ]);
    expect(await failure(loadSpotNodes(file))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      bad.csv:3: gpu_model: expected a GPU model name such as A10, got ""
      bad.csv:4: gpu_capacity_num: expected a whole number ≥ 1 (GPUs), got "0"
      bad.csv:5: cpu_num: expected a whole number ≥ 1 (vCPUs), got "12.5"
      bad.csv:6: node_name: duplicate node name (first on line 2), expected node names unique within the file, got "n1"
      bad.csv:7: malformed CSV row: 3 field(s), the header has 4, got "A10,1,128""
    `);
  });

  it('names the line of a model it cannot map', async () => {
    const file = await fixture('unknown.csv', [HEADER, 'A10,1,128,n1', 'B200,8,224,n2']);
    expect(await failure(fleetFromSpotFile(file))).toMatchInlineSnapshot(`
      "HF_UNKNOWN_GPU_TYPE
      unknown.csv:3: B200: no catalog id for GPU model "B200" of the spot node list, expected a mapping B200=<catalog id>"
    `);
  });

  it('refuses a file that is not a spot node list, an empty one, and a missing one', async () => {
    const openb = await fixture('openb.csv', ['sn,cpu_milli,memory_mib,gpu,model', 'n,8000,32768,1,T4']);
    expect(await failure(loadSpotNodes(openb))).toMatchInlineSnapshot(`
      "HF_NOT_CSV
      openb.csv:1: no recognised header, not a spot node list CSV file, expected a header line "gpu_model,gpu_capacity_num,cpu_num,node_name", got "sn,cpu_milli,memory_mib,gpu,model""
    `);
    expect(await failure(loadSpotNodes(await fixture('empty.csv', [''])))).toMatchInlineSnapshot(`
      "HF_FILE_EMPTY
      empty.csv: file is empty (expected a spot node list CSV with a header line "gpu_model,gpu_capacity_num,cpu_num,node_name")"
    `);
    expect(await failure(loadSpotNodes(await fixture('header.csv', [HEADER])))).toMatchInlineSnapshot(`
      "HF_FILE_EMPTY
      header.csv: no rows after the header (expected a spot node list)"
    `);
    expect(await failure(loadSpotNodes(join(tmp, 'nowhere.csv')))).toMatchInlineSnapshot(`
      "HF_FILE_NOT_FOUND
      nowhere.csv: file not found (expected a spot node list CSV)"
    `);
  });
});

const shared = sharedDir();
const spotFile = shared ? join(shared, 'alibaba-spot-gpu-v2026', 'node_info_df.csv') : undefined;
const realSpot = announceSkip(
  spotFile && existsSync(spotFile) ? spotFile : undefined,
  'spot fleet conversion',
);

describe.skipIf(!realSpot)('fleetFromSpotFile on the real spot node list', () => {
  it('converts 4278 nodes and 10412 GPUs; the YAML loads back to the same fleet', async () => {
    const conv = await fleetFromSpotFile(realSpot!);
    const pools = conv.fleet.pools;
    expect(pools.reduce((s, p) => s + p.nodes, 0)).toBe(4278);
    expect(pools.reduce((s, p) => s + p.nodes * p.devicesPerNode, 0)).toBe(10412);
    expect(new Set(pools.map((p) => p.gpuModelAlias))).toEqual(
      new Set(['A10', 'A100-SXM4-80GB', 'A800-SXM4-80GB', 'GPU-series-1', 'GPU-series-2', 'H800']),
    );
    expect(expandFleet(conv.fleet).nodes).toHaveLength(4278);
    expect(parseFleetText(stringifyFleet(conv.fleet), 'spot.yaml')).toEqual(conv.fleet);
  });
});
