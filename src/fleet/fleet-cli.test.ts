/**
 * `hyperfleet fleet convert` and `fleet check`, run in-process through the CLI's main() with stdout and stderr
 * captured: exit codes, the written YAML, the summary, and the error format for bad input.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hf-fleet-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const status = await main(args);
    const strip = (s: string): string => s.replaceAll(tmp + sep, '');
    return { status, stdout: strip(stdout), stderr: strip(stderr) };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('hyperfleet fleet', () => {
  it('convert writes a fleet file that check accepts and sums up', async () => {
    const nodes = join(tmp, 'nodes.csv');
    await writeFile(
      nodes,
      'sn,cpu_milli,memory_mib,gpu,model\nn1,96000,393216,8,G2\nn2,96000,393216,8,G2\nn3,8000,32768,1,T4\n',
    );
    const out = join(tmp, 'fleet.yaml');
    const conv = await run([
      'fleet',
      'convert',
      '--from',
      'openb',
      '--nodes',
      nodes,
      '--map',
      'G2=nvidia-h20',
      '--out',
      out,
    ]);
    expect(conv).toMatchObject({ status: 0, stdout: '' });
    expect(conv.stderr).toBe('wrote fleet.yaml: 2 pools, 3 nodes, 17 devices\n');
    expect((await readFile(out, 'utf8')).replaceAll(tmp + sep, '')).toMatchInlineSnapshot(`
      "# hyperfleet fleet converted from the openb node list nodes.csv

      site: { name: openb, pue: 1.3, electricityUsdPerKWh: 0.08 }
      pools:
        - { name: g2-8x-96c-384g, accelerator: nvidia-h20, nodes: 2, devicesPerNode: 8, cpuMilli: 96000, memoryMiB: 393216, gpuModelAlias: G2 }
        - { name: t4-1x-8c-32g, accelerator: nvidia-t4, nodes: 1, devicesPerNode: 1, cpuMilli: 8000, memoryMiB: 32768, gpuModelAlias: T4 }
      "
    `);
    const check = await run(['fleet', 'check', out]);
    expect(check.status).toBe(0);
    expect(check.stdout).toMatchInlineSnapshot(`
      "fleet.yaml: valid
      site openb: PUE 1.3, electricity 0.08 USD/kWh
      2 pool(s), 3 nodes, 17 devices

      accelerator                 pools      nodes    devices   TDP
      nvidia-h20                     1          2         16   6.4 kW
      nvidia-t4                      1          1          1   0.1 kW

      capital cost    194,000 USD
      cost per hour   6 USD (amortised capital + rent, before energy)
      device TDP      6.5 kW
      node overhead   0 kW
      peak facility   8.4 kW (TDP + overhead, × PUE)
      "
    `);
    const json = await run(['fleet', 'check', out, '--json']);
    // catalog prices: 16 H20 at 12,000 USD and one T4 at 2,000 USD
    expect(JSON.parse(json.stdout)).toMatchObject({ pools: 2, nodes: 3, devices: 17, capexUsd: 194000 });
  });

  it('convert prints to stdout without --out', async () => {
    const nodes = join(tmp, 'spot.csv');
    await writeFile(nodes, 'gpu_model,gpu_capacity_num,cpu_num,node_name\nH800,8,192,0\n');
    const r = await run(['fleet', 'convert', '--from', 'spot', '--nodes', nodes, '--mem-per-vcpu', '10']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      '# assumption: memory is not in the spot node list: 10 GiB per vCPU assumed\n',
    );
    expect(r.stdout).toContain(
      '{ name: h800-8x-192c, accelerator: nvidia-h800, nodes: 1, devicesPerNode: 8, cpuMilli: 192000, memoryMiB: 1966080, gpuModelAlias: H800 }',
    );
  });

  it('bad input exits 2 with one ✖ line per problem', async () => {
    const bad = join(tmp, 'bad.yaml');
    await writeFile(
      bad,
      'site: { pue: 0.9 }\npools:\n  - { name: a, accelerator: x, nodes: 1, devicesPerNode: 8, cpuMilli: 1000, memoryMiB: -1 }\n',
    );
    expect(await run(['fleet', 'check', bad])).toMatchInlineSnapshot(`
      {
        "status": 2,
        "stderr": "✖ bad.yaml:1: site.pue: expected a PUE ≥ 1 (facility power / IT power can never be below 1), got "0.9"
      ✖ bad.yaml:3: pools[0].memoryMiB: expected a whole number of MiB ≥ 1024 (1 GiB = 1024 MiB; 1 TiB = 1048576), got "-1"
      ✖ bad.yaml:3: pools[0].accelerator: unknown accelerator, expected a catalog id (hyperfleet catalog lists all), got "x"
      ",
        "stdout": "",
      }
    `);
    const from = await run(['fleet', 'convert', '--from', 'csv', '--nodes', bad]);
    expect(from).toMatchObject({ status: 2, stderr: '✖ --from: expected openb or spot, got "csv"\n' });
  });
});
