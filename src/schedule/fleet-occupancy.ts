/**
 * @module schedule/fleet-occupancy
 * The fleet's occupancy by pool × device model, for a heat map that must draw 100,000 nodes without listing them:
 * per group the totals (nodes, devices, allocated milli, whole free devices, fragmentation, nodes by state) and one
 * compact cell per node (its name and allocated percent, in name order) — a few bytes a node instead of a node view.
 */
import { type ClusterState, MILLI_PER_DEVICE } from '../model/index.js';
import {
  allocationPercentOf,
  nameOrder,
  NODE_STATES,
  type NodeFilter,
  nodeMatcher,
  type NodeState,
  nodeState,
} from './node-query.js';

export interface OccupancyGroup {
  /** The pool ('' for nodes without one). */
  readonly pool: string;
  /** The device model ('' for CPU-only nodes). */
  readonly model: string;
  nodes: number;
  devices: number;
  allocatedMilli: number;
  allocationPercent: number;
  /** Devices with all 1000 milli free. */
  freeDevices: number;
  /** The FGD paper's fragmented GPUs on these nodes; null without typical pods. */
  fragmentedGpus: number | null;
  readonly states: Record<NodeState, number>;
  /** Node names, in name order. */
  readonly names: string[];
  /** Allocated percent of each node (of its devices; of its CPU for CPU-only nodes), in the order of `names`. */
  readonly allocation: number[];
  /** Positions (in `names`) of the cordoned nodes. */
  readonly cordoned: number[];
}

export interface FleetOccupancy {
  readonly nodes: number;
  readonly devices: number;
  readonly groups: OccupancyGroup[];
}

/**
 * The matching nodes of `state` grouped by pool and model (groups sorted by pool, then model). `fragMilliOf`
 * gives a node's fragmented GPU milli, or null when it is not measured.
 */
export function fleetOccupancy(
  state: ClusterState,
  filter: NodeFilter,
  fragMilliOf: (i: number) => number | null,
): FleetOccupancy {
  const matches = nodeMatcher(state, filter);
  const groups = new Map<string, OccupancyGroup>();
  const frag = new Map<OccupancyGroup, number | null>();
  let nodes = 0;
  let devices = 0;
  for (const i of nameOrder(state)) {
    if (!matches(i)) continue;
    const n = state.nodes[i];
    const pool = n.pool ?? '';
    const key = `${pool}\u0000${n.gpuModel}`;
    let g = groups.get(key);
    if (!g) {
      g = newGroup(pool, n.gpuModel);
      groups.set(key, g);
    }
    const standing = nodeState(state, i);
    if (standing === 'cordoned') g.cordoned.push(g.nodes);
    g.nodes++;
    g.devices += n.gpuCount;
    g.allocatedMilli += n.gpuCount * MILLI_PER_DEVICE - state.gpuTotalLeft[i];
    g.freeDevices += state.gpuFreeCount[i];
    g.states[standing]++;
    g.names.push(n.name);
    g.allocation.push(allocationPercentOf(state, i));
    const f = n.gpuCount > 0 ? fragMilliOf(i) : 0;
    const sum = frag.get(g);
    frag.set(g, f === null || sum === null ? null : (sum ?? 0) + f);
    nodes++;
    devices += n.gpuCount;
  }
  for (const g of groups.values()) {
    g.allocationPercent = g.devices === 0 ? 0 : (100 * g.allocatedMilli) / (g.devices * MILLI_PER_DEVICE);
    const f = frag.get(g);
    g.fragmentedGpus = f === null || f === undefined ? null : f / MILLI_PER_DEVICE;
  }
  const sorted = [...groups.values()].sort((a, b) => compare(a.pool, b.pool) || compare(a.model, b.model));
  return { nodes, devices, groups: sorted };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function newGroup(pool: string, model: string): OccupancyGroup {
  return {
    pool,
    model,
    nodes: 0,
    devices: 0,
    allocatedMilli: 0,
    allocationPercent: 0,
    freeDevices: 0,
    fragmentedGpus: null,
    states: Object.fromEntries(NODE_STATES.map((s) => [s, 0])) as Record<NodeState, number>,
    names: [],
    allocation: [],
    cordoned: [],
  };
}
