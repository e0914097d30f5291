/**
 * The Fleet page's defrag helpers on real plans (the server's `POST /v1/defrag`, through Fastify's `inject`): the
 * form's body is one the API's schema accepts, with the models only when some are ticked, and a field it cannot
 * read is named; the map's marks are exactly the devices each move leaves and arrives on and those the pending pod
 * takes, numbered in execution order and said in words; a CPU-only move marks no device but is said on both nodes;
 * an infeasible plan draws nothing. (Here rather than beside the code: web/src may not import the server.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { NodeSpec } from '../../src/model/node.js';
import { createPolicy } from '../../src/policies/registry.js';
import type { Pod } from '../../src/schedule/kube-pod.js';
import { DefragBody } from '../../src/server/api/defrag.js';
import { buildApp } from '../../src/server/app.js';
import { describeDeviceMarks, planMarks } from '../../web/src/pages/fleet/defrag-marks.js';
import { defragRequest, INITIAL_DEFRAG_VALUES } from '../../web/src/pages/fleet/defrag-request.js';
import type { DefragPlan, DefragRequest } from '../../web/src/types.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const node = (name: string, cpuMilli: number, gpuCount: number, gpuModel: string): NodeSpec => ({
  name,
  cpuMilli,
  memMiB: 65536,
  gpuCount,
  gpuModel,
});

function pod(name: string, cpu: string, milli?: number): Pod {
  return {
    metadata: {
      name,
      namespace: 'ml',
      uid: `uid-${name}`,
      annotations: milli === undefined ? {} : { 'hyperfleet.io/gpu-milli': String(milli) },
    },
    spec: { containers: [{ name: 'main', resources: { requests: { cpu, memory: '1Gi' } } }] },
  };
}

/** A fleet of `nodes` with each pod bound to the node named beside it, through the extender. */
async function fleet(nodes: NodeSpec[], pods: [Pod, string][]): Promise<FastifyInstance> {
  const a = buildApp({ nodes, policy: createPolicy('bestfit') });
  for (const [p, nodeName] of pods) {
    const filter = await a.inject({
      method: 'POST',
      url: '/extender/filter',
      payload: { Pod: p, NodeNames: [nodeName] },
    });
    expect(filter.json().NodeNames).toEqual([nodeName]);
    const { name, namespace, uid } = p.metadata;
    const bind = await a.inject({
      method: 'POST',
      url: '/extender/bind',
      payload: { PodName: name, PodNamespace: namespace, PodUID: uid, Node: nodeName },
    });
    expect(bind.json().Error).toBe('');
  }
  return a;
}

async function plan(body: DefragRequest): Promise<DefragPlan> {
  const res = await app!.inject({ method: 'POST', url: '/v1/defrag', payload: body });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('the defrag form’s request', () => {
  it('sends what the API accepts, models only when ticked', () => {
    const plain = defragRequest(INITIAL_DEFRAG_VALUES);
    expect(plain).toEqual({
      body: {
        pod: { cpuMilli: 4000, memMiB: 16384, gpuCount: 1, gpuMilli: 1000 },
        maxMoves: 4,
        allowGuaranteed: false,
      },
    });
    const ticked = defragRequest({ ...INITIAL_DEFRAG_VALUES, gpuModels: ['T4'], allowGuaranteed: true });
    if (!('body' in ticked)) throw new Error(ticked.error);
    expect(ticked.body.pod).toMatchObject({ gpuModels: ['T4'] });
    expect(ticked.body.allowGuaranteed).toBe(true);
    for (const r of [plain, ticked]) {
      if (!('body' in r)) throw new Error(r.error);
      expect(DefragBody.parse(r.body)).toEqual(r.body);
    }
  });

  it('names a field it cannot read instead of sending a guess', () => {
    const cases: [Partial<typeof INITIAL_DEFRAG_VALUES>, string][] = [
      [{ gpuCount: '' }, 'gpuCount: expected a whole number ≥ 0, got ""'],
      [{ gpuMilli: '0.5' }, 'gpuMilli: expected a whole number ≥ 0, got "0.5"'],
      [{ cpuMilli: '-1' }, 'cpuMilli: expected a whole number ≥ 0, got "-1"'],
      [{ memMiB: '16Gi' }, 'memMiB: expected a whole number ≥ 0, got "16Gi"'],
      [{ maxMoves: ' ' }, 'maxMoves: expected a whole number ≥ 0, got ""'],
    ];
    for (const [patch, error] of cases)
      expect(defragRequest({ ...INITIAL_DEFRAG_VALUES, ...patch })).toEqual({ error });
  });
});

describe('a plan’s marks on the occupancy map', () => {
  it('marks the devices each move leaves and arrives on and those the pod takes, and nothing else', async () => {
    app = await fleet(
      [node('t4-a', 32000, 1, 'T4'), node('t4-b', 32000, 1, 'T4'), node('v100-a', 32000, 2, 'V100M32')],
      [
        [pod('s1', '1', 300), 't4-a'],
        [pod('s2', '1', 600), 'v100-a'],
        [pod('s3', '1', 600), 'v100-a'],
      ],
    );
    const p = await plan({
      pod: { cpuMilli: 1000, memMiB: 1024, gpuCount: 2, gpuMilli: 1000, gpuModels: ['V100M32'] },
      maxMoves: 4,
      allowGuaranteed: false,
    });
    expect(p.feasible).toBe(true);
    expect(p.moves.length).toBe(2);
    const marks = planMarks(p);

    // Every marked device, from the plan: move numbers in order, the pending pod on its target.
    const expected = new Map<string, { leaves: number[]; arrives: number[]; pending: string[] }>();
    const at = (n: string, d: number) => {
      const key = `${n}/${d}`;
      if (!expected.has(key)) expected.set(key, { leaves: [], arrives: [], pending: [] });
      return expected.get(key)!;
    };
    p.moves.forEach((m, i) => {
      for (const d of m.from.devices) at(m.from.node, d).leaves.push(i + 1);
      for (const d of m.to.devices) at(m.to.node, d).arrives.push(i + 1);
    });
    for (const d of p.target!.devices) at(p.target!.node, d).pending.push('the pending pod');
    const drawn = new Map(
      [...marks].flatMap(([n, m]) => [...m.devices].map(([d, dm]) => [`${n}/${d}`, dm] as const)),
    );
    expect(drawn).toEqual(expected);
    expect(p.target).toEqual({ node: 'v100-a', devices: [0, 1] });
    expect(describeDeviceMarks(drawn.get('v100-a/0')!)).toMatch(
      /^move \d leaves; the pending pod goes here$/,
    );
    // In words on each node: the moves and where the pod goes, in execution order.
    const first = p.moves[0];
    expect(marks.get(first.from.node)!.notes[0]).toBe(
      `move 1: ml/${first.name} leaves device ${first.from.devices[0]} for ${first.to.node}`,
    );
    expect(marks.get('v100-a')!.notes.at(-1)).toBe('then the pending pod goes here on devices 0, 1');
    // A node the plan does not touch carries no marks.
    const touched = new Set([...p.moves.flatMap((m) => [m.from.node, m.to.node]), p.target!.node]);
    expect([...marks.keys()].sort()).toEqual([...touched].sort());

    // Asked within one move there is no plan: nothing is drawn.
    const none = await plan({
      pod: { cpuMilli: 1000, memMiB: 1024, gpuCount: 2, gpuMilli: 1000, gpuModels: ['V100M32'] },
      maxMoves: 1,
      allowGuaranteed: false,
    });
    expect(none.feasible).toBe(false);
    expect(planMarks(none).size).toBe(0);
  });

  it('says a CPU-only move on both nodes without marking a device', async () => {
    app = await fleet(
      [node('cpu-a', 8000, 0, ''), node('cpu-b', 8000, 0, '')],
      [
        [pod('c1', '3'), 'cpu-a'],
        [pod('c2', '3'), 'cpu-a'],
        [pod('c3', '4'), 'cpu-b'],
      ],
    );
    const p = await plan({
      pod: { cpuMilli: 5000, memMiB: 1024, gpuCount: 0, gpuMilli: 1000 },
      maxMoves: 2,
      allowGuaranteed: false,
    });
    expect(p.feasible).toBe(true);
    expect(p.moves).toHaveLength(1);
    const [m] = p.moves;
    expect(m.from).toEqual({ node: 'cpu-a', devices: [] });
    const marks = planMarks(p);
    expect(marks.get('cpu-a')!.devices.size).toBe(0);
    expect(marks.get('cpu-a')!.notes).toEqual([
      `move 1: ml/${m.name} leaves for cpu-b`,
      'then the pending pod goes here',
    ]);
    expect(marks.get('cpu-b')!.notes).toEqual([`move 1: ml/${m.name} arrives from cpu-a`]);
  });
});
