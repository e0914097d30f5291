/**
 * @module schedule/fleet-views
 * Read-only views of the live cluster state for the REST API and /metrics: a node with what is left of it, and
 * nodes, devices and allocated device milli per device model.
 */
import { type ClusterState, MILLI_PER_DEVICE } from '../model/index.js';

/** A node with what is left of it (GET /v1/nodes). */
export interface NodeView {
  readonly name: string;
  readonly model: string;
  readonly gpuCount: number;
  readonly cpuMilli: number;
  readonly memMiB: number;
  readonly cpuMilliLeft: number;
  readonly memMiBLeft: number;
  readonly pods: number;
  readonly gpuMilliLeft: number[];
}

/** Per device model (GET /v1/fleet/summary). */
export interface ModelFigures {
  nodes: number;
  devices: number;
  allocatedMilli: number;
  allocationPercent: number;
}

export function nodeView(state: ClusterState, i: number): NodeView {
  const n = state.nodes[i];
  return {
    name: n.name,
    model: n.gpuModel,
    gpuCount: n.gpuCount,
    cpuMilli: n.cpuMilli,
    memMiB: n.memMiB,
    cpuMilliLeft: state.cpuLeft[i],
    memMiBLeft: state.memLeft[i],
    pods: state.podCount[i],
    gpuMilliLeft: Array.from({ length: n.gpuCount }, (_, g) => state.gpuLeftOf(i, g)),
  };
}

/** Nodes, devices and allocated device milli per device model (nodes without devices are left out). */
export function perModel(state: ClusterState): Record<string, ModelFigures> {
  const out: Record<string, ModelFigures> = {};
  for (let i = 0; i < state.nodeCount; i++) {
    const n = state.nodes[i];
    if (n.gpuCount === 0) continue;
    const m = (out[n.gpuModel] ??= { nodes: 0, devices: 0, allocatedMilli: 0, allocationPercent: 0 });
    m.nodes++;
    m.devices += n.gpuCount;
    // The state keeps each node's milli left in total: one read, not one per device (100,000 nodes).
    m.allocatedMilli += n.gpuCount * MILLI_PER_DEVICE - state.gpuTotalLeft[i];
  }
  for (const m of Object.values(out))
    m.allocationPercent = (100 * m.allocatedMilli) / (m.devices * MILLI_PER_DEVICE);
  return out;
}
