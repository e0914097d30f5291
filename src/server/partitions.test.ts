/**
 * MIG and Ascend vNPU partitions through the extender routes (Fastify's `inject`): nodes learnt from Node objects
 * that advertise MIG instances (GPU feature discovery labels), pods asking for profiles filtered and bound, the
 * binder told the profile, `GET /v1/placements` carrying it, and the refusals kube-scheduler receives.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createPolicy } from '../policies/registry.js';
import type { BindRequest } from '../schedule/kube/kube-binder.js';
import { filterAndBind, injectJson } from '../../test/support/extender-inject.js';
import { buildApp } from './app.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const migNode = (name: string, product: string, gpus: number, instances: Record<string, string>) => ({
  metadata: { name, labels: { 'nvidia.com/gpu.product': product, 'nvidia.com/gpu.count': String(gpus) } },
  status: { allocatable: { cpu: '64', memory: '512Gi', 'nvidia.com/gpu': '0', ...instances } },
});

const NODES = {
  items: [
    migNode('a100', 'NVIDIA-A100-SXM4-80GB', 1, { 'nvidia.com/mig-3g.40gb': '2' }),
    migNode('h20', 'NVIDIA-H20', 2, { 'nvidia.com/mig-1g.12gb': '14' }),
    {
      metadata: { name: 'npu' },
      status: { allocatable: { cpu: '64', memory: '512Gi', 'huawei.com/Ascend910-4c': '16' } },
    },
  ],
};

function pod(uid: string, resource: string, count = 1) {
  return {
    metadata: { name: `pod-${uid}`, namespace: 'ml', uid },
    spec: { containers: [{ resources: { requests: { cpu: '1', [resource]: String(count) } } }] },
  };
}

function start() {
  const binds: BindRequest[] = [];
  app = buildApp({
    nodes: [],
    policy: createPolicy('bestfit'),
    confirm: 'bind',
    warn: () => {},
    binder: { bind: async (req: BindRequest) => void binds.push(req) },
  });
  return { app, binds };
}

describe('partitions through the extender', () => {
  it('places MIG and vNPU pods on the nodes whose models have the profile, and binds them with it', async () => {
    const { app, binds } = start();
    const filter = (p: object) =>
      injectJson(app, 'POST', '/extender/filter', { Pod: p, Nodes: NODES, NodeNames: null });
    // learn the nodes from the first call's Node objects (nodeCacheCapable false)
    const first = await filter(pod('u1', 'nvidia.com/mig-3g.40gb'));
    expect(first.body.Nodes.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual([
      'a100',
    ]);
    const nodes = (await injectJson(app, 'GET', '/v1/nodes')).body.nodes;
    expect(nodes.map((n: Record<string, unknown>) => [n.name, n.gpuCount, n.model])).toEqual([
      ['a100', 1, 'nvidia-a100'],
      ['h20', 2, 'nvidia-h20'],
      ['npu', 2, 'huawei-ascend-910'],
    ]);
    await injectJson(app, 'POST', '/extender/bind', {
      PodName: 'pod-u1',
      PodNamespace: 'ml',
      PodUID: 'u1',
      Node: 'a100',
    });
    const names = ['a100', 'h20', 'npu'];
    expect(await filterAndBind(app, pod('u2', 'nvidia.com/mig-3g.40gb'), names)).toBe('a100');
    expect(await filterAndBind(app, pod('u3', 'nvidia.com/mig-1g.12gb', 2), names)).toBe('h20');
    expect(await filterAndBind(app, pod('u4', 'huawei.com/Ascend910-4c'), names)).toBe('npu');
    // the A100 holds two 3g instances: a third has no room there
    const full = await injectJson(app, 'POST', '/extender/filter', {
      Pod: pod('u5', 'nvidia.com/mig-3g.40gb'),
      NodeNames: names,
    });
    expect(full.body.NodeNames).toEqual([]);
    expect(full.body.FailedNodes.a100).toMatch(/^Insufficient accelerators/);
    expect(full.body.FailedAndUnresolvableNodes.h20).toMatch(/^nvidia-h20 has no partition 3g\.40gb/);

    const placements = (await injectJson(app, 'GET', '/v1/placements')).body.placements;
    expect(placements.map((p: Record<string, unknown>) => [p.name, p.node, p.devices, p.profile])).toEqual([
      ['pod-u1', 'a100', [0], '3g.40gb'],
      ['pod-u2', 'a100', [0], '3g.40gb'],
      ['pod-u3', 'h20', [0, 1], '1g.12gb'],
      ['pod-u4', 'npu', [0], '4c'],
    ]);
    expect(binds.map((b) => [b.name, b.devices, b.milliPerDevice, b.profile])).toEqual([
      ['pod-u1', [0], 429, '3g.40gb'],
      ['pod-u2', [0], 429, '3g.40gb'],
      ['pod-u3', [0, 1], 143, '1g.12gb'],
      ['pod-u4', [0], 125, '4c'],
    ]);
  });

  it('answers a pod asking for an unknown profile with an Error naming it', async () => {
    const { app } = start();
    const res = await injectJson(app, 'POST', '/extender/filter', {
      Pod: pod('u1', 'nvidia.com/mig-2g.30gb'),
      Nodes: NODES,
      NodeNames: null,
    });
    expect(res.status).toBe(200);
    expect(res.body.Error).toMatch(
      /nvidia\.com\/mig-2g\.30gb.*no MIG profile 2g\.30gb in the catalog \(closest: /,
    );
  });
});
