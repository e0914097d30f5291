/**
 * A pod the live service already counts as bound must never lose its devices in the count, through the extender
 * routes with the real binder against the stand-in API server (test/support/fake-apiserver):
 * - filtered again (a retry, a leader change, a client like the HA stream's): the answer is the pod's own node,
 *   the bind that follows is acknowledged without a second Binding, and the pod stays counted once;
 * - bound by someone else unknown to the service (an earlier leader): the API server refuses the Binding as
 *   already assigned, and the service counts the pod where the API server shows it, with its annotated devices.
 * In both, a second pod asking for the same device is refused: no device is above 1000 milli, neither in the
 * service's placements nor in the pods' annotations (the durable truth). A pod counted so whose device annotation
 * is not a list of indices is reported to the log as the sync reports it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { NodeSpec } from '../model/node.js';
import { createPolicy } from '../policies/registry.js';
import { KubeBinder, PodAlreadyAssigned } from '../schedule/kube/kube-binder.js';
import { loadKubeConfig } from '../schedule/kube/kube-config.js';
import type { ConfirmMode } from '../schedule/index.js';
import { tempDir } from '../../test/support/cli.js';
import { FakeApiServer, type KubeObject, writeKubeconfig } from '../../test/support/fake-apiserver.js';
import { deviceUse } from '../../test/support/ha-stream.js';
import { buildApp } from './app.js';

const NODES: NodeSpec[] = ['gpu-1', 'gpu-2'].map((name) => ({
  name,
  cpuMilli: 32000,
  memMiB: 131072,
  gpuCount: 1,
  gpuModel: 'T4',
}));

let api: FakeApiServer;
let kubeconfig: string;
let app: FastifyInstance | undefined;
/** What the service warned about (its log). */
const warnings: string[] = [];

beforeAll(async () => {
  api = await FakeApiServer.start();
  kubeconfig = writeKubeconfig(tempDir('hyperfleet-bound-pod-'), api.url);
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  warnings.length = 0;
  for (const p of ['p', 'q']) if (api.pod('ml', p)) api.deletePod('ml', p);
});
afterAll(async () => {
  await api?.close();
});

function start(confirm: ConfirmMode = 'bind', binder?: Pick<KubeBinder, 'bind'>): void {
  app = buildApp({
    nodes: NODES,
    policy: createPolicy('bestfit'),
    confirm,
    binder: binder ?? new KubeBinder(loadKubeConfig(kubeconfig)),
    warn: (m) => warnings.push(m),
  });
}

/** A pending pod asking for one whole GPU, in the API server; its object as kube-scheduler sends it. */
function pendingPod(name: string, bound?: { node: string; devices: string }): KubeObject {
  return api.upsertPod({
    metadata: {
      name,
      namespace: 'ml',
      annotations: bound
        ? { 'hyperfleet.io/gpu-devices': bound.devices, 'hyperfleet.io/gpu-milli-per-device': '1000' }
        : {},
    },
    spec: {
      ...(bound ? { nodeName: bound.node } : {}),
      containers: [{ name: 'main', resources: { requests: { cpu: '4', 'nvidia.com/gpu': '1' } } }],
    },
    status: { phase: bound ? 'Running' : 'Pending' },
  });
}

async function post(url: string, payload: object) {
  const res = await app!.inject({ method: 'POST', url, payload });
  expect(res.statusCode).toBe(200);
  return res.json();
}

const filter = (pod: KubeObject, nodes: string[]) => post('/extender/filter', { Pod: pod, NodeNames: nodes });
const bind = (pod: KubeObject, node: string) =>
  post('/extender/bind', {
    PodName: pod.metadata.name,
    PodNamespace: 'ml',
    PodUID: pod.metadata.uid,
    Node: node,
  });

type Counted = { uid: string; node: string; devices: number[]; milliPerDevice: number };
async function placements(): Promise<Counted[]> {
  return (await app!.inject({ url: '/v1/placements' })).json().placements;
}

/** Device milli per node/device as the API server's bound pods' annotations say (the durable truth). */
function annotatedUse(): Map<string, number> {
  const bound = ['p', 'q'].flatMap((name) => {
    const pod = api.pod('ml', name);
    const node = pod?.spec?.nodeName as string | undefined;
    const a = pod?.metadata.annotations ?? {};
    if (!node || a['hyperfleet.io/gpu-devices'] === undefined) return [];
    const devices = a['hyperfleet.io/gpu-devices'].split(',').map(Number);
    return [{ node, devices, milliPerDevice: Number(a['hyperfleet.io/gpu-milli-per-device']) }];
  });
  return deviceUse(bound);
}

function expectNoDeviceOver1000(use: Map<string, number>): void {
  for (const [device, milli] of use) expect(milli, device).toBeLessThanOrEqual(1000);
}

describe('a pod counted as bound, filtered again', () => {
  it('is answered with its own node, acknowledged without a second Binding, and keeps its devices', async () => {
    start();
    const p = pendingPod('p');
    expect((await filter(p, ['gpu-1'])).NodeNames).toEqual(['gpu-1']);
    expect((await bind(p, 'gpu-1')).Error).toBe('');
    expect(api.bindings).toHaveLength(1);

    // filtered again (a retry, a leader change), bound again: then another pod asks for gpu-1
    const refiltered = await filter(p, ['gpu-1', 'gpu-2']);
    const rebound = await bind(p, 'gpu-1');
    const q = pendingPod('q');
    const qFilter = await filter(q, ['gpu-1']);
    if (qFilter.NodeNames.length > 0) await bind(q, qFilter.NodeNames[0]);

    // p is counted once, on its real node; no device is given out twice
    const counted = await placements();
    expect(counted.filter((c) => c.uid === p.metadata.uid)).toMatchObject([{ node: 'gpu-1', devices: [0] }]);
    expectNoDeviceOver1000(deviceUse(counted));
    expectNoDeviceOver1000(annotatedUse());
    // the re-filter answered p's node, its bind was acknowledged without a second Binding, q found no room
    expect(refiltered.NodeNames).toEqual(['gpu-1']);
    expect(rebound.Error).toBe('');
    expect(api.bindings).toHaveLength(1);
    expect(qFilter.NodeNames).toEqual([]);

    // p's node not among the candidates: no other node (it will not move there), and nothing released
    const elsewhere = await filter(p, ['gpu-2']);
    expect(elsewhere.NodeNames).toEqual([]);
    expect(elsewhere.FailedAndUnresolvableNodes).toEqual({
      'gpu-2': `pod ml/p (uid ${p.metadata.uid}) is already bound to node gpu-1`,
    });
    expect((await filter(q, ['gpu-1', 'gpu-2'])).NodeNames).toEqual(['gpu-2']);
    expect((await bind(q, 'gpu-2')).Error).toBe('');
    expect(await placements()).toHaveLength(2);
    expectNoDeviceOver1000(annotatedUse());
  });

  it('--confirm filter: the placement filter made is still released by a new filter (its bind failed)', async () => {
    start('filter');
    const p = pendingPod('p');
    expect((await filter(p, ['gpu-1'])).NodeNames).toEqual(['gpu-1']);
    expect((await filter(p, ['gpu-2'])).NodeNames).toEqual(['gpu-2']);
    expect(await placements()).toMatchObject([{ uid: p.metadata.uid, node: 'gpu-2' }]);
  });
});

describe('a bind the API server refuses as already assigned', () => {
  it('counts the pod on the node the API server shows, with its annotated devices', async () => {
    start();
    // bound by an earlier leader; this one has not heard of it (no watch here)
    const p = pendingPod('p', { node: 'gpu-2', devices: '0' });
    expect((await filter(p, ['gpu-1'])).NodeNames).toEqual(['gpu-1']);
    const refused = await bind(p, 'gpu-1');
    // then another pod asks for gpu-2, where p really runs
    const q = pendingPod('q');
    const qFilter = await filter(q, ['gpu-2']);
    if (qFilter.NodeNames.length > 0) await bind(q, qFilter.NodeNames[0]);

    // p is counted once, on the node the API server shows, with its annotated device; none given out twice
    expect(await placements()).toMatchObject([{ uid: p.metadata.uid, node: 'gpu-2', devices: [0] }]);
    expectNoDeviceOver1000(annotatedUse());
    expect(refused.Error).toMatch(/409: .*already assigned to node "gpu-2".*; counted on node gpu-2$/);
    expect(qFilter.NodeNames).toEqual([]);
    // gpu-1, which the refused bind had taken, is free again
    expect((await filter(q, ['gpu-1', 'gpu-2'])).NodeNames).toEqual(['gpu-1']);
    expect((await bind(q, 'gpu-1')).Error).toBe('');
    expectNoDeviceOver1000(deviceUse(await placements()));
    expectNoDeviceOver1000(annotatedUse());
    expect((await placements()).map((c) => c.node).sort()).toEqual(['gpu-1', 'gpu-2']);
  });

  it('reports a device annotation that is not a list of indices, as the sync does, and counts the pod', async () => {
    // The API server's refusal as the binder reports it, with the pod as the API server has it (the real binder
    // would first have annotated the pod with the devices of the refused bind).
    start('bind', {
      bind: async (req) => {
        const read = api.pod(req.namespace, req.name)!;
        throw new PodAlreadyAssigned(
          'bind refused (409): already assigned',
          read.spec?.nodeName as string,
          read,
        );
      },
    });
    const p = pendingPod('p', { node: 'gpu-2', devices: 'first' });
    expect((await filter(p, ['gpu-1'])).NodeNames).toEqual(['gpu-1']);
    const refused = await bind(p, 'gpu-1');

    expect(refused.Error).toBe('bind refused (409): already assigned; counted on node gpu-2');
    expect(warnings).toEqual([
      'pod ml/p: annotation hyperfleet.io/gpu-devices="first" is not a list of device indices; ignored',
    ]);
    // counted where it runs, on the one device gpu-2 has (the policy picked it)
    expect(await placements()).toMatchObject([{ uid: p.metadata.uid, node: 'gpu-2', devices: [0] }]);
  });
});
