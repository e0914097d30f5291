/**
 * @module schedule/defrag/live-running-pods
 * The live service's state as the defrag planner reads it: the confirmed placements (as `GET /v1/placements`
 * lists them, so the planner sees what an outsider sees) and, as pods that may not move, the devices held by
 * reservations (pods filtered and not bound yet, and the devices a defrag execution holds) — a plan must not
 * count on them.
 */
import { MOVABLE_ANNOTATION, type PlacedPod, type PlacementRecord, runningPods } from '../../defrag/index.js';
import type { ClusterState } from '../../model/index.js';
import type { LiveScheduler } from '../live-scheduler.js';

/** Namespace under which reservations appear to the planner (no Kubernetes namespace has parentheses). */
export const RESERVATION_NAMESPACE = '(reserved)';

export function liveRunningPods(live: LiveScheduler): { state: ClusterState; pods: PlacedPod[] } {
  const records: PlacementRecord[] = live.listPlacements().map(({ gpuModels, devices, ...p }) => ({
    ...p,
    devices: [...devices],
    ...(gpuModels ? { gpuModels: [...gpuModels] } : {}),
  }));
  for (const { uid, reservation: r } of live.listReservations()) {
    const gpu = r.spec.gpuCount > 0 && r.spec.gpuMilli > 0;
    records.push({
      namespace: RESERVATION_NAMESPACE,
      name: uid,
      node: r.node,
      devices: gpu ? [...r.devices] : [],
      milliPerDevice: gpu ? r.spec.gpuMilli : 0,
      cpuMilli: r.spec.cpuMilli,
      memMiB: r.spec.memMiB,
      annotations: { [MOVABLE_ANNOTATION]: 'false' },
    });
  }
  const placed = runningPods(live.state.nodes, records);
  // The live state holds exactly these (it checked each on the way in): a problem here is a bug.
  if (!placed.ok) {
    const first = placed.issues[0];
    throw new Error(`the live state does not read back: ${first.path.join('.')}: ${first.message ?? ''}`);
  }
  return { state: placed.state, pods: placed.pods };
}
