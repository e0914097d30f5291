/**
 * Defragmentation in the live service end to end over real HTTP (issue 16): `hyperfleet serve` (the real CLI
 * process) is filled through the extender (filter → bind) until a pod fits nowhere, then asked for a plan —
 * `POST /v1/defrag` and `hyperfleet defrag --server` — which is checked from outside against GET /v1/nodes and
 * GET /v1/placements; the CLI's choice between a live service and files gives one clear error.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectRefusal, projectRoot, runCli } from '../support/cli.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

const NODES = join(projectRoot, 'examples/defrag/nodes.csv');
const TOKEN = 'defrag-e2e-token-0123456789';
const AUTH = { authorization: `Bearer ${TOKEN}` };

let serve: ServeProcess | undefined;
afterEach(async () => {
  if (serve && serve.child.exitCode === null) await serve.stop('SIGTERM');
  serve = undefined;
});

/* eslint-disable @typescript-eslint/no-explicit-any -- the service's JSON answers are untyped data */
async function call(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${serve!.address}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...AUTH },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

function wirePod(name: string, gpu: { whole?: number; milli?: number }) {
  return {
    metadata: {
      name,
      namespace: 'ml',
      uid: `uid-${name}`,
      annotations: gpu.milli ? { 'hyperfleet.io/gpu-milli': String(gpu.milli) } : {},
    },
    spec: {
      containers: [
        {
          resources: {
            requests: {
              cpu: '1',
              memory: '1Gi',
              ...(gpu.whole ? { 'nvidia.com/gpu': String(gpu.whole) } : {}),
            },
          },
        },
      ],
    },
  };
}

/** Filter with only `node` as candidate (as a node selector would), then bind there. */
async function placeOn(name: string, node: string, gpu: { whole?: number; milli?: number }) {
  const pod = wirePod(name, gpu);
  const f = await call('POST', '/extender/filter', { Pod: pod, NodeNames: [node] });
  expect(f.body.NodeNames, JSON.stringify(f.body)).toEqual([node]);
  const b = await call('POST', '/extender/bind', {
    PodName: name,
    PodNamespace: 'ml',
    PodUID: pod.metadata.uid,
    Node: node,
  });
  expect(b.body.Error).toBe('');
}

/**
 * examples/defrag's nodes (node-a and node-b: 4 × V100M32, node-c: 2 × T4): on each V100 node two whole-GPU pods
 * and two 600-milli pods, one per device (two do not share a device); node-c stays empty. A V100 pod then fits
 * nowhere, and a 600-milli pod can go only to node-c.
 */
async function fillFleet(): Promise<void> {
  for (const node of ['node-a', 'node-b']) {
    await placeOn(`${node}-whole-1`, node, { whole: 1 });
    await placeOn(`${node}-whole-2`, node, { whole: 1 });
    await placeOn(`${node}-share-1`, node, { milli: 600 });
    await placeOn(`${node}-share-2`, node, { milli: 600 });
  }
}

/** The nodes and placements an outsider sees: device milli used per node, with the pods on it. */
async function outsideView() {
  const nodes = (await call('GET', '/v1/nodes')).body.nodes as any[];
  const placements = (await call('GET', '/v1/placements')).body.placements as any[];
  return { nodes, placements };
}

/** Applies the moves in order as an outside script would; returns the problems found. */
function checkPlan(view: Awaited<ReturnType<typeof outsideView>>, plan: any, pod: any): string[] {
  const used = new Map<string, { cpu: number; mem: number; milli: number[]; node: any }>(
    view.nodes.map((n) => [n.name, { cpu: 0, mem: 0, milli: Array(n.gpuCount).fill(0), node: n }]),
  );
  const use = (p: any, node: string, devices: number[], sign: number) => {
    const u = used.get(node)!;
    u.cpu += sign * p.cpuMilli;
    u.mem += sign * p.memMiB;
    for (const d of devices) u.milli[d] += sign * p.milliPerDevice;
  };
  const problems: string[] = [];
  const check = (when: string) => {
    for (const [name, u] of used) {
      if (u.cpu > u.node.cpuMilli || u.mem > u.node.memMiB || u.milli.some((m) => m > 1000))
        problems.push(`${when}: ${name} overcommitted`);
    }
  };
  const pods = view.placements.map((p) => ({ ...p }));
  for (const p of pods) use(p, p.node, p.devices, 1);
  check('before');
  for (const [i, m] of plan.moves.entries()) {
    const p = pods.find((x) => x.namespace === m.namespace && x.name === m.name);
    if (!p || p.node !== m.from.node) {
      problems.push(`move ${i + 1}: ${m.name} is not on ${m.from.node}`);
      continue;
    }
    use(p, m.from.node, m.from.devices, -1);
    use(p, m.to.node, m.to.devices, 1);
    Object.assign(p, { node: m.to.node, devices: m.to.devices });
    check(`after move ${i + 1}`);
  }
  use(pod, plan.target.node, plan.target.devices, 1);
  check('with the pending pod');
  return problems;
}

const V100_POD = { cpuMilli: 1000, memMiB: 1024, gpuCount: 2, gpuMilli: 1000, gpuModels: ['V100M32'] };

describe('defrag in the live service', () => {
  it('plans on the live fleet (POST /v1/defrag and defrag --server), checked from outside', async () => {
    serve = await startServe(['--nodes', NODES, '--db', ':memory:', '--policy', 'bestfit', '--token', TOKEN]);
    await fillFleet();
    const whatIf = await call('POST', '/v1/what-if', { pods: [V100_POD] });
    expect(whatIf.body.allFit).toBe(false);
    const view = await outsideView();

    const res = await call('POST', '/v1/defrag', { pod: V100_POD, maxMoves: 2 });
    expect(res.status).toBe(200);
    const plan = res.body;
    expect(plan).toMatchObject({ feasible: true, exhaustive: true });
    expect(plan.moves).toHaveLength(2);
    expect(plan.moves.every((m: any) => m.to.node === 'node-c')).toBe(true);
    expect(checkPlan(view, plan, { ...V100_POD, milliPerDevice: 1000 })).toEqual([]);
    // A dry run changes nothing.
    expect(await outsideView()).toEqual(view);

    const cli = runCli(
      [
        'defrag',
        '--server',
        serve.address,
        '--pod',
        'gpu=2,cpu=1000,mem=1024,model=V100M32',
        '--max-moves',
        '2',
        '--json',
      ],
      { env: { HYPERFLEET_TOKEN: TOKEN } },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const fromCli = JSON.parse(cli.stdout);
    expect({ ...fromCli, id: '', createdAt: 0 }).toEqual({ ...plan, id: '', createdAt: 0 });
    const readable = runCli([
      'defrag',
      '--server',
      serve.address,
      '--pod',
      'gpu=2,model=V100M32',
      '--max-moves',
      '2',
      '--token',
      TOKEN,
    ]);
    expect(readable.stdout).toMatch(/^plan: 2 moves, cost [\d.]+ \(least cost, proven\)\n/);
    expect(readable.stdout).toMatch(
      /fragmented GPUs \(against the running and pending pods\): [\d.]+ before → /,
    );
  });

  it('defrag: --server or files, one clear error when mixed or missing; a service that refuses or is not there', async () => {
    expectRefusal(
      runCli(['defrag', '--server', 'http://127.0.0.1:1', '--nodes', NODES, '--pod', 'gpu=1']),
      /--server: --nodes cannot be combined with --server: give --server URL \(a live service\), or --nodes FILE and --placements FILE, not both/,
    );
    expectRefusal(runCli(['defrag', '--pod', 'gpu=1']), /--nodes: missing: give --server URL/);
    expectRefusal(
      runCli(['defrag', '--nodes', NODES, '--pod', 'gpu=1']),
      /--placements: missing: give --server URL/,
    );
    expectRefusal(
      runCli(['defrag', '--server', 'nowhere', '--pod', 'gpu=1']),
      /--server: "nowhere" is not a URL/,
    );
    expectRefusal(
      runCli(['defrag', '--server', 'http://127.0.0.1:65533', '--pod', 'gpu=1']),
      /--server: cannot reach http:\/\/127\.0\.0\.1:65533: ECONNREFUSED/,
    );
    serve = await startServe(['--nodes', NODES, '--db', ':memory:', '--token', TOKEN]);
    expectRefusal(
      runCli(['defrag', '--server', serve.address, '--pod', 'gpu=1'], { env: { HYPERFLEET_TOKEN: '' } }),
      /answered 401: .*Bearer.* \(give --token or set HYPERFLEET_TOKEN\)/,
    );
  });
});
