/**
 * @module schedule/defrag/live-running-pods
 * The live service's state as the defrag planner reads it: the confirmed placements (as `GET /v1/placements`
 * lists them, so the planner sees what an outsider sees) and, as pods that may not move, the devices held by
 * reservations (pods filtered and not bound yet) and by defrag executions — a plan must not count on them.
 */
import { MOVABLE_ANNOTATION, type PlacedPod, type PlacementRecord, runningPods } from '../../defrag/index.js';
import type { ClusterState, PodSpec } from '../../model/index.js';
import type { LiveScheduler } from '../live-scheduler.js';

/** Namespace under which held devices appear to the planner (no Kubernetes namespace has parentheses). */
export const RESERVATION_NAMESPACE = '(reserved)';

/** Devices held for `name`, as a pod that never moves. */
function heldRecord(name: string, node: string, devices: readonly number[], spec: PodSpec): PlacementRecord {
  const gpu = spec.gpuCount > 0 && spec.gpuMilli > 0;
  return {
    namespace: RESERVATION_NAMESPACE,
    name,
    node,
    devices: gpu ? [...devices] : [],
    milliPerDevice: gpu ? spec.gpuMilli : 0,
    cpuMilli: spec.cpuMilli,
    memMiB: spec.memMiB,
    annotations: { [MOVABLE_ANNOTATION]: 'false' },
  };
}

export function liveRunningPods(live: LiveScheduler): { state: ClusterState; pods: PlacedPod[] } {
  const records: PlacementRecord[] = live.listPlacements().map(({ gpuModels, devices, ...p }) => ({
    ...p,
    devices: [...devices],
    ...(gpuModels ? { gpuModels: [...gpuModels] } : {}),
  }));
  for (const { uid, reservation: r } of live.listReservations())
    records.push(heldRecord(uid, r.node, r.devices, r.spec));
  for (const h of live.listDefragHolds()) records.push(heldRecord(h.key, h.node, h.devices, h.spec));
  const placed = runningPods(live.state.nodes, records);
  // The live state holds exactly these (it checked each on the way in): a problem here is a bug.
  if (!placed.ok) {
    const first = placed.issues[0];
    throw new Error(`the live state does not read back: ${first.path.join('.')}: ${first.message ?? ''}`);
  }
  return { state: placed.state, pods: placed.pods };
}
