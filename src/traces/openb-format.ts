/**
 * @module traces/openb-format
 * Writes node and pod lists in the openb CSV format (the inverse of traces/openb), for generated traces that
 * other commands then read like the real ones.
 */
import type { NodeSpec, PodSpec } from '../model/index.js';

/** `sn,cpu_milli,memory_mib,gpu,model` rows. */
export function formatOpenbNodes(nodes: readonly NodeSpec[]): string {
  return (
    'sn,cpu_milli,memory_mib,gpu,model\n' +
    nodes.map((n) => `${n.name},${n.cpuMilli},${n.memMiB},${n.gpuCount},${n.gpuModel}`).join('\n') +
    '\n'
  );
}

/** The 11 columns of the default pod list; unknown QoS, phase and times are left empty. */
export function formatOpenbPods(pods: readonly PodSpec[]): string {
  const time = (t: number | undefined) => (t === undefined ? '' : String(t));
  return (
    'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n' +
    pods
      .map(
        (p) =>
          `${p.name},${p.cpuMilli},${p.memMiB},${p.gpuCount},${p.gpuMilli},${p.gpuTypes.join('|')},${p.qos ?? ''},,` +
          `${time(p.creationTimeSec)},${time(p.deletionTimeSec)},${time(p.scheduledTimeSec)}`,
      )
      .join('\n') +
    '\n'
  );
}
