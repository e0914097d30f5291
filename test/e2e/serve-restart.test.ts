/**
 * Durability of `hyperfleet serve` (a real process, a real SQLite file, real HTTP):
 * - stopped mid-run and started again on the same database, it loses no placement and the run finishes exactly
 *   as an uninterrupted one;
 * - killed with SIGKILL during a stream of concurrent binds, every bind it had answered with success is there
 *   after the restart, and no device holds more than 1000 milli;
 * - concurrent binds that would overcommit a device: exactly one wins.
 */
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { NodeSpec } from '../../src/model/node.js';
import type { PodSpec } from '../../src/model/pod.js';
import { createPolicy } from '../../src/policies/registry.js';
import { typicalPods } from '../../src/policies/typical-pods.js';
import { buildApp } from '../../src/server/app.js';
import { podSpecOf } from '../../src/schedule/kube-pod.js';
import { LiveScheduler } from '../../src/schedule/live-scheduler.js';
import { loadOpenbNodes, loadOpenbPods } from '../../src/traces/openb.js';
import { syntheticOpenbTrace } from '../../src/traces/synthetic-openb.js';
import { tempDir, writeOpenbFixture } from '../support/cli.js';
import {
  fetchPlacements,
  KubeSchedulerClient,
  wirePod,
  type PodOutcome,
} from '../support/kube-scheduler-client.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

let nodeFile: string;
let podFile: string;
let nodes: NodeSpec[];
let pods: PodSpec[];
const running: ServeProcess[] = [];
let app: FastifyInstance | undefined;

beforeAll(async () => {
  const trace = syntheticOpenbTrace(11, 30);
  ({ nodeFile, podFile } = writeOpenbFixture(tempDir('hyperfleet-restart-'), trace.nodes, trace.pods));
  nodes = await loadOpenbNodes(nodeFile);
  pods = (await loadOpenbPods(podFile)).pods;
});

afterEach(async () => {
  for (const p of running.splice(0)) if (p.child.exitCode === null) await p.stop('SIGKILL');
  await app?.close();
  app = undefined;
});

async function serve(db: string): Promise<ServeProcess> {
  // The client plays kube-scheduler with a bindVerb: binds confirm (a filter alone would be the placement).
  const p = await startServe([
    '--nodes',
    nodeFile,
    '--pods',
    podFile,
    '--policy',
    'fgd',
    '--db',
    db,
    '--confirm',
    'bind',
  ]);
  running.push(p);
  return p;
}

const uidOf = (i: number): string => `uid-${i}`;

/** The same pods through the live scheduler in this process, never stopped: the reference. */
function uninterrupted(count: number): { uid: string; node: string; devices: readonly number[] }[] {
  const typical = typicalPods(pods);
  const live = new LiveScheduler({ policy: createPolicy('fgd', { typical }), nodes, typical });
  const names = nodes.map((n) => n.name);
  for (let i = 0; i < count; i++) {
    const wire = wirePod(pods[i], uidOf(i), 'trace');
    const d = live.decide(uidOf(i), podSpecOf(wire), names);
    if (d.node < 0) continue;
    const bound = live.bind({
      uid: uidOf(i),
      namespace: 'trace',
      name: pods[i].name,
      nodeName: names[d.node],
    });
    expect(bound.ok).toBe(true);
  }
  return live.listPlacements().map((p) => ({ uid: p.uid, node: p.node, devices: p.devices }));
}

function client(address: string): KubeSchedulerClient {
  return new KubeSchedulerClient({ baseUrl: address, nodeNames: nodes.map((n) => n.name) });
}

describe('serve keeps its placements', () => {
  it('stopped mid-run and restarted, it finishes exactly as an uninterrupted run', async () => {
    const count = Math.min(pods.length, 240);
    const db = join(tempDir('hyperfleet-restart-db-'), 'state.db');
    const first = await serve(db);
    for (let i = 0; i < count / 2; i++)
      await client(first.address).schedule(wirePod(pods[i], uidOf(i), 'trace'));
    const halfway = await fetchPlacements(first.address);
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await serve(db);
    expect(second.output()).toMatch(new RegExp(`${halfway.placements.length} placements restored`));
    expect((await fetchPlacements(second.address)).placements).toEqual(halfway.placements);
    for (let i = count / 2; i < count; i++) {
      await client(second.address).schedule(wirePod(pods[i], uidOf(i), 'trace'));
    }
    const served = (await fetchPlacements(second.address)).placements.map((p) => ({
      uid: p.uid,
      node: p.node,
      devices: p.devices,
    }));
    const reference = uninterrupted(count);
    expect(reference.length).toBeGreaterThan(count / 2);
    expect(served).toEqual(reference);
  });

  it('killed with SIGKILL during concurrent binds, every acknowledged bind survives and no device is overcommitted', async () => {
    const db = join(tempDir('hyperfleet-kill-db-'), 'state.db');
    const first = await serve(db);
    const acked: PodOutcome[] = [];
    let next = 0;
    let killed = false;
    const total = pods.length;
    const worker = async (): Promise<void> => {
      const c = client(first.address);
      while (!killed && next < total) {
        const i = next++;
        const outcome = await c.schedule(wirePod(pods[i], uidOf(i), 'trace'));
        if (outcome.status === 'bound') acked.push(outcome);
      }
    };
    const workers = Array.from({ length: 6 }, worker);
    // Kill once a good number of binds were answered, while the workers keep sending.
    while (acked.length < 60) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    expect(await first.stop('SIGKILL')).toBeNull();
    await Promise.all(workers);
    const ackedBeforeKill = acked.length;
    expect(ackedBeforeKill).toBeGreaterThanOrEqual(60);

    const second = await serve(db);
    const { placements } = await fetchPlacements(second.address);
    const stored = new Map(placements.map((p) => [p.uid, p]));
    for (const a of acked) expect(stored.get(a.uid)?.node, a.uid).toBe(a.node);
    // No device over capacity: recount from the placements, and the server's own view agrees.
    const used = new Map<string, number>();
    for (const p of placements) {
      for (const d of p.devices)
        used.set(`${p.node}/${d}`, (used.get(`${p.node}/${d}`) ?? 0) + p.milliPerDevice);
    }
    expect(Math.max(0, ...used.values())).toBeLessThanOrEqual(1000);
    const served = (await (await fetch(`${second.address}/v1/nodes`)).json()) as {
      nodes: { name: string; gpuMilliLeft: number[] }[];
    };
    for (const n of served.nodes) {
      n.gpuMilliLeft.forEach((left, d) => expect(left).toBe(1000 - (used.get(`${n.name}/${d}`) ?? 0)));
    }
  });
});

describe('concurrent binds', () => {
  it('of pods reserved elsewhere onto one device: exactly one wins', async () => {
    const solo: NodeSpec[] = [
      { name: 'solo', cpuMilli: 64000, memMiB: 262144, gpuCount: 1, gpuModel: 'T4' },
      ...Array.from({ length: 12 }, (_, i) => ({
        name: `other-${i}`,
        cpuMilli: 64000,
        memMiB: 262144,
        gpuCount: 1,
        gpuModel: 'T4',
      })),
    ];
    app = buildApp({ nodes: solo, policy: createPolicy('bestfit') });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const spec: PodSpec = {
      name: 'p',
      cpuMilli: 1000,
      memMiB: 1024,
      gpuCount: 1,
      gpuMilli: 1000,
      gpuTypes: [],
    };
    // Twelve pods, each filtered onto its own "other" node (its reservation), then all bound to solo at once.
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${address}/extender/filter`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ Pod: wirePod(spec, `c${i}`, 'ml', `p${i}`), NodeNames: [`other-${i}`] }),
      });
      expect(((await res.json()) as { NodeNames: string[] }).NodeNames).toEqual([`other-${i}`]);
    }
    const results = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const res = await fetch(`${address}/extender/bind`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ PodName: `p${i}`, PodNamespace: 'ml', PodUID: `c${i}`, Node: 'solo' }),
        });
        return ((await res.json()) as { Error: string }).Error;
      }),
    );
    expect(results.filter((e) => e === '')).toHaveLength(1);
    for (const e of results.filter((x) => x !== '')) expect(e).toMatch(/does not fit node solo/);
    const { placements } = await fetchPlacements(address);
    expect(placements).toHaveLength(1);
    expect(placements[0]).toMatchObject({ node: 'solo', devices: [0] });
  });
});
