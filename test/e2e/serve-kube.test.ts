/**
 * `hyperfleet serve --kubeconfig` end to end: the service takes its nodes and running pods from the API server,
 * places a new pod through the extender and creates its Binding there (devices annotated first), forgets a pod the
 * API server refuses to bind, and frees the devices of a pod deleted in the cluster. The API server is the
 * stand-in of test/support/fake-apiserver (no kube-apiserver can run on the test machines); the service is the
 * real CLI process.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import {
  FakeApiServer,
  kubeNode as node,
  writeKubeconfig,
  type KubeObject,
} from '../support/fake-apiserver.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

let api: FakeApiServer;
let serve: ServeProcess | undefined;

beforeEach(async () => {
  api = await FakeApiServer.start();
});
afterEach(async () => {
  if (serve && serve.child.exitCode === null) await serve.stop('SIGTERM');
  serve = undefined;
  await api.close();
});

function pod(
  name: string,
  requests: Record<string, string>,
  nodeName?: string,
  annotations = {},
): KubeObject {
  return {
    metadata: { name, namespace: 'ml', annotations },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      containers: [{ name: 'main', resources: { requests: { cpu: '4', memory: '16Gi', ...requests } } }],
    },
    status: { phase: nodeName ? 'Running' : 'Pending' },
  };
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...init?.headers },
  });
  return (await res.json()) as T;
}

async function until(what: string, check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Placement {
  name: string;
  node: string;
  devices: number[];
}

describe('serve --kubeconfig', () => {
  it('follows the cluster, binds through the API server, and releases deleted pods', async () => {
    api.upsertNode(node('gpu-1', { 'nvidia.com/gpu': '8' }, { 'nvidia.com/gpu.product': 'NVIDIA-H20' }));
    api.upsertNode(node('npu-1', { 'huawei.com/Ascend910B': '8' }));
    api.upsertPod(pod('old', { 'nvidia.com/gpu': '2' }, 'gpu-1', { 'hyperfleet.io/gpu-devices': '3,4' }));
    const dir = tempDir('hyperfleet-kube-serve-');
    serve = await startServe([
      '--kubeconfig',
      writeKubeconfig(dir, api.url),
      '--policy',
      'bestfit',
      '--db',
      join(dir, 'state.db'),
    ]);
    expect(serve.output()).toMatch(/in step with .*: 2 nodes, 1 pods; 0 ended pods released/);
    const base = serve.address;

    const { nodes } = await json<{ nodes: { name: string; model: string }[] }>(`${base}/v1/nodes`);
    expect(nodes.map((n) => [n.name, n.model])).toEqual([
      ['gpu-1', 'nvidia-h20'],
      ['npu-1', 'huawei-ascend-910b'],
    ]);
    const before = await json<{ placements: Placement[] }>(`${base}/v1/placements`);
    expect(before.placements).toMatchObject([{ name: 'old', node: 'gpu-1', devices: [3, 4] }]);

    // A new pod asking for Ascend NPUs: filter picks npu-1, bind annotates the pod and creates the Binding.
    const created = api.upsertPod(pod('train', { 'huawei.com/Ascend910B': '2' }));
    const uid = created.metadata.uid!;
    const filter = await json<{ NodeNames: string[] }>(`${base}/extender/filter`, {
      method: 'POST',
      body: JSON.stringify({ Pod: created, NodeNames: ['gpu-1', 'npu-1'] }),
    });
    expect(filter.NodeNames).toEqual(['npu-1']);
    const bind = await json<{ Error: string }>(`${base}/extender/bind`, {
      method: 'POST',
      body: JSON.stringify({ PodName: 'train', PodNamespace: 'ml', PodUID: uid, Node: 'npu-1' }),
    });
    expect(bind.Error).toBe('');
    const bound = api.pod('ml', 'train')!;
    expect(bound.metadata.annotations).toMatchObject({
      'hyperfleet.io/gpu-devices': '0,1',
      'hyperfleet.io/gpu-milli-per-device': '1000',
    });
    expect(bound.spec?.nodeName).toBe('npu-1');
    expect(
      api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/pods/train/binding')),
    ).toHaveLength(1);

    // The API server refuses the next Binding: the extender reports it and does not count the pod.
    const other = api.upsertPod(pod('refused', { 'huawei.com/Ascend910B': '1' }));
    api.failNext('POST', /\/pods\/refused\/binding$/, 409, 'Conflict', 'pod refused is already assigned');
    await json(`${base}/extender/filter`, {
      method: 'POST',
      body: JSON.stringify({ Pod: other, NodeNames: ['npu-1'] }),
    });
    const refused = await json<{ Error: string }>(`${base}/extender/bind`, {
      method: 'POST',
      body: JSON.stringify({
        PodName: 'refused',
        PodNamespace: 'ml',
        PodUID: other.metadata.uid,
        Node: 'npu-1',
      }),
    });
    expect(refused.Error).toMatch(/the API server answered 409/);
    const names = async (): Promise<string[]> =>
      (await json<{ placements: Placement[] }>(`${base}/v1/placements`)).placements.map((p) => p.name);
    expect(await names()).toEqual(['old', 'train']);

    // Deleted in the cluster: the watch frees its devices.
    api.deletePod('ml', 'old');
    await until('old released', async () => !(await names()).includes('old'));
    const gpu = (await json<{ gpuMilliLeft: number[] }>(`${base}/v1/nodes/gpu-1`)).gpuMilliLeft;
    expect(gpu.every((m) => m === 1000)).toBe(true);
  });

  it('refuses to start when the API server cannot be listed, with its answer', async () => {
    api.failNext('GET', /\/api\/v1\/nodes$/, 403, 'Forbidden', 'nodes is forbidden');
    const dir = tempDir('hyperfleet-kube-serve-');
    await expect(
      startServe(['--kubeconfig', writeKubeconfig(dir, api.url), '--policy', 'bestfit', '--db', ':memory:']),
    ).rejects.toThrow(/serve exited 2:[\s\S]*✖ --kubeconfig: .*403/);
  });
});
