/**
 * A highly available `hyperfleet serve` on a real PostgreSQL (test/support/postgres.js): two replicas (real
 * processes from dist/) share `--db postgres://…` and elect their leader with the advisory lock. A stream of
 * filter/bind cycles goes to whichever decides (a follower answers 503 and the client moves on); the leader is
 * killed with SIGKILL mid-stream. Shown:
 * - the follower takes over within 2 lease periods (the takeover time is printed);
 * - every bind answered with success is in the database afterwards, on its node, and no device holds more than
 *   1000 milli;
 * - no two replicas decided at once: each success carries its replica and leader epoch, each epoch is one
 *   replica's, and an epoch's decisions all end before the next epoch's begin;
 * - a follower answers reads, refuses decisions with 503, and reports itself on /readyz and /metrics.
 * And bad input: an unreachable database or a URL scheme hyperfleet does not speak is a clear error, exit 2.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodSpec } from '../../src/model/pod.js';
import { loadOpenbNodes, loadOpenbPods } from '../../src/traces/openb.js';
import { syntheticOpenbTrace } from '../../src/traces/synthetic-openb.js';
import { expectRefusal, runCli, tempDir, writeOpenbFixture } from '../support/cli.js';
import { deviceUse, leadershipWindows, streamCycles } from '../support/ha-stream.js';
import { wirePod } from '../support/kube-scheduler-client.js';
import { postgresUnavailableReason, startPostgres, type RunningPostgres } from '../support/postgres.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

const reason = postgresUnavailableReason();
if (reason) console.warn(`skipping the PostgreSQL HA tests: ${reason}`);

/** The lease period the replicas run with (`--lease-period`). */
const LEASE_MS = 2000;

let server: RunningPostgres;
let nodeFile: string;
let podFile: string;
let nodeNames: string[];
let pods: PodSpec[];
const running: ServeProcess[] = [];

beforeAll(async () => {
  if (reason) return;
  server = await startPostgres();
  const trace = syntheticOpenbTrace(17, 40);
  ({ nodeFile, podFile } = writeOpenbFixture(tempDir('hyperfleet-ha-'), trace.nodes, trace.pods));
  nodeNames = (await loadOpenbNodes(nodeFile)).map((n) => n.name);
  pods = (await loadOpenbPods(podFile)).pods;
}, 60_000);

afterAll(async () => {
  for (const p of running.splice(0)) if (p.child.exitCode === null) await p.stop('SIGKILL');
  await server?.stop();
});

async function replica(db: string): Promise<ServeProcess> {
  const p = await startServe([
    ...['--nodes', nodeFile, '--pods', podFile, '--policy', 'fgd', '--confirm', 'bind'],
    ...['--db', db, '--lease-period', `${LEASE_MS}ms`],
  ]);
  running.push(p);
  return p;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(reason !== undefined)('serve --db postgres:// with two replicas', () => {
  it('the follower takes over after kill -9 of the leader, losing no acknowledged bind', async () => {
    const db = await server.createDatabase('ha_stream');
    const a = await replica(db);
    await until('replica A to lead', () => /is the leader \(epoch 1\)/.test(a.output()));
    const b = await replica(db);
    // B is a follower: it reads, refuses decisions, and says so.
    const ready = await fetch(`${b.address}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, role: 'follower' });
    expect(await (await fetch(`${b.address}/metrics`)).text()).toMatch(/^hyperfleet_leader 0$/m);
    expect(await (await fetch(`${a.address}/metrics`)).text()).toMatch(/^hyperfleet_leader 1$/m);
    const refused = await fetch(`${b.address}/extender/filter`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Pod: wirePod(pods[0], 'probe', 'trace'), NodeNames: nodeNames }),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { error: string }).error).toMatch(/is a follower/);
    expect((await fetch(`${b.address}/v1/nodes`)).status).toBe(200);

    let killAt = 0;
    let ackedSoFar = 0;
    let takeoverMs: number | undefined;
    const total = Math.min(pods.length, 400);
    const stream = streamCycles({
      replicas: [a.address, b.address],
      nodeNames,
      pods: pods.slice(0, total).map((p, i) => ({ uid: `uid-${i}`, pod: wirePod(p, `uid-${i}`, 'trace') })),
      workers: 4,
      onAck: (ack) => {
        ackedSoFar++;
        if (killAt > 0 && ack.via === b.address && takeoverMs === undefined) takeoverMs = ack.end - killAt;
      },
    });
    // Kill the leader once a good number of binds were answered, while the cycles keep coming.
    await until('60 binds through the leader', () => ackedSoFar >= 60, 30_000);
    killAt = Date.now();
    expect(await a.stop('SIGKILL')).toBeNull();
    const { acked, notPlaced } = await stream;
    expect(takeoverMs).toBeDefined();
    console.log(
      `HA on PostgreSQL: takeover ${takeoverMs} ms after kill -9 (lease period ${LEASE_MS} ms); ` +
        `${acked.length} binds acknowledged, ${notPlaced.length} pods not placed`,
    );
    expect(takeoverMs!).toBeLessThanOrEqual(2 * LEASE_MS);
    expect(b.output()).toMatch(/is the leader \(epoch 2\)/);

    // Every acknowledged bind is in the database, on its node; no device is over 1000 milli.
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    const rows = (
      await client.query<{ uid: string; node: string; devices: string; milli_per_device: number }>(
        'SELECT uid, node, devices, milli_per_device FROM placements',
      )
    ).rows;
    const leaders = (
      await client.query<{ epoch: string; replica: string; elected_at: string }>(
        'SELECT * FROM hyperfleet_leaders ORDER BY epoch',
      )
    ).rows;
    await client.end();
    const stored = new Map(rows.map((r) => [r.uid, r]));
    for (const ack of acked) expect(stored.get(ack.uid)?.node, ack.uid).toBe(ack.node);
    const used = deviceUse(
      rows.map((r) => ({
        node: r.node,
        devices: JSON.parse(r.devices) as number[],
        milliPerDevice: r.milli_per_device,
      })),
    );
    expect(Math.max(0, ...used.values())).toBeLessThanOrEqual(1000);

    // No two replicas decided at once.
    const windows = leadershipWindows(acked);
    expect(windows.map((w) => w.epoch)).toEqual([1, 2]);
    for (const w of windows) expect(w.replicas).toHaveLength(1);
    expect(windows[0].replicas[0]).not.toBe(windows[1].replicas[0]);
    // The old leader decided only before it was killed (each of its cycles was sent before); the new one was
    // elected after the kill (the database's clock of the election, same host) and decided only from then on.
    for (const ack of acked.filter((x) => x.epoch === '1')) expect(ack.start).toBeLessThan(killAt);
    expect(Number(leaders[1].elected_at)).toBeGreaterThanOrEqual(killAt);
    for (const ack of acked.filter((x) => x.epoch === '2')) {
      expect(ack.end).toBeGreaterThanOrEqual(Number(leaders[1].elected_at));
    }
    expect(leaders.map((l) => l.replica)).toEqual(windows.map((w) => w.replicas[0]));

    // The new leader's own view agrees with the database.
    const view = (await (await fetch(`${b.address}/v1/placements`)).json()) as {
      placements: { uid: string }[];
    };
    expect(view.placements.map((p) => p.uid).sort()).toEqual([...stored.keys()].sort());
  }, 120_000);
});

describe('serve --db: bad input', () => {
  it('an unreachable PostgreSQL is a clear error, exit 2', () => {
    const r = runCli(['serve', '--db', 'postgres://hyperfleet:secret@127.0.0.1:1/nowhere', '--port', '0']);
    expectRefusal(
      r,
      /--db.*cannot use the PostgreSQL database postgres:\/\/hyperfleet:\*\*\*@127\.0\.0\.1:1\/nowhere: ECONNREFUSED/,
    );
    expect(r.stderr).not.toMatch(/secret/);
  });

  it('a URL scheme hyperfleet does not speak is refused before anything starts', () => {
    const r = runCli(['serve', '--db', 'mysql://root@127.0.0.1/db', '--port', '0']);
    expectRefusal(r, /--db.*unsupported database scheme "mysql:\/\/"/);
  });

  it('--leader-lease needs a kubeconfig and a NAMESPACE/NAME', () => {
    expectRefusal(
      runCli(['serve', '--db', ':memory:', '--leader-lease', 'hyperfleet/x']),
      /--leader-lease.*--kubeconfig/,
    );
    expectRefusal(
      runCli(['serve', '--db', ':memory:', '--leader-lease', 'nope', '--kubeconfig', 'k']),
      /--leader-lease.*NAMESPACE\/NAME/,
    );
  });
});
