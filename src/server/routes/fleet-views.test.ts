/**
 * The fleet views over HTTP (Fastify's `inject`): nodes registered with a pool, labels and a cordon are filtered by
 * them, paged with a cursor, and grouped by pool × model in /v1/fleet/occupancy; a wrong parameter is a 400 naming
 * it; a restart on the same database (a SQLite file, or PostgreSQL) restores the descriptions, also of a node
 * registered over the API alone.
 */
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../../errors/index.js';
import type { NodeSpec } from '../../model/node.js';
import { createPolicy } from '../../policies/registry.js';
import { PostgresStore } from '../../schedule/postgres-store.js';
import { SqliteStore, type Store } from '../../schedule/store.js';
import { writeFileSync } from 'node:fs';
import { loadNodes } from '../../cli/commands/serve-service.js';
import { tempDir } from '../../../test/support/cli.js';
import {
  postgresUnavailableReason,
  startPostgres,
  type RunningPostgres,
} from '../../../test/support/postgres.js';
import { buildApp } from '../app.js';

const node = (name: string, over: Partial<NodeSpec> = {}): NodeSpec => ({
  name,
  cpuMilli: 32000,
  memMiB: 131072,
  gpuCount: 2,
  gpuModel: 'T4',
  ...over,
});

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function get(url: string) {
  const res = await app!.inject({ url });
  return { status: res.statusCode, body: res.json() };
}

function start(nodes: NodeSpec[], store?: Store): FastifyInstance {
  app = buildApp({ nodes, policy: createPolicy('bestfit'), store });
  return app;
}

describe('GET /v1/nodes filtered and paged', () => {
  it('registers pools, labels and cordons, and filters by them', async () => {
    start([node('cpu-0', { gpuCount: 0, gpuModel: '' })]);
    const add = await app!.inject({
      method: 'POST',
      url: '/v1/nodes',
      payload: {
        nodes: [
          { name: 'b-2', model: 'T4', gpuCount: 2, cpuMilli: 8000, memMiB: 1024, pool: 'spot' },
          {
            name: 'a-1',
            model: 'T4',
            gpuCount: 2,
            cpuMilli: 8000,
            memMiB: 1024,
            pool: 'spot',
            labels: { team: 'x' },
          },
          {
            name: 'c-3',
            model: 'A100',
            gpuCount: 8,
            cpuMilli: 8000,
            memMiB: 1024,
            pool: 'res',
            cordoned: true,
          },
        ],
      },
    });
    expect(add.statusCode).toBe(201);
    const names = async (q: string) => (await get(`/v1/nodes?${q}`)).body.nodes.map((n: NodeSpec) => n.name);
    expect(await names('pool=spot')).toEqual(['b-2', 'a-1']); // no limit: registration order, as before
    expect(await names('pool=spot&limit=10')).toEqual(['a-1', 'b-2']); // paged: name order
    expect(await names('pool=')).toEqual(['cpu-0']);
    expect(await names('model=')).toEqual(['cpu-0']);
    expect(await names('label=team%3Dx')).toEqual(['a-1']);
    expect(await names('label=team%3Dx&label=team%3Dy')).toEqual([]);
    expect(await names('state=cordoned')).toEqual(['c-3']);
    expect(await names('state=free,cordoned&model=A100')).toEqual(['c-3']);
    expect((await get('/v1/nodes?pool=spot')).body).toMatchObject({ total: 2, next: null });
    const [a1] = (await get('/v1/nodes?label=team%3Dx')).body.nodes;
    expect(a1).toMatchObject({ pool: 'spot', labels: { team: 'x' }, state: 'free' });
    expect((await get('/v1/nodes/c-3')).body).toMatchObject({ pool: 'res', state: 'cordoned' });
  });

  it('walks every node once with limit and cursor', async () => {
    const nodes = Array.from({ length: 23 }, (_, k) => node(`n${(k * 7) % 23}`));
    start(nodes);
    const seen: string[] = [];
    let url = '/v1/nodes?limit=5';
    for (;;) {
      const { body } = await get(url);
      expect(body.total).toBe(23);
      seen.push(...body.nodes.map((n: NodeSpec) => n.name));
      if (body.next === null) break;
      url = `/v1/nodes?limit=5&cursor=${encodeURIComponent(body.next)}`;
    }
    expect(seen).toEqual(nodes.map((n) => n.name).sort());
  });

  it('answers a wrong parameter with a 400 naming it, and changes nothing', async () => {
    start([node('a')]);
    const cases: [string, string, RegExp][] = [
      ['limit=0', 'limit', />=1/],
      ['limit=5001', 'limit', /<=5000/],
      ['limit=ten', 'limit', /number/],
      ['state=busy', 'state.0', /expected free, partial, full or cordoned, got "busy"/],
      ['label=team', 'label.0', /key=value/],
      ['cursor=', 'cursor', /.+/],
      ['colour=red', '', /colour/],
    ];
    for (const [q, field, message] of cases) {
      const { status, body } = await get(`/v1/nodes?${q}`);
      expect(status, q).toBe(400);
      expect(body.code, q).toBe(ErrorCode.InvalidParameter);
      if (field) expect(body.issues[0].field, q).toBe(field);
      expect(body.error, q).toMatch(message);
      expect(body.error).not.toMatch(/\bat .*\.(js|ts):\d+/);
    }
    expect((await get('/v1/fleet/occupancy?state=nope')).status).toBe(400);
  });
});

describe('GET /v1/fleet/occupancy', () => {
  it('groups by pool × model with one cell per node', async () => {
    start([
      node('s-1', { pool: 'spot' }),
      node('s-0', { pool: 'spot' }),
      node('r-0', { pool: 'res', gpuModel: 'A100', gpuCount: 8, cordoned: true }),
      node('loose', {}),
    ]);
    const filter = await app!.inject({
      method: 'POST',
      url: '/extender/filter',
      payload: {
        Pod: {
          metadata: { name: 'p', namespace: 'ml', uid: 'u1' },
          spec: { containers: [{ resources: { requests: { cpu: '1', 'nvidia.com/gpu': '1' } } }] },
        },
        NodeNames: ['s-1'],
      },
    });
    expect(filter.json().NodeNames).toEqual(['s-1']);
    const { status, body } = await get('/v1/fleet/occupancy');
    expect(status).toBe(200);
    expect(body.nodes).toBe(4);
    expect(body.groups.map((g: { pool: string; model: string }) => `${g.pool}/${g.model}`)).toEqual([
      '/T4',
      'res/A100',
      'spot/T4',
    ]);
    expect(body.groups[2]).toMatchObject({
      nodes: 2,
      devices: 4,
      allocatedMilli: 1000,
      allocationPercent: 25,
      freeDevices: 3,
      states: { free: 1, partial: 1, full: 0, cordoned: 0 },
      names: ['s-0', 's-1'],
      allocation: [0, 50],
      cordoned: [],
    });
    expect(body.groups[1]).toMatchObject({ cordoned: [0], states: { cordoned: 1 } });
    expect((await get('/v1/fleet/occupancy?pool=spot&state=partial')).body.groups).toMatchObject([
      { names: ['s-1'] },
    ]);
  });
});

describe('serve --nodes with a fleet file', () => {
  it('gives each node its pool’s name', async () => {
    const file = join(tempDir('hyperfleet-views-'), 'fleet.json');
    const pool = (name: string, nodes: number) => ({
      name,
      accelerator: 'nvidia-a100',
      nodes,
      devicesPerNode: 8,
      cpuMilli: 128000,
      memoryMiB: 1048576,
    });
    writeFileSync(file, JSON.stringify({ pools: [pool('train', 2), pool('serve', 1)] }));
    const nodes = await loadNodes(file);
    expect(nodes.map((n) => `${n.pool}/${n.name}`)).toEqual([
      'train/train-00001',
      'train/train-00002',
      'serve/serve-00001',
    ]);
  });
});

const pgReason = postgresUnavailableReason();
if (pgReason) console.warn(`skipping the PostgreSQL restart of the fleet views: ${pgReason}`);
let pgServer: RunningPostgres | undefined;
afterAll(async () => {
  await pgServer?.stop();
});

/** A database that outlives the service: a SQLite file, or a PostgreSQL database (opened anew each time). */
const databases = [
  {
    name: 'a SQLite file',
    skip: false,
    async create() {
      const file = join(tempDir('hyperfleet-views-'), 'state.db');
      return async (): Promise<Store> => new SqliteStore(file);
    },
  },
  {
    name: 'PostgreSQL',
    skip: pgReason !== undefined,
    async create() {
      pgServer ??= await startPostgres();
      const url = await pgServer.createDatabase(`views_${Date.now()}`);
      return (): Promise<Store> => PostgresStore.open(url);
    },
  },
];

describe.each(databases)('a restart on $name', ({ skip, create }) => {
  it.skipIf(skip)(
    'keeps the pool, labels and cordon of a node registered over the API alone',
    async () => {
      const open = await create();
      start([], await open());
      const add = await app!.inject({
        method: 'POST',
        url: '/v1/nodes',
        payload: {
          nodes: [
            {
              name: 'a',
              model: 'T4',
              gpuCount: 2,
              cpuMilli: 8000,
              memMiB: 1024,
              pool: 'p',
              labels: { k: 'v' },
            },
            { name: 'b', model: 'T4', gpuCount: 2, cpuMilli: 8000, memMiB: 1024, cordoned: true },
            { name: 'c', model: 'T4', gpuCount: 2, cpuMilli: 8000, memMiB: 1024 },
          ],
        },
      });
      expect(add.statusCode).toBe(201);
      await app!.close();
      // No nodes at start: everything comes from the database.
      start([], await open());
      const names = async (q: string) =>
        (await get(`/v1/nodes?${q}`)).body.nodes.map((n: NodeSpec) => n.name);
      expect(await names('pool=p&label=k%3Dv')).toEqual(['a']);
      expect(await names('state=cordoned')).toEqual(['b']);
      expect(await names('pool=')).toEqual(['b', 'c']);
      const occupancy = (await get('/v1/fleet/occupancy')).body;
      expect(occupancy.groups.map((g: { pool: string; cordoned: number[] }) => [g.pool, g.cordoned])).toEqual(
        [
          ['', [0]],
          ['p', []],
        ],
      );
    },
    60_000,
  );

  it.skipIf(skip)('takes them from the nodes given at start when those describe the node', async () => {
    const open = await create();
    const nodes = [node('a', { pool: 'p', labels: { k: 'v' }, cordoned: true }), node('b')];
    start(nodes, await open());
    await app!.close();
    start(nodes, await open());
    expect((await get('/v1/nodes?pool=p&label=k%3Dv&state=cordoned')).body.nodes).toHaveLength(1);
    expect((await get('/v1/nodes?pool=')).body.nodes.map((n: NodeSpec) => n.name)).toEqual(['b']);
  });
});
