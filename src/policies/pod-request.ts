/**
 * @module policies/pod-request
 * A pod compiled once per scheduling cycle against a cluster state: the numbers every filter and score reads,
 * without re-deriving them for each of the thousands of nodes looked at.
 */
import { affinityTag, type ClusterState, type PodSpec, resourceKey, ShapeIndex } from '../model/index.js';

export interface PodRequest {
  readonly pod: PodSpec;
  readonly cpuMilli: number;
  readonly memMiB: number;
  /** Devices asked for (0 for CPU-only pods). */
  readonly gpuCount: number;
  /** Milli per device (0 for CPU-only pods). */
  readonly gpuMilli: number;
  /** gpuCount × gpuMilli. */
  readonly totalGpuMilli: number;
  /** True for a single-device request below a whole device. */
  readonly sharing: boolean;
  /** GpuClustering's affinity tag (see model/cluster-state `affinityTag`). */
  readonly tag: number;
  /** Allowed device models indexed by `state.modelId`; `null` when any model will do. */
  readonly allowedModels: Uint8Array | null;
  /** The resource vector as a string: pods with equal keys score identically on equal node states. */
  readonly key: string;
  /** The key plus memory: pods with equal fit keys also fit the same nodes. */
  readonly fitKey: string;
}

export function compileRequest(state: ClusterState, pod: PodSpec): PodRequest {
  const gpuCount = pod.gpuMilli > 0 ? pod.gpuCount : 0;
  const gpuMilli = gpuCount > 0 ? pod.gpuMilli : 0;
  let allowedModels: Uint8Array | null = null;
  if (gpuCount > 0 && pod.gpuTypes.length > 0) {
    allowedModels = new Uint8Array(state.models.length);
    state.models.forEach((model, id) => {
      if (pod.gpuTypes.includes(model)) allowedModels![id] = 1;
    });
  }
  const key = resourceKey(pod);
  return {
    pod,
    cpuMilli: pod.cpuMilli,
    memMiB: pod.memMiB,
    gpuCount,
    gpuMilli,
    totalGpuMilli: gpuCount * gpuMilli,
    sharing: gpuCount === 1 && gpuMilli < 1000,
    tag: affinityTag(pod),
    allowedModels,
    key,
    fitKey: `${key}/${pod.memMiB}`,
  };
}

/**
 * Pods with the same resource vector and memory share one compiled request — found through the pods' shape (see
 * model/pod-table), so that looking up a pod's request builds no key string (10 000+ lookups per experiment).
 */
export class RequestTable {
  private readonly state: ClusterState;
  private readonly shapes = new ShapeIndex();
  private readonly requests: PodRequest[] = [];

  constructor(state: ClusterState) {
    this.state = state;
  }

  of(pod: PodSpec): PodRequest {
    const id = this.shapes.idOf(pod);
    return (this.requests[id] ??= compileRequest(this.state, this.shapes.shapes[id]));
  }
}
