/**
 * The live scheduler's units working together, without HTTP: the reconcile with the API server (stale placements
 * and nodes released), a bind on another node than filter chose, and a store that fails mid-bind (the state is
 * put back). The routes' tests (src/server) cover the rest of the facade through the wire.
 */
import { describe, expect, it } from 'vitest';
import { createPolicy } from '../policies/registry.js';
import { makeNode, wholeGpuPod } from '../../test/support/builders.js';
import { LiveScheduler } from './live-scheduler.js';
import { SqliteStore, type Store } from './store.js';

const NODES = [makeNode({ name: 'a', gpuCount: 8 }), makeNode({ name: 'b', gpuCount: 8 })];

function live(store?: Store): LiveScheduler {
  return new LiveScheduler({ policy: createPolicy('bestfit'), nodes: NODES, store });
}

/** Filters and binds a pod on the node filter chose. */
function place(l: LiveScheduler, name: string, gpus: number): string {
  const d = l.decide(`uid-${name}`, wholeGpuPod(gpus, { name }), ['a', 'b']);
  const nodeName = l.state.nodes[d.node].name;
  const bound = l.bind({ uid: `uid-${name}`, namespace: 'ml', name, nodeName });
  expect(bound.ok).toBe(true);
  return nodeName;
}

function usedMilli(l: LiveScheduler): number[] {
  return l.listNodes().map((n) => n.gpuMilliLeft.reduce((s, x) => s + 1000 - x, 0));
}

describe('LiveScheduler', () => {
  it('a reconcile releases the placements of pods and the nodes the API server no longer reports', () => {
    const l = live();
    l.upsertNodes([makeNode({ name: 'c', gpuCount: 4 })]);
    place(l, 'kept', 2);
    place(l, 'ended', 4);
    l.decide('uid-filtered', wholeGpuPod(1), ['c']);
    expect(l.placementCount).toBe(2);

    l.beginReconcile();
    const kept = l.placementOf('uid-kept')!;
    const spec = wholeGpuPod(2, { name: 'ml/kept' });
    expect(l.podBound({ ...kept, spec, devices: [...kept.devices] })).toEqual({ ok: true, adopted: false });
    l.upsertNodes(NODES); // the API server lists a and b, not c
    expect(l.endReconcile()).toBe(1);

    expect(l.listPlacements().map((p) => p.name)).toEqual(['kept']);
    expect(l.listNodes().map((n) => n.name)).toEqual(['a', 'b']);
    expect(l.reservationCount).toBe(0); // the reservation on c went with c
    expect(usedMilli(l).reduce((s, x) => s + x, 0)).toBe(2000);
    // outside a reconcile nothing is noted and nothing released
    expect(l.endReconcile()).toBe(0);
    expect(l.placementCount).toBe(1);
  });

  it('a node that still runs a pod the API server reports is kept, even if the node was not listed', () => {
    const l = live();
    place(l, 'p', 1);
    l.beginReconcile();
    const p = l.placementOf('uid-p')!;
    l.podBound({ ...p, spec: wholeGpuPod(1), devices: [...p.devices] });
    expect(l.endReconcile()).toBe(0);
    expect(l.node(p.node)?.placements.map((x) => x.name)).toEqual(['p']);
  });

  it('binds on another node than filter chose when the pod fits there; else refuses and keeps the reservation', () => {
    const l = live();
    const d = l.decide('u1', wholeGpuPod(6, { name: 'six' }), ['a', 'b']);
    const chosen = l.state.nodes[d.node].name;
    const other = chosen === 'a' ? 'b' : 'a';
    place(l, 'filler', 4); // only the other node has 4 devices left
    expect(l.placementOf('uid-filler')?.node).toBe(other);
    const before = usedMilli(l);
    const refused = l.bind({ uid: 'u1', namespace: 'ml', name: 'six', nodeName: other });
    expect(refused).toMatchObject({ ok: false, kind: 'conflict' });
    expect(usedMilli(l)).toEqual(before);
    expect(l.decisionOf('u1')?.node).toBe(d.node);

    l.release('ml', 'filler');
    const moved = l.bind({ uid: 'u1', namespace: 'ml', name: 'six', nodeName: other });
    expect(moved).toMatchObject({ ok: true, placement: { node: other } });
    expect(l.node(chosen)?.gpuMilliLeft.every((m) => m === 1000)).toBe(true);
    expect(l.node(other)?.gpuMilliLeft.filter((m) => m === 0)).toHaveLength(6);
    expect(l.reservationCount).toBe(0);
  });

  it('a second bind on the node the pod is placed on is acknowledged as it is; on another node refused', () => {
    for (const confirm of ['bind', 'filter'] as const) {
      const l = new LiveScheduler({ policy: createPolicy('bestfit'), nodes: NODES, confirm });
      const d = l.decide('u1', wholeGpuPod(2, { name: 'ml/two' }), ['a', 'b']);
      const nodeName = l.state.nodes[d.node].name;
      const other = nodeName === 'a' ? 'b' : 'a';
      const pod = { uid: 'u1', namespace: 'ml', name: 'two' };
      if (confirm === 'bind') expect(l.bind({ ...pod, nodeName })).toMatchObject({ ok: true });
      const before = usedMilli(l);
      const again = l.bind({ ...pod, nodeName });
      expect(again, confirm).toMatchObject({ ok: true, placement: { uid: 'u1', node: nodeName } });
      // bound in the cluster already, unless only the filter confirmed it (the cluster is still to be told)
      expect(again.ok && again.alreadyBound, confirm).toBe(confirm === 'bind' ? true : undefined);
      expect(l.bind({ ...pod, nodeName: other }), confirm).toEqual({
        ok: false,
        kind: 'conflict',
        reason: `pod ml/two (uid u1) is already bound to node ${nodeName}`,
      });
      expect(usedMilli(l), confirm).toEqual(before);
      expect(l.placementCount, confirm).toBe(1);
    }
  });

  it('a store that fails to write a bind leaves the state, the reservation and the placements as they were', () => {
    const store = new SqliteStore(':memory:');
    let failWrites = false;
    const failing: Store = Object.assign(Object.create(store) as Store, {
      addPlacement: (p: Parameters<Store['addPlacement']>[0]) => {
        if (failWrites) throw new Error('disk I/O error');
        store.addPlacement(p);
      },
    });
    const l = live(failing);
    const d = l.decide('u1', wholeGpuPod(2, { name: 'two' }), ['a', 'b']);
    const chosen = l.state.nodes[d.node].name;
    const other = chosen === 'a' ? 'b' : 'a';
    const before = usedMilli(l);
    failWrites = true;
    for (const nodeName of [chosen, other]) {
      expect(() => l.bind({ uid: 'u1', namespace: 'ml', name: 'two', nodeName })).toThrow('disk I/O error');
      expect(usedMilli(l)).toEqual(before);
      expect(l.placementCount).toBe(0);
      expect(l.decisionOf('u1')?.node).toBe(d.node);
    }
    failWrites = false;
    expect(l.bind({ uid: 'u1', namespace: 'ml', name: 'two', nodeName: other }).ok).toBe(true);
    expect(store.loadPlacements().map((p) => p.node)).toEqual([other]);
  });
});

describe('LiveScheduler: what confirms a decision', () => {
  it('watch: the API server reporting the pod bound confirms the reservation; nothing expires', () => {
    let now = 0;
    const l = new LiveScheduler({
      policy: createPolicy('bestfit'),
      nodes: NODES,
      confirm: 'watch',
      reservationTtlMs: 30_000,
      now: () => now,
    });
    const spec = wholeGpuPod(2, { name: 'ml/w' });
    const d = l.decide('uid-w', spec, ['a', 'b']);
    expect(l.placementCount).toBe(0); // a reservation until the watch reports the pod
    const node = l.state.nodes[d.node].name;
    expect(l.podBound({ uid: 'uid-w', namespace: 'ml', name: 'w', node, spec })).toEqual({
      ok: true,
      adopted: true,
    });
    now += 60_000;
    l.decide('uid-other', wholeGpuPod(1, { name: 'ml/o' }), ['a', 'b']); // expiry runs
    expect(l.placementOf('uid-w')?.node).toBe(node);
    expect(l.expiredReservations).toBe(0);
    expect(usedMilli(l).reduce((s, x) => s + x, 0)).toBe(3000);
  });

  it('filter: the decision is the placement; the cap still counts what it drops in bind mode', () => {
    const filter = new LiveScheduler({ policy: createPolicy('bestfit'), nodes: NODES, confirm: 'filter' });
    filter.decide('uid-f', wholeGpuPod(1, { name: 'ml/f' }), ['a', 'b']);
    expect(filter.listPlacements()).toMatchObject([{ uid: 'uid-f', namespace: 'ml', name: 'f' }]);
    expect(filter.reservationCount).toBe(0);

    const dropped: string[] = [];
    const bind = new LiveScheduler({
      policy: createPolicy('bestfit'),
      nodes: NODES,
      maxReservations: 2,
      onReservationExpired: (uid, _r, why) => dropped.push(`${uid}:${why}`),
    });
    for (const i of [1, 2, 3]) bind.decide(`uid-${i}`, wholeGpuPod(1, { name: `ml/p${i}` }), ['a', 'b']);
    expect(dropped).toEqual(['uid-1:cap']);
    expect(bind.expiredReservations).toBe(1);
  });
});
