/**
 * `hyperfleet serve --device-protocol hami` end to end: nodes registered through HAMi's annotations (NVIDIA and
 * Ascend, one unhealthy device, HAMi's `nvidia.com/gpu` = devices × split on the node), HAMi-shaped pods placed
 * through the extender's filter and bind, and the annotations HAMi's device plugins read checked field by field
 * on the pods the stand-in API server holds — and no device ever given more memory, compute or pods than it has.
 * The API server is test/support/fake-apiserver (no kube-apiserver or HAMi device plugin can run here).
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { FakeApiServer, writeKubeconfig, type KubeObject } from '../support/fake-apiserver.js';
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

interface Device {
  uuid: string;
  split: number;
  memMiB: number;
  type: string;
  healthy: boolean;
}

const A100 = 'NVIDIA-NVIDIA A100-SXM4-80GB';
const DEVICES: Record<string, { annotation: string; type: string; devices: Device[] }> = {
  'gpu-1': {
    annotation: 'hami.io/node-nvidia-register',
    type: 'NVIDIA',
    devices: [0, 1].map((i) => ({ uuid: `GPU-1${i}`, split: 4, memMiB: 81920, type: A100, healthy: true })),
  },
  'gpu-2': {
    annotation: 'hami.io/node-nvidia-register',
    type: 'NVIDIA',
    devices: [0, 1].map((i) => ({
      uuid: `GPU-2${i}`,
      split: 4,
      memMiB: 81920,
      type: A100,
      healthy: i === 1,
    })),
  },
  'npu-1': {
    annotation: 'hami.io/node-register-Ascend910B',
    type: 'Ascend910B',
    devices: [0, 1].map((i) => ({
      uuid: `NPU-${i}`,
      split: 2,
      memMiB: 65536,
      type: 'Ascend910B',
      healthy: true,
    })),
  },
};
const NODES = Object.keys(DEVICES);

/** A node as HAMi's device plugin leaves it: the text-form registration, and the split devices as the resource. */
function hamiNode(name: string): KubeObject {
  const { annotation, devices } = DEVICES[name];
  const register = devices
    .map((d) => `${d.uuid},${d.split},${d.memMiB},100,${d.type},0,${d.healthy}:`)
    .join('');
  const resource = annotation.includes('nvidia') ? 'nvidia.com/gpu' : 'huawei.com/Ascend910B';
  const allocatable = { cpu: '64', memory: '256Gi', pods: '110', [resource]: String(2 * devices[0].split) };
  return {
    metadata: { name, annotations: { [annotation]: register, 'hami.io/node-handshake': 'Reported now' } },
    status: { allocatable, capacity: allocatable },
  };
}

interface Ask {
  count: number;
  memMiB?: number;
  memPercent?: number;
  cores?: number;
}

/** A pod asking through HAMi's resources (NVIDIA or Ascend), one device container and one sidecar. */
function hamiPod(name: string, vendor: 'nvidia' | 'ascend', ask: Ask): KubeObject {
  const limits: Record<string, string> =
    vendor === 'nvidia'
      ? {
          'nvidia.com/gpu': String(ask.count),
          ...(ask.memMiB ? { 'nvidia.com/gpumem': String(ask.memMiB) } : {}),
          ...(ask.memPercent ? { 'nvidia.com/gpumem-percentage': String(ask.memPercent) } : {}),
          ...(ask.cores ? { 'nvidia.com/gpucores': String(ask.cores) } : {}),
        }
      : {
          'huawei.com/Ascend910B': String(ask.count),
          ...(ask.memMiB ? { 'huawei.com/Ascend910B-memory': String(ask.memMiB) } : {}),
        };
  return {
    metadata: { name, namespace: 'ml', annotations: {} },
    spec: {
      containers: [
        { name: 'main', resources: { requests: { cpu: '1', memory: '2Gi' }, limits } },
        { name: 'sidecar', resources: { requests: { cpu: '100m' } } },
      ],
    },
    status: { phase: 'Pending' },
  };
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}

/** One device item of HAMi's encoding, split into its fields. */
interface Item {
  uuid: string;
  type: string;
  mem: number;
  cores: number;
}

function decode(text: string): Item[][] {
  expect(text.endsWith(';')).toBe(true);
  return text
    .slice(0, -1)
    .split(';')
    .map((container) =>
      container === ''
        ? []
        : container
            .split(':')
            .filter((s) => s !== '')
            .map((item) => {
              const fields = item.split(',');
              expect(fields).toHaveLength(4);
              const [uuid, type, mem, cores] = fields;
              expect(mem).toMatch(/^\d+$/);
              expect(cores).toMatch(/^\d+$/);
              return { uuid, type, mem: Number(mem), cores: Number(cores) };
            }),
    );
}

describe('serve --device-protocol hami', () => {
  it('places HAMi pods on HAMi-registered devices and writes the annotations HAMi plugins read', async () => {
    for (const n of NODES) api.upsertNode(hamiNode(n));
    const dir = tempDir('hyperfleet-hami-');
    serve = await startServe([
      '--kubeconfig',
      writeKubeconfig(dir, api.url),
      '--confirm',
      'bind',
      '--device-protocol',
      'hami',
      '--policy',
      'bestfit',
      '--db',
      join(dir, 'state.db'),
    ]);
    expect(serve.output()).not.toMatch(/HAMi mode writes/);
    const base = serve.address;
    const nodes = (await (await fetch(`${base}/v1/nodes`)).json()) as {
      nodes: { name: string; model: string; gpuCount: number }[];
    };
    // Devices from the registrations (the unhealthy one left out), not from nvidia.com/gpu = 8.
    expect(nodes.nodes.map((n) => [n.name, n.model, n.gpuCount])).toEqual([
      ['gpu-1', 'nvidia-a100', 2],
      ['gpu-2', 'nvidia-a100', 1],
      ['npu-1', 'huawei-ascend-910b', 2],
    ]);

    const asks: [vendor: 'nvidia' | 'ascend', Ask][] = [
      ['nvidia', { count: 1, memMiB: 20480, cores: 30 }],
      ['ascend', { count: 2, memMiB: 16384 }],
      ['nvidia', { count: 2, memPercent: 25 }],
      ['nvidia', { count: 1, cores: 60, memMiB: 8192 }],
      ['ascend', { count: 1 }],
      ['nvidia', { count: 1 }],
      ['nvidia', { count: 1, memMiB: 40960 }],
      ['ascend', { count: 1, memMiB: 32768 }],
      ['nvidia', { count: 1, memMiB: 10240, cores: 10 }],
      ['nvidia', { count: 1, memMiB: 1024 }],
      ['nvidia', { count: 1, memMiB: 1024 }],
      ['nvidia', { count: 1, memMiB: 1024 }],
    ];
    const placed: { name: string; node: string; ask: Ask; items: Item[] }[] = [];
    let refused = 0;
    const startSec = Math.floor(Date.now() / 1000);
    for (const [i, [vendor, ask]] of asks.entries()) {
      const name = `p${i}`;
      const created = api.upsertPod(hamiPod(name, vendor, ask));
      const filter = await post<{ NodeNames: string[]; Error: string }>(`${base}/extender/filter`, {
        Pod: created,
        NodeNames: NODES,
      });
      expect(filter.Error).toBe('');
      if (filter.NodeNames.length === 0) {
        refused++;
        continue;
      }
      const [node] = filter.NodeNames;
      expect(node.startsWith(vendor === 'nvidia' ? 'gpu-' : 'npu-')).toBe(true);
      const bind = await post<{ Error: string }>(`${base}/extender/bind`, {
        PodName: name,
        PodNamespace: 'ml',
        PodUID: created.metadata.uid,
        Node: node,
      });
      expect(bind.Error).toBe('');
      const a = api.pod('ml', name)!.metadata.annotations!;
      const { annotation, type, devices } = DEVICES[node];
      const prefix = annotation.includes('nvidia') ? 'hami.io/vgpu' : 'hami.io/Ascend910B';
      // Field by field: the two device lists agree, one list per container, the sidecar's empty.
      expect(a[`${prefix}-devices-allocated`]).toBe(a[`${prefix}-devices-to-allocate`]);
      const containers = decode(a[`${prefix}-devices-to-allocate`]);
      expect(containers).toHaveLength(2);
      expect(containers[1]).toEqual([]);
      const items = containers[0];
      expect(items).toHaveLength(ask.count);
      expect(new Set(items.map((d) => d.uuid)).size).toBe(ask.count);
      for (const item of items) {
        const device = devices.find((d) => d.uuid === item.uuid);
        expect(device?.healthy).toBe(true);
        expect(item.type).toBe(type);
        const mem = ask.memMiB ?? ((ask.memPercent ?? 100) * device!.memMiB) / 100;
        expect(item.mem).toBe(mem);
        expect(item.cores).toBe(ask.cores ?? 0);
      }
      expect(a['hami.io/vgpu-node']).toBe(node);
      expect(a['hami.io/bind-phase']).toBe('allocating');
      for (const t of ['hami.io/bind-time', 'hami.io/vgpu-time']) {
        expect(Number(a[t])).toBeGreaterThanOrEqual(startSec);
        expect(Number(a[t])).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
      }
      expect(api.pod('ml', name)!.spec?.nodeName).toBe(node);
      placed.push({ name, node, ask, items });
    }

    // Devices never above capacity: memory, compute and split count, summed over what was written.
    const use = new Map<string, { mem: number; cores: number; pods: number }>();
    for (const p of placed) {
      for (const item of p.items) {
        const u = use.get(item.uuid) ?? { mem: 0, cores: 0, pods: 0 };
        use.set(item.uuid, { mem: u.mem + item.mem, cores: u.cores + item.cores, pods: u.pods + 1 });
      }
    }
    for (const { devices } of Object.values(DEVICES)) {
      for (const d of devices) {
        const u = use.get(d.uuid);
        if (!u) continue;
        expect(u.mem).toBeLessThanOrEqual(d.memMiB);
        expect(u.cores).toBeLessThanOrEqual(100);
        expect(u.pods).toBeLessThanOrEqual(d.split);
      }
    }
    expect(use.has('GPU-20')).toBe(false);
    // Both vendors placed, and the fleet filled up before the list ended.
    expect(new Set(placed.map((p) => p.node.slice(0, 3)))).toEqual(new Set(['gpu', 'npu']));
    expect(refused).toBeGreaterThan(0);
    expect(placed.length + refused).toBe(asks.length);
  });

  it('warns at start when no bind through the API server can write the annotations', async () => {
    serve = await startServe(['--device-protocol', 'hami', '--policy', 'bestfit', '--db', ':memory:']);
    expect(serve.output()).toMatch(/HAMi mode writes the annotations .*--kubeconfig and --confirm bind/);
  });

  it('refuses an unknown device protocol with the choices', async () => {
    await expect(
      startServe(['--device-protocol', 'volcano', '--policy', 'bestfit', '--db', ':memory:']),
    ).rejects.toThrow(/serve exited 2:[\s\S]*--device-protocol.*hyperfleet or hami.*volcano/);
  });
});
