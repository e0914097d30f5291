/**
 * openb node list → fleet: on a fixture written by the test, and on the real node list when ../shared is present
 * (1213 GPU nodes, 6212 GPUs). The converted fleet must expand to the same nodes, up to names and order.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import type { NodeSpec } from '../model/node.js';
import { loadOpenbNodes } from '../traces/openb.js';
import { announceSkip, sharedOpenbDir } from '../../test/support/shared.js';
import { catalogFromTable } from './catalog-lookup.js';
import { parseModelMap } from './convert-common.js';
import { expandFleet } from './fleet.js';
import { parseFleetText, stringifyFleet } from './fleet-file.js';
import { fleetFromOpenbFile, fleetFromOpenbNodes, OPENB_KNOWN, OPENB_UNDISCLOSED } from './from-openb.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hf-from-openb-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const FIXTURE = [
  'sn,cpu_milli,memory_mib,gpu,model',
  'openb-node-0000,64000,262144,2,P100',
  'openb-node-0001,96000,393216,8,G2',
  'openb-node-0002,64000,262144,2,P100',
  'openb-node-0003,96000,393216,8,G2',
  'openb-node-0004,128000,786432,8,G3',
  'openb-node-0005,16000,122880,2,P100',
  'cpu-0001,32000,262144,0,',
].join('\n');

async function fixtureFile(): Promise<string> {
  const file = join(tmp, 'nodes.csv');
  await writeFile(file, FIXTURE + '\n');
  return file;
}

/** A node's shape without its name, for comparing node multisets. */
const shape = (n: NodeSpec): string => `${n.gpuModel}/${n.gpuCount}/${n.cpuMilli}/${n.memMiB}`;

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return `${e.code}\n${e.message.replaceAll(tmp + sep, '')}`;
  }
  throw new Error('expected an InputError');
}

describe('fleetFromOpenbNodes on a fixture', () => {
  it('makes one pool per (model, GPUs, CPU, memory), keeps the openb type as alias, skips CPU-only nodes', async () => {
    const conv = await fleetFromOpenbFile(await fixtureFile());
    expect(conv.skippedNodes).toBe(1);
    expect(conv.fleet.site).toEqual({ name: 'openb', pue: 1.3, electricityUsdPerKWh: 0.08 });
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
      ['g2-8x-96c-384g', 'nvidia-a100', 'G2', 2, 8, 96000, 393216],
      ['g3-8x-128c-768g', 'nvidia-a800', 'G3', 1, 8, 128000, 786432],
      ['p100-2x-16c-120g', 'nvidia-p100', 'P100', 1, 2, 16000, 122880],
      ['p100-2x-64c-256g', 'nvidia-p100', 'P100', 2, 2, 64000, 262144],
    ]);
    expect(conv.assumptions).toEqual([
      'G2 → nvidia-a100: assumed (the trace does not disclose the model; 8-GPU nodes of 96 cores / 384 GiB, taken for HGX A100)',
      'G3 → nvidia-a800: assumed (the trace does not disclose the model; 8-GPU nodes of 128 cores / 768 GiB, taken for the newer HGX A800)',
    ]);
  });

  it('lets the caller choose the undisclosed types (and records no assumption for them)', () => {
    const nodes: NodeSpec[] = [
      { name: 'a', cpuMilli: 96000, memMiB: 393216, gpuCount: 8, gpuModel: 'G2' },
      { name: 'b', cpuMilli: 128000, memMiB: 786432, gpuCount: 8, gpuModel: 'G3' },
    ];
    const conv = fleetFromOpenbNodes(nodes, { map: parseModelMap('G2=nvidia-h20, G3=t-head-zhenwu-810e') });
    expect(conv.fleet.pools.map((p) => p.accelerator)).toEqual(['nvidia-h20', 't-head-zhenwu-810e']);
    expect(conv.assumptions).toEqual([]);
  });

  it('has a catalog id for every disclosed openb type and a default for G2 and G3', () => {
    expect(Object.keys(OPENB_KNOWN).sort()).toEqual(['A10', 'P100', 'T4', 'V100M16', 'V100M32']);
    expect(Object.keys(OPENB_UNDISCLOSED).sort()).toEqual(['G2', 'G3']);
  });

  it('refuses an unmapped type, a mapping for an absent type, and ids the catalog lacks', async () => {
    const file = join(tmp, 'odd.csv');
    await writeFile(file, 'sn,cpu_milli,memory_mib,gpu,model\nn1,8000,32768,1,K80\nn2,96000,393216,8,G2\n');
    expect(await failure(fleetFromOpenbFile(file, { map: { g2: 'nvidia-h20' } }))).toMatchInlineSnapshot(`
      "HF_UNKNOWN_GPU_TYPE
      odd.csv: K80: no catalog id for GPU model "K80" of the openb node list, expected a mapping K80=<catalog id>
      odd.csv: g2: mapping for a GPU model the openb node list does not have, did you mean "G2"?, expected one of G2, K80"
    `);
    const catalog = catalogFromTable({ 'nvidia-a100': null, 'nvidia-k80': null, 'nvidia-h20': null });
    expect(await failure(fleetFromOpenbFile(file, { map: { K80: 'nvidia-k8O' }, catalog })))
      .toMatchInlineSnapshot(`
      "HF_UNKNOWN_GPU_TYPE
      odd.csv: K80: maps to unknown accelerator "nvidia-k8O", expected a catalog id such as nvidia-k80"
    `);
  });

  it('refuses a node list without GPU nodes', async () => {
    const file = join(tmp, 'cpu.csv');
    await writeFile(file, 'sn,cpu_milli,memory_mib,gpu,model\ncpu-1,32000,262144,0,\n');
    expect(await failure(fleetFromOpenbFile(file))).toMatchInlineSnapshot(`
      "HF_FILE_EMPTY
      cpu.csv: no GPU node in the openb node list (a fleet needs at least one node with GPUs)"
    `);
  });

  it('rejects a malformed --map value', () => {
    expect(() => parseModelMap('G2:nvidia-h20')).toThrow(/--map: expected MODEL=CATALOG_ID pairs/);
  });
});

const dir = announceSkip(sharedOpenbDir(), 'openb fleet conversion on the real node list');

describe.skipIf(!dir)('fleetFromOpenbFile on the real openb node list', () => {
  it('converts 1213 nodes and 6212 GPUs into pools that expand back to the same nodes', async () => {
    const file = join(dir!, 'openb_node_list_gpu_node.csv');
    const conv = await fleetFromOpenbFile(file);
    const pools = conv.fleet.pools;
    expect(conv.skippedNodes).toBe(0);
    expect(pools).toHaveLength(15);
    expect(pools.reduce((s, p) => s + p.nodes, 0)).toBe(1213);
    expect(pools.reduce((s, p) => s + p.nodes * p.devicesPerNode, 0)).toBe(6212);
    expect(new Set(pools.map((p) => p.gpuModelAlias))).toEqual(
      new Set(['A10', 'G2', 'G3', 'P100', 'T4', 'V100M16', 'V100M32']),
    );
    const original = (await loadOpenbNodes(file)).map(shape).sort();
    expect(expandFleet(conv.fleet).nodes.map(shape).sort()).toEqual(original);
    // The YAML the CLI writes loads back to the same fleet.
    expect(parseFleetText(stringifyFleet(conv.fleet, conv.assumptions), 'openb.yaml')).toEqual(conv.fleet);
  });

  it('leaves the 310 CPU-only nodes of the all-node list out and says so', async () => {
    const conv = await fleetFromOpenbFile(join(dir!, 'openb_node_list_all_node.csv'));
    expect(conv.skippedNodes).toBe(310);
    expect(conv.fleet.pools.reduce((s, p) => s + p.nodes, 0)).toBe(1213);
  });
});
