/**
 * POST /v1/defrag through Fastify's `inject` (issue 16, the dry run): a fleet filled through the extender until a
 * whole-GPU pod fits nowhere; the plan, checked from outside the way the contract says (GET /v1/nodes and
 * GET /v1/placements, the moves applied in order, the pod then on its target); nothing changes; reservations
 * count; gangs; bad bodies are 400s naming the field.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { filterAndBind, injectJson } from '../../../test/support/extender-inject.js';
import { applyPlan, pendingPodSpec, runningPods } from '../../defrag/index.js';
import { createPolicy } from '../../policies/registry.js';
import type { Pod } from '../../schedule/kube-pod.js';
import { buildApp } from '../app.js';

const NODES = ['a', 'b'].map((name) => ({
  name,
  cpuMilli: 32000,
  memMiB: 131072,
  gpuCount: 1,
  gpuModel: 'T4',
}));
const WHOLE_GPU = { cpuMilli: 1000, memMiB: 1024, gpuCount: 1, gpuMilli: 1000 };

let app: FastifyInstance;

beforeEach(() => {
  app = buildApp({ nodes: NODES, policy: createPolicy('bestfit') });
});
afterEach(async () => {
  await app.close();
});

function sharingPod(uid: string, milli: number): Pod {
  return {
    metadata: { name: uid, namespace: 'ml', uid, annotations: { 'hyperfleet.io/gpu-milli': String(milli) } },
    spec: { containers: [{ resources: { requests: { cpu: '1', memory: '1Gi' } } }] },
  };
}

const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  injectJson(app, method, url, payload);

/** Filters the pod with only `node` as candidate (as a node selector would), and binds it unless `reserveOnly`. */
async function placeOn(pod: Pod, node: string, reserveOnly = false) {
  if (!reserveOnly) {
    expect(await filterAndBind(app, pod, [node])).toBe(node);
    return;
  }
  const f = await call('POST', '/extender/filter', { Pod: pod, NodeNames: [node] });
  expect(f.body.NodeNames).toEqual([node]);
}

/** The plan applied to what GET /v1/nodes and GET /v1/placements show, as an outsider checks it. */
async function checkFromOutside(plan: { moves: never[]; targets: never[] }, pending: typeof WHOLE_GPU) {
  const nodes = (await call('GET', '/v1/nodes')).body.nodes.map(
    (n: { name: string; cpuMilli: number; memMiB: number; gpuCount: number; model: string }) => ({
      name: n.name,
      cpuMilli: n.cpuMilli,
      memMiB: n.memMiB,
      gpuCount: n.gpuCount,
      gpuModel: n.model,
    }),
  );
  const placed = runningPods(nodes, (await call('GET', '/v1/placements')).body.placements);
  if (!placed.ok) throw new Error(JSON.stringify(placed.issues));
  return applyPlan(placed.state, placed.pods, [pendingPodSpec(pending)], plan);
}

describe('POST /v1/defrag (dry run)', () => {
  it('plans the move that frees a whole GPU, checked from outside, and changes nothing', async () => {
    await placeOn(sharingPod('s1', 300), 'a');
    await placeOn(sharingPod('s2', 300), 'b');
    const what = await call('POST', '/v1/what-if', { pods: [WHOLE_GPU] });
    expect(what.body.allFit).toBe(false);
    const before = (await call('GET', '/v1/placements')).body;

    const res = await call('POST', '/v1/defrag', { pod: WHOLE_GPU, maxMoves: 2 });
    expect(res.status).toBe(200);
    const plan = res.body;
    expect(plan.feasible).toBe(true);
    expect(plan.exhaustive).toBe(true);
    expect(plan.moves).toHaveLength(1);
    const [move] = plan.moves;
    expect(move.to.node).not.toBe(move.from.node);
    expect(plan.target).toEqual({ node: move.from.node, devices: [0] });
    expect(typeof plan.id).toBe('string');
    expect(plan.fragmentation.after).toBeLessThan(plan.fragmentation.before);
    const applied = await checkFromOutside(plan, WHOLE_GPU);
    expect(applied.ok).toBe(true);
    // A dry run: the placements and the nodes are as they were.
    expect((await call('GET', '/v1/placements')).body).toEqual(before);
  });

  it('counts reservations: devices held for a filtered pod are not free to move onto', async () => {
    await placeOn(sharingPod('s1', 300), 'a');
    await placeOn(sharingPod('s2', 300), 'b');
    await placeOn(sharingPod('r1', 500), 'b', true);
    const plan = (await call('POST', '/v1/defrag', { pod: WHOLE_GPU, maxMoves: 2 })).body;
    expect(plan.feasible).toBe(false);
    expect(plan.reason).toMatch(/^impossible within 2 moves/);
    expect(plan.moves).toEqual([]);
  });

  it('takes a Kubernetes pod, and a gang', async () => {
    await placeOn(sharingPod('s1', 300), 'a');
    const pod: Pod = {
      metadata: { name: 'train', namespace: 'ml', uid: 'p1' },
      spec: { containers: [{ resources: { requests: { cpu: '1', 'nvidia.com/gpu': '1' } } }] },
    };
    const one = (await call('POST', '/v1/defrag', { pod })).body;
    expect(one).toMatchObject({ feasible: true, moves: [], target: { node: 'b', devices: [0] } });
    const share = { ...WHOLE_GPU, gpuMilli: 700 };
    const gang = (await call('POST', '/v1/defrag', { pods: [WHOLE_GPU, share] })).body;
    expect(gang).toMatchObject({ feasible: true, moves: [] });
    expect(gang.targets).toEqual([
      { node: 'b', devices: [0] },
      { node: 'a', devices: [0] },
    ]);
    // Two whole GPUs: the first takes b, and s1 has nowhere to go to free a.
    const two = (await call('POST', '/v1/defrag', { pods: [WHOLE_GPU, WHOLE_GPU] })).body;
    expect(two.feasible).toBe(false);
    expect(two.reason).toMatch(/pod 2 of the gang/);
  });

  it('answers 400 naming the field for bad bodies', async () => {
    const cases: [unknown, string][] = [
      [{ pod: { ...WHOLE_GPU, cpuMilli: -1 } }, 'pod.cpuMilli'],
      [{ pod: WHOLE_GPU, pods: [WHOLE_GPU] }, 'pods'],
      [{}, 'pod'],
      [{ pod: WHOLE_GPU, maxMoves: 99 }, 'maxMoves'],
      [{ pod: WHOLE_GPU, extra: 1 }, ''],
      [
        {
          pods: [
            WHOLE_GPU,
            { metadata: { name: 'x', uid: 'x', annotations: { 'hyperfleet.io/gpu-milli': '2000' } } },
          ],
        },
        'pods.1.metadata.annotations',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', '/v1/defrag', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.issues[0].field ?? '', JSON.stringify(res.body)).toContain(field);
    }
  });
});
