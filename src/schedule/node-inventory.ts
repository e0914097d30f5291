/**
 * @module schedule/node-inventory
 * The nodes the live scheduler knows, and the device accounting on them: the {@link ClusterState}, the index of
 * nodes by name, the tie-break rank of each node, and the fleet gauges that follow the state.
 *
 * Why a change of the node list builds everything anew: the state's arrays are sized for its node list when it
 * is built, so registering, resizing or removing a node means a new state on which every pod placed or reserved
 * is placed again. That rebuild is all or nothing: when a node would no longer hold what is placed or reserved on
 * it (a node that shrank below its pods), the change is refused and the inventory is left as it was — it never
 * holds an overcommitted node.
 *
 * The gauges' history outlives a rebuild (the dashboard's curve goes on); their per-node fragmentation is
 * measured again on the new state.
 */
import { refuse, type Refusal } from '../errors/index.js';
import { ClusterState, type NodeSpec, type PodSpec } from '../model/index.js';
import type { TypicalPods } from '../policies/index.js';
import { FleetGauges } from './fleet-gauges.js';

/** Something that holds devices on a node and must be placed again when the state is rebuilt. */
export interface HeldDevices {
  /** Node name. */
  readonly node: string;
  readonly spec: PodSpec;
  readonly devices: readonly number[];
  /** What holds them, for the refusal (`pod ns/name`, `the pod reserved as UID`). */
  readonly what: string;
}

/** A node list to rebuild on: the nodes, their ranks, and how many were added or changed. */
export interface NodeListChange {
  readonly nodes: readonly NodeSpec[];
  readonly rank: Int32Array;
  readonly added: number;
  readonly updated: number;
}

export class NodeInventory {
  private stateNow: ClusterState;
  private rankNow: Int32Array;
  private gaugesNow: FleetGauges;
  private index: Map<string, number>;
  private readonly typical: TypicalPods | undefined;

  /** `rank`: tie-break rank per node (smaller wins); nodes beyond it rank after, in node order. */
  constructor(nodes: readonly NodeSpec[], rank: Int32Array | undefined, typical: TypicalPods | undefined) {
    this.typical = typical;
    this.rankNow = extendRank(rank, nodes.length);
    this.stateNow = new ClusterState(nodes);
    this.gaugesNow = new FleetGauges(this.stateNow, typical);
    this.index = indexByName(nodes);
  }

  /** The current state; a new object after every {@link rebuild}. */
  get state(): ClusterState {
    return this.stateNow;
  }

  get rank(): Int32Array {
    return this.rankNow;
  }

  get gauges(): FleetGauges {
    return this.gaugesNow;
  }

  /** The index of a node by name, undefined when the node is not registered. */
  indexOf(name: string): number | undefined {
    return this.index.get(name);
  }

  /**
   * Node name → index, for loops over many names (filter indexes every candidate: a plain Map lookup there, not a
   * call per name). A new map after every {@link rebuild}.
   */
  get byName(): ReadonlyMap<string, number> {
    return this.index;
  }

  /** The node list after registering `specs` (new names are appended, known ones take the new capacity). */
  withUpserts(specs: readonly NodeSpec[]): NodeListChange {
    const nodes = [...this.stateNow.nodes];
    let added = 0;
    let updated = 0;
    for (const spec of specs) {
      const i = this.index.get(spec.name);
      if (i === undefined) {
        nodes.push(spec);
        added++;
      } else if (!sameNodeSpec(nodes[i], spec) || !sameDescription(nodes[i], spec)) {
        nodes[i] = spec;
        updated++;
      }
    }
    return { nodes, rank: extendRank(this.rankNow, nodes.length), added, updated };
  }

  /** The node list without node `i` (the others keep their ranks). */
  without(i: number): NodeListChange {
    const keep = this.stateNow.nodes.map((_, j) => j).filter((j) => j !== i);
    return {
      nodes: keep.map((j) => this.stateNow.nodes[j]),
      rank: Int32Array.from(keep, (j) => this.rankNow[j]),
      added: 0,
      updated: 0,
    };
  }

  /**
   * Builds the state anew on `change.nodes` with everything `held` placed again, in the given order; refused
   * (and nothing changed) when a node would no longer hold what is held on it.
   */
  rebuild(change: NodeListChange, held: Iterable<HeldDevices>): Refusal | undefined {
    const state = new ClusterState(change.nodes);
    const index = indexByName(change.nodes);
    for (const h of held) {
      try {
        // assume checks the node's capacity and the devices, and changes nothing when it throws
        state.assume(index.get(h.node)!, h.spec, h.devices);
      } catch (e) {
        return refuse('conflict', `node ${h.node} would no longer hold ${h.what}: ${(e as Error).message}`);
      }
    }
    this.stateNow = state;
    this.rankNow = change.rank;
    this.index = index;
    this.gaugesNow = new FleetGauges(state, this.typical, this.gaugesNow.history());
    return undefined;
  }
}

/** Whether two specs of a node have the same capacity (CPU, memory, device count and model). */
export function sameNodeSpec(a: NodeSpec, b: NodeSpec): boolean {
  return (
    a.cpuMilli === b.cpuMilli &&
    a.memMiB === b.memMiB &&
    a.gpuCount === b.gpuCount &&
    a.gpuModel === b.gpuModel
  );
}

/** Whether two specs of a node describe it alike (pool, labels, cordoned: what the views filter by). */
export function sameDescription(a: NodeSpec, b: NodeSpec): boolean {
  return (
    a.pool === b.pool &&
    (a.cordoned ?? false) === (b.cordoned ?? false) &&
    sameLabels(a.labels ?? {}, b.labels ?? {})
  );
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function indexByName(nodes: readonly NodeSpec[]): Map<string, number> {
  return new Map(nodes.map((n, i) => [n.name, i]));
}

/** `rank` for `n` nodes: the given ranks, then node order for nodes beyond them. */
export function extendRank(rank: Int32Array | undefined, n: number): Int32Array {
  const out = new Int32Array(n);
  const have = rank ? Math.min(rank.length, n) : 0;
  let max = -1;
  for (let i = 0; i < have; i++) {
    out[i] = rank![i];
    if (out[i] > max) max = out[i];
  }
  for (let i = have; i < n; i++) out[i] = ++max;
  return out;
}
