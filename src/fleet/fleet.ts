/**
 * @module fleet/fleet
 * A validated fleet as the simulator sees it: one {@link NodeSpec} per node, pools in file order, nodes numbered
 * within each pool (`h20-00001`, `h20-00002`, …) unless the pool lists its node names, and for every node the index
 * of its pool.
 */
import type { NodeSpec } from '../model/index.js';
import type { Fleet, Pool } from './fleet-schema.js';
import { generatedNodeName } from './node-names.js';

export type { Fleet, Pool, PoolPricing, Site } from './fleet-schema.js';

/** A pool with the range of node indices it expanded to: nodes `firstNode … firstNode + nodes − 1`. */
export interface PoolInfo extends Pool {
  readonly index: number;
  readonly firstNode: number;
}

export interface ExpandedFleet {
  readonly nodes: NodeSpec[];
  readonly pools: PoolInfo[];
  /** Node index → pool index. */
  readonly nodePool: Int32Array;
}

/**
 * One NodeSpec per node of the fleet, `gpuModel` = the pool's gpuModelAlias. Linear in the node count (125,000
 * nodes take a few milliseconds). Generated node names are unique because pool names are and the number suffix has
 * no `-`; a listed name equal to a generated one is refused when the fleet file is read (fleet/fleet-schema).
 */
export function expandFleet(fleet: Fleet): ExpandedFleet {
  const total = fleet.pools.reduce((s, p) => s + p.nodes, 0);
  const nodes: NodeSpec[] = new Array(total);
  const nodePool = new Int32Array(total);
  const pools: PoolInfo[] = [];
  let next = 0;
  fleet.pools.forEach((pool, index) => {
    pools.push({ ...pool, index, firstNode: next });
    for (let k = 1; k <= pool.nodes; k++) {
      nodes[next] = {
        name: pool.nodeNames?.[k - 1] ?? generatedNodeName(pool.name, k, pool.nodes),
        cpuMilli: pool.cpuMilli,
        memMiB: pool.memoryMiB,
        gpuCount: pool.devicesPerNode,
        gpuModel: pool.gpuModelAlias,
      };
      nodePool[next] = index;
      next++;
    }
  });
  return { nodes, pools, nodePool };
}

/** Devices per accelerator id, in first-seen order. */
export function devicesByAccelerator(fleet: Fleet): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of fleet.pools)
    out.set(p.accelerator, (out.get(p.accelerator) ?? 0) + p.nodes * p.devicesPerNode);
  return out;
}
