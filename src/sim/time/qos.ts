/**
 * @module sim/time/qos
 * Scheduling priority by QoS class: the waiting queue serves higher levels first, and only pods above
 * best-effort may evict best-effort pods.
 */

/** Number of priority levels (0 … PRIORITY_LEVELS − 1). */
export const PRIORITY_LEVELS = 3;

/** The level of best-effort pods: the lowest, and the only one that may be evicted. */
export const BEST_EFFORT = 0;

/** Scheduling priority of a QoS class: latency-sensitive/guaranteed first, best-effort last. */
export function qosPriority(qos: string | undefined): number {
  if (qos === 'BE') return BEST_EFFORT;
  if (qos === 'Burstable') return 1;
  return 2; // LS, Guaranteed, unknown
}
