/**
 * GET /v1/snapshot on an app: a node model the catalog lacks is a 400 naming it and the `map` parameter; mapped,
 * the fleet file keeps the node's model string as its alias and its name; CPU-only nodes are left out, named.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createPolicy } from '../../policies/index.js';
import { buildApp } from '../app.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const NODES = [
  { name: 'x-1', cpuMilli: 64000, memMiB: 262144, gpuCount: 4, gpuModel: 'X1' },
  { name: 'cpu-1', cpuMilli: 64000, memMiB: 262144, gpuCount: 0, gpuModel: '' },
];

describe('GET /v1/snapshot', () => {
  it('refuses a model without a catalog id, naming it and the map parameter', async () => {
    app = buildApp({ nodes: NODES, policy: createPolicy('bestfit') });
    const res = await app.inject({ url: '/v1/snapshot' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/no catalog id for GPU model \\?"X1\\?".*map=MODEL=CATALOG_ID/);
    const bad = await app.inject({ url: '/v1/snapshot?map=X1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/MODEL=CATALOG_ID pairs/);
  });

  it('with the model mapped: the fleet keeps the name and the model string; CPU-only nodes are named as left out', async () => {
    app = buildApp({ nodes: NODES, policy: createPolicy('bestfit') });
    const res = await app.inject({ url: '/v1/snapshot?map=X1=nvidia-h20' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.fleet.pools).toEqual([
      {
        name: 'x1-4x-64c-256g',
        accelerator: 'nvidia-h20',
        nodes: 1,
        devicesPerNode: 4,
        cpuMilli: 64000,
        memoryMiB: 262144,
        gpuModelAlias: 'X1',
        nodeNames: ['x-1'],
      },
    ]);
    expect(body.skipped).toEqual({ nodes: ['cpu-1'], placements: [] });
    expect(body.placements).toEqual([]);
    expect(body.gpuAllocationPercent).toBe(0);
  });
});
