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

/** The groups of a state: their pool, model and nodes in name order (what only a new node list changes). */
interface GroupSkeleton {
  readonly pool: string;
  readonly model: string;
  readonly nodes: Int32Array;
  readonly names: string[];
}

const skeletons = new WeakMap<ClusterState, GroupSkeleton[]>();

/** The state's groups sorted by pool, then model; computed once per state (a node list change builds a new one). */
function skeletonOf(state: ClusterState): GroupSkeleton[] {
  const known = skeletons.get(state);
  if (known) return known;
  const byPool = new Map<string, Map<string, number[]>>();
  for (const i of nameOrder(state)) {
    const n = state.nodes[i];
    const pool = n.pool ?? '';
    let models = byPool.get(pool);
    if (!models) byPool.set(pool, (models = new Map()));
    let list = models.get(n.gpuModel);
    if (!list) models.set(n.gpuModel, (list = []));
    list.push(i);
  }
  const out: GroupSkeleton[] = [];
  for (const pool of [...byPool.keys()].sort(compare)) {
    const models = byPool.get(pool)!;
    for (const model of [...models.keys()].sort(compare)) {
      const nodes = Int32Array.from(models.get(model)!);
      out.push({ pool, model, nodes, names: Array.from(nodes, (i) => state.nodes[i].name) });
    }
  }
  skeletons.set(state, out);
  return out;
}

/**
 * The matching nodes of `state` grouped by pool and model (groups sorted by pool, then model; groups without a
 * matching node left out). `fragMilliOf` gives a node's fragmented GPU milli, or null when it is not measured.
 */
export function fleetOccupancy(
  state: ClusterState,
  filter: NodeFilter,
  fragMilliOf: (i: number) => number | null,
): FleetOccupancy {
  const filtered =
    filter.model !== undefined ||
    filter.pool !== undefined ||
    filter.labels !== undefined ||
    (filter.states?.length ?? 0) > 0;
  const matches = nodeMatcher(state, filter);
  const groups: OccupancyGroup[] = [];
  let nodes = 0;
  let devices = 0;
  for (const skeleton of skeletonOf(state)) {
    if (filter.pool !== undefined && skeleton.pool !== filter.pool) continue;
    if (filter.model !== undefined && skeleton.model !== filter.model) continue;
    // Unfiltered, the group's names are the skeleton's (no copy of 100,000 strings per answer).
    const g = newGroup(skeleton.pool, skeleton.model, filtered ? [] : skeleton.names);
    let frag: number | null = 0;
    for (const i of skeleton.nodes) {
      if (filtered && !matches(i)) continue;
      const n = state.nodes[i];
      const standing = nodeState(state, i);
      if (standing === 'cordoned') g.cordoned.push(g.nodes);
      g.nodes++;
      g.devices += n.gpuCount;
      g.allocatedMilli += n.gpuCount * MILLI_PER_DEVICE - state.gpuTotalLeft[i];
      g.freeDevices += state.gpuFreeCount[i];
      g.states[standing]++;
      if (filtered) g.names.push(n.name);
      g.allocation.push(allocationPercentOf(state, i));
      const f = n.gpuCount > 0 ? fragMilliOf(i) : 0;
      frag = f === null || frag === null ? null : frag + f;
    }
    if (g.nodes === 0) continue;
    g.allocationPercent = g.devices === 0 ? 0 : (100 * g.allocatedMilli) / (g.devices * MILLI_PER_DEVICE);
    g.fragmentedGpus = frag === null ? null : frag / MILLI_PER_DEVICE;
    groups.push(g);
    nodes += g.nodes;
    devices += g.devices;
  }
  return { nodes, devices, groups };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function newGroup(pool: string, model: string, names: string[]): OccupancyGroup {
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
    names,
    allocation: [],
    cordoned: [],
  };
}
