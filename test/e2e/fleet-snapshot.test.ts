/**
 * Issue 15 item 5 end to end: a live state built through the extender (the openb nodes, a few hundred filter → bind
 * cycles and some departures), snapshotted by `GET /v1/snapshot` and by the CLI (`hyperfleet fleet snapshot
 * --server`, real HTTP on 127.0.0.1), then replayed by `hyperfleet run --initial`: the run starts from exactly the
 * GPU allocation and the per-device occupancy the live fleet reports. The `--kubeconfig` path reads the stand-in
 * API server of serve-kube.test.ts. Bad input: no server there, a 401, a malformed kubeconfig, an unreadable pod
 * (reported by name), a wrong combination of options.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicy } from '../../src/policies/registry.js';
import { typicalPods } from '../../src/policies/typical-pods.js';
import { buildApp } from '../../src/server/app.js';
import { loadOpenbTrace, OPENB_NODE_FILE, openbPodFile } from '../../src/traces/openb-trace.js';
import { expectRefusal, runCli, runCliAsync, tempDir } from '../support/cli.js';
import { filterAndBind, injectJson } from '../support/extender-inject.js';
import { FakeApiServer, kubeNode, writeKubeconfig, type KubeObject } from '../support/fake-apiserver.js';
import { wirePod } from '../support/kube-scheduler-client.js';
import { announceSkip, sharedOpenbDir } from '../support/shared.js';

const dir = announceSkip(sharedOpenbDir(), 'live snapshot replay test');
/** Pods sent through filter → bind, and every how many of them one placed pod leaves again. */
const PODS = 300;
const LEAVE_EVERY = 7;

interface NodeView {
  name: string;
  gpuCount: number;
  gpuMilliLeft: number[];
}

describe.skipIf(!dir)('a live fleet snapshotted and replayed', () => {
  let app: FastifyInstance;
  let url: string;
  let live: { gpuAllocationPercent: number; placements: unknown[]; nodes: NodeView[] };

  beforeAll(async () => {
    const trace = await loadOpenbTrace(join(dir!, OPENB_NODE_FILE), join(dir!, openbPodFile('default')));
    const typical = typicalPods(trace.pods);
    app = buildApp({ nodes: trace.nodes, policy: createPolicy('fgd', { typical }), typical });
    const names = trace.nodes.map((n) => n.name);
    let placed = 0;
    for (const [i, spec] of trace.pods.slice(0, PODS).entries()) {
      const pod = wirePod(spec, `uid-${i}`, i % 2 === 0 ? 'ml' : 'default');
      if ((await filterAndBind(app, pod, names)) === undefined) continue;
      placed++;
      // Some pods leave, so the replayed fleet has holes where the live one has them.
      if (placed % LEAVE_EVERY === 0) {
        const res = await app.inject({
          method: 'DELETE',
          url: `/v1/placements/${pod.metadata.namespace}/${spec.name}`,
        });
        expect(res.statusCode).toBe(200);
      }
    }
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    const placements = (await injectJson(app, 'GET', '/v1/placements')).body;
    live = { ...placements, nodes: (await injectJson(app, 'GET', '/v1/nodes')).body.nodes };
    expect(live.placements.length).toBeGreaterThan(PODS / 2);
    expect(live.gpuAllocationPercent).toBeGreaterThan(0);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('GET /v1/snapshot: the fleet keeps every node with its name and devices, and every placement', async () => {
    const { status, body } = await injectJson(app, 'GET', '/v1/snapshot');
    expect(status).toBe(200);
    expect(body.placements).toEqual(live.placements);
    expect(body.gpuAllocationPercent).toBeCloseTo(live.gpuAllocationPercent, 9);
    expect(body.reservations).toBe(0);
    const pools = body.fleet.pools as { nodeNames: string[]; devicesPerNode: number }[];
    const devicesByName = new Map(pools.flatMap((p) => p.nodeNames.map((n) => [n, p.devicesPerNode])));
    const gpuNodes = live.nodes.filter((n) => n.gpuCount > 0);
    expect(devicesByName.size).toBe(gpuNodes.length);
    for (const n of gpuNodes) expect(devicesByName.get(n.name), n.name).toBe(n.gpuCount);
    expect(body.skipped.nodes).toEqual(live.nodes.filter((n) => n.gpuCount === 0).map((n) => n.name));
  });

  it('the CLI writes the files, and run --initial starts from the live allocation, device by device', async () => {
    const out = tempDir('hyperfleet-snapshot-');
    const snap = await runCliAsync(['fleet', 'snapshot', '--server', url, '--out', out, '--json']);
    expect(snap.stderr).toBe('');
    expect(snap.status).toBe(0);
    const summary = JSON.parse(snap.stdout);
    expect(summary.pods).toBe(live.placements.length);
    expect(summary.gpuAllocationPercent).toBeCloseTo(live.gpuAllocationPercent, 9);
    expect(JSON.parse(readFileSync(summary.files.placements, 'utf8')).placements).toEqual(live.placements);

    const run = runCli([
      'run',
      '--fleet',
      summary.files.fleet,
      '--initial',
      summary.files.placements,
      '--workload',
      summary.files.workload,
      '--policy',
      'bestfit',
      '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.initial.pods).toBe(live.placements.length);
    expect(result.initial.gpuAllocationPercent).toBeCloseTo(live.gpuAllocationPercent, 9);
    const liveUsed = Object.fromEntries(
      live.nodes
        .map((n) => [n.name, n.gpuMilliLeft.map((left) => 1000 - left)] as const)
        .filter(([, used]) => used.some((u) => u > 0)),
    );
    expect(result.initial.deviceMilliUsed).toEqual(liveUsed);
    // The workload (the same pods, re-decided) continues after them.
    expect(result.pods).toBe(live.placements.length);

    // The same files feed the defrag planner.
    const defrag = runCli([
      'defrag',
      '--nodes',
      summary.files.fleet,
      '--placements',
      summary.files.placements,
      '--pod',
      'gpu=1',
      '--json',
    ]);
    expect(defrag.status, defrag.stderr).toBe(0);
    expect(JSON.parse(defrag.stdout).feasible).toBe(true);
  });
});

describe('hyperfleet fleet snapshot --kubeconfig', () => {
  let api: FakeApiServer;
  beforeAll(async () => {
    api = await FakeApiServer.start();
  });
  afterAll(async () => {
    await api.close();
  });

  const pod = (
    name: string,
    node: string,
    requests: Record<string, string>,
    annotations = {},
  ): KubeObject => ({
    metadata: { name, namespace: 'ml', annotations },
    spec: {
      nodeName: node,
      containers: [{ name: 'main', resources: { requests: { cpu: '4', memory: '16Gi', ...requests } } }],
    },
    status: { phase: 'Running' },
  });

  it('reads Nodes and Pods with the resource map of serve, and names the pod it cannot read', async () => {
    api.upsertNode(kubeNode('gpu-1', { 'nvidia.com/gpu': '8' }, { 'nvidia.com/gpu.product': 'NVIDIA-H20' }));
    api.upsertNode(kubeNode('npu-1', { 'huawei.com/Ascend910B': '8' }));
    api.upsertNode(kubeNode('cpu-1', {}));
    api.upsertPod(pod('old', 'gpu-1', { 'nvidia.com/gpu': '2' }, { 'hyperfleet.io/gpu-devices': '3,4' }));
    api.upsertPod(pod('npu-job', 'npu-1', { 'huawei.com/Ascend910B': '1' }));
    api.upsertPod(pod('web', 'cpu-1', {}));
    api.upsertPod(pod('broken', 'gpu-1', { 'nvidia.com/gpu': 'lots' }));
    const out = tempDir('hyperfleet-snapshot-kube-');
    const r = await runCliAsync([
      'fleet',
      'snapshot',
      '--kubeconfig',
      writeKubeconfig(out, api.url),
      '--out',
      out,
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: .*\bbroken\b/m);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ nodes: 2, devices: 16, pods: 2 });
    expect(summary.skipped).toEqual({
      nodes: ['cpu-1'],
      placements: [{ namespace: 'ml', name: 'web', node: 'cpu-1' }],
    });
    expect(summary.issues.some((i: string) => i.includes('broken'))).toBe(true);
    const { placements } = JSON.parse(readFileSync(summary.files.placements, 'utf8'));
    expect(placements).toMatchObject([
      { name: 'old', node: 'gpu-1', devices: [3, 4], milliPerDevice: 1000 },
      { name: 'npu-job', node: 'npu-1', devices: [0], milliPerDevice: 1000 },
    ]);
    const fleet = parse(readFileSync(summary.files.fleet, 'utf8')) as {
      pools: { accelerator: string; nodeNames: string[] }[];
    };
    expect(fleet.pools.map((p) => [p.accelerator, p.nodeNames])).toEqual([
      ['huawei-ascend-910b', ['npu-1']],
      ['nvidia-h20', ['gpu-1']],
    ]);
  });

  it('a malformed kubeconfig is named, without a stack trace', () => {
    const out = tempDir('hyperfleet-snapshot-bad-');
    const file = join(out, 'kubeconfig.yaml');
    writeFileSync(file, 'clusters: [ this is not: a kubeconfig');
    expectRefusal(
      runCli(['fleet', 'snapshot', '--kubeconfig', file, '--out', out]),
      /kubeconfig\.yaml.*not a valid kubeconfig/,
    );
  });
});

describe('hyperfleet fleet snapshot: bad input', () => {
  let server: Server;
  let unauthorized: string;
  let nobody: string;
  beforeAll(async () => {
    // A port nothing listens on: taken, then given back.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    nobody = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    // A service behind a proxy that wants a token.
    server = createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'missing or wrong bearer token' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    unauthorized = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('a server that is not there, a 401, and neither or both sources', async () => {
    const out = tempDir('hyperfleet-snapshot-refused-');
    expectRefusal(
      runCli(['fleet', 'snapshot', '--server', nobody, '--out', out]),
      /--server: cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/,
    );
    expectRefusal(
      await runCliAsync(['fleet', 'snapshot', '--server', unauthorized, '--out', out]),
      /answered 401: missing or wrong bearer token \(give --token or set HYPERFLEET_TOKEN\)/,
    );
    expectRefusal(
      runCli(['fleet', 'snapshot', '--out', out]),
      /missing: give --server URL .* or --kubeconfig FILE/,
    );
    expectRefusal(
      runCli(['fleet', 'snapshot', '--server', unauthorized, '--kubeconfig', 'k.yaml', '--out', out]),
      /cannot be combined/,
    );
  });
});
