/**
 * expandFleet: node counts, names, pool ranges and the node → pool index, and speed at the scale of the issue's
 * benchmark (125,000 nodes of 8 devices).
 */
import { describe, expect, it } from 'vitest';
import { devicesByAccelerator, expandFleet } from './fleet.js';
import { validateFleet, type Fleet } from './fleet-schema.js';

function fleetOf(data: unknown): Fleet {
  const r = validateFleet(data);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.fleet;
}

const host = { devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576 };

describe('expandFleet', () => {
  it('makes one node per pool node, named <pool>-00001 …, with the pool’s model alias', () => {
    const fleet = fleetOf({
      pools: [
        { name: 'zw', accelerator: 't-head-zhenwu-810e', nodes: 3, ...host },
        {
          name: 'v',
          accelerator: 'nvidia-v100-32gb',
          nodes: 2,
          ...host,
          devicesPerNode: 4,
          gpuModelAlias: 'V100M32',
        },
      ],
    });
    const { nodes, pools, nodePool } = expandFleet(fleet);
    expect(nodes.map((n) => n.name)).toEqual(['zw-00001', 'zw-00002', 'zw-00003', 'v-00001', 'v-00002']);
    expect(nodes[0]).toEqual({
      name: 'zw-00001',
      cpuMilli: 128000,
      memMiB: 1048576,
      gpuCount: 8,
      gpuModel: 't-head-zhenwu-810e',
    });
    expect(nodes[4]).toMatchObject({ gpuCount: 4, gpuModel: 'V100M32' });
    expect([...nodePool]).toEqual([0, 0, 0, 1, 1]);
    expect(pools.map((p) => [p.name, p.index, p.firstNode, p.nodes])).toEqual([
      ['zw', 0, 0, 3],
      ['v', 1, 3, 2],
    ]);
    expect(devicesByAccelerator(fleet)).toEqual(
      new Map([
        ['t-head-zhenwu-810e', 24],
        ['nvidia-v100-32gb', 8],
      ]),
    );
  });

  it('widens the node number beyond 99,999 nodes so names stay unique and sortable', () => {
    const { nodes } = expandFleet(
      fleetOf({ pools: [{ name: 'big', accelerator: 'x', nodes: 100_000, ...host }] }),
    );
    expect(nodes[0].name).toBe('big-000001');
    expect(nodes[99_999].name).toBe('big-100000');
  });

  it('expands 125,000 nodes (1,000,000 devices) of mixed pools in well under a second', () => {
    const fleet = fleetOf({
      pools: [
        { name: 'zw', accelerator: 't-head-zhenwu-810e', nodes: 62_500, ...host },
        { name: 'h20', accelerator: 'nvidia-h20', nodes: 62_500, ...host },
      ],
    });
    const { nodes, nodePool, pools } = expandFleet(fleet);
    expect(nodes).toHaveLength(125_000);
    expect(nodes.reduce((s, n) => s + n.gpuCount, 0)).toBe(1_000_000);
    expect(new Set(nodes.map((n) => n.name)).size).toBe(125_000);
    expect(nodePool[62_499]).toBe(0);
    expect(nodePool[62_500]).toBe(1);
    expect(nodes[62_500].name).toBe('h20-00001');
    expect(pools[1].firstNode).toBe(62_500);
  });
});
