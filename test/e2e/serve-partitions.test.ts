/**
 * MIG partitions end to end (issue 15 item 4): `hyperfleet serve --kubeconfig` reads a MIG node (mixed strategy,
 * GPU feature discovery labels) and a running MIG pod from the API server, places a new MIG pod through the
 * extender and annotates it with its device and profile before binding, and after a restart on the same database
 * still counts both pods on the same devices with their profiles. The API server is the stand-in of
 * test/support/fake-apiserver; the service is the real CLI process.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { FakeApiServer, kubeNode, writeKubeconfig, type KubeObject } from '../support/fake-apiserver.js';
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

function migPod(name: string, profile: string, nodeName?: string, annotations = {}): KubeObject {
  return {
    metadata: { name, namespace: 'ml', annotations },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      containers: [
        { name: 'main', resources: { requests: { cpu: '1', [`nvidia.com/mig-${profile}`]: '1' } } },
      ],
    },
    status: { phase: nodeName ? 'Running' : 'Pending' },
  };
}

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

async function placements(base: string): Promise<unknown[]> {
  const res = await fetch(`${base}/v1/placements`);
  const body = (await res.json()) as { placements: Record<string, unknown>[] };
  return body.placements.map((p) => [p.name, p.node, p.devices, p.profile, p.milliPerDevice]);
}

it('places, annotates, binds and restores MIG pods with their profiles', async () => {
  api.upsertNode(
    kubeNode(
      'a100-1',
      { 'nvidia.com/gpu': '0', 'nvidia.com/mig-3g.40gb': '4' },
      { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB', 'nvidia.com/gpu.count': '2' },
    ),
  );
  api.upsertPod(migPod('old', '3g.40gb', 'a100-1', { 'hyperfleet.io/gpu-devices': '1' }));
  const dir = tempDir('hyperfleet-mig-serve-');
  const args = [
    '--kubeconfig',
    writeKubeconfig(dir, api.url),
    '--policy',
    'bestfit',
    '--db',
    join(dir, 'state.db'),
  ];
  serve = await startServe(args);
  const base = serve.address;
  const nodes = (await (await fetch(`${base}/v1/nodes`)).json()) as { nodes: Record<string, unknown>[] };
  expect(nodes.nodes.map((n) => [n.name, n.gpuCount, n.model])).toEqual([['a100-1', 2, 'nvidia-a100']]);

  const created = api.upsertPod(migPod('infer', '3g.40gb'));
  const filter = await post(`${base}/extender/filter`, { Pod: created, NodeNames: ['a100-1'] });
  expect(filter.NodeNames).toEqual(['a100-1']);
  const uid = created.metadata.uid!;
  const bind = await post(`${base}/extender/bind`, {
    PodName: 'infer',
    PodNamespace: 'ml',
    PodUID: uid,
    Node: 'a100-1',
  });
  expect(bind.Error).toBe('');
  // BestFit puts the second 3g instance beside the first, on GPU 1
  expect(api.pod('ml', 'infer')!.metadata.annotations).toMatchObject({
    'hyperfleet.io/gpu-devices': '1',
    'hyperfleet.io/gpu-milli-per-device': '429',
    'hyperfleet.io/gpu-profile': '3g.40gb',
  });
  const expected = [
    ['old', 'a100-1', [1], '3g.40gb', 429],
    ['infer', 'a100-1', [1], '3g.40gb', 429],
  ];
  expect(await placements(base)).toEqual(expected);

  await serve.stop('SIGTERM');
  serve = await startServe(args);
  expect(await placements(serve.address)).toEqual(expected);
  const gpu = (await (await fetch(`${serve.address}/v1/nodes/a100-1`)).json()) as { gpuMilliLeft: number[] };
  expect(gpu.gpuMilliLeft).toEqual([1000, 142]);
});
