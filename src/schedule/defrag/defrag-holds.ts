/**
 * @module schedule/defrag/defrag-holds
 * Devices held for pods that a defrag execution expects (issue 16): the replacement of a moved pod on its
 * destination, and the pending pod on its target. A hold is assumed on the live state like a reservation, so no
 * other pod gets its devices; when kube-scheduler asks the extender (filter) about a pod the hold expects, the
 * hold becomes that pod's ordinary reservation on the held node and devices, and bind makes it a placement.
 *
 * How a pod is recognised (documented in docs/api.md#executing-a-plan): same namespace, the same request (CPU,
 * memory, devices, milli), and a name that is the moved pod's own (a bare pod or a StatefulSet pod is recreated
 * under its name) or, for a pod whose controller generates names (ReplicaSet, Job, …), that begins with the
 * moved pod's name up to its generated suffix (`web-7d9f8-abcde` → `web-7d9f8-`). A pending pod given as a
 * Kubernetes pod is recognised by namespace and name; one given as a bare request, by its request alone.
 */
import type { PodSpec } from '../../model/index.js';

/** Who a hold waits for. */
export interface HoldMatch {
  readonly namespace?: string;
  readonly name?: string;
  /** A prefix of the name (a controller's generated names). */
  readonly namePrefix?: string;
}

export interface DefragHold {
  /** `planId/step` (`planId/target` for the pending pod). */
  readonly key: string;
  readonly planId: string;
  readonly node: string;
  readonly devices: readonly number[];
  readonly spec: PodSpec;
  readonly match: HoldMatch;
}

/** Kinds whose controller recreates a pod under the same name. */
const SAME_NAME_OWNERS = new Set(['StatefulSet']);

/** How the replacement of a moved pod is recognised (see the module comment). */
export function replacementMatch(namespace: string, name: string, owner: string | undefined): HoldMatch {
  if (owner === undefined || SAME_NAME_OWNERS.has(owner)) return { namespace, name };
  const cut = name.lastIndexOf('-');
  return cut > 0 ? { namespace, namePrefix: name.slice(0, cut + 1) } : { namespace, name };
}

/** Whether `pod` (with `spec`) is the one `hold` waits for. */
export function holdMatches(
  hold: DefragHold,
  pod: { namespace: string; name: string },
  spec: PodSpec,
): boolean {
  const m = hold.match;
  if (m.namespace !== undefined && m.namespace !== pod.namespace) return false;
  if (m.name !== undefined && m.name !== pod.name) return false;
  if (m.namePrefix !== undefined && !pod.name.startsWith(m.namePrefix)) return false;
  const h = hold.spec;
  return (
    h.cpuMilli === spec.cpuMilli &&
    h.memMiB === spec.memMiB &&
    h.gpuCount === spec.gpuCount &&
    (h.gpuCount === 0 || h.gpuMilli === spec.gpuMilli)
  );
}
