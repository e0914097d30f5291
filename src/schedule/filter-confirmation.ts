/**
 * @module schedule/filter-confirmation
 * `--confirm filter` (schedule/confirmation): the decision filter just reserved becomes the pod's placement at
 * once, stored like a bind's. The pod's namespace and name come from its spec (`namespace/name`, as
 * schedule/kube-pod names it); an earlier placement of the same name under another UID belongs to a pod that is
 * gone (names are unique among live pods) and is released before the decision.
 */
import type { PodSpec } from '../model/index.js';
import { bindReserved, type BindOutcome, type BindingUnits } from './binding.js';
import type { Placements } from './placements.js';

/** `namespace/name` → its parts (`default` when the name has no namespace). */
export function podIdentityOf(specName: string): { namespace: string; name: string } {
  const slash = specName.indexOf('/');
  return slash < 0
    ? { namespace: 'default', name: specName }
    : { namespace: specName.slice(0, slash), name: specName.slice(slash + 1) };
}

/**
 * Before deciding: frees the placement of an earlier pod of the same namespace/name under another UID (that pod
 * is gone), so that the new one can use its devices. `release` frees the placement of a pod by name.
 */
export function releaseReplaced(
  placements: Pick<Placements, 'named'>,
  uid: string,
  spec: PodSpec,
  release: (namespace: string, name: string) => void,
): void {
  const { namespace, name } = podIdentityOf(spec.name);
  const earlier = placements.named(namespace, name);
  if (earlier && earlier.uid !== uid) release(namespace, name);
}

/**
 * Places the pod on the node its reservation holds. A refusal (none expected: the reservation fits by
 * construction) leaves the reservation, which then expires and is counted.
 */
export function confirmAtFilter(u: BindingUnits, uid: string, spec: PodSpec): BindOutcome | undefined {
  const reservation = u.reservations.get(uid);
  if (!reservation) return undefined;
  const { namespace, name } = podIdentityOf(spec.name);
  return bindReserved(u, { uid, namespace, name, nodeName: reservation.node });
}
