/**
 * @module schedule/kube/assigned-pod
 * A bind of a pod the API server shows bound already — read so by the binder, or its PATCH or Binding refused
 * with 409 (schedule/kube/kube-binder's {@link PodAlreadyAssigned}): the pod is counted where the API server shows it, with the devices its annotation
 * lists — the pods' annotations are the durable truth — instead of being forgotten while it holds devices.
 *
 * Forgetting it was the risk: the service would no longer count a pod that really runs, and could hand its
 * devices out again. The placement the refused bind made is dropped first, then the pod is read and adopted as
 * the sync reads and adopts a pod it sees bound (schedule/kube/watched-pod's readCountedPod): a device annotation
 * that is not a list of device indices is reported and ignored, as the sync reports it.
 */
import { type Outcome, refuse } from '../../errors/index.js';
import type { DeviceProtocol } from '../device-protocol.js';
import type { ResourceModels } from '../resource-models.js';
import type { KubeSink } from './kube-sink.js';
import { podStanding, readCountedPod } from './watched-pod.js';

/**
 * Counts `pod` (a Pod object read from the API server, bound to `node`) in `sink` in place of what the service
 * held for its UID; `report` hears what the sync would report of it (an ignored device annotation). Refused
 * (nothing counted) when its request cannot be read or it does not fit there.
 */
export function countAssignedPod(
  sink: Pick<KubeSink, 'podBound' | 'podGone'>,
  pod: unknown,
  node: string,
  models: ResourceModels,
  report: (message: string) => void,
  protocol?: Pick<DeviceProtocol, 'readPod'>,
): Outcome {
  const standing = podStanding(pod);
  if (!standing) return refuse('not-found', 'the pod read back has no UID');
  sink.podGone(standing);
  // Finished (Succeeded or Failed): it holds no devices any more, as the sync would not count it either.
  if (!standing.counts) return { ok: true };
  const reading = readCountedPod(pod, standing, node, models, protocol);
  if (!reading.ok) return reading;
  if (reading.issue !== undefined) report(reading.issue);
  return sink.podBound(reading.pod) ?? { ok: true };
}
