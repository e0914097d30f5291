/**
 * POST /v1/defrag/{id}/execute through Fastify's `inject`, with a stand-in evictor playing the cluster: an evicted
 * pod leaves (as the kube sync reports it) and its controller recreates it, which kube-scheduler sends through the
 * extender. Proves: the replacement and then the pending pod are steered to the held devices, no device goes
 * above 1000 milli at any step; a refused eviction (429) fails the execution and releases every hold; no cluster,
 * a stale plan and an unknown plan are refused; a restart marks an interrupted execution aborted with no hold left.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { filterAndBind, injectJson } from '../../../test/support/extender-inject.js';
import { createPolicy } from '../../policies/registry.js';
import type { Pod } from '../../schedule/kube-pod.js';
import { SqliteStore } from '../../schedule/store.js';
import type { Evictor } from '../../schedule/defrag/defrag-executor.js';
import { tempDir } from '../../../test/support/cli.js';
import { buildApp, type AppOptions } from '../app.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the service's JSON answers are untyped data */
const NODES = ['a', 'b'].map((name) => ({
  name,
  cpuMilli: 32000,
  memMiB: 131072,
  gpuCount: 1,
  gpuModel: 'T4',
}));
const ALL = ['a', 'b'];
let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
});

function wirePod(name: string, uid: string, gpu: { milli?: number; whole?: number }): Pod {
  const requests: Record<string, string> = { cpu: '1', memory: '1Gi' };
  if (gpu.whole) requests['nvidia.com/gpu'] = String(gpu.whole);
  return {
    metadata: {
      name,
      namespace: 'ml',
      uid,
      annotations: gpu.milli ? { 'hyperfleet.io/gpu-milli': String(gpu.milli) } : {},
    },
    spec: { containers: [{ resources: { requests } }] },
  };
}

const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  injectJson(app, method, url, payload);

/** kube-scheduler's cycle for a pod: filter on `nodes`, bind where filter chose. */
const schedule = (pod: Pod, nodes = ALL): Promise<string | undefined> => filterAndBind(app, pod, nodes);

function start(options: Partial<AppOptions> = {}) {
  app = buildApp({ nodes: NODES, policy: createPolicy('bestfit'), defragStepTimeoutMs: 2000, ...options });
  return app;
}

/** An evictor that acts as the cluster: the pod goes, its controller recreates it under the same name. */
function clusterEvictor(log: string[], refuse?: (name: string) => boolean): Evictor {
  let n = 0;
  return {
    async evict(namespace, name) {
      if (refuse?.(name))
        throw new Error(
          "the API server answered 429: Cannot evict pod as it would violate the pod's disruption budget.",
        );
      log.push(name);
      const p = app.live.listPlacements().find((x) => x.name === name)!;
      app.live.podGone({ uid: p.uid, namespace, name });
      setTimeout(() => void schedule(wirePod(name, `${name}-new-${++n}`, { milli: p.milliPerDevice })), 20);
    },
  };
}

async function fill() {
  await schedule(wirePod('s1', 'u1', { milli: 300 }), ['a']);
  await schedule(wirePod('s2', 'u2', { milli: 300 }), ['b']);
}

const TRAIN = wirePod('train', 'ut', { whole: 1 });

async function until(id: string, done: (s: any) => boolean) {
  for (let i = 0; i < 200; i++) {
    const s = (await call('GET', `/v1/defrag/${id}`)).body;
    const nodes = (await call('GET', '/v1/nodes')).body.nodes;
    for (const n of nodes) for (const left of n.gpuMilliLeft) expect(left).toBeGreaterThanOrEqual(0);
    if (done(s)) return s;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('execution did not finish');
}

describe('POST /v1/defrag/{id}/execute', () => {
  it('moves the pod, steers its replacement and then the pending pod to the held devices', async () => {
    const evicted: string[] = [];
    start({ evictor: clusterEvictor(evicted) });
    await fill();
    const plan = (await call('POST', '/v1/defrag', { pod: TRAIN, maxMoves: 2 })).body;
    expect(plan.moves).toHaveLength(1);
    const exec = await call('POST', `/v1/defrag/${plan.id}/execute`);
    expect(exec.status).toBe(202);
    expect(exec.body.status).toBe('executing');
    const moved = await until(plan.id, (s) => s.steps[0].status === 'done');
    expect(evicted).toEqual([plan.moves[0].name]);
    expect(moved.steps[0].bound).toBe(`ml/${plan.moves[0].name}`);
    // The pending pod arrives last: filter steers it to the target held for it, whatever the policy would pick.
    expect(await schedule(TRAIN)).toBe(plan.target.node);
    const done = await until(plan.id, (s) => s.status !== 'executing');
    expect(done.status).toBe('done');
    const placements = (await call('GET', '/v1/placements')).body.placements;
    const where = (name: string) => placements.find((p: any) => p.name === name);
    expect(where('train')).toMatchObject(plan.target);
    expect(where(plan.moves[0].name)).toMatchObject(plan.moves[0].to);
    expect(app.live.listDefragHolds()).toEqual([]);
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/hyperfleet_defrag_moves_total 1/);
    expect(metrics).toMatch(/hyperfleet_defrag_gpus_freed_total 1/);
  });

  it('a refused eviction (429) fails the execution, cancels the rest and releases every hold', async () => {
    start({ evictor: clusterEvictor([], () => true) });
    await fill();
    const before = (await call('GET', '/v1/nodes')).body;
    const plan = (await call('POST', '/v1/defrag', { pod: TRAIN, maxMoves: 2 })).body;
    expect((await call('POST', `/v1/defrag/${plan.id}/execute`)).status).toBe(202);
    const s = await until(plan.id, (x) => x.status !== 'executing');
    expect(s.status).toBe('failed');
    expect(s.reason).toMatch(/step 1: eviction of ml\/s\d refused: .*429.*; 0 moves already done stay done/);
    expect(s.steps.map((x: any) => x.status)).toEqual(['failed', 'cancelled']);
    expect(app.live.listDefragHolds()).toEqual([]);
    expect((await call('GET', '/v1/nodes')).body).toEqual(before);
    expect((await app.inject({ url: '/metrics' })).body).toMatch(/hyperfleet_defrag_failures_total 1/);
  });

  it('refuses without a cluster, a stale plan and an unknown plan', async () => {
    start();
    await fill();
    const plan = (await call('POST', '/v1/defrag', { pod: TRAIN, maxMoves: 2 })).body;
    const noCluster = await call('POST', `/v1/defrag/${plan.id}/execute`);
    expect(noCluster.status).toBe(409);
    expect(noCluster.body.message).toMatch(/needs a cluster.*--kubeconfig/);
    expect((await call('POST', '/v1/defrag/nope/execute')).status).toBe(404);
    expect((await call('GET', '/v1/defrag/nope')).status).toBe(404);
    expect((await call('GET', `/v1/defrag/${plan.id}`)).body.status).toBe('planned');

    await app.close();
    start({ evictor: clusterEvictor([]) });
    await fill();
    const stale = (await call('POST', '/v1/defrag', { pod: TRAIN, maxMoves: 2 })).body;
    // The moved pod's destination fills up after the plan was made.
    await schedule(wirePod('late', 'ul', { milli: 700 }), [stale.moves[0].to.node]);
    const refused = await call('POST', `/v1/defrag/${stale.id}/execute`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/is stale: the fleet changed since it was made/);
    expect(app.live.listDefragHolds()).toEqual([]);
  });

  it('a restart marks an interrupted execution aborted, with no hold left', async () => {
    const db = join(tempDir('hyperfleet-defrag-restart-'), 'state.db');
    start({ store: new SqliteStore(db), evictor: { evict: () => new Promise(() => {}) } });
    await fill();
    const plan = (await call('POST', '/v1/defrag', { pod: TRAIN, maxMoves: 2 })).body;
    expect((await call('POST', `/v1/defrag/${plan.id}/execute`)).status).toBe(202);
    expect(app.live.listDefragHolds().length).toBeGreaterThan(0);
    await app.close();
    start({ store: new SqliteStore(db) });
    const s = (await call('GET', `/v1/defrag/${plan.id}`)).body;
    expect(s.status).toBe('aborted');
    expect(s.reason).toMatch(/restarted during the execution/);
    expect(app.live.listDefragHolds()).toEqual([]);
    expect(app.live.reservationCount).toBe(0);
    expect((await call('GET', '/v1/nodes')).body.nodes.map((n: any) => n.gpuMilliLeft)).toEqual([
      [700],
      [700],
    ]);
  });
});
