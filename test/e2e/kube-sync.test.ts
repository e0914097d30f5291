/**
 * The Kubernetes side of `hyperfleet serve --kubeconfig`: kube-sync lists and watches nodes and pods through
 * client-node into a recording sink, and the binder annotates and binds pods. The API server is a stand-in
 * (test/support/fake-apiserver: a real HTTP server speaking the few endpoints client-node calls), because no
 * kube-apiserver can run on the test machines.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../src/model/node.js';
import { InputError, refuse } from '../../src/errors/index.js';
import { KubeBinder, PodAlreadyAssigned } from '../../src/schedule/kube/kube-binder.js';
import { KubeApiError, loadKubeConfig } from '../../src/schedule/kube/kube-config.js';
import type { BoundPod, KubeSink, SinkOutcome } from '../../src/schedule/kube/kube-sink.js';
import { startKubeSync, type KubeSync } from '../../src/schedule/kube/kube-sync.js';
import {
  FakeApiServer,
  kubeNode as node,
  writeKubeconfig,
  type KubeObject,
} from '../support/fake-apiserver.js';

/** A sink that records every call, in order. */
class RecordingSink implements KubeSink {
  readonly calls: string[] = [];
  readonly nodes = new Map<string, NodeSpec>();
  readonly pods = new Map<string, BoundPod>();
  upsertNode(node: NodeSpec): void {
    this.calls.push(`node ${node.name}`);
    this.nodes.set(node.name, node);
  }
  deleteNode(name: string): void {
    this.calls.push(`delete node ${name}`);
    this.nodes.delete(name);
  }
  podBound(p: BoundPod): SinkOutcome {
    this.calls.push(`bound ${p.namespace}/${p.name} on ${p.node}`);
    if (!this.nodes.has(p.node)) return refuse('not-found', `node ${p.node} unknown`);
    this.pods.set(p.uid, p);
  }
  podGone(p: { uid: string; namespace: string; name: string }): void {
    this.calls.push(`gone ${p.namespace}/${p.name}`);
    this.pods.delete(p.uid);
  }
}

function pod(
  name: string,
  requests: Record<string, string>,
  opts: { node?: string; phase?: string; annotations?: Record<string, string> } = {},
): KubeObject {
  return {
    metadata: { name, namespace: 'ml', annotations: opts.annotations ?? {} },
    spec: {
      ...(opts.node ? { nodeName: opts.node } : {}),
      containers: [
        { name: 'main', image: 'x', resources: { requests: { cpu: '4', memory: '16Gi', ...requests } } },
      ],
    },
    status: { phase: opts.phase ?? (opts.node ? 'Running' : 'Pending') },
  };
}

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let api: FakeApiServer;
let dir: string;
let kubeconfig: string;
let sync: KubeSync | undefined;

beforeEach(async () => {
  api = await FakeApiServer.start();
  dir = mkdtempSync(join(tmpdir(), 'hf-kube-'));
  kubeconfig = writeKubeconfig(dir, api.url);
});
afterEach(async () => {
  await sync?.stop();
  sync = undefined;
  await api.close();
});

describe('kube-sync', () => {
  it('reconciles the initial lists, then follows node and pod changes through the watch', async () => {
    api.upsertNode(node('npu-1', { 'huawei.com/Ascend910B': '8' }));
    api.upsertNode(node('gpu-1', { 'nvidia.com/gpu': '8' }, { 'nvidia.com/gpu.product': 'NVIDIA-H20' }));
    api.upsertNode(node('cpu-1', {}));
    api.upsertPod(
      pod(
        'train',
        { 'huawei.com/Ascend910B': '2' },
        { node: 'npu-1', annotations: { 'hyperfleet.io/gpu-devices': '0,1' } },
      ),
    );
    api.upsertPod(pod('waiting', { 'nvidia.com/gpu': '1' }));
    api.upsertPod(pod('done', { 'nvidia.com/gpu': '1' }, { node: 'gpu-1', phase: 'Succeeded' }));
    const sink = new RecordingSink();
    const issues: string[] = [];
    sync = await startKubeSync(kubeconfig, sink, { onIssue: (m) => issues.push(m) });
    await sync.synced;

    expect([...sink.nodes.values()]).toEqual([
      { name: 'npu-1', cpuMilli: 96000, memMiB: 393216, gpuCount: 8, gpuModel: 'huawei-ascend-910b' },
      // Its labels come along, for the views' filters.
      {
        name: 'gpu-1',
        cpuMilli: 96000,
        memMiB: 393216,
        gpuCount: 8,
        gpuModel: 'nvidia-h20',
        labels: { 'nvidia.com/gpu.product': 'NVIDIA-H20' },
      },
      { name: 'cpu-1', cpuMilli: 96000, memMiB: 393216, gpuCount: 0, gpuModel: '' },
    ]);
    expect([...sink.pods.values()]).toEqual([
      {
        uid: api.pod('ml', 'train')!.metadata.uid,
        namespace: 'ml',
        name: 'train',
        node: 'npu-1',
        devices: [0, 1],
        spec: {
          name: 'ml/train',
          cpuMilli: 4000,
          memMiB: 16384,
          gpuCount: 2,
          gpuMilli: 1000,
          gpuTypes: ['huawei-ascend-910b'],
        },
        // What decides defrag moves: its QoS class and hyperfleet.io/ annotations (no owner, no local storage).
        traits: { qos: 'Burstable', annotations: { 'hyperfleet.io/gpu-devices': '0,1' } },
      },
    ]);
    expect(issues).toEqual([]);
    expect(sync.counts()).toEqual({ nodes: 3, pods: 1, unreadablePods: 0, waitingForNode: 0 });
    await until('both watches', () => api.openWatches() === 2);

    // a node added, a pod bound by someone else, a pod that finishes, a pod deleted, a node relabelled
    api.upsertNode(
      node('npu-2', { 'huawei.com/Ascend910': '8' }, { 'hyperfleet.io/gpu-model': 'huawei-ascend-910c' }),
    );
    api.bindPod('ml', 'waiting', 'gpu-1');
    await until('the bound pod', () => sink.pods.size === 2);
    const waiting = [...sink.pods.values()].find((p) => p.name === 'waiting')!;
    expect(waiting).toMatchObject({ node: 'gpu-1', spec: { gpuCount: 1, gpuTypes: [] } });
    expect(waiting.devices).toBeUndefined();
    expect(sink.nodes.get('npu-2')).toMatchObject({ gpuCount: 8, gpuModel: 'huawei-ascend-910c' });

    api.setPodPhase('ml', 'waiting', 'Succeeded');
    api.deletePod('ml', 'train');
    await until('both pods gone', () => sink.pods.size === 0);
    api.deletePod('ml', 'waiting'); // already gone: no second podGone
    api.upsertNode(node('gpu-1', { 'nvidia.com/gpu': '7' }, { 'nvidia.com/gpu.product': 'NVIDIA-H20' }));
    await until('the changed node', () => sink.nodes.get('gpu-1')?.gpuCount === 7);
    // the node and pod watches are two streams: order is kept within each, not across them
    const calls = sink.calls.slice(3);
    expect(calls.filter((c) => c.startsWith('node'))).toEqual(['node npu-2', 'node gpu-1']);
    expect(calls.filter((c) => !c.startsWith('node'))).toEqual([
      'bound ml/train on npu-1',
      'bound ml/waiting on gpu-1',
      'gone ml/waiting',
      'gone ml/train',
    ]);
  });

  it('a deleted node takes its pods along; a pod on a node not seen yet waits for it; bad pods are reported', async () => {
    api.upsertNode(node('n1', { 'aliyun.com/ppu': '8' }));
    api.upsertPod(pod('a', { 'aliyun.com/ppu': '1' }, { node: 'n1' }));
    api.upsertPod(pod('mixed', { 'aliyun.com/ppu': '1', 'nvidia.com/gpu': '1' }, { node: 'n1' }));
    const sink = new RecordingSink();
    const issues: string[] = [];
    sync = await startKubeSync(kubeconfig, sink, { onIssue: (m) => issues.push(m) });
    await sync.synced;
    expect(sink.pods.size).toBe(1);
    expect(issues).toEqual([
      'pod ml/mixed on node n1 not counted: spec.containers.0.resources.requests["nvidia.com/gpu"]: devices of two vendors (aliyun.com/ppu: alibaba, nvidia.com/gpu: nvidia); a pod runs on one node, whose devices are all of one model',
    ]);
    await until('both watches', () => api.openWatches() === 2);

    api.deleteNode('n1');
    await until('the node gone', () => sink.nodes.size === 0);
    // the unreadable pod was never counted, so there is nothing to release for it
    expect(sink.calls.slice(-2)).toEqual(['gone ml/a', 'delete node n1']);
    expect(sync.counts()).toMatchObject({ nodes: 0, pods: 0, unreadablePods: 0 });

    // the pod watch may run ahead of the node watch: the pod waits for its node
    api.upsertPod(pod('early', { 'aliyun.com/ppu': '2' }, { node: 'n2' }));
    await until('the pod held', () => sync!.counts().waitingForNode === 1);
    expect(sink.pods.size).toBe(0);
    api.upsertNode(node('n2', { 'aliyun.com/ppu': '8' }));
    await until('the held pod', () => sink.pods.size === 1);
    expect(sink.calls.slice(-2)).toEqual(['node n2', 'bound ml/early on n2']);
  });

  it('hands the initial nodes over in one call when the sink takes a batch', async () => {
    api.upsertNode(node('a', { 'metax-tech.com/gpu': '8' }));
    api.upsertNode(node('b', { 'mthreads.com/gpu': '8' }));
    const sink = new RecordingSink();
    const batches: string[][] = [];
    const batching: KubeSink = {
      ...sink,
      upsertNode: (n) => sink.upsertNode(n),
      deleteNode: (n) => sink.deleteNode(n),
      podBound: (p) => sink.podBound(p),
      podGone: (p) => sink.podGone(p),
      upsertNodes: (nodes) => {
        batches.push(nodes.map((n) => n.gpuModel));
        for (const n of nodes) sink.nodes.set(n.name, n);
      },
    };
    sync = await startKubeSync(kubeconfig, batching);
    await sync.synced;
    expect(batches).toEqual([['metax-c500', 'moore-threads-mtt-s4000']]);
    expect(sink.calls).toEqual([]);
    api.upsertNode(node('c', { 'hygon.com/dcunum': '8' }));
    await until('the watched node', () => sink.nodes.has('c'));
    expect(sink.calls).toEqual(['node c']);
  });

  it('re-watches after the API server ends the watch streams', async () => {
    const sink = new RecordingSink();
    sync = await startKubeSync(kubeconfig, sink);
    await sync.synced;
    await until('both watches', () => api.openWatches() === 2);
    api.dropWatches();
    await until('watches again', () => api.openWatches() === 2);
    api.upsertNode(node('late', { 'kunlunxin.com/xpu': '8' }));
    await until('the late node', () => sink.nodes.has('late'));
    expect(sink.nodes.get('late')?.gpuModel).toBe('kunlunxin-p800');
    const watches = api.requests.filter((r) => r.query.watch === 'true' && r.path === '/api/v1/nodes');
    expect(watches.length).toBe(2);
    expect(Number(watches[1].query.resourceVersion)).toBeGreaterThan(0);
    await sync.stop();
    await until('watches closed', () => api.openWatches() === 0);
  });

  it('stops with a clear message when the initial list fails; bad kubeconfigs are input errors', async () => {
    api.failNext(
      'GET',
      /^\/api\/v1\/nodes$/,
      403,
      'Forbidden',
      'nodes is forbidden: User "system:anonymous" cannot list resource "nodes"',
    );
    sync = await startKubeSync(kubeconfig, new RecordingSink());
    await expect(sync.synced).rejects.toThrow(
      'list nodes: the API server answered 403: nodes is forbidden: User "system:anonymous" cannot list resource "nodes" (hyperfleet needs RBAC: nodes get/list/watch; pods get/list/watch/patch; pods/binding create)',
    );
    const wrongToken = writeKubeconfig(mkdtempSync(join(tmpdir(), 'hf-kube-')), api.url, 'wrong');
    const refused = await startKubeSync(wrongToken, new RecordingSink());
    await expect(refused.synced).rejects.toThrow(
      /list nodes: the API server answered 401.*credentials were refused/,
    );
    const closed = writeKubeconfig(mkdtempSync(join(tmpdir(), 'hf-kube-')), 'http://127.0.0.1:9');
    const unreachable = await startKubeSync(closed, new RecordingSink());
    await expect(unreachable.synced).rejects.toThrow(
      /list nodes: cannot reach the API server at http:\/\/127.0.0.1:9: .*ECONNREFUSED/,
    );

    expect(() => loadKubeConfig(join(dir, 'missing.yaml'))).toThrow(InputError);
    expect(() => loadKubeConfig(join(dir, 'missing.yaml'))).toThrow(
      /missing.yaml: file not found \(expected a kubeconfig\)/,
    );
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    expect(() => loadKubeConfig(bad)).toThrow(/bad.yaml: current-context: no current context/);
  });
});

describe('KubeBinder', () => {
  it('reads the pod, annotates it with its devices (merge patch, UID and resourceVersion), then binds', async () => {
    const p = api.upsertPod(pod('infer', { 'nvidia.com/gpu': '2' }));
    const binder = new KubeBinder(loadKubeConfig(kubeconfig));
    const before = api.requests.length;
    await binder.bind({
      namespace: 'ml',
      name: 'infer',
      uid: p.metadata.uid!,
      node: 'gpu-1',
      devices: [3, 5],
      milliPerDevice: 1000,
    });
    const sent = api.requests
      .slice(before)
      .filter((r) => r.path.startsWith('/api/v1/namespaces/ml/pods/infer'));
    expect(sent).toEqual([
      {
        method: 'GET',
        path: '/api/v1/namespaces/ml/pods/infer',
        query: {},
        contentType: undefined,
        body: undefined,
      },
      {
        method: 'PATCH',
        path: '/api/v1/namespaces/ml/pods/infer',
        query: {},
        contentType: 'application/merge-patch+json',
        body: {
          metadata: {
            uid: p.metadata.uid,
            resourceVersion: p.metadata.resourceVersion,
            annotations: { 'hyperfleet.io/gpu-devices': '3,5', 'hyperfleet.io/gpu-milli-per-device': '1000' },
          },
        },
      },
      {
        method: 'POST',
        path: '/api/v1/namespaces/ml/pods/infer/binding',
        query: {},
        contentType: 'application/json',
        body: {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name: 'infer', namespace: 'ml', uid: p.metadata.uid },
          target: { apiVersion: 'v1', kind: 'Node', name: 'gpu-1' },
        },
      },
    ]);
    expect(api.pod('ml', 'infer')).toMatchObject({
      metadata: {
        annotations: { 'hyperfleet.io/gpu-devices': '3,5', 'hyperfleet.io/gpu-milli-per-device': '1000' },
      },
      spec: { nodeName: 'gpu-1' },
    });

    // a CPU-only pod is bound without the patch
    const cpu = api.upsertPod(pod('cpu', {}));
    await binder.bind({
      namespace: 'ml',
      name: 'cpu',
      uid: cpu.metadata.uid!,
      node: 'cpu-1',
      devices: [],
      milliPerDevice: 0,
    });
    expect(api.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v1/namespaces/ml/pods/cpu/binding',
    });
  });

  it('turns API errors into clear messages', async () => {
    const binder = new KubeBinder(loadKubeConfig(kubeconfig));
    const p = api.upsertPod(pod('p', { 'nvidia.com/gpu': '1' }));
    const req = {
      namespace: 'ml',
      name: 'p',
      uid: p.metadata.uid!,
      node: 'gpu-1',
      devices: [0],
      milliPerDevice: 500,
    };
    await binder.bind(req);
    // bound already, as read before the patch: refused with the pod as read, and nothing written to it
    const bound = api.pod('ml', 'p');
    const again = binder.bind({ ...req, node: 'gpu-2', devices: [1] });
    await expect(again).rejects.toBeInstanceOf(PodAlreadyAssigned);
    await expect(again).rejects.toThrow(
      'bind pod ml/p to node gpu-2: the API server shows it already assigned to node "gpu-1"; its annotations were left as they are',
    );
    await expect(again).rejects.toMatchObject({ status: 409, node: 'gpu-1', pod: bound });
    expect(api.pod('ml', 'p')).toEqual(bound);
    // bound to another node by another client between the patch and the Binding: the Binding is refused, and the
    // annotations just written (devices of gpu-1) are put back as they were — here: none
    const s = api.upsertPod(pod('s', { 'nvidia.com/gpu': '1' }));
    api.beforeNext('POST', /\/pods\/s\/binding$/, () => api.bindPod('ml', 's', 'gpu-3'));
    const late: unknown = await binder
      .bind({ ...req, name: 's', uid: s.metadata.uid! })
      .catch((e: unknown) => e);
    expect(late).toMatchObject({
      name: 'PodAlreadyAssigned',
      node: 'gpu-3',
      message:
        'bind pod ml/s to node gpu-1: the API server answered 409: Operation cannot be fulfilled on pods/binding "s": pod s is already assigned to node "gpu-3"; the device annotations this bind wrote were put back as they were',
    });
    // reported with the pod as it is after the annotations were put back
    expect((late as PodAlreadyAssigned).pod).toMatchObject({
      metadata: { resourceVersion: api.pod('ml', 's')?.metadata.resourceVersion },
    });
    expect(api.pod('ml', 's')?.metadata.annotations ?? {}).toEqual({});
    expect(api.pod('ml', 's')?.spec?.nodeName).toBe('gpu-3');
    // an annotation the pod had before is restored, one the other client wrote since is left alone
    const t = api.upsertPod(
      pod('t', { 'nvidia.com/gpu': '1' }, { annotations: { 'hyperfleet.io/gpu-devices': '7', note: 'x' } }),
    );
    api.beforeNext('POST', /\/pods\/t\/binding$/, () => api.bindPod('ml', 't', 'gpu-3'));
    await expect(binder.bind({ ...req, name: 't', uid: t.metadata.uid! })).rejects.toMatchObject({
      node: 'gpu-3',
    });
    expect(api.pod('ml', 't')?.metadata.annotations).toEqual({ 'hyperfleet.io/gpu-devices': '7', note: 'x' });
    const u = api.upsertPod(pod('u', { 'nvidia.com/gpu': '1' }));
    api.beforeNext('POST', /\/pods\/u\/binding$/, () => {
      const bound = api.bindPod('ml', 'u', 'gpu-3');
      api.upsertPod({
        ...bound,
        metadata: { ...bound.metadata, annotations: { 'hyperfleet.io/gpu-devices': '5' } },
      });
    });
    await expect(binder.bind({ ...req, name: 'u', uid: u.metadata.uid! })).rejects.toMatchObject({
      node: 'gpu-3',
      message:
        'bind pod ml/u to node gpu-1: the API server answered 409: Operation cannot be fulfilled on pods/binding "u": pod u is already assigned to node "gpu-3"',
    });
    expect(api.pod('ml', 'u')?.metadata.annotations).toEqual({ 'hyperfleet.io/gpu-devices': '5' });
    // the pod changed again before the annotations were put back: read again and put back on the next attempt;
    // changed before every attempt (three): they stay, and the refusal says so
    const relabel = (name: string, times: number) => {
      api.beforeNext('PATCH', new RegExp(`/pods/${name}$`), () => {
        const now = api.pod('ml', name)!;
        api.upsertPod({ ...now, metadata: { ...now.metadata, labels: { l: String(times) } } });
        if (times > 1) relabel(name, times - 1);
      });
    };
    for (const [name, changes] of [
      ['v', 1],
      ['w', 3],
    ] as const) {
      const x = api.upsertPod(pod(name, { 'nvidia.com/gpu': '1' }));
      api.beforeNext('POST', new RegExp(`/pods/${name}/binding$`), () => {
        api.bindPod('ml', name, 'gpu-3');
        relabel(name, changes);
      });
      const from = api.requests.length;
      const refusal: unknown = await binder
        .bind({ ...req, name, uid: x.metadata.uid! })
        .catch((e: unknown) => e);
      const patches = api.requests.slice(from).filter((r) => r.method === 'PATCH').length;
      if (changes === 1) {
        expect(refusal).toMatchObject({
          node: 'gpu-3',
          message: expect.stringMatching(/were put back as they were$/),
        });
        expect(api.pod('ml', name)?.metadata.annotations ?? {}).toEqual({});
        expect(patches).toBe(3); // ours, refused, put back
      } else {
        expect(refusal).toMatchObject({
          node: 'gpu-3',
          message: expect.stringMatching(
            /already assigned to node "gpu-3"; the device annotations this bind wrote, naming devices of node gpu-1, stay \(put them back: the API server answered 409: .*modified/,
          ),
        });
        expect(api.pod('ml', name)?.metadata.annotations).toMatchObject({ 'hyperfleet.io/gpu-devices': '0' });
        expect(patches).toBe(4); // ours, and three refused
      }
    }
    // changed between the read and the patch, and not bound: the patch is refused, the pod is left as it is
    const r = api.upsertPod(pod('r', { 'nvidia.com/gpu': '1' }));
    api.beforeNext('PATCH', /\/pods\/r$/, () =>
      api.upsertPod({ ...r, metadata: { ...r.metadata, labels: { l: 'x' } } }),
    );
    await expect(binder.bind({ ...req, name: 'r', uid: r.metadata.uid! })).rejects.toThrow(
      'annotate pod ml/r with its devices (before binding to gpu-1): the API server answered 409: Operation cannot be fulfilled on pods "r": the object has been modified; please apply your changes to the latest version and try again (the pod changed after it was read and is not bound: nothing was written, and kube-scheduler retries it)',
    );
    expect(api.pod('ml', 'r')?.metadata.annotations ?? {}).toEqual({});
    expect(api.pod('ml', 'r')?.spec?.nodeName).toBeUndefined();
    // the pod was deleted: 404 on the patch
    await expect(binder.bind({ ...req, name: 'gone' })).rejects.toThrow(
      'annotate pod ml/gone with its devices (before binding to gpu-1): the API server answered 404: pods "gone" not found',
    );
    // recreated under the same name: the UID precondition refuses
    const q = api.upsertPod(pod('q', { 'nvidia.com/gpu': '1' }));
    await expect(binder.bind({ ...req, name: 'q', uid: 'stale-uid' })).rejects.toThrow(
      `annotate pod ml/q with its devices (before binding to gpu-1): the API server's pod of that name has UID ${q.metadata.uid}, not stale-uid (deleted and recreated under the same name); nothing was written`,
    );
    expect(api.pod('ml', 'q')).toEqual(q);
    try {
      await binder.bind({ ...req, name: 'gone' });
    } catch (e) {
      expect((e as KubeApiError).status).toBe(404);
    }
  });
});
