/**
 * @module schedule/node-query
 * Which nodes a view asks for, at fleet scale: a node's state (free, partial, full, cordoned), a filter by device
 * model, pool, labels and state, and pages of nodes in name order behind a stable cursor (GET /v1/nodes).
 *
 * Why name order and a name cursor: a page boundary must not move when nodes are registered or removed between two
 * requests, and the name is the one thing that identifies a node for as long as it exists. The name order of a
 * state is sorted once and kept while that state lives (a node list change builds a new state).
 */
import { type ClusterState, MILLI_PER_DEVICE } from '../model/index.js';
import { nodeView, type NodeView } from './fleet-views.js';

export const NODE_STATES = ['free', 'partial', 'full', 'cordoned'] as const;
/**
 * `cordoned`: marked unschedulable (whatever it holds). Otherwise, for a node with devices: `free` when every device
 * is whole free, `full` when no device has any milli left, `partial` in between. For a CPU-only node: `free` without
 * pods, `full` when its CPU or memory is used up, `partial` otherwise.
 */
export type NodeState = (typeof NODE_STATES)[number];

export function nodeState(state: ClusterState, i: number): NodeState {
  const n = state.nodes[i];
  if (n.cordoned) return 'cordoned';
  if (n.gpuCount > 0) {
    if (state.gpuFreeCount[i] === n.gpuCount) return 'free';
    return state.gpuMaxLeft[i] === 0 ? 'full' : 'partial';
  }
  if (state.podCount[i] === 0) return 'free';
  return state.cpuLeft[i] <= 0 || state.memLeft[i] <= 0 ? 'full' : 'partial';
}

/** What a view asks for; an absent field matches every node. An empty model or pool matches nodes without one. */
export interface NodeFilter {
  readonly model?: string;
  readonly pool?: string;
  /** Every one of these labels, with this value. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Any of these states. */
  readonly states?: readonly NodeState[];
}

/** The filter as a test of node `i` of `state`. */
export function nodeMatcher(state: ClusterState, filter: NodeFilter): (i: number) => boolean {
  const { model, pool, states } = filter;
  const labels = Object.entries(filter.labels ?? {});
  const wanted = states && states.length > 0 ? new Set(states) : undefined;
  return (i) => {
    const n = state.nodes[i];
    if (model !== undefined && n.gpuModel !== model) return false;
    if (pool !== undefined && (n.pool ?? '') !== pool) return false;
    if (labels.length > 0 && !labels.every(([k, v]) => n.labels?.[k] === v)) return false;
    return wanted === undefined || wanted.has(nodeState(state, i));
  };
}

/** A node with what is left of it, how it stands, and how it is described. */
export interface DescribedNodeView extends NodeView {
  readonly state: NodeState;
  readonly pool?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export function describedNodeView(state: ClusterState, i: number): DescribedNodeView {
  const n = state.nodes[i];
  return {
    ...nodeView(state, i),
    state: nodeState(state, i),
    ...(n.pool !== undefined && { pool: n.pool }),
    ...(n.labels !== undefined && Object.keys(n.labels).length > 0 && { labels: n.labels }),
  };
}

export interface NodePageQuery extends NodeFilter {
  /** At most this many nodes; absent: every matching node. */
  readonly limit?: number;
  /** Nodes whose name sorts after this one (the `next` of the previous page). */
  readonly cursor?: string;
}

export interface NodePage {
  readonly nodes: DescribedNodeView[];
  /** The cursor of the next page; null on the last one. */
  readonly next: string | null;
  /** Nodes matching the filter, over all pages. */
  readonly total: number;
}

const nameOrders = new WeakMap<ClusterState, Int32Array>();

/** Node indices of `state` in name order (code-unit order, as the cursor compares). */
export function nameOrder(state: ClusterState): Int32Array {
  let order = nameOrders.get(state);
  if (!order) {
    const names = state.nodes.map((n) => n.name);
    order = Int32Array.from(names.keys()).sort((a, b) =>
      names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0,
    );
    nameOrders.set(state, order);
  }
  return order;
}

/** The first position in `order` whose node name sorts after `cursor`. */
function positionAfter(state: ClusterState, order: Int32Array, cursor: string): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (state.nodes[order[mid]].name <= cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A page of the nodes that match. Without `limit` and `cursor`: every match in registration order, as GET
 * /v1/nodes always answered; with either, name order from after `cursor`.
 */
export function queryNodes(state: ClusterState, query: NodePageQuery): NodePage {
  const matches = nodeMatcher(state, query);
  const paged = query.limit !== undefined || query.cursor !== undefined;
  const order = paged ? nameOrder(state) : undefined;
  const at = (k: number) => (order ? order[k] : k);
  const limit = query.limit ?? Infinity;
  const start = order && query.cursor !== undefined ? positionAfter(state, order, query.cursor) : 0;
  const nodes: DescribedNodeView[] = [];
  let total = 0;
  let next: string | null = null;
  for (let k = 0; k < state.nodeCount; k++) {
    const i = at(k);
    if (!matches(i)) continue;
    total++;
    if (k < start) continue;
    if (nodes.length < limit) nodes.push(describedNodeView(state, i));
    else if (next === null) next = nodes[nodes.length - 1].name;
  }
  return { nodes, next, total };
}

/** Allocated share of node `i`'s devices in whole percent (of CPU for a CPU-only node), rounded down. */
export function allocationPercentOf(state: ClusterState, i: number): number {
  const n = state.nodes[i];
  if (n.gpuCount > 0) {
    const capacity = n.gpuCount * MILLI_PER_DEVICE;
    return Math.floor((100 * (capacity - state.gpuTotalLeft[i])) / capacity);
  }
  return n.cpuMilli > 0 ? Math.floor((100 * (n.cpuMilli - state.cpuLeft[i])) / n.cpuMilli) : 0;
}
