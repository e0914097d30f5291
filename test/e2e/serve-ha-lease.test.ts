/**
 * A highly available `hyperfleet serve` in a cluster, against the stand-in API server: two replicas, each the
 * sidecar of a kube-scheduler (played by the test) that elects its leader with a `coordination.k8s.io/v1` Lease;
 * each replica watches the Lease (`--leader-lease`) and decides only while its own pod holds it. A stream of
 * filter/bind cycles goes to whichever decides; the leader is killed with SIGKILL mid-stream, its kube-scheduler
 * stops renewing, and the other takes the Lease once it expires, as client-go's leader election does. Shown:
 * - the follower decides again within 2 lease periods of the kill (the takeover time is printed);
 * - every bind answered with success is a Binding in the API server, on its node (the durable truth), the new
 *   leader's view (rebuilt from the API server) has it, and no device holds more than 1000 milli;
 * - no two replicas decided at once (each success carries its replica and the Lease's transitions as epoch).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodSpec } from '../../src/model/pod.js';
import { loadOpenbNodes, loadOpenbPods } from '../../src/traces/openb.js';
import { syntheticOpenbTrace } from '../../src/traces/synthetic-openb.js';
import { tempDir, writeOpenbFixture } from '../support/cli.js';
import { FakeApiServer, kubeNode, writeKubeconfig } from '../support/fake-apiserver.js';
import { deviceUse, leadershipWindows, streamCycles } from '../support/ha-stream.js';
import { wirePod } from '../support/kube-scheduler-client.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

/** kube-scheduler's leaseDurationSeconds here (15 s by default; shorter so that the test is quick). */
const LEASE_SECONDS = 2;
const NS = 'hyperfleet';
const LEASE = 'hyperfleet-scheduler';

let api: FakeApiServer;
let kubeconfig: string;
let pods: PodSpec[];
let nodeNames: string[];
const running: ServeProcess[] = [];
const timers: NodeJS.Timeout[] = [];

beforeAll(async () => {
  api = await FakeApiServer.start();
  kubeconfig = writeKubeconfig(tempDir('hyperfleet-lease-'), api.url);
  const trace = syntheticOpenbTrace(23, 12);
  const { nodeFile, podFile } = writeOpenbFixture(
    tempDir('hyperfleet-lease-trace-'),
    trace.nodes,
    trace.pods,
  );
  const nodes = (await loadOpenbNodes(nodeFile)).filter((n) => n.gpuCount > 0);
  nodeNames = nodes.map((n) => n.name);
  for (const n of nodes) api.upsertNode(kubeNode(n.name, { 'nvidia.com/gpu': String(n.gpuCount) }));
  pods = (await loadOpenbPods(podFile)).pods
    .filter((p) => p.gpuCount > 0 && p.gpuMilli === 1000)
    .slice(0, 150);
});

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const p of running.splice(0)) if (p.child.exitCode === null) await p.stop('SIGKILL');
  await api.close();
});

async function replica(identity: string): Promise<ServeProcess> {
  const p = await startServe([
    ...['--kubeconfig', kubeconfig, '--leader-lease', `${NS}/${LEASE}`, '--leader-identity', identity],
    ...['--db', ':memory:', '--policy', 'bestfit', '--confirm', 'bind'],
  ]);
  running.push(p);
  return p;
}

/** kube-scheduler `identity` holding the Lease: writes it now and renews it every 250 ms (client-go's retryPeriod). */
function lead(identity: string, transitions: number): NodeJS.Timeout {
  const holder = `${identity}_${randomUUID()}`;
  const write = (): void => {
    api.upsertLease(NS, LEASE, {
      holderIdentity: holder,
      leaseDurationSeconds: LEASE_SECONDS,
      renewTime: new Date().toISOString(),
      leaseTransitions: transitions,
    });
  };
  write();
  const t = setInterval(write, 250);
  timers.push(t);
  return t;
}

async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('serve --leader-lease with two replicas', () => {
  it('the follower takes over when the leader is killed, losing no acknowledged bind', async () => {
    // The pods exist in the cluster (pending); the stream asks the extender to place them.
    const wired = pods.map((p, i) => {
      const obj = api.upsertPod({
        metadata: { name: `job-${i}`, namespace: 'ml' },
        spec: wirePod(p, 'x', 'ml', `job-${i}`).spec as unknown as Record<string, unknown>,
        status: { phase: 'Pending' },
      });
      return { uid: obj.metadata.uid!, pod: wirePod(p, obj.metadata.uid!, 'ml', `job-${i}`) };
    });
    const a = await replica('scheduler-a');
    const b = await replica('scheduler-b');
    const renewA = lead('scheduler-a', 0);
    await until('replica A to lead', () => /scheduler-a is the leader/.test(a.output()));
    const ready = await fetch(`${b.address}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ role: 'follower', replica: 'scheduler-b' });

    let killAt = 0;
    let acquiredAt = 0;
    let ackedSoFar = 0;
    let takeoverMs: number | undefined;
    const stream = streamCycles({
      replicas: [a.address, b.address],
      nodeNames,
      pods: wired,
      workers: 2,
      podTimeoutMs: 30_000,
      onAck: (ack) => {
        ackedSoFar++;
        if (killAt > 0 && ack.via === b.address && takeoverMs === undefined) takeoverMs = ack.end - killAt;
      },
    });
    await until('30 binds through the leader', () => ackedSoFar >= 30);
    killAt = Date.now();
    expect(await a.stop('SIGKILL')).toBeNull();
    clearInterval(renewA);
    // B's kube-scheduler takes the Lease once A's expires (renewTime + leaseDurationSeconds).
    const expiry = new Date(api.lease(NS, LEASE)!.spec!.renewTime as string).getTime() + LEASE_SECONDS * 1000;
    await until('the Lease to expire', () => Date.now() > expiry, 10_000);
    acquiredAt = Date.now();
    lead('scheduler-b', 1);
    const { acked } = await stream;

    expect(takeoverMs).toBeDefined();
    console.log(
      `HA with a Lease: takeover ${takeoverMs} ms after kill -9 (leaseDurationSeconds ${LEASE_SECONDS}, ` +
        `Lease taken ${acquiredAt - killAt} ms after the kill); ${acked.length} binds acknowledged`,
    );
    expect(takeoverMs!).toBeLessThanOrEqual(2 * LEASE_SECONDS * 1000);

    // Every acknowledged bind is a Binding in the API server, on its node, and the new leader counts it.
    const bound = new Map(api.bindings.map((x) => [x.uid, x.node]));
    for (const ack of acked) expect(bound.get(ack.uid), ack.uid).toBe(ack.node);
    const view = (await (await fetch(`${b.address}/v1/placements`)).json()) as {
      placements: { uid: string; node: string; devices: number[]; milliPerDevice: number }[];
    };
    const counted = new Map(view.placements.map((p) => [p.uid, p.node]));
    for (const ack of acked) expect(counted.get(ack.uid), ack.uid).toBe(ack.node);
    expect(Math.max(0, ...deviceUse(view.placements).values())).toBeLessThanOrEqual(1000);

    // No two replicas decided at once: A only before it was killed, B only after it took the Lease.
    const windows = leadershipWindows(acked);
    expect(windows.map((w) => [w.epoch, w.replicas])).toEqual([
      [0, ['scheduler-a']],
      [1, ['scheduler-b']],
    ]);
    for (const ack of acked.filter((x) => x.epoch === '0')) expect(ack.start).toBeLessThan(killAt);
    for (const ack of acked.filter((x) => x.epoch === '1'))
      expect(ack.end).toBeGreaterThanOrEqual(acquiredAt);
  }, 120_000);
});
