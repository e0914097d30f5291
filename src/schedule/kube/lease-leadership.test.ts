/**
 * The Lease leadership and the shared store's writability, against the stand-in API server: the rebuild of a pod
 * that gets the Lease is held open with a promise while the Lease changes hands. Shown:
 * - the store is read-only before any Lease, writable while the rebuild of a Lease holder runs, read-only at once
 *   when the Lease goes to another pod in the middle of that rebuild, and stays so when the rebuild ends — the
 *   replica never decides;
 * - when the Lease comes back before that rebuild ends, the replica rebuilds again and only then leads (epoch of
 *   the Lease it holds now), its store writable; losing the Lease again makes it read-only at once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/cli.js';
import { FakeApiServer, writeKubeconfig } from '../../../test/support/fake-apiserver.js';
import type { WritableStore } from '../leadership/leadership.js';
import { loadKubeConfig } from './kube-config.js';
import { LeaseLeadership } from './lease-leadership.js';

const NS = 'kube-system';
const LEASE = 'kube-scheduler';
const ME = 'scheduler-a';

let api: FakeApiServer;
let kubeconfig: string;
const running: LeaseLeadership[] = [];

beforeAll(async () => {
  api = await FakeApiServer.start();
  kubeconfig = writeKubeconfig(tempDir('hyperfleet-lease-unit-'), api.url);
});

afterEach(async () => {
  for (const l of running.splice(0)) await l.stop();
});

afterAll(async () => {
  await api?.close();
});

/** kube-scheduler `identity` takes the Lease (a fresh renewal, 15 s). */
function holdLease(identity: string, transitions: number): void {
  api.upsertLease(NS, LEASE, {
    holderIdentity: `${identity}_${randomUUID()}`,
    leaseDurationSeconds: 15,
    renewTime: new Date().toISOString(),
    leaseTransitions: transitions,
  });
}

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A leadership whose first rebuild waits for `release()`; later ones run at once. */
function leadershipWithHeldRebuild() {
  const store: WritableStore = { readOnly: false };
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  /** Per rebuild, once it ended: whether the store was writable then. */
  const rebuilds: { writableAtEnd?: boolean }[] = [];
  const changes: boolean[] = [];
  const leadership = new LeaseLeadership(loadKubeConfig(kubeconfig), {
    namespace: NS,
    name: LEASE,
    identity: ME,
    store,
    rebuild: async () => {
      const n = rebuilds.length;
      rebuilds.push({});
      if (n === 0) await held;
      // What the end of a rebuild would write (its nodes, the policy) goes to the database only if writable.
      rebuilds[n].writableAtEnd = !store.readOnly;
    },
    log: () => undefined,
  });
  leadership.onChange((leader) => changes.push(leader));
  running.push(leadership);
  return { store, leadership, release, rebuilds, changes };
}

describe('LeaseLeadership: the store is writable only while this pod holds the Lease', () => {
  it('a Lease lost in the middle of the rebuild leaves the store read-only and the replica not deciding', async () => {
    const { store, leadership, release, rebuilds, changes } = leadershipWithHeldRebuild();
    expect(store.readOnly).toBe(true);
    holdLease(ME, 1);
    await leadership.start();
    await until('the rebuild to start', () => rebuilds.length === 1);
    // Rebuilding under the Lease: it may write the new leader's view, but does not decide yet.
    expect(store.readOnly).toBe(false);
    expect(leadership.isLeader()).toBe(false);

    holdLease('scheduler-b', 2);
    await until('the loss to make the store read-only', () => store.readOnly);
    release();
    await until('the rebuild to end', () => rebuilds[0].writableAtEnd !== undefined);
    // Time for a (wrong) second acquisition to begin.
    await new Promise((r) => setTimeout(r, 100));

    expect(rebuilds).toEqual([{ writableAtEnd: false }]);
    expect(store.readOnly).toBe(true);
    expect(leadership.isLeader()).toBe(false);
    expect(leadership.epoch()).toBeUndefined();
    expect(changes).toEqual([]);
  });

  it('a Lease regained before the held rebuild ends leads only after a second rebuild', async () => {
    const { store, leadership, release, rebuilds, changes } = leadershipWithHeldRebuild();
    holdLease(ME, 1);
    await leadership.start();
    await until('the rebuild to start', () => rebuilds.length === 1);
    holdLease('scheduler-b', 2);
    await until('the loss to make the store read-only', () => store.readOnly);
    holdLease(ME, 3);
    // The Lease is back, but the first rebuild is still running: no second one overlaps it.
    await new Promise((r) => setTimeout(r, 100));
    expect(rebuilds).toHaveLength(1);
    expect(leadership.isLeader()).toBe(false);

    release();
    await until('the replica to lead', () => leadership.isLeader());
    expect(rebuilds).toEqual([{ writableAtEnd: false }, { writableAtEnd: true }]);
    expect(leadership.epoch()).toBe('3');
    expect(store.readOnly).toBe(false);
    expect(changes).toEqual([true]);

    holdLease('scheduler-b', 4);
    await until('the loss', () => !leadership.isLeader());
    expect(store.readOnly).toBe(true);
    expect(changes).toEqual([true, false]);
  });
});
