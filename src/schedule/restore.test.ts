/**
 * What a restart counts again: the stored placements that still fit are counted in bind order, with the gauges
 * following them; one on an unknown node, or that its node can no longer hold, is reported and not counted, and
 * the store is left as it was.
 */
import { describe, expect, it } from 'vitest';
import type { PodSpec } from '../model/index.js';
import { makeNode, sharingPod, typicalOf, wholeGpuPod } from '../../test/support/builders.js';
import { FleetGauges } from './fleet-gauges.js';
import { NodeInventory } from './node-inventory.js';
import { Placements } from './placements.js';
import { restorePlacements } from './restore.js';
import { SqliteStore, type StoredPlacement } from './store.js';

const A = makeNode({ name: 'a', gpuCount: 8 });
const B = makeNode({ name: 'b', gpuCount: 4 });
const TYPICAL = typicalOf([
  { cpuMilli: 4000, gpuMilli: 1000, gpuCount: 1, freq: 0.5 },
  { cpuMilli: 4000, gpuMilli: 500, gpuCount: 1, freq: 0.5 },
]);

let seq = 0;
function stored(name: string, node: string, spec: PodSpec, devices: number[]): StoredPlacement {
  seq++;
  const milliPerDevice = spec.gpuCount > 0 ? spec.gpuMilli : 0;
  return { uid: `uid-${name}`, namespace: 'ml', name, node, devices, milliPerDevice, spec, boundAt: seq };
}

describe('restorePlacements', () => {
  it('counts what still fits in bind order; reports a node gone, a node shrunk and a device taken twice', () => {
    const store = new SqliteStore(':memory:');
    store.upsertNodes([A, B]);
    const rows = [
      stored('first', 'a', wholeGpuPod(4), [0, 1, 2, 3]),
      stored('beyond', 'a', wholeGpuPod(2), [4, 5]),
      stored('ghost', 'gone', wholeGpuPod(1), [0]),
      stored('twice', 'b', wholeGpuPod(1), [0]),
      stored('overlap', 'b', wholeGpuPod(1), [0]),
      stored('share', 'b', sharingPod(500), [1]),
    ];
    for (const p of rows) store.addPlacement(p);

    // The service comes back with node a registered at 4 devices instead of 8.
    const inventory = new NodeInventory([{ ...A, gpuCount: 4 }, B], undefined, TYPICAL);
    const placements = new Placements(store);
    const issues = restorePlacements(store.loadPlacements(), inventory, placements);

    expect(issues).toHaveLength(3);
    expect(issues[0]).toMatch(/^placement of ml\/beyond not restored: /);
    expect(issues[1]).toBe('placement of ml/ghost on unknown node gone not restored');
    expect(issues[2]).toMatch(/^placement of ml\/overlap not restored: /);
    expect([...placements.values()].map((p) => p.name)).toEqual(['first', 'twice', 'share']);
    expect(placements.named('ml', 'beyond')).toBeUndefined();
    const state = inventory.state;
    expect(state.usedGpuMilli).toBe(4000 + 1000 + 500);
    const left = (i: number) => Array.from({ length: state.gpuCountOf(i) }, (_, g) => state.gpuLeftOf(i, g));
    expect([left(0), left(1)]).toEqual([
      [0, 0, 0, 0],
      [0, 500, 1000, 1000],
    ]);
    // The gauges followed every node restored: the same figures as gauges measured afresh on the final state.
    expect(inventory.gauges.figures()).toEqual(new FleetGauges(inventory.state, TYPICAL).figures());
    expect(inventory.gauges.figures().fragAmountGpus).not.toBeNull();
    // Nothing was written: the store still has every row.
    expect(store.loadPlacements().map((p) => p.name)).toEqual(rows.map((p) => p.name));
  });

  it('lets a pod whose stored placement was not restored be bound again, replacing the stale row', () => {
    const store = new SqliteStore(':memory:');
    store.upsertNodes([A, B]);
    store.addPlacement(stored('ghost', 'gone', wholeGpuPod(1), [0]));
    const inventory = new NodeInventory([A, B], undefined, TYPICAL);
    const placements = new Placements(store);
    expect(restorePlacements(store.loadPlacements(), inventory, placements)).toHaveLength(1);

    // The same pod (a new uid: it was re-created) is bound on node a: no unique-index failure, one row for it.
    const spec = wholeGpuPod(1);
    placements.add(
      { uid: 'uid-ghost-2', namespace: 'ml', name: 'ghost' },
      { node: 'a', spec, devices: [0], boundAt: 99 },
      () => {
        throw new Error('the store refused the binding');
      },
    );
    expect(store.loadPlacements().map((p) => [p.uid, p.node])).toEqual([['uid-ghost-2', 'a']]);
    expect(placements.named('ml', 'ghost')?.node).toBe('a');
  });
});
