/**
 * @module model/node
 * A node: CPU, memory and a set of identical devices of one accelerator model, each of 1000 milli capacity.
 */

export interface NodeSpec {
  /** Unique node name (the openb `sn`). */
  readonly name: string;
  /** CPU capacity in milli-cores. */
  readonly cpuMilli: number;
  /** Memory capacity in MiB. */
  readonly memMiB: number;
  /** Number of devices on the node (0 for CPU-only nodes). */
  readonly gpuCount: number;
  /** Accelerator model of every device on the node (e.g. `V100M32`, `nvidia-h20`); empty for CPU-only nodes. */
  readonly gpuModel: string;
  /**
   * Descriptive only, for the live views (filters, the occupancy map); placement never reads them: the pool the node
   * belongs to (a fleet file's pool, a Kubernetes node-pool label), its Kubernetes labels, and whether it is
   * cordoned (`spec.unschedulable`: kube-scheduler sends it no pods).
   */
  readonly pool?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly cordoned?: boolean;
}

/** Whether a node's device model satisfies a pod's type constraint (empty constraint: any model). */
export function modelAllowed(gpuTypes: readonly string[], gpuModel: string): boolean {
  return gpuTypes.length === 0 || gpuTypes.includes(gpuModel);
}
