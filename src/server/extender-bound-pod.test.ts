/**
 * A pod the live service already counts as bound must never lose its devices in the count, through the extender
 * routes with the real binder against the stand-in API server (test/support/fake-apiserver):
 * - filtered again (a retry, a leader change, a client like the HA stream's): the answer is the pod's own node,
 *   the bind that follows is acknowledged without a second Binding, and the pod stays counted once;
 * - bound by someone else unknown to the service (an earlier leader, another scheduler): the binder reads it
 *   bound before writing anything — or, bound between that read and its annotation PATCH, has the PATCH refused
 *   (resourceVersion precondition) and reads it again — and the service counts the pod where the API server shows
 *   it, with the devices its own annotation lists (on nodes of four GPUs, where the devices can be told apart);
 *   a pod that only changed in between is refused, not counted, for kube-scheduler to retry; a pod bound
 *   elsewhere between the PATCH and the Binding has the annotations the binder wrote put back, and is counted on
 *   its node without them.
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

/** Two nodes of four GPUs each, where the devices a pod holds on its node can be told apart. */
const FOUR_GPU_NODES: NodeSpec[] = ['gpu-a', 'gpu-b'].map((name) => ({
  name,
  cpuMilli: 32000,
  memMiB: 131072,
  gpuCount: 4,
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

function start(
  confirm: ConfirmMode = 'bind',
  binder?: Pick<KubeBinder, 'bind'>,
  nodes: NodeSpec[] = NODES,
): void {
  app = buildApp({
    nodes,
    policy: createPolicy('bestfit'),
    confirm,
    binder: binder ?? new KubeBinder(loadKubeConfig(kubeconfig)),
    warn: (m) => warnings.push(m),
  });
}

/**
 * A pending pod asking for `gpus` whole GPUs, in the API server; its object as kube-scheduler sends it. With
 * `bound`, the pod is bound there already, with that device annotation (upserted: the same UID when it exists).
 */
function pendingPod(name: string, bound?: { node: string; devices: string }, gpus = '1'): KubeObject {
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
      containers: [{ name: 'main', resources: { requests: { cpu: '4', 'nvidia.com/gpu': gpus } } }],
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
    expect(refused.Error).toMatch(
      /: the API server shows it already assigned to node "gpu-2".*; counted on node gpu-2$/,
    );
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
    // writes nothing to a pod it reads bound, so its annotation is the one found).
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

describe('a bind of a pod bound elsewhere, on nodes of several GPUs', () => {
  const theirs = { 'hyperfleet.io/gpu-devices': '2,3', 'hyperfleet.io/gpu-milli-per-device': '1000' };
  /** The requests made on pod ml/p since `from` (its reads, patches and Binding). */
  const podRequests = (from: number) =>
    api.requests
      .slice(from)
      .filter((r) => r.path.startsWith('/api/v1/namespaces/ml/pods/p'))
      .map((r) => `${r.method} ${r.path.slice('/api/v1/namespaces/ml/pods/'.length)}`);

  /** q, asking for 2 GPUs, is placed on gpu-b: it must get the devices p does not hold there. */
  async function qOnGpuB(): Promise<Counted | undefined> {
    const q = pendingPod('q', undefined, '2');
    expect((await filter(q, ['gpu-b'])).NodeNames).toEqual(['gpu-b']);
    expect((await bind(q, 'gpu-b')).Error).toBe('');
    return (await placements()).find((c) => c.uid === q.metadata.uid);
  }

  /** `p` filtered and bound to gpu-a: the bind's Error, the requests it made on p, the Bindings it created. */
  async function bindToGpuA(p: KubeObject) {
    expect((await filter(p, ['gpu-a'])).NodeNames).toEqual(['gpu-a']);
    const from = api.requests.length;
    const bindings = api.bindings.length;
    const { Error: error } = await bind(p, 'gpu-a');
    return { error, requests: podRequests(from), bindings: api.bindings.length - bindings };
  }

  /** `p` keeps the other scheduler's annotations, and is counted on gpu-b with devices 2 and 3, nothing on gpu-a. */
  async function expectCountedAsTheirs(p: KubeObject): Promise<void> {
    expect(api.pod('ml', 'p')?.metadata.annotations).toEqual(theirs);
    expect(await placements()).toEqual([
      expect.objectContaining({ uid: p.metadata.uid, node: 'gpu-b', devices: [2, 3] }),
    ]);
  }

  it('writes nothing to it and counts it on its node with its own devices', async () => {
    start('bind', undefined, FOUR_GPU_NODES);
    // bound by another scheduler to gpu-b, devices 2 and 3; this service has not heard of it
    const p = pendingPod('p', { node: 'gpu-b', devices: '2,3' }, '2');
    const refused = await bindToGpuA(p);

    await expectCountedAsTheirs(p);
    // the binder only read the pod
    expect(refused).toEqual({
      error:
        'bind pod ml/p to node gpu-a: the API server shows it already assigned to node "gpu-b"; ' +
        'its annotations were left as they are; counted on node gpu-b',
      requests: ['GET p'],
      bindings: 0,
    });
    // so another pod on gpu-b is given the two other devices
    expect((await qOnGpuB())?.devices).toEqual([0, 1]);
    expectNoDeviceOver1000(deviceUse(await placements()));
    expectNoDeviceOver1000(annotatedUse());
  });

  it("bound by another between the binder's read and its patch: the patch is refused, nothing written", async () => {
    start('bind', undefined, FOUR_GPU_NODES);
    const p = pendingPod('p', undefined, '2');
    // another scheduler binds p to gpu-b, devices 2 and 3, after the binder read it and before it patches it
    api.beforeNext('PATCH', /\/pods\/p$/, () => pendingPod('p', { node: 'gpu-b', devices: '2,3' }, '2'));
    const refused = await bindToGpuA(p);

    await expectCountedAsTheirs(p);
    // read, patch refused, read again; no Binding
    expect(refused).toEqual({
      error:
        'bind pod ml/p to node gpu-a: the pod was bound to node "gpu-b" after it was read (the API server refused ' +
        'the annotation patch with 409); its annotations were left as they are; counted on node gpu-b',
      requests: ['GET p', 'PATCH p', 'GET p'],
      bindings: 0,
    });
    expect((await qOnGpuB())?.devices).toEqual([0, 1]);
    expectNoDeviceOver1000(annotatedUse());
  });

  it('bound elsewhere between the patch and the Binding: the annotations it wrote are put back', async () => {
    start('bind', undefined, FOUR_GPU_NODES);
    const p = pendingPod('p', undefined, '2');
    // another client binds p to gpu-b without annotating it, after the binder's patch and before its Binding
    api.beforeNext('POST', /\/pods\/p\/binding$/, () => api.bindPod('ml', 'p', 'gpu-b'));
    const refused = await bindToGpuA(p);

    expect(refused).toEqual({
      error:
        'bind pod ml/p to node gpu-a: the API server answered 409: Operation cannot be fulfilled on pods/binding ' +
        '"p": pod p is already assigned to node "gpu-b"; the device annotations this bind wrote were put back as ' +
        'they were; counted on node gpu-b',
      requests: ['GET p', 'PATCH p', 'POST p/binding', 'GET p', 'PATCH p'],
      bindings: 0,
    });
    // no annotation naming gpu-a's devices is left on a pod that runs on gpu-b; it is counted there once
    expect(api.pod('ml', 'p')?.metadata.annotations).toEqual({});
    const counted = await placements();
    expect(counted).toEqual([expect.objectContaining({ uid: p.metadata.uid, node: 'gpu-b' })]);
    // and another pod on gpu-b gets the two devices p is not counted on
    const q = await qOnGpuB();
    expect(new Set([...counted[0].devices, ...q!.devices]).size).toBe(4);
    expectNoDeviceOver1000(deviceUse(await placements()));
    expectNoDeviceOver1000(annotatedUse());
  });

  it('changed but not bound between the read and the patch: refused for kube-scheduler to retry, not counted', async () => {
    start('bind', undefined, FOUR_GPU_NODES);
    const p = pendingPod('p', undefined, '2');
    api.beforeNext('PATCH', /\/pods\/p$/, () =>
      api.upsertPod({ ...p, metadata: { ...p.metadata, labels: { team: 'vision' } } }),
    );
    const refused = await bindToGpuA(p);

    expect(refused.bindings).toBe(0);
    expect(refused.error).toMatch(
      /^annotate pod ml\/p with its devices \(before binding to gpu-a\): the API server answered 409: .*the object has been modified.* \(the pod changed after it was read and is not bound: nothing was written, and kube-scheduler retries it\)$/,
    );
    expect(api.pod('ml', 'p')?.metadata.annotations).toEqual({});
    expect(api.pod('ml', 'p')?.spec?.nodeName).toBeUndefined();
    // the placement the bind made is released: the retry finds gpu-a free again
    expect(await placements()).toEqual([]);
    expect((await filter(p, ['gpu-a'])).NodeNames).toEqual(['gpu-a']);
    expect((await bind(p, 'gpu-a')).Error).toBe('');
    expect(api.pod('ml', 'p')?.metadata.annotations).toMatchObject({ 'hyperfleet.io/gpu-devices': '0,1' });
  });
});
