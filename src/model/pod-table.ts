/**
 * @module model/pod-table
 * A workload as a table: pods that ask for the same resources (CPU, memory, device count, milli per device, type
 * constraint) share one *shape*, and each pod (row) is its shape's index plus what is its own — name, QoS, times —
 * read only when asked for. The 8 152 pods of the openb default trace have 151 shapes.
 *
 * Why: placement reads a pod's resources only, and one object per pod — with its name string — is what a loaded
 * trace would otherwise keep alive through the whole run: the garbage collector copies such objects twice and
 * grows the young generation for them, which costs a short experiment more than it takes to place its pods.
 */
import { resourceHash, sameRequest, type PodResources, type PodSpec } from './pod.js';

export interface PodTable {
  /** Number of pods (rows). */
  readonly count: number;
  /** Distinct requests: `shapes[s]` is the first pod of the table with request `s` (its resource fields are the shape). */
  readonly shapes: readonly PodSpec[];
  /** Shape of each row. */
  readonly shapeOf: Int32Array;
  /** True when rows are in ascending name order (every openb file is). */
  readonly sortedByName: boolean;
  /** Name of row `row`. */
  nameOf(row: number): string;
  /** The pod of row `row`: its shape's resources with its own name, QoS and times. */
  podAt(row: number): PodSpec;
}

/** True for a {@link PodTable}, false for a list of pods. */
export function isPodTable(pods: readonly PodSpec[] | PodTable): pods is PodTable {
  return !Array.isArray(pods);
}

/** Numbers every shape by its resources: equal requests get equal ids, in order of first appearance. */
export class ShapeIndex {
  readonly shapes: PodSpec[] = [];
  private readonly byHash = new Map<number, number[]>();

  /** The id of `pod`'s shape; `pod` itself becomes the shape when it is the first with its request. */
  idOf(pod: PodSpec): number {
    const id = this.find(pod);
    return id >= 0 ? id : this.add(pod);
  }

  /** The id of the shape of `request`, or −1 when no shape has it yet. */
  find(request: PodResources): number {
    const ids = this.byHash.get(hashOf(request));
    if (ids !== undefined)
      for (let i = 0; i < ids.length; i++) if (sameRequest(this.shapes[ids[i]], request)) return ids[i];
    return -1;
  }

  /** Adds `pod` as a new shape (its request must not have one yet: see {@link find}); returns its id. */
  add(pod: PodSpec): number {
    const h = hashOf(pod);
    let ids = this.byHash.get(h);
    if (ids === undefined) {
      ids = [];
      this.byHash.set(h, ids);
    }
    const id = this.shapes.length;
    this.shapes.push(pod);
    ids.push(id);
    return id;
  }
}

function hashOf(r: PodResources): number {
  return resourceHash(r.cpuMilli, r.memMiB, r.gpuMilli, r.gpuCount, r.gpuTypes.length);
}

/** The table of a list of pods (rows in list order; each row's pod is the list's own object). */
export function podTableOf(pods: readonly PodSpec[]): PodTable {
  const index = new ShapeIndex();
  const shapeOf = new Int32Array(pods.length);
  let sortedByName = true;
  for (let i = 0; i < pods.length; i++) {
    shapeOf[i] = index.idOf(pods[i]);
    if (i > 0 && !(pods[i - 1].name < pods[i].name)) sortedByName = false;
  }
  return {
    count: pods.length,
    shapes: index.shapes,
    shapeOf,
    sortedByName,
    nameOf: (row) => pods[row].name,
    podAt: (row) => pods[row],
  };
}

/** The pods of a table, one object per row. */
export function podsOf(table: PodTable): PodSpec[] {
  return Array.from({ length: table.count }, (_, row) => table.podAt(row));
}
