/**
 * Issue 15 item 2 through the extender routes (Fastify's `inject`): what confirms a filter decision
 * (schedule/confirmation), the reservations that end unconfirmed (logged and counted in /metrics), and nodes
 * learnt from the Node objects of filter calls (nodeCacheCapable false).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { NodeSpec } from '../model/node.js';
import { createPolicy } from '../policies/registry.js';
import type { ConfirmMode } from '../schedule/index.js';
import { buildApp } from './app.js';

const NODES: NodeSpec[] = [
  { name: 'big', cpuMilli: 96000, memMiB: 393216, gpuCount: 8, gpuModel: 'V100M32' },
  { name: 'small', cpuMilli: 32000, memMiB: 131072, gpuCount: 2, gpuModel: 'T4' },
];
const NAMES = NODES.map((n) => n.name);

function pod(uid: string, gpus: number, name = `pod-${uid}`) {
  return {
    metadata: { name, namespace: 'ml', uid },
    spec: { containers: [{ resources: { requests: { cpu: '4', 'nvidia.com/gpu': String(gpus) } } }] },
  };
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function start(confirm: ConfirmMode, extra: { now?: () => number; nodes?: NodeSpec[] } = {}) {
  const warnings: string[] = [];
  app = buildApp({
    nodes: extra.nodes ?? NODES,
    policy: createPolicy('bestfit'),
    confirm,
    reservationTtlMs: 30_000,
    now: extra.now,
    warn: (m) => warnings.push(m),
  });
  return { app, warnings };
}

async function post(url: string, payload: unknown) {
  const res = await app!.inject({ method: 'POST', url, payload: payload as object });
  return { status: res.statusCode, body: res.json() };
}

/** kube-scheduler's bind of pod `pod-UID` (namespace ml) to `node`. */
function bind(uid: string, node: string) {
  return post('/extender/bind', { PodName: `pod-${uid}`, PodNamespace: 'ml', PodUID: uid, Node: node });
}

async function placements(): Promise<{ uid: string; name: string; node: string }[]> {
  return (await app!.inject({ url: '/v1/placements' })).json().placements;
}

async function metric(name: string): Promise<number> {
  const text = (await app!.inject({ url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

describe('--confirm filter: the filter decision is the placement', () => {
  it('is stored at filter, outlives the reservation TTL, and a later bind there is acknowledged', async () => {
    let now = 1_000_000;
    start('filter', { now: () => now });
    const filter = await post('/extender/filter', { Pod: pod('u1', 2), NodeNames: NAMES });
    expect(filter.body.NodeNames).toEqual(['small']);
    expect(await placements()).toMatchObject([{ uid: 'u1', name: 'pod-u1', node: 'small' }]);
    now += 3_600_000; // an hour: a reservation would have expired long ago
    await post('/extender/filter', { Pod: pod('u2', 1), NodeNames: NAMES });
    expect((await placements()).map((p) => p.uid)).toEqual(['u1', 'u2']);
    expect(await metric('hyperfleet_reservations_expired_total')).toBe(0);
    // prioritize reads the placement (it must not decide again)
    const prio = await post('/extender/prioritize', { Pod: pod('u1', 2), NodeNames: NAMES });
    expect(prio.body).toEqual([{ Host: 'small', Score: 10 }]);
    expect((await placements()).map((p) => p.uid)).toEqual(['u1', 'u2']);
    // a bindVerb after all: the bind on the decided node is acknowledged as it is
    const bound = await bind('u1', 'small');
    expect(bound.body.Error).toBe('');
    expect(await placements()).toHaveLength(2);
  });

  it('a pod filtered again (kube-scheduler failed to bind it) is released and decided anew', async () => {
    start('filter');
    await post('/extender/filter', { Pod: pod('u1', 2), NodeNames: NAMES });
    expect((await placements())[0].node).toBe('small');
    // filtered again, now only big is feasible for kube-scheduler: the placement on small is gone
    const again = await post('/extender/filter', { Pod: pod('u1', 2), NodeNames: ['big'] });
    expect(again.body.NodeNames).toEqual(['big']);
    expect(await placements()).toMatchObject([{ uid: 'u1', node: 'big' }]);
    const small = (await app!.inject({ url: '/v1/nodes/small' })).json();
    expect(small.gpuMilliLeft).toEqual([1000, 1000]);
  });

  it('a new pod of the same name (new UID) replaces the one that is gone', async () => {
    start('filter');
    await post('/extender/filter', { Pod: pod('old', 2, 'web-0'), NodeNames: NAMES });
    await post('/extender/filter', { Pod: pod('new', 2, 'web-0'), NodeNames: NAMES });
    expect(await placements()).toMatchObject([{ uid: 'new', name: 'web-0', node: 'small' }]);
  });
});

describe('--confirm bind: a reservation no bind confirms expires, logged and counted', () => {
  it('counts and logs each expiry; a bound pod is not counted', async () => {
    let now = 1_000_000;
    const { warnings } = start('bind', { now: () => now });
    await post('/extender/filter', { Pod: pod('u1', 1), NodeNames: NAMES });
    await post('/extender/filter', { Pod: pod('u2', 1), NodeNames: NAMES });
    const bound = await bind('u2', 'small');
    expect(bound.body.Error).toBe('');
    expect(await placements()).toHaveLength(1); // not placed at filter in this mode
    now += 30_001;
    await post('/extender/filter', { Pod: pod('u3', 1), NodeNames: NAMES }); // expiry runs with each call
    expect(await metric('hyperfleet_reservations_expired_total')).toBe(1);
    expect(warnings).toEqual([
      expect.stringMatching(
        /pod ml\/pod-u1 \(uid u1\) on node small ended unconfirmed \(no confirmation within/,
      ),
    ]);
    // a bind of the bound pod again: acknowledged as it is on its node (a retry), an error on another one
    expect((await bind('u2', 'small')).body.Error).toBe('');
    expect((await bind('u2', 'big')).body.Error).toMatch(/already bound to node small/);
    expect((await placements()).filter((p) => p.uid === 'u2')).toMatchObject([{ node: 'small' }]);
  });
});

describe('nodes learnt from the Node objects of filter calls', () => {
  const kubeNode = (name: string, gpus: number, model: string) => ({
    metadata: { name, labels: { 'alibabacloud.com/gpu-card-model': model } },
    status: {
      allocatable: {
        cpu: '32',
        memory: '128Gi',
        'alibabacloud.com/gpu-count': String(gpus),
        'alibabacloud.com/gpu-milli': String(gpus * 1000),
      },
    },
  });

  it('registers the unknown ones, as the API server would describe them, and places on them', async () => {
    const { warnings } = start('filter', { nodes: [] });
    const items = [kubeNode('n1', 2, 'T4'), kubeNode('n2', 4, 'V100M16')];
    const sharePod = {
      metadata: {
        name: 'p',
        namespace: 'ml',
        uid: 'u1',
        annotations: { 'alibabacloud.com/gpu-milli': '500', 'alibabacloud.com/gpu-count': '1' },
      },
      spec: { containers: [{ resources: { requests: { cpu: '2' } } }] },
    };
    const filter = await post('/extender/filter', { Pod: sharePod, Nodes: { items }, NodeNames: null });
    expect(filter.body.Error).toBe('');
    expect(filter.body.Nodes.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toHaveLength(
      1,
    );
    const nodes = (await app!.inject({ url: '/v1/nodes' })).json().nodes;
    expect(
      nodes.map((n: Record<string, unknown>) => [n.name, n.gpuCount, n.model, n.cpuMilli, n.memMiB]),
    ).toEqual([
      ['n1', 2, 'T4', 32000, 131072],
      ['n2', 4, 'V100M16', 32000, 131072],
    ]);
    expect((await placements())[0]).toMatchObject({ uid: 'u1', milliPerDevice: 500 });
    expect(warnings).toEqual([]);
  });

  it('skips a node it cannot read, warning once, and names it unknown in the reply', async () => {
    const { warnings } = start('filter', { nodes: [] });
    const bad = { metadata: { name: 'bad' }, status: { allocatable: { cpu: 'lots' } } };
    for (let i = 0; i < 2; i++) {
      const filter = await post('/extender/filter', {
        Pod: pod(`u${i}`, 1),
        Nodes: { items: [bad, kubeNode('ok', 2, 'T4')] },
        NodeNames: null,
      });
      expect(filter.body.Nodes.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual([
        'ok',
      ]);
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/node bad sent by kube-scheduler cannot be read.*status\.allocatable\.cpu/);
  });
});
