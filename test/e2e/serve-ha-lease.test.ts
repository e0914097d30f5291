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
 * The same runs with the replicas on `--db :memory:` and on one shared `--db postgres://…` (a real, throwaway
 * PostgreSQL; skipped with the harness's reason when none can start), where every acknowledged bind is also a row
 * of the database afterwards. And with PostgreSQL: a change the database does not commit makes the Lease holder
 * step down (answer 500, then 503 as a follower) until it has rebuilt from the database and the cluster, after
 * which it decides again and the uncommitted change is gone.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodSpec } from '../../src/model/pod.js';
import { loadOpenbNodes, loadOpenbPods } from '../../src/traces/openb.js';
import { syntheticOpenbTrace } from '../../src/traces/synthetic-openb.js';
import { tempDir, writeOpenbFixture } from '../support/cli.js';
import { FakeApiServer, kubeNode, writeKubeconfig } from '../support/fake-apiserver.js';
import { deviceUse, leadershipWindows, streamCycles } from '../support/ha-stream.js';
import { wirePod } from '../support/kube-scheduler-client.js';
import { postgresUnavailableReason, startPostgres, type RunningPostgres } from '../support/postgres.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

/** kube-scheduler's leaseDurationSeconds here (15 s by default; shorter so that the test is quick). */
const LEASE_SECONDS = 2;
const NS = 'hyperfleet';
const LEASE = 'hyperfleet-scheduler';

const pgReason = postgresUnavailableReason();
if (pgReason) console.warn(`skipping the Lease + PostgreSQL tests: ${pgReason}`);

let api: FakeApiServer;
let postgres: RunningPostgres | undefined;
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
  await postgres?.stop();
});

/** A new PostgreSQL database on the test's server (started on first use). */
async function postgresDatabase(name: string): Promise<string> {
  postgres ??= await startPostgres();
  return postgres.createDatabase(name);
}

async function replica(identity: string, db: string, lease = LEASE): Promise<ServeProcess> {
  const p = await startServe([
    ...['--kubeconfig', kubeconfig, '--leader-lease', `${NS}/${lease}`, '--leader-identity', identity],
    ...['--db', db, '--policy', 'bestfit', '--confirm', 'bind'],
  ]);
  running.push(p);
  return p;
}

/** kube-scheduler `identity` holding the Lease: writes it now and renews it every 250 ms (client-go's retryPeriod). */
function lead(identity: string, transitions: number, lease = LEASE): NodeJS.Timeout {
  const holder = `${identity}_${randomUUID()}`;
  const write = (): void => {
    api.upsertLease(NS, lease, {
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

/** Reads the placements table of a PostgreSQL database. */
async function storedPlacements(
  db: string,
): Promise<{ uid: string; node: string; devices: number[]; milliPerDevice: number }[]> {
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    const { rows } = await client.query<{
      uid: string;
      node: string;
      devices: string;
      milli_per_device: number;
    }>('SELECT uid, node, devices, milli_per_device FROM placements');
    return rows.map((r) => ({
      uid: r.uid,
      node: r.node,
      devices: JSON.parse(r.devices) as number[],
      milliPerDevice: r.milli_per_device,
    }));
  } finally {
    await client.end();
  }
}

/** The databases the two replicas share: none (each its own memory), or one PostgreSQL database. */
const databases = [
  { db: ':memory:', skip: false, run: 0 },
  { db: 'postgres', skip: pgReason !== undefined, run: 1 },
];

describe.each(databases)('serve --leader-lease with two replicas on --db $db', ({ db, skip, run }) => {
  it.skipIf(skip)(
    'the follower takes over when the leader is killed, losing no acknowledged bind',
    async () => {
      const shared = db === 'postgres' ? await postgresDatabase('lease_takeover') : db;
      // The pods exist in the cluster (pending); the stream asks the extender to place them. Each run its own pods
      // and its own Lease, so that the runs do not see each other's.
      const lease = `${LEASE}-${run}`;
      const wired = pods.map((p, i) => {
        const name = `job-${run}-${i}`;
        const obj = api.upsertPod({
          metadata: { name, namespace: 'ml' },
          spec: wirePod(p, 'x', 'ml', name).spec as unknown as Record<string, unknown>,
          status: { phase: 'Pending' },
        });
        return { uid: obj.metadata.uid!, pod: wirePod(p, obj.metadata.uid!, 'ml', name) };
      });
      const a = await replica('scheduler-a', shared, lease);
      const b = await replica('scheduler-b', shared, lease);
      const renewA = lead('scheduler-a', 0, lease);
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
        // As kube-scheduler, a pod the cluster shows bound is not retried (A may bind, then die before answering).
        assigned: (uid) => api.bindings.some((x) => x.uid === uid),
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
      const expiry =
        new Date(api.lease(NS, lease)!.spec!.renewTime as string).getTime() + LEASE_SECONDS * 1000;
      await until('the Lease to expire', () => Date.now() > expiry, 10_000);
      acquiredAt = Date.now();
      const renewB = lead('scheduler-b', 1, lease);
      const { acked, unanswered } = await stream;

      expect(takeoverMs).toBeDefined();
      console.log(
        `HA with a Lease on --db ${db}: takeover ${takeoverMs} ms after kill -9 (leaseDurationSeconds ${LEASE_SECONDS}, ` +
          `Lease taken ${acquiredAt - killAt} ms after the kill); ${acked.length} binds acknowledged, ` +
          `${unanswered.length} bound without an answer`,
      );
      expect(takeoverMs!).toBeLessThanOrEqual(2 * LEASE_SECONDS * 1000);

      // Every acknowledged bind is a Binding in the API server, on its node, and the new leader counts it — and
      // every other Binding too (a bind whose answer the kill lost, never retried).
      const ours = new Set(wired.map((w) => w.uid));
      const bound = new Map(api.bindings.filter((x) => ours.has(x.uid!)).map((x) => [x.uid!, x.node]));
      for (const ack of acked) expect(bound.get(ack.uid), ack.uid).toBe(ack.node);
      for (const uid of unanswered) expect(bound.has(uid), uid).toBe(true);
      const view = (await (await fetch(`${b.address}/v1/placements`)).json()) as {
        placements: { uid: string; node: string; devices: number[]; milliPerDevice: number }[];
      };
      const counted = new Map(view.placements.map((p) => [p.uid, p.node]));
      for (const [uid, node] of bound) expect(counted.get(uid), uid).toBe(node);
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

      if (db === 'postgres') {
        // The shared database has every acknowledged bind too, on its node, and no device over 1000 milli.
        const rows = await storedPlacements(shared);
        const stored = new Map(rows.map((r) => [r.uid, r.node]));
        for (const [uid, node] of bound) expect(stored.get(uid), uid).toBe(node);
        expect(Math.max(0, ...deviceUse(rows).values())).toBeLessThanOrEqual(1000);
      }
      // The next run starts on a cluster without this run's pods.
      clearInterval(renewB);
      await b.stop('SIGKILL');
      wired.forEach((_, i) => api.deletePod('ml', `job-${run}-${i}`));
    },
    120_000,
  );
});

describe.skipIf(pgReason !== undefined)(
  'serve --leader-lease on --db postgres://, a commit that fails',
  () => {
    it('makes the Lease holder step down until it has rebuilt from the database, then it decides again', async () => {
      const db = await postgresDatabase('lease_store_failure');
      const lease = `${LEASE}-failure`;
      const c = await replica('scheduler-c', db, lease);
      const renew = lead('scheduler-c', 0, lease);
      try {
        await until('replica C to lead', () => /scheduler-c is the leader/.test(c.output()));
        const register = (name: string) =>
          fetch(`${c.address}/v1/nodes`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              nodes: [{ name, model: 'T4', gpuCount: 2, cpuMilli: 8000, memMiB: 1024, pool: 'extra' }],
            }),
          });
        const sql = async (text: string): Promise<void> => {
          const client = new pg.Client({ connectionString: db });
          await client.connect();
          await client.query(text);
          await client.end();
        };
        // The nodes table is out of reach: the change is applied in memory but not committed.
        await sql('ALTER TABLE nodes RENAME TO nodes_away');
        const failed = await register('extra-1');
        expect(failed.status).toBe(500);
        expect(JSON.stringify(await failed.json())).not.toMatch(/nodes|relation|does not exist/);
        await until('replica C to step down', () =>
          /scheduler-c is no longer the leader: a change was not committed/.test(c.output()),
        );
        // It cannot rebuild while the table is away, so it stays a follower.
        const ready = await fetch(`${c.address}/readyz`);
        expect(ready.status).toBe(503);
        expect((await register('extra-2')).status).toBe(503);

        await sql('ALTER TABLE nodes_away RENAME TO nodes');
        await until(
          'replica C to lead again',
          () => (c.output().match(/scheduler-c is the leader/g) ?? []).length === 2,
        );
        // Rebuilt from the database: the change that was never committed is gone; a new one is committed.
        const names = async () =>
          (
            (await (await fetch(`${c.address}/v1/nodes?pool=extra`)).json()) as { nodes: { name: string }[] }
          ).nodes.map((n) => n.name);
        expect(await names()).toEqual([]);
        expect((await register('extra-3')).status).toBe(201);
        expect(await names()).toEqual(['extra-3']);
        const client = new pg.Client({ connectionString: db });
        await client.connect();
        const { rows } = await client.query<{ name: string; pool: string }>(
          "SELECT name, pool FROM nodes WHERE name LIKE 'extra-%'",
        );
        await client.end();
        expect(rows).toEqual([{ name: 'extra-3', pool: 'extra' }]);
      } finally {
        clearInterval(renew);
        await c.stop('SIGKILL');
      }
    }, 60_000);
  },
);
