/**
 * @module model/pod
 * A pod as the scheduler sees it: CPU, memory, accelerator request, type constraint, QoS and times.
 * Pure data; no behaviour beyond classification helpers.
 */
import { MILLI_PER_DEVICE } from './units.js';

export type Qos = 'LS' | 'BE' | 'Burstable' | 'Guaranteed' | string;

export interface PodSpec {
  /** Unique name within a workload. */
  readonly name: string;
  /** CPU request in milli-cores. */
  readonly cpuMilli: number;
  /** Memory request in MiB. */
  readonly memMiB: number;
  /** Number of devices (GPUs) requested; 0 for CPU-only pods. */
  readonly gpuCount: number;
  /** Milli-device requested on each of the `gpuCount` devices (1..1000); 0 for CPU-only pods. */
  readonly gpuMilli: number;
  /**
   * Device models the pod may run on (exact, case-sensitive names such as `V100M32`); empty means any.
   * Only meaningful for GPU pods.
   */
  readonly gpuTypes: readonly string[];
  /**
   * The fixed partition each device holds for the pod (a MIG profile such as `3g.40gb`, an Ascend vNPU template
   * such as `4c`), when the pod asks for one by name; `gpuMilli` is then what that partition is worth.
   */
  readonly gpuProfile?: string;
  readonly qos?: Qos;
  /** Times in seconds from the start of the trace, when known. */
  readonly creationTimeSec?: number;
  readonly deletionTimeSec?: number;
  readonly scheduledTimeSec?: number;
}

/** What placement reads of a pod: its request. */
export type PodResources = Pick<PodSpec, 'cpuMilli' | 'memMiB' | 'gpuCount' | 'gpuMilli' | 'gpuTypes'>;

export type PodClass = 'cpu-only' | 'sharing' | 'whole-gpu';

/** CPU-only (no device), sharing (one device, less than all of it) or whole-GPU (one or more full devices). */
export function podClass(pod: Pick<PodSpec, 'gpuCount' | 'gpuMilli'>): PodClass {
  if (pod.gpuCount === 0 || pod.gpuMilli === 0) return 'cpu-only';
  if (pod.gpuCount === 1 && pod.gpuMilli < MILLI_PER_DEVICE) return 'sharing';
  return 'whole-gpu';
}

/** Total milli-devices requested (the paper's "TotalMilliGpu"). */
export function totalGpuMilli(pod: Pick<PodSpec, 'gpuCount' | 'gpuMilli'>): number {
  return pod.gpuCount * pod.gpuMilli;
}

/** The type constraint as the reference writes it: `|`-joined, empty when unconstrained. */
export function gpuSpecString(pod: Pick<PodSpec, 'gpuTypes'>): string {
  return pod.gpuTypes.join('|');
}

/**
 * The resource vector every placement policy reads (CPU, per-device milli, device count, constraint).
 * Memory only matters for feasibility. Pods with the same key are interchangeable for scoring.
 */
export function resourceKey(pod: PodSpec): string {
  return `${pod.cpuMilli}/${pod.gpuMilli}/${pod.gpuCount}/${gpuSpecString(pod)}`;
}

/** A prime below 2^21, for {@link resourceHash}. */
const HASH_PRIME = 2097143;

/**
 * A hash of a pod's resource fields, for Map keys (callers compare the fields of pods with equal hashes). Every
 * step stays below 2^30, a small integer: 32-bit multiplicative hashing would box a number at each step while the
 * code is still interpreted, and this runs for every pod of a trace at the start of each experiment.
 */
export function resourceHash(
  cpuMilli: number,
  memMiB: number,
  gpuMilli: number,
  gpuCount: number,
  typeCount: number,
): number {
  let h = cpuMilli % HASH_PRIME;
  h = (h * 127 + memMiB) % HASH_PRIME;
  h = (h * 127 + gpuMilli) % HASH_PRIME;
  h = (h * 127 + gpuCount) % HASH_PRIME;
  return (h * 127 + typeCount) % HASH_PRIME;
}

/** Same CPU, memory, device count, milli per device and type constraint. */
export function sameRequest(a: PodResources, b: PodResources): boolean {
  if (
    a.cpuMilli !== b.cpuMilli ||
    a.memMiB !== b.memMiB ||
    a.gpuMilli !== b.gpuMilli ||
    a.gpuCount !== b.gpuCount ||
    a.gpuTypes.length !== b.gpuTypes.length
  )
    return false;
  for (let i = 0; i < a.gpuTypes.length; i++) if (a.gpuTypes[i] !== b.gpuTypes[i]) return false;
  return true;
}
