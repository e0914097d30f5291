/**
 * The node inventory alone: node list changes (added, updated, unchanged, removed, ranks), and the rebuild that
 * places everything held again — all or nothing, so that a node never ends up overcommitted.
 */
import { describe, expect, it } from 'vitest';
import { makeNode, wholeGpuPod } from '../../test/support/builders.js';
import { extendRank, type HeldDevices, NodeInventory, sameNodeSpec } from './node-inventory.js';

const A = makeNode({ name: 'a', gpuCount: 8 });
const B = makeNode({ name: 'b', gpuCount: 4 });

/** An inventory of a and b with a 6-device pod on a (devices 0..5), as a placement would hold it. */
function withPodOnA() {
  const inventory = new NodeInventory([A, B], undefined, undefined);
  const spec = wholeGpuPod(6);
  const devices = [0, 1, 2, 3, 4, 5];
  inventory.state.assume(0, spec, devices);
  const held: HeldDevices[] = [{ node: 'a', spec, devices, what: 'pod ml/train' }];
  return { inventory, held };
}

describe('NodeInventory', () => {
  it('refuses a shrink that would overcommit a node, and changes nothing', () => {
    const { inventory, held } = withPodOnA();
    const before = inventory.state;
    const gauges = inventory.gauges;
    const change = inventory.withUpserts([{ ...A, gpuCount: 4 }]);
    expect(change).toMatchObject({ added: 0, updated: 1 });
    const refused = inventory.rebuild(change, held);
    expect(refused).toMatchObject({ ok: false, kind: 'conflict' });
    expect(refused?.reason).toMatch(/^node a would no longer hold pod ml\/train: /);
    expect(inventory.state).toBe(before);
    expect(inventory.gauges).toBe(gauges);
    expect(inventory.state.nodes[0].gpuCount).toBe(8);
    expect(inventory.state.usedGpuMilli).toBe(6000);
  });

  it('a change that still holds everything builds a new state with the same devices taken', () => {
    const { inventory, held } = withPodOnA();
    inventory.gauges.record(1, 1);
    const change = inventory.withUpserts([{ ...A, gpuCount: 6 }, makeNode({ name: 'c' })]);
    expect(change).toMatchObject({ added: 1, updated: 1 });
    expect(inventory.rebuild(change, held)).toBeUndefined();
    const state = inventory.state;
    expect(state.nodes.map((n) => `${n.name}:${n.gpuCount}`)).toEqual(['a:6', 'b:4', 'c:8']);
    expect(Array.from({ length: 6 }, (_, g) => state.gpuLeftOf(0, g))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(inventory.indexOf('c')).toBe(2);
    // the figures' history goes on across the rebuild
    expect(inventory.gauges.history().map((p) => p.t)).toEqual([1]);
  });

  it('counts only real changes; a heartbeat with the same capacity is no change', () => {
    const inventory = new NodeInventory([A, B], undefined, undefined);
    expect(inventory.withUpserts([{ ...A }, { ...B }])).toMatchObject({ added: 0, updated: 0 });
    expect(sameNodeSpec(A, { ...A, gpuModel: 'other' })).toBe(false);
    expect(sameNodeSpec(A, { ...A, name: 'renamed' })).toBe(true); // capacity only
  });

  it('ranks: the given ones, then registration order; removing a node keeps the others', () => {
    const inventory = new NodeInventory([A, B], Int32Array.from([5, 2]), undefined);
    expect([...inventory.rank]).toEqual([5, 2]);
    const grown = inventory.withUpserts([makeNode({ name: 'c' }), makeNode({ name: 'd' })]);
    expect([...grown.rank]).toEqual([5, 2, 6, 7]);
    expect(inventory.rebuild(grown, [])).toBeUndefined();
    const shrunk = inventory.without(inventory.indexOf('a')!);
    expect(shrunk.nodes.map((n) => n.name)).toEqual(['b', 'c', 'd']);
    expect([...shrunk.rank]).toEqual([2, 6, 7]);
    expect(inventory.rebuild(shrunk, [])).toBeUndefined();
    expect(inventory.indexOf('a')).toBeUndefined();
    expect(inventory.indexOf('d')).toBe(2);
    expect([...extendRank(undefined, 3)]).toEqual([0, 1, 2]);
  });
});
