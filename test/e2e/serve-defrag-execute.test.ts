/**
 * Executing a defrag plan in the live service, end to end over real HTTP (issue 16, "Must show"): `hyperfleet
 * serve --kubeconfig` (the real CLI process) follows the stand-in API server of test/support/fake-apiserver, which
 * records Evictions and Bindings, deletes an evicted pod and recreates it as its ReplicaSet would (a new pending
 * pod with a generated name). The test plays kube-scheduler (filter → prioritize → bind through the extender).
 *
 * Proves: a fleet filled until a pod fits nowhere is defragmented — the evictions are the plan's moves in order,
 * each replacement is steered to its held devices, the pending pod ends bound where the plan said, and no device
 * goes above 1000 milli nor a node above its CPU or memory at any point polled; a 429 (a PodDisruptionBudget) on
 * the second eviction rolls back (failed, the rest cancelled, the held device usable again), and so does a
 * replacement not bound within `--defrag-step-timeout`; `kill -9` midway and
 * a restart on the same database leave the execution `aborted` and no device held.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Pod } from '../../src/schedule/kube-pod.js';
import { tempDir } from '../support/cli.js';
import { FakeApiServer, kubeNode, type KubeObject, writeKubeconfig } from '../support/fake-apiserver.js';
import { KubeSchedulerClient, type PodOutcome } from '../support/kube-scheduler-client.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

const TOKEN = 'defrag-execute-e2e-token-0123456789';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const NS = 'ml';
const ALL = ['node-a', 'node-b', 'node-c'];
/** The share of one device the moved pods hold. */
const SHARE = 600;

let api: FakeApiServer;
let serve: ServeProcess | undefined;
let dir: string;

beforeEach(async () => {
  api = await FakeApiServer.start();
  dir = tempDir('hyperfleet-defrag-execute-');
  // Two nodes of 4 × V100M32 and one of 2 × T4 (models from the node label the resource map reads first).
  for (const name of ['node-a', 'node-b'])
    api.upsertNode(kubeNode(name, { 'nvidia.com/gpu': '4' }, { 'hyperfleet.io/gpu-model': 'V100M32' }));
  api.upsertNode(kubeNode('node-c', { 'nvidia.com/gpu': '2' }, { 'hyperfleet.io/gpu-model': 'T4' }));
});
afterEach(async () => {
  if (serve && serve.child.exitCode === null) await serve.stop('SIGTERM');
  serve = undefined;
  await api.close();
});

function startService(db = join(dir, 'state.db'), stepTimeout = '30s'): Promise<ServeProcess> {
  return startServe([
    '--kubeconfig',
    writeKubeconfig(dir, api.url),
    '--policy',
    'bestfit',
    '--db',
    db,
    '--token',
    TOKEN,
    // Long enough for a loaded test machine; the step never waits for it unless something is wrong.
    '--defrag-step-timeout',
    stepTimeout,
  ]);
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the service's JSON answers are untyped data */
async function call(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${serve!.address}${url}`, {
    method,
    ...(body !== undefined
      ? { headers: { 'content-type': 'application/json', ...AUTH }, body: JSON.stringify(body) }
      : { headers: AUTH }),
  });
  return { status: res.status, body: await res.json() };
}

/**
 * A pod of a ReplicaSet (so its replacement gets a new generated name), created in the API server: `whole`
 * devices of `model`, or a `milli` share of one device.
 */
function createPod(name: string, gpu: { whole?: number; milli?: number; model?: string }): Pod {
  const annotations: Record<string, string> = {};
  if (gpu.milli) annotations['hyperfleet.io/gpu-milli'] = String(gpu.milli);
  if (gpu.model) annotations['hyperfleet.io/gpu-model'] = gpu.model;
  const requests: Record<string, string> = { cpu: '1', memory: '1Gi' };
  if (gpu.whole) requests['nvidia.com/gpu'] = String(gpu.whole);
  const pod: KubeObject = {
    metadata: {
      name,
      namespace: NS,
      annotations,
      ownerReferences: [{ kind: 'ReplicaSet', name: name.slice(0, name.lastIndexOf('-')), controller: true }],
    },
    spec: { containers: [{ name: 'main', resources: { requests } }] },
    status: { phase: 'Pending' },
  };
  return api.upsertPod(pod) as Pod;
}

/** The pod as the API server has it now (kube-scheduler schedules what it reads from there). */
function current(name: string): Pod {
  const pod = api.pod(NS, name);
  if (!pod) throw new Error(`no pod ${NS}/${name} in the API server`);
  return pod as Pod;
}

/** kube-scheduler's cycle for `pod` with `nodes` as candidates (a node selector narrows them). */
function schedule(pod: Pod, nodes: readonly string[] = ALL): Promise<PodOutcome> {
  return new KubeSchedulerClient({ baseUrl: serve!.address, nodeNames: nodes }).schedule(pod);
}

async function scheduleOn(pod: Pod, node: string): Promise<void> {
  const o = await schedule(pod, [node]);
  expect(o, JSON.stringify(o)).toMatchObject({ status: 'bound', node });
}

/**
 * On node-a and node-b: two whole-GPU pods and two SHARE-milli pods (one per device: two do not fit on one); node-c
 * stays empty. A pod asking for 2 whole V100M32 then fits nowhere, although node-c's T4s could take the shares.
 */
async function fillFleet(): Promise<Pod> {
  for (const [node, n] of [
    ['node-a', 'a'],
    ['node-b', 'b'],
  ]) {
    await scheduleOn(createPod(`whole-${n}1-6f7c9-bx2kq`, { whole: 1 }), node);
    await scheduleOn(createPod(`whole-${n}2-58d4b-tz7hw`, { whole: 1 }), node);
    await scheduleOn(createPod(`share-${n}1-7c4d9-k2m4p`, { milli: SHARE }), node);
    await scheduleOn(createPod(`share-${n}2-9b5f6-r8w2c`, { milli: SHARE }), node);
  }
  const train = createPod('train-4d8f5-q9z2v', { whole: 2, model: 'V100M32' });
  expect((await schedule(train)).status).toBe('unschedulable');
  return train;
}

/**
 * What an outsider sees wrong in GET /v1/nodes and GET /v1/placements: a device above 1000 milli (or below 0
 * left), a node's CPU or memory above its capacity.
 */
async function overcommitted(): Promise<string[]> {
  const nodes = (await call('GET', '/v1/nodes')).body.nodes as any[];
  const placements = (await call('GET', '/v1/placements')).body.placements as any[];
  const problems: string[] = [];
  for (const n of nodes) {
    const here = placements.filter((p) => p.node === n.name);
    const milli: number[] = Array(n.gpuCount).fill(0);
    for (const p of here) for (const d of p.devices) milli[d] += p.milliPerDevice;
    const cpu = here.reduce((s, p) => s + p.cpuMilli, 0);
    const mem = here.reduce((s, p) => s + p.memMiB, 0);
    if (milli.some((m) => m > 1000)) problems.push(`${n.name}: devices at ${milli.join(',')} milli`);
    if (n.gpuMilliLeft.some((m: number) => m < 0 || m > 1000))
      problems.push(`${n.name}: ${n.gpuMilliLeft.join(',')} milli left`);
    if (cpu > n.cpuMilli || n.cpuMilliLeft < 0) problems.push(`${n.name}: CPU ${cpu} > ${n.cpuMilli}`);
    if (mem > n.memMiB || n.memMiBLeft < 0) problems.push(`${n.name}: memory ${mem} > ${n.memMiB}`);
  }
  return problems;
}

/** Polls until `done` holds, checking the fleet from outside at every poll. */
async function until<T>(what: string, done: () => T | undefined | false, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    expect(await overcommitted(), what).toEqual([]);
    const value = done();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function execution(id: string): Promise<any> {
  return (await call('GET', `/v1/defrag/${id}`)).body;
}

/** Polls GET /v1/defrag/{id} (and the fleet) until `done` holds for the execution. */
async function untilExecution(id: string, what: string, done: (e: any) => boolean): Promise<any> {
  const end = Date.now() + 60_000;
  for (;;) {
    expect(await overcommitted(), what).toEqual([]);
    const e = await execution(id);
    if (done(e)) return e;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(e)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function placementOf(name: string): Promise<any> {
  return ((await call('GET', '/v1/placements')).body.placements as any[]).find((p) => p.name === name);
}

/** A dry run for the pending pod, then its execution started (202). */
async function planAndExecute(train: Pod): Promise<any> {
  const dry = await call('POST', '/v1/defrag', { pod: train, maxMoves: 2 });
  expect(dry.status).toBe(200);
  const plan = dry.body;
  expect(plan).toMatchObject({ feasible: true });
  expect(plan.moves).toHaveLength(2);
  expect(plan.moves.every((m: any) => m.to.node === 'node-c')).toBe(true);
  expect(['node-a', 'node-b']).toContain(plan.target.node);
  return plan;
}

async function startExecution(plan: any): Promise<void> {
  const exec = await call('POST', `/v1/defrag/${plan.id}/execute`);
  expect(exec.status, JSON.stringify(exec.body)).toBe(202);
  expect(exec.body.status).toBe('executing');
}

/** Waits for the `i`-th eviction; returns the name of the pod its controller created instead. */
async function evicted(i: number): Promise<string> {
  const e = await until(`eviction ${i + 1}`, () => api.evictions[i]);
  expect(e.code).toBe(201);
  return e.replacement!;
}

describe('executing a defrag plan over real HTTP with a cluster', () => {
  it('moves each pod to its held devices, then binds the pending pod on the target', async () => {
    serve = await startService();
    const train = await fillFleet();
    const plan = await planAndExecute(train);
    await startExecution(plan);

    const replacements: string[] = [];
    for (const [i, move] of plan.moves.entries()) {
      const name = await evicted(i);
      replacements.push(name);
      expect(name).not.toBe(move.name);
      expect(name.startsWith(move.name.slice(0, move.name.lastIndexOf('-') + 1))).toBe(true);
      expect(api.pod(NS, name)?.spec?.nodeName).toBeUndefined();
      // kube-scheduler schedules the replacement over every node: filter steers it to the held devices.
      const o = await schedule(current(name));
      expect(o, JSON.stringify(o)).toMatchObject({ status: 'bound', node: move.to.node });
      await untilExecution(plan.id, `move ${i + 1} done`, (e) => e.steps[i].status === 'done');
      expect(await placementOf(name)).toMatchObject({ node: move.to.node, devices: move.to.devices });
      expect(await placementOf(move.name)).toBeUndefined();
    }

    // Last, the pending pod: it fits now, on the devices held for it.
    const o = await schedule(current(train.metadata.name));
    expect(o, JSON.stringify(o)).toMatchObject({ status: 'bound', node: plan.target.node });
    const done = await untilExecution(plan.id, 'the execution done', (e) => e.status !== 'executing');
    expect(done.status).toBe('done');
    expect(done.steps.map((s: any) => [s.kind, s.status, s.bound])).toEqual([
      ['move', 'done', `${NS}/${replacements[0]}`],
      ['move', 'done', `${NS}/${replacements[1]}`],
      ['pending', 'done', `${NS}/${train.metadata.name}`],
    ]);
    expect(await placementOf(train.metadata.name)).toMatchObject(plan.target);
    expect(api.pod(NS, train.metadata.name)?.spec?.nodeName).toBe(plan.target.node);

    // The API server saw exactly the plan's evictions, in order, and a Binding for each pod the plan placed.
    expect(api.evictions.map((e) => [e.namespace, e.name, e.code])).toEqual(
      plan.moves.map((m: any) => [m.namespace, m.name, 201]),
    );
    expect(api.bindings.slice(-3).map((b) => [b.name, b.node])).toEqual([
      [replacements[0], plan.moves[0].to.node],
      [replacements[1], plan.moves[1].to.node],
      [train.metadata.name, plan.target.node],
    ]);
    const metrics = await (await fetch(`${serve.address}/metrics`)).text();
    expect(metrics).toMatch(/^hyperfleet_defrag_moves_total 2$/m);
    expect(metrics).toMatch(/^hyperfleet_reservations 0$/m);
  });

  it('a 429 on the second eviction rolls back: failed, the rest cancelled, no device left held', async () => {
    serve = await startService();
    const train = await fillFleet();
    const plan = await planAndExecute(train);
    const [first, second] = plan.moves;
    api.refuseEviction(second.namespace, second.name);
    await startExecution(plan);

    const name = await evicted(0);
    // The second move's destination is held from the start: node-c shows the moved pod's share allocated there.
    const held = second.to.devices[0];
    const c = (await call('GET', '/v1/nodes/node-c')).body;
    expect(c.gpuMilliLeft[held]).toBe(1000 - SHARE);
    expect((await schedule(current(name))).node).toBe(first.to.node);

    const failed = await untilExecution(plan.id, 'the execution failed', (e) => e.status !== 'executing');
    expect(failed.status).toBe('failed');
    expect(failed.steps.map((s: any) => s.status)).toEqual(['done', 'failed', 'cancelled']);
    expect(failed.reason).toMatch(
      new RegExp(`^step 2: eviction of ${NS}/${second.name} refused: .*429.*1 move already done stay done`),
    );
    expect(api.evictions.map((e) => [e.name, e.code])).toEqual([
      [first.name, 201],
      [second.name, 429],
    ]);
    // The refused pod stays where it was; the device held for it is free again and a pod may take it.
    expect(await placementOf(second.name)).toMatchObject(second.from);
    expect((await call('GET', '/v1/nodes/node-c')).body.gpuMilliLeft[held]).toBe(1000);
    const probe = createPod('probe-6c9d8-w4k7m', { milli: SHARE });
    await scheduleOn(probe, 'node-c');
    expect(await placementOf(probe.metadata.name)).toMatchObject({ node: 'node-c', devices: [held] });
    expect(await overcommitted()).toEqual([]);
  });

  it('a replacement not bound within --defrag-step-timeout rolls back the same way', async () => {
    serve = await startService(join(dir, 'state.db'), '1s');
    const plan = await planAndExecute(await fillFleet());
    await startExecution(plan);
    await evicted(0);
    // Nobody schedules the replacement: the step fails after the configured second, not the default 2 minutes.
    const failed = await untilExecution(plan.id, 'the execution failed', (e) => e.status !== 'executing');
    expect(failed.status).toBe('failed');
    expect(failed.reason).toMatch(/^step 1: the replacement of .* was not bound on node-c \[\d\] within 1 s/);
    expect(failed.steps.map((s: any) => s.status)).toEqual(['failed', 'cancelled', 'cancelled']);
    expect((await call('GET', '/v1/nodes/node-c')).body.gpuMilliLeft).toEqual([1000, 1000]);
    expect(api.evictions).toHaveLength(1);
  });

  it('kill -9 midway, then a restart on the same database: aborted, no reservation leaked', async () => {
    const db = join(dir, 'state.db');
    serve = await startService(db);
    const train = await fillFleet();
    const plan = await planAndExecute(train);
    await startExecution(plan);
    await evicted(0);
    // Step 1 now waits for its replacement, with both moves' shares held on node-c.
    expect((await execution(plan.id)).status).toBe('executing');
    expect((await call('GET', '/v1/nodes/node-c')).body.gpuMilliLeft).toEqual([1000 - SHARE, 1000 - SHARE]);
    expect(await serve.stop('SIGKILL')).toBeNull();

    serve = await startService(db);
    // The eviction was followed (and stored) before the crash: the moved pod is gone, the rest restored.
    expect(serve.output()).toMatch(/7 placements restored/);
    expect(await placementOf(plan.moves[0].name)).toBeUndefined();
    const aborted = await execution(plan.id);
    expect(aborted.status).toBe('aborted');
    expect(aborted.reason).toMatch(/restarted during the execution/);
    expect(aborted.steps.map((s: any) => s.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(await overcommitted()).toEqual([]);
    const metrics = await (await fetch(`${serve.address}/metrics`)).text();
    expect(metrics).toMatch(/^hyperfleet_reservations 0$/m);
    // Both devices held before the crash are usable: two pods of the same share take one each (each would have
    // been refused while the holds stood).
    expect((await call('GET', '/v1/nodes/node-c')).body.gpuMilliLeft).toEqual([1000, 1000]);
    await scheduleOn(createPod('probe-1-6c9d8-w4k7m', { milli: SHARE }), 'node-c');
    await scheduleOn(createPod('probe-2-5b8c7-h3n6p', { milli: SHARE }), 'node-c');
    expect((await call('GET', '/v1/nodes/node-c')).body.gpuMilliLeft).toEqual([1000 - SHARE, 1000 - SHARE]);
    // The plan cannot be executed again (dry runs are kept in memory only: the restarted service knows it no
    // more), and nothing more was evicted.
    expect((await call('POST', `/v1/defrag/${plan.id}/execute`)).status).toBe(404);
    expect(api.evictions).toHaveLength(1);
  });
});
