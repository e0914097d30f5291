/**
 * The REST API under /v1, /metrics and /docs through Fastify's `inject`: registering nodes, placements and their
 * release, the policy, what-if on a copy, reservations and their expiry, the bearer token, and bad requests that
 * change nothing.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { NodeSpec } from '../model/node.js';
import type { PodSpec } from '../model/pod.js';
import { createPolicy } from '../policies/registry.js';
import { typicalPods } from '../policies/typical-pods.js';
import { buildApp, type AppOptions } from './app.js';
import type { Pod } from '../schedule/kube-pod.js';
import { tempDir } from '../../test/support/cli.js';
import { writeGenaiTrace } from '../../test/support/genai-fixture.js';

const NODES: NodeSpec[] = [
  { name: 'big', cpuMilli: 96000, memMiB: 393216, gpuCount: 8, gpuModel: 'V100M32' },
  { name: 'small', cpuMilli: 32000, memMiB: 131072, gpuCount: 2, gpuModel: 'T4' },
];
const TOKEN = 'test-token-0123456789';
const TYPICAL_PODS: PodSpec[] = [
  { name: 'a', cpuMilli: 4000, memMiB: 8192, gpuCount: 1, gpuMilli: 1000, gpuTypes: [] },
  { name: 'b', cpuMilli: 2000, memMiB: 4096, gpuCount: 1, gpuMilli: 500, gpuTypes: [] },
];

let app: FastifyInstance;
let clock = 1_000_000;

function start(options: Partial<AppOptions> = {}): FastifyInstance {
  const typical = typicalPods(TYPICAL_PODS);
  app = buildApp({
    nodes: NODES,
    policy: createPolicy('bestfit'),
    typical,
    now: () => clock,
    ...options,
  });
  return app;
}

afterEach(async () => {
  await app?.close();
});

function wirePod(uid: string, gpus: string): Pod {
  return {
    metadata: { name: `pod-${uid}`, namespace: 'ml', uid },
    spec: { containers: [{ resources: { requests: { cpu: '4', memory: '8Gi', 'nvidia.com/gpu': gpus } } }] },
  };
}

async function call(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  token?: string,
) {
  const res = await app.inject({
    method,
    url,
    payload: payload as object,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json() };
}

async function place(uid: string, gpus: string): Promise<string> {
  const names = app.live.listNodes().map((n) => n.name);
  const f = await call('POST', '/extender/filter', { Pod: wirePod(uid, gpus), NodeNames: names });
  const node = f.body.NodeNames[0];
  const b = await call('POST', '/extender/bind', {
    PodName: `pod-${uid}`,
    PodNamespace: 'ml',
    PodUID: uid,
    Node: node,
  });
  expect(b.body.Error).toBe('');
  return node;
}

describe('nodes', () => {
  it('registers, updates, shows and removes nodes', async () => {
    start();
    const add = await call('POST', '/v1/nodes', {
      nodes: [
        { name: 'h20-1', model: 'nvidia-h20', gpuCount: 8, cpuMilli: 128000, memMiB: 1048576 },
        { name: 'small', model: 'T4', gpuCount: 2, cpuMilli: 64000, memMiB: 131072 },
      ],
    });
    expect(add.status).toBe(201);
    expect(add.body).toEqual({ added: 1, updated: 1, nodes: 3 });
    const one = await call('GET', '/v1/nodes/small');
    expect(one.body).toMatchObject({ name: 'small', cpuMilli: 64000, placements: [] });
    const summary = await call('GET', '/v1/fleet/summary');
    expect(summary.body).toMatchObject({ nodes: 3, devices: 18, placements: 0 });
    expect(summary.body.perModel['nvidia-h20']).toEqual({
      nodes: 1,
      devices: 8,
      allocatedMilli: 0,
      allocationPercent: 0,
    });
    expect((await call('DELETE', '/v1/nodes/h20-1')).body).toEqual({ deleted: 'h20-1', nodes: 2 });
    expect((await call('GET', '/v1/nodes/h20-1')).status).toBe(404);
  });

  it('a placed pod keeps its node: shrinking it below its pods or removing it is refused, state unchanged', async () => {
    start();
    expect(await place('u1', '2')).toBe('small');
    const before = await call('GET', '/v1/nodes');
    const shrink = await call('POST', '/v1/nodes', {
      nodes: [{ name: 'small', model: 'T4', gpuCount: 1, cpuMilli: 32000, memMiB: 131072 }],
    });
    expect(shrink.status).toBe(409);
    expect(shrink.body.error).toMatch(/node small would no longer hold pod ml\/pod-u1/);
    const remove = await call('DELETE', '/v1/nodes/small');
    expect(remove.status).toBe(409);
    expect(remove.body.error).toMatch(/still runs 1 pod/);
    expect(await call('GET', '/v1/nodes')).toEqual(before);
  });

  it('bad node lists are 400s naming the field, and nothing is registered', async () => {
    start();
    const cases: [unknown, RegExp][] = [
      [
        { nodes: [{ name: 'x', gpuCount: 2, cpuMilli: 1000, memMiB: 1024 }] },
        /nodes\.0\.model: a node with devices needs/,
      ],
      [
        { nodes: [{ name: 'x', model: 'T4', gpuCount: -1, cpuMilli: 1000, memMiB: 1024 }] },
        /nodes\.0\.gpuCount/,
      ],
      [
        { nodes: [{ name: 'x', model: 'T4', gpuCount: 1, cpuMilli: '8', memMiB: 1024 }] },
        /nodes\.0\.cpuMilli/,
      ],
      [{ nodes: [] }, /nodes: /],
      [
        {
          nodes: [
            { name: 'x', gpuCount: 0, cpuMilli: 1, memMiB: 1 },
            { name: 'x', gpuCount: 0, cpuMilli: 1, memMiB: 1 },
          ],
        },
        /nodes\.1\.name: "x" appears twice/,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await call('POST', '/v1/nodes', body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(message);
    }
    expect(app.live.state.nodeCount).toBe(2);
  });
});

describe('placements and reservations', () => {
  it('a pod that left frees its devices; an unknown one is a 404', async () => {
    start();
    await place('u1', '4');
    expect((await call('GET', '/v1/fleet/summary')).body.gpuAllocationPercent).toBeCloseTo(40);
    const del = await call('DELETE', '/v1/placements/ml/pod-u1');
    expect(del.body.released).toMatchObject({ uid: 'u1', node: 'big', devices: [0, 1, 2, 3] });
    expect((await call('GET', '/v1/placements')).body.placements).toEqual([]);
    expect((await call('GET', '/v1/fleet/summary')).body.gpuAllocationPercent).toBe(0);
    const again = await call('DELETE', '/v1/placements/ml/pod-u1');
    expect(again.status).toBe(404);
    expect(again.body.error).toMatch(/pod ml\/pod-u1 has no placement/);
  });

  it('filter reserves the chosen devices until bind, a re-filter, or the TTL', async () => {
    start({ reservationTtlMs: 10_000 });
    const names = ['big', 'small'];
    await call('POST', '/extender/filter', { Pod: wirePod('r1', '8'), NodeNames: names });
    // The reservation holds big's 8 devices: the next 8-device pod fits nowhere.
    const blocked = await call('POST', '/extender/filter', { Pod: wirePod('r2', '8'), NodeNames: names });
    expect(blocked.body.NodeNames).toEqual([]);
    expect(blocked.body.FailedNodes.big).toMatch(/Insufficient accelerators/);
    // Filtering r1 again replaces its reservation rather than adding one.
    await call('POST', '/extender/filter', { Pod: wirePod('r1', '8'), NodeNames: names });
    expect(app.live.reservationCount).toBe(1);
    clock += 10_001;
    const after = await call('POST', '/extender/filter', { Pod: wirePod('r2', '8'), NodeNames: names });
    expect(after.body.NodeNames).toEqual(['big']);
    const late = await call('POST', '/extender/bind', {
      PodName: 'pod-r1',
      PodNamespace: 'ml',
      PodUID: 'r1',
      Node: 'big',
    });
    expect(late.body.Error).toMatch(/no filter decision to bind/);
  });
});

describe('policy', () => {
  it('reads and changes the policy; refuses unknown names and FGD without typical pods', async () => {
    start({ typical: undefined });
    expect((await call('GET', '/v1/policy')).body).toMatchObject({ name: 'bestfit', label: '05-BestFit' });
    expect((await call('PUT', '/v1/policy', { name: 'packing' })).body).toEqual({
      name: 'packing',
      previous: 'bestfit',
    });
    const unknown = await call('PUT', '/v1/policy', { name: 'magic' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/^name: cannot use policy "magic", expected one of random, dotprod/);
    const fgd = await call('PUT', '/v1/policy', { name: 'fgd' });
    expect(fgd.status).toBe(400);
    expect(fgd.body.error).toMatch(/needs the typical pods/);
    expect((await call('GET', '/v1/policy')).body.name).toBe('packing');
  });
});

describe('what-if', () => {
  it('answers where a gang would go and the figures after, changing nothing', async () => {
    start({ policy: createPolicy('fgd', { typical: typicalPods(TYPICAL_PODS) }) });
    await place('u1', '1');
    const before = await call('GET', '/v1/nodes');
    const gang = Array.from({ length: 4 }, (_, i) => ({
      name: `worker-${i}`,
      cpuMilli: 8000,
      memMiB: 16384,
      gpuCount: 2,
    }));
    const res = await call('POST', '/v1/what-if', { pods: gang });
    expect(res.status).toBe(200);
    expect(res.body.allFit).toBe(true);
    expect(res.body.placed).toHaveLength(4);
    expect(res.body.placed.every((p: { devices: number[] }) => p.devices.length === 2)).toBe(true);
    expect(res.body.after.gpuAllocationPercent).toBeCloseTo(res.body.before.gpuAllocationPercent + 80);
    expect(res.body.after.fragAmountGpus).not.toBeNull();
    expect(await call('GET', '/v1/nodes')).toEqual(before);

    const tooBig = await call('POST', '/v1/what-if', {
      pods: [...gang, { name: 'worker-4', cpuMilli: 8000, memMiB: 16384, gpuCount: 2 }],
    });
    expect(tooBig.body.allFit).toBe(false);
    expect(tooBig.body.unplaced).toEqual([
      { pod: 'worker-4', reason: expect.stringMatching(/fits none of 2 nodes: .*Insufficient accelerators/) },
    ]);
  });

  it('takes Kubernetes pods too, and rejects bad pods with the field', async () => {
    start();
    const k8s = await call('POST', '/v1/what-if', { pods: [wirePod('k', '2')] });
    expect(k8s.body.placed).toEqual([
      { pod: 'ml/pod-k', node: 'small', devices: [0, 1], milliPerDevice: 1000 },
    ]);
    const bad = await call('POST', '/v1/what-if', { pods: [{ cpuMilli: 1, memMiB: 1, gpuMilli: 2000 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/gpuMilli/);
  });
});

describe('token', () => {
  it('changes need the bearer token; reads and the extender do not', async () => {
    start({ token: TOKEN });
    const body = { nodes: [{ name: 'n', gpuCount: 0, cpuMilli: 1000, memMiB: 1024 }] };
    const none = await call('POST', '/v1/nodes', body);
    expect(none.status).toBe(401);
    expect(none.body.error).toMatch(/Authorization: Bearer/);
    const wrong = await call('POST', '/v1/nodes', body, 'not-the-token-000000');
    expect(wrong.status).toBe(403);
    expect(app.live.state.nodeCount).toBe(2);
    expect((await call('POST', '/v1/nodes', body, TOKEN)).status).toBe(201);
    expect((await call('GET', '/v1/nodes')).status).toBe(200);
    expect((await call('DELETE', '/v1/placements/ml/x')).status).toBe(401);
    expect(await place('u1', '1')).toBe('small');
  });
});

describe('operations', () => {
  it('/metrics exposes decisions, latency and the fleet figures', async () => {
    start();
    await place('u1', '1');
    await call('POST', '/extender/filter', { Pod: wirePod('u2', '16'), NodeNames: ['big', 'small'] });
    const res = await app.inject({ url: '/metrics' });
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    const text = res.body;
    expect(text).toMatch(/hyperfleet_extender_decisions_total\{verb="filter",outcome="placed"\} 1/);
    expect(text).toMatch(/hyperfleet_extender_decisions_total\{verb="filter",outcome="unschedulable"\} 1/);
    expect(text).toMatch(/hyperfleet_extender_decisions_total\{verb="bind",outcome="bound"\} 1/);
    expect(text).toMatch(/hyperfleet_gpu_allocation_ratio 0\.1\b/);
    expect(text).toMatch(/hyperfleet_devices\{model="V100M32"\} 8/);
    expect(text).toMatch(/hyperfleet_devices_allocated\{model="T4"\} 1/);
    expect(text).toMatch(/hyperfleet_placements 1/);
    expect(text).toMatch(/hyperfleet_gpu_fragmentation_gpus \d/);
    expect(text).toMatch(
      /hyperfleet_http_request_duration_seconds_count\{route="\/extender\/bind",method="POST",status="200"\} 1/,
    );
  });

  it('/docs is the OpenAPI document of every route', async () => {
    start();
    const doc = (await call('GET', '/docs')).body;
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/extender/filter',
      '/v1/nodes',
      '/v1/placements/{namespace}/{name}',
      '/v1/what-if',
      '/v1/policy',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(
      doc.paths['/v1/nodes'].post.requestBody.content['application/json'].schema.properties.nodes.type,
    ).toBe('array');
  });

  it('history records the allocation over time', async () => {
    start();
    await place('u1', '2');
    clock += 5000;
    await place('u2', '8');
    const { points } = (await call('GET', '/v1/fleet/history')).body;
    expect(points.at(-1)).toMatchObject({ gpuAllocationPercent: 100, placements: 2 });
    expect(points[0].gpuAllocationPercent).toBe(0);
  });
});

describe('measurements on /metrics', () => {
  it('the latest POST /v1/measurements is exported as hyperfleet_measure_*', async () => {
    start();
    const dir = join(tempDir('hyperfleet-genai-'), 'genai');
    writeGenaiTrace(dir);
    const before = (await app.inject({ url: '/metrics' })).body;
    expect(before).not.toMatch(/hyperfleet_measure_device_hours\{/);
    const res = await call('POST', '/v1/measurements', { genai: dir, rightSizing: false });
    expect(res.status).toBe(200);
    expect(res.body.deviceHours.idle).toBeCloseTo(1, 9);
    const text = (await app.inject({ url: '/metrics' })).body;
    const idle = [...text.matchAll(/^hyperfleet_measure_device_hours\{[^}]*state="idle"[^}]*\} (\S+)$/gm)];
    expect(idle.length).toBeGreaterThan(0);
    expect(idle.reduce((sum, m) => sum + Number(m[1]), 0)).toBeCloseTo(1, 6);
  });
});
