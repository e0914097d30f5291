import { describe, expect, it } from 'vitest';
import { ClusterState } from '../model/cluster-state.js';
import { ChangeLog } from '../model/change-log.js';
import { NodeSet } from '../model/node-set.js';
import { makeNode, makePod } from '../../test/support/builders.js';
import { ClassIndex, indexKey } from './class-index.js';

describe('indexKey', () => {
  it('orders by score, then by smaller rank, and is always above 0', () => {
    expect(indexKey(50, 3)).toBeGreaterThan(indexKey(50, 4));
    expect(indexKey(51, 1000)).toBeGreaterThan(indexKey(50, 0));
    expect(indexKey(-5000, 100)).toBeGreaterThan(0);
    expect(indexKey(-(2 ** 30), 0)).toBeGreaterThan(0); // clamped, still "fits"
  });
});

describe('ClassIndex', () => {
  const nodes = Array.from({ length: 5 }, (_, i) => makeNode({ name: `n${i}`, cpuMilli: 10000 }));

  it('tracks the best node and the feasible count through changes, re-reading only changed nodes', () => {
    const state = new ClusterState(nodes);
    const index = new ClassIndex(state.nodeCount);
    // score = CPU left in cores; fits while at least 4000 milli are left
    const evaluate = (node: number) =>
      state.cpuLeft[node] >= 4000 ? indexKey(state.cpuLeft[node] / 1000, node) : 0;
    expect(index.sync(state, evaluate)).toBe(5);
    expect([index.best, index.feasible]).toEqual([0, 5]); // all equal: smallest rank
    state.assume(0, makePod({ cpuMilli: 7000, memMiB: 0 }), []);
    state.assume(3, makePod({ cpuMilli: 1000, memMiB: 0 }), []);
    expect(index.sync(state, evaluate)).toBe(2);
    expect([index.best, index.feasible]).toEqual([1, 4]);
    expect(index.sync(state, evaluate)).toBe(0);
  });

  it('reports no node when the class fits nowhere', () => {
    const state = new ClusterState(nodes);
    const index = new ClassIndex(state.nodeCount);
    index.sync(state, () => 0);
    expect([index.best, index.feasible]).toEqual([-1, 0]);
  });

  it('rebuilds from scratch when the change log no longer reaches back to its last sync', () => {
    const state = new ClusterState(nodes);
    const index = new ClassIndex(state.nodeCount);
    const evaluate = (node: number) => indexKey(-state.podCount[node], node);
    index.sync(state, evaluate);
    const pod = makePod({ cpuMilli: 1, memMiB: 0 });
    for (let i = 0; i < 1100; i++) state.assume(i % 4, pod, []); // more changes than the ring holds (1024)
    expect(index.sync(state, evaluate)).toBe(5);
    expect(index.best).toBe(4); // the only node without pods
  });
});

describe('ChangeLog', () => {
  it('keeps the most recent changes and says when a position has been overwritten', () => {
    const log = new ChangeLog(10);
    for (let i = 0; i < 1500; i++) log.record(i % 10);
    expect(log.position).toBe(1500);
    expect(log.covers(1500 - 1024)).toBe(true);
    expect(log.covers(1500 - 1025)).toBe(false);
    expect(log.at(1499)).toBe(9);
  });
});

describe('NodeSet', () => {
  it('adds, removes and lists members densely', () => {
    const set = new NodeSet(6);
    [4, 1, 5].forEach((n) => set.add(n));
    set.add(1);
    set.delete(4);
    set.set(2, true);
    set.set(5, false);
    expect(Array.from(set.items.subarray(0, set.size)).sort()).toEqual([1, 2]);
    expect([set.has(1), set.has(4), set.has(5)]).toEqual([true, false, false]);
  });
});
