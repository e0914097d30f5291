/**
 * The node views at fleet scale: each node's state by its definition; pages walked with a cursor give every
 * matching node once, in name order, whatever the page size, and a node list changed between two pages neither
 * repeats nor skips a node that stayed; the occupancy groups add up to the nodes they group.
 */
import { describe, expect, it } from 'vitest';
import { makeNode, sharingPod, wholeGpuPod } from '../../test/support/builders.js';
import { ClusterState, type NodeSpec } from '../model/index.js';
import { GoRand } from '../rng/index.js';
import { fleetOccupancy } from './fleet-occupancy.js';
import { type NodeFilter, nodeMatcher, nodeState, type NodeState, queryNodes } from './node-query.js';

const MODELS = ['A100', 'H100', ''];
const POOLS = ['spot', 'reserved', undefined];

/** `count` nodes in shuffled name order with pools, models, labels, cordons and allocations drawn from `seed`. */
function randomFleet(count: number, seed: number): ClusterState {
  const rng = new GoRand(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.intn(xs.length)];
  const nodes: NodeSpec[] = [];
  for (let k = 0; k < count; k++) {
    const model = pick(MODELS);
    nodes.push(
      makeNode({
        name: `n-${String((k * 7919) % count).padStart(4, '0')}`,
        gpuModel: model,
        gpuCount: model === '' ? 0 : 1 + rng.intn(8),
        cpuMilli: 8000,
        pool: pick(POOLS),
        labels: rng.intn(2) === 0 ? { team: pick(['a', 'b']) } : undefined,
        cordoned: rng.intn(10) === 0 ? true : undefined,
      }),
    );
  }
  const state = new ClusterState(nodes);
  for (let i = 0; i < count; i++) {
    const n = nodes[i];
    const used = rng.intn(n.gpuCount + 1);
    for (let d = 0; d < used; d++) state.assume(i, wholeGpuPod(1, { cpuMilli: 100 }), [d]);
    if (used < n.gpuCount && rng.intn(2) === 0) state.assume(i, sharingPod(300, { cpuMilli: 100 }), [used]);
    if (n.gpuCount === 0 && rng.intn(2) === 0)
      state.assume(i, { ...wholeGpuPod(0), cpuMilli: 4000 * (1 + rng.intn(2)) }, []);
  }
  return state;
}

/** Every node matching `filter`, by brute force, in name order. */
function expected(state: ClusterState, filter: NodeFilter): string[] {
  const matches = nodeMatcher(state, filter);
  return state.nodes
    .map((n, i) => ({ n, i }))
    .filter(({ i }) => matches(i))
    .map(({ n }) => n.name)
    .sort((a, b) => (a < b ? -1 : 1));
}

function walk(state: ClusterState, filter: NodeFilter, limit: number): { names: string[]; totals: number[] } {
  const names: string[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  do {
    const page = queryNodes(state, { ...filter, limit, cursor });
    expect(page.nodes.length).toBeLessThanOrEqual(limit);
    names.push(...page.nodes.map((n) => n.name));
    totals.push(page.total);
    cursor = page.next ?? undefined;
  } while (cursor !== undefined);
  return { names, totals };
}

describe('a node’s state', () => {
  const state = new ClusterState([
    makeNode({ name: 'free', gpuCount: 2 }),
    makeNode({ name: 'partial', gpuCount: 2 }),
    makeNode({ name: 'full', gpuCount: 2 }),
    makeNode({ name: 'cordoned', gpuCount: 2, cordoned: true }),
    makeNode({ name: 'cpu-free', gpuCount: 0, gpuModel: '' }),
    makeNode({ name: 'cpu-busy', gpuCount: 0, gpuModel: '', cpuMilli: 8000 }),
    makeNode({ name: 'cpu-full', gpuCount: 0, gpuModel: '', cpuMilli: 8000 }),
  ]);
  state.assume(1, sharingPod(999), [0]);
  state.assume(2, wholeGpuPod(1), [0]);
  state.assume(2, sharingPod(500), [1]);
  state.assume(2, sharingPod(500), [1]);
  state.assume(5, { ...wholeGpuPod(0), cpuMilli: 4000 }, []);
  state.assume(6, { ...wholeGpuPod(0), cpuMilli: 8000 }, []);

  it('free: every device whole free; full: no milli left; cordoned whatever it holds; CPU-only by pods and CPU', () => {
    const states = state.nodes.map((_, i) => nodeState(state, i));
    expect(states).toEqual<NodeState[]>(['free', 'partial', 'full', 'cordoned', 'free', 'partial', 'full']);
  });

  it('without limit and cursor: every match in registration order, as before', () => {
    const page = queryNodes(state, {});
    expect(page.nodes.map((n) => n.name)).toEqual(state.nodes.map((n) => n.name));
    expect(page).toMatchObject({ next: null, total: 7 });
    expect(queryNodes(state, { states: ['full', 'free'] }).nodes.map((n) => n.name)).toEqual([
      'free',
      'full',
      'cpu-free',
      'cpu-full',
    ]);
  });
});

describe('pages of nodes', () => {
  const state = randomFleet(600, 7);
  const filters: NodeFilter[] = [
    {},
    { model: 'H100' },
    { model: '' },
    { pool: 'spot', states: ['partial', 'full'] },
    { pool: '' },
    { labels: { team: 'a' }, model: 'A100' },
    { states: ['cordoned'] },
  ];

  it('walked with the cursor: every matching node once, in name order, with the same total', () => {
    for (const filter of filters) {
      const all = expected(state, filter);
      expect(all.length, JSON.stringify(filter)).toBeGreaterThan(0);
      for (const limit of [1, 7, 100, 5000]) {
        const { names, totals } = walk(state, filter, limit);
        expect(names, `${JSON.stringify(filter)} by ${limit}`).toEqual(all);
        expect(new Set(totals)).toEqual(new Set([all.length]));
      }
    }
  });

  it('a page’s nodes are the node views with their state, pool and labels', () => {
    const page = queryNodes(state, { labels: { team: 'b' }, limit: 3 });
    for (const v of page.nodes) {
      const i = state.nodes.findIndex((n) => n.name === v.name);
      expect(v.state).toBe(nodeState(state, i));
      expect(v.labels).toEqual({ team: 'b' });
      expect(v.pool).toBe(state.nodes[i].pool);
      expect(v.gpuMilliLeft).toEqual(Array.from({ length: v.gpuCount }, (_, g) => state.gpuLeftOf(i, g)));
    }
  });

  it('a node list changed between pages: no node that stayed is repeated or skipped', () => {
    const first = queryNodes(state, { limit: 250 });
    const names = first.nodes.map((n) => n.name);
    // Nodes removed on both sides of the cursor, and new ones added on both sides.
    const kept = state.nodes.filter((_, i) => i % 5 !== 0);
    const changed = new ClusterState([...kept, makeNode({ name: 'n-0000a' }), makeNode({ name: 'zz-new' })]);
    let cursor: string | undefined = first.next!;
    while (cursor !== undefined) {
      const page = queryNodes(changed, { limit: 100, cursor });
      names.push(...page.nodes.map((n) => n.name));
      cursor = page.next ?? undefined;
    }
    expect(new Set(names).size).toBe(names.length);
    for (const n of kept) expect(names).toContain(n.name);
    expect(names).toContain('zz-new'); // after the cursor: seen
    expect(names).not.toContain('n-0000a'); // before it: the next walk sees it
  });
});

describe('occupancy by pool × model', () => {
  const state = randomFleet(600, 11);

  it('each group adds up its nodes: devices, allocation, whole free devices, states and one cell per node', () => {
    const frag = (i: number) => (state.nodes[i].gpuCount > 0 ? i : 0);
    const occupancy = fleetOccupancy(state, {}, frag);
    expect(occupancy.nodes).toBe(600);
    expect(occupancy.groups.reduce((s, g) => s + g.nodes, 0)).toBe(600);
    const keys = occupancy.groups.map((g) => `${g.pool}/${g.model}`);
    expect(keys).toEqual([...keys].sort());
    for (const g of occupancy.groups) {
      const filter = { pool: g.pool, model: g.model };
      const names = expected(state, filter);
      expect(g.names).toEqual(names);
      const index = names.map((name) => state.nodes.findIndex((n) => n.name === name));
      const devices = index.reduce((s, i) => s + state.nodes[i].gpuCount, 0);
      const left = index.reduce((s, i) => s + state.gpuTotalLeft[i], 0);
      expect(g.devices).toBe(devices);
      expect(g.allocatedMilli).toBe(devices * 1000 - left);
      expect(g.freeDevices).toBe(index.reduce((s, i) => s + state.gpuFreeCount[i], 0));
      expect(g.fragmentedGpus).toBeCloseTo(index.reduce((s, i) => s + frag(i), 0) / 1000, 9);
      for (const s of ['free', 'partial', 'full', 'cordoned'] as const)
        expect(g.states[s]).toBe(index.filter((i) => nodeState(state, i) === s).length);
      expect(g.cordoned).toEqual(index.flatMap((i, k) => (nodeState(state, i) === 'cordoned' ? [k] : [])));
      g.allocation.forEach((pct, k) => {
        const i = index[k];
        const n = state.nodes[i];
        const used =
          n.gpuCount > 0 ? n.gpuCount * 1000 - state.gpuTotalLeft[i] : n.cpuMilli - state.cpuLeft[i];
        const capacity = n.gpuCount > 0 ? n.gpuCount * 1000 : n.cpuMilli;
        expect(pct).toBeLessThanOrEqual((100 * used) / capacity);
        expect(pct).toBeGreaterThan((100 * used) / capacity - 1);
      });
    }
    // Without a fragmentation measure the groups with devices say so.
    const unmeasured = fleetOccupancy(state, { model: 'H100' }, () => null);
    expect(unmeasured.groups.every((g) => g.fragmentedGpus === null)).toBe(true);
  });
});
