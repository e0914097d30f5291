/**
 * The extender routes through Fastify's `inject` on a three-node cluster: filter takes the decision, prioritize
 * confirms it, bind assumes and records devices, and bad requests leave the state unchanged.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ClusterState } from '../model/cluster-state.js';
import type { NodeSpec } from '../model/node.js';
import { createPolicy } from '../policies/registry.js';
import { buildApp, BODY_LIMIT, EXTENDER_BODY_LIMIT } from './app.js';
import { podSpecOf, type Pod } from '../schedule/kube-pod.js';

const NODES: NodeSpec[] = [
  { name: 'big', cpuMilli: 96000, memMiB: 393216, gpuCount: 8, gpuModel: 'V100M32' },
  { name: 'small', cpuMilli: 32000, memMiB: 131072, gpuCount: 2, gpuModel: 'T4' },
  { name: 'cpu', cpuMilli: 64000, memMiB: 262144, gpuCount: 0, gpuModel: '' },
];
const NAMES = NODES.map((n) => n.name);

function pod(
  uid: string,
  opts: { cpu?: string; memory?: string; gpus?: string; milli?: string; models?: string } = {},
): Pod {
  const annotations: Record<string, string> = {};
  if (opts.milli) annotations['hyperfleet.io/gpu-milli'] = opts.milli;
  if (opts.models) annotations['hyperfleet.io/gpu-model'] = opts.models;
  const requests: Record<string, string> = { cpu: opts.cpu ?? '4', memory: opts.memory ?? '8Gi' };
  if (opts.gpus) requests['nvidia.com/gpu'] = opts.gpus;
  return {
    metadata: { name: `pod-${uid}`, namespace: 'ml', uid, annotations },
    spec: { containers: [{ name: 'main', resources: { requests } }] },
  };
}

let app: FastifyInstance;

beforeEach(() => {
  app = buildApp({ state: new ClusterState(NODES), policy: createPolicy('bestfit') });
});
afterEach(async () => {
  await app.close();
});

async function post(url: string, payload: unknown) {
  const res = await app.inject({ method: 'POST', url, payload: payload as object });
  return { status: res.statusCode, body: res.json() };
}

describe('extender filter → prioritize → bind', () => {
  it('filter passes only the policy’s node; prioritize gives it 10; bind records devices', async () => {
    const p = pod('u1', { gpus: '1', models: 'T4' });
    const filter = await post('/extender/filter', { Pod: p, Nodes: null, NodeNames: NAMES });
    expect(filter.status).toBe(200);
    expect(filter.body.NodeNames).toEqual(['small']);
    expect(filter.body.Error).toBe('');
    // A chosen node makes the other candidates simply absent: kube-scheduler reads no reasons for a placed pod.
    expect(filter.body.FailedNodes).toEqual({});

    const prio = await post('/extender/prioritize', { Pod: p, Nodes: null, NodeNames: NAMES });
    // Only the chosen host is scored; kube-scheduler adds nothing for the hosts left out.
    expect(prio.body).toEqual([{ Host: 'small', Score: 10 }]);

    const bind = await post('/extender/bind', {
      PodName: 'pod-u1',
      PodNamespace: 'ml',
      PodUID: 'u1',
      Node: 'small',
    });
    expect(bind.body).toEqual({ Error: '' });
    const placements = (await app.inject({ url: '/v1/placements' })).json();
    expect(placements.placements).toEqual([
      {
        namespace: 'ml',
        name: 'pod-u1',
        uid: 'u1',
        node: 'small',
        devices: [0],
        milliPerDevice: 1000,
        cpuMilli: 4000,
        memMiB: 8192,
        // What the defrag planner reads, so that its rules apply from outside (issue 16).
        gpuModels: ['T4'],
        qos: 'Burstable',
        annotations: { 'hyperfleet.io/gpu-model': 'T4' },
        boundAt: expect.any(Number),
      },
    ]);
    const nodes = (await app.inject({ url: '/v1/nodes' })).json().nodes;
    expect(nodes[1]).toMatchObject({ name: 'small', cpuMilliLeft: 28000, gpuMilliLeft: [0, 1000] });
  });

  it('a placement carries what decides defrag moves: QoS class, owner kind, local storage', async () => {
    const guaranteed = pod('g1', { gpus: '1' });
    const limits = { cpu: '4', memory: '8Gi', 'nvidia.com/gpu': '1' };
    guaranteed.spec = {
      containers: [{ name: 'main', resources: { limits } }],
      volumes: [{ emptyDir: {} }],
    };
    guaranteed.metadata.ownerReferences = [
      { kind: 'ReplicaSet', controller: false },
      { kind: 'DaemonSet', controller: true },
    ];
    const bestEffort = pod('b1');
    bestEffort.spec = { containers: [{ name: 'main' }] };
    for (const p of [guaranteed, bestEffort]) {
      const filter = await post('/extender/filter', { Pod: p, NodeNames: NAMES });
      const bind = await post('/extender/bind', {
        PodName: p.metadata.name,
        PodNamespace: 'ml',
        PodUID: p.metadata.uid,
        Node: filter.body.NodeNames[0],
      });
      expect(bind.body.Error).toBe('');
    }
    const placements = (await app.inject({ url: '/v1/placements' })).json().placements;
    expect(placements[0]).toMatchObject({ qos: 'Guaranteed', owner: 'DaemonSet', localStorage: true });
    expect(placements[1]).toMatchObject({ qos: 'BestEffort' });
    expect(placements[1].owner).toBeUndefined();
    expect(placements[1].localStorage).toBeUndefined();
  });

  it('a sharing pod gets milli on one device, and a second one packs beside it', async () => {
    for (const uid of ['s1', 's2']) {
      const p = pod(uid, { milli: '300', cpu: '500m', memory: '512Mi' });
      const filter = await post('/extender/filter', { Pod: p, NodeNames: NAMES });
      expect(filter.body.NodeNames).toHaveLength(1);
      const node = filter.body.NodeNames[0];
      const bind = await post('/extender/bind', {
        PodName: uid,
        PodNamespace: 'ml',
        PodUID: uid,
        Node: node,
      });
      expect(bind.body.Error).toBe('');
    }
    const { placements } = (await app.inject({ url: '/v1/placements' })).json();
    expect(placements.map((p: { milliPerDevice: number }) => p.milliPerDevice)).toEqual([300, 300]);
    expect(placements[0].node).toBe(placements[1].node);
    expect(placements[0].devices).toEqual(placements[1].devices);
  });

  it('with full Node objects, filter hands back the chosen node object', async () => {
    const items = NAMES.map((name) => ({ metadata: { name, labels: { zone: 'a' } }, status: {} }));
    const filter = await post('/extender/filter', {
      Pod: pod('u2', { gpus: '4' }),
      Nodes: { metadata: {}, items },
      NodeNames: null,
    });
    expect(filter.body.NodeNames).toBeNull();
    expect(filter.body.Nodes.items).toEqual([
      { metadata: { name: 'big', labels: { zone: 'a' } }, status: {} },
    ]);
  });

  it('decides among the nodes sent only', async () => {
    const filter = await post('/extender/filter', { Pod: pod('u3'), NodeNames: ['cpu'] });
    expect(filter.body.NodeNames).toEqual(['cpu']);
  });

  it('a second bind of the same pod changes nothing: acknowledged on its node, an error elsewhere', async () => {
    const p = pod('u4', { gpus: '2' });
    await post('/extender/filter', { Pod: p, NodeNames: NAMES });
    const args = { PodName: 'pod-u4', PodNamespace: 'ml', PodUID: 'u4', Node: 'big' };
    expect((await post('/extender/bind', args)).body.Error).toBe('');
    const before = (await app.inject({ url: '/v1/nodes' })).json();
    // a retry of the bind that was done (its answer lost): the pod is bound there already
    const again = await post('/extender/bind', args);
    expect(again.status).toBe(200);
    expect(again.body.Error).toBe('');
    const elsewhere = await post('/extender/bind', { ...args, Node: 'small' });
    expect(elsewhere.body.Error).toMatch(/already bound to node big/);
    expect((await app.inject({ url: '/v1/nodes' })).json()).toEqual(before);
    expect((await app.inject({ url: '/v1/placements' })).json().placements).toHaveLength(1);
  });

  it('bind to a node the pod does not fit errs; to another node that fits, devices are picked there', async () => {
    await post('/extender/filter', { Pod: pod('u5', { gpus: '4' }), NodeNames: NAMES });
    const bad = await post('/extender/bind', {
      PodName: 'p',
      PodNamespace: 'ml',
      PodUID: 'u5',
      Node: 'small',
    });
    expect(bad.body.Error).toMatch(/does not fit node small: Insufficient accelerators/);
    await post('/extender/filter', { Pod: pod('u6', { gpus: '1' }), NodeNames: NAMES });
    const other = await post('/extender/bind', {
      PodName: 'q',
      PodNamespace: 'ml',
      PodUID: 'u6',
      Node: 'big',
    });
    expect(other.body.Error).toBe('');
    // u5's filter still holds devices 0..3 of big (its reservation outlives the failed bind until its TTL).
    const placed = (await app.inject({ url: '/v1/placements' })).json().placements[0];
    expect(placed.node).toBe('big');
    expect(placed.devices).toHaveLength(1);
    expect(placed.devices[0]).toBeGreaterThanOrEqual(4);
  });

  it('bind without a filter decision, or to an unknown node, errs', async () => {
    const none = await post('/extender/bind', {
      PodName: 'p',
      PodNamespace: 'ml',
      PodUID: 'zz',
      Node: 'big',
    });
    expect(none.body.Error).toMatch(/no filter decision/);
    await post('/extender/filter', { Pod: pod('u7'), NodeNames: NAMES });
    const unknown = await post('/extender/bind', {
      PodName: 'p',
      PodNamespace: 'ml',
      PodUID: 'u7',
      Node: 'nope',
    });
    expect(unknown.body.Error).toMatch(/unknown/);
  });

  it('a pod that fits nowhere: no node passes, every node failed with its reason', async () => {
    const filter = await post('/extender/filter', {
      Pod: pod('u8', { gpus: '16' }),
      NodeNames: [...NAMES, 'ghost'],
    });
    expect(filter.body.NodeNames).toEqual([]);
    // 16 devices is more than any node has: no eviction can help anywhere.
    expect(filter.body.FailedNodes).toEqual({});
    const unresolvable = filter.body.FailedAndUnresolvableNodes;
    expect(Object.keys(unresolvable).sort()).toEqual(['big', 'cpu', 'ghost', 'small']);
    expect(unresolvable.big).toMatch(/Insufficient accelerators \(16 × 1000 milli asked; 8 free/);
    expect(unresolvable.cpu).toMatch(/Node has no accelerators/);
    expect(unresolvable.ghost).toMatch(/unknown to hyperfleet/);
  });

  it('a node full now is in FailedNodes (preemption may help); one that can never hold the pod is unresolvable', async () => {
    // Fill small (2 × T4) with a bound pod.
    const fill = pod('t1', { gpus: '2' });
    expect((await post('/extender/filter', { Pod: fill, NodeNames: ['small'] })).body.NodeNames).toEqual([
      'small',
    ]);
    const { uid, name, namespace } = fill.metadata;
    const bound = await post('/extender/bind', {
      PodName: name,
      PodNamespace: namespace,
      PodUID: uid,
      Node: 'small',
    });
    expect(bound.body.Error).toBe('');

    const t4 = await post('/extender/filter', {
      Pod: pod('t2', { gpus: '1', models: 'T4' }),
      NodeNames: [...NAMES, 'ghost'],
    });
    expect(t4.body.NodeNames).toEqual([]);
    expect(Object.keys(t4.body.FailedNodes)).toEqual(['small']);
    expect(t4.body.FailedNodes.small).toMatch(/Insufficient accelerators \(1 × 1000 milli asked; 0 free/);
    expect(t4.body.FailedAndUnresolvableNodes).toEqual({
      big: expect.stringMatching(/Accelerator model V100M32 not allowed \(pod accepts T4\)/),
      cpu: expect.stringMatching(/Node has no accelerators/),
      ghost: expect.stringMatching(/unknown to hyperfleet/),
    });

    // More devices than small has in total, and more CPU than cpu has in total: unresolvable, though both are
    // also short of what is left now.
    const many = await post('/extender/filter', { Pod: pod('t3', { gpus: '3' }), NodeNames: ['small'] });
    expect(many.body.FailedNodes).toEqual({});
    expect(Object.keys(many.body.FailedAndUnresolvableNodes)).toEqual(['small']);
    const cpu = await post('/extender/filter', { Pod: pod('t4', { cpu: '65' }), NodeNames: ['cpu'] });
    expect(cpu.body.FailedAndUnresolvableNodes.cpu).toMatch(
      /Insufficient cpu \(65000 milli asked, 64000 left\)/,
    );
    // Freeing small makes the T4 pod fit there: the resolvable reason was the right one.
    expect((await app.inject({ method: 'DELETE', url: '/v1/placements/ml/pod-t1' })).statusCode).toBe(200);
    const again = await post('/extender/filter', {
      Pod: pod('t2', { gpus: '1', models: 'T4' }),
      NodeNames: NAMES,
    });
    expect(again.body.NodeNames).toEqual(['small']);
  });

  it('an unreadable request fails the cycle with the protocol Error, naming the field', async () => {
    const filter = await post('/extender/filter', { Pod: pod('u9', { cpu: 'lots' }), NodeNames: NAMES });
    expect(filter.status).toBe(200);
    expect(filter.body.Error).toBe(
      'Pod.spec.containers.0.resources.requests.cpu: "lots" is not a Kubernetes quantity (e.g. 500m, 2, 1Gi)',
    );
    expect(filter.body.NodeNames).toEqual([]);
    expect(filter.body.FailedNodes).toEqual({});
    expect(filter.body.FailedAndUnresolvableNodes).toEqual({});
  });
});

describe('preempt', () => {
  it('keeps the proposed nodes where evicting the victims frees enough devices, and changes nothing', async () => {
    await post('/extender/filter', { Pod: pod('v1', { gpus: '8' }), NodeNames: NAMES });
    expect(
      (await post('/extender/bind', { PodName: 'v', PodNamespace: 'ml', PodUID: 'v1', Node: 'big' })).body
        .Error,
    ).toBe('');
    const before = (await app.inject({ url: '/v1/nodes' })).json();
    const res = await post('/extender/preempt', {
      Pod: pod('hi', { gpus: '8' }),
      NodeNameToVictims: null,
      NodeNameToMetaVictims: {
        big: { Pods: [{ UID: 'v1' }], NumPDBViolations: 0 },
        small: { Pods: [], NumPDBViolations: 0 },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      NodeNameToMetaVictims: { big: { Pods: [{ UID: 'v1' }], NumPDBViolations: 0 } },
    });
    const unknownVictim = await post('/extender/preempt', {
      Pod: pod('hi', { gpus: '8' }),
      NodeNameToMetaVictims: { big: { Pods: [{ UID: 'someone-else' }], NumPDBViolations: 1 } },
    });
    expect(unknownVictim.body).toEqual({ NodeNameToMetaVictims: {} });
    expect((await app.inject({ url: '/v1/nodes' })).json()).toEqual(before);
  });
});

describe('bad requests', () => {
  it('malformed JSON is a 400 with a JSON error', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/extender/filter',
      headers: { 'content-type': 'application/json' },
      payload: '{"Pod": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/malformed JSON/);
  });

  it('a body that is not ExtenderArgs is a 400 naming the field', async () => {
    const res = await post('/extender/filter', { Pod: { metadata: { name: 'x' } }, NodeNames: NAMES });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/Pod\.metadata\.uid/);
  });

  it('an oversize body is a 413, per route limit', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/extender/filter',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ Pod: pod('big'), NodeNames: ['x'.repeat(EXTENDER_BODY_LIMIT)] }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatch(/larger than/);
    const rest = await app.inject({
      method: 'POST',
      url: '/v1/what-if',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ pods: [{ name: 'x'.repeat(BODY_LIMIT), cpuMilli: 1, memMiB: 1 }] }),
    });
    expect(rest.statusCode).toBe(413);
    expect((await app.inject({ url: '/v1/placements' })).json().placements).toEqual([]);
  });

  it('probes and unknown routes', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ ok: true });
    expect((await app.inject({ url: '/readyz' })).json()).toMatchObject({
      ready: true,
      nodes: 3,
      policy: 'bestfit',
    });
    const missing = await app.inject({ url: '/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatch(/no route/);
  });
});

describe('reading a pod', () => {
  it('sums containers, defaults requests to limits, reads annotations', () => {
    const spec = podSpecOf({
      metadata: {
        name: 'p',
        uid: 'u',
        annotations: { 'hyperfleet.io/gpu-milli': '250', 'hyperfleet.io/gpu-model': 'V100M16, V100M32' },
      },
      spec: {
        containers: [
          { resources: { requests: { cpu: '1500m', memory: '1Gi' } } },
          { resources: { limits: { cpu: '1', memory: '512Mi' } } },
        ],
      },
    });
    expect(spec).toEqual({
      name: 'default/p',
      cpuMilli: 2500,
      memMiB: 1536,
      gpuCount: 1,
      gpuMilli: 250,
      gpuTypes: ['V100M16', 'V100M32'],
    });
  });

  it('refuses a fractional nvidia.com/gpu and an out-of-range milli', () => {
    expect(() => podSpecOf(pod('a', { gpus: '500m' }))).toThrow(/whole number of devices/);
    expect(() => podSpecOf(pod('b', { milli: '1500' }))).toThrow(/1\.\.1000/);
  });
});
