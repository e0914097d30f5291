/**
 * @module schedule/filter-confirmation
 * `--confirm filter` (schedule/confirmation): the decision filter just reserved becomes the pod's placement at
 * once, stored like a bind's. The pod's namespace and name come from its spec (`namespace/name`, as
 * schedule/kube-pod names it); an earlier placement of the same name under another UID belongs to a pod that is
 * gone (names are unique among live pods) and is released first.
 */
import type { PodSpec } from '../model/index.js';
import { bindReserved, type BindOutcome, type BindingUnits } from './binding.js';

/** `namespace/name` → its parts (`default` when the name has no namespace). */
export function podIdentityOf(specName: string): { namespace: string; name: string } {
  const slash = specName.indexOf('/');
  return slash < 0
    ? { namespace: 'default', name: specName }
    : { namespace: specName.slice(0, slash), name: specName.slice(slash + 1) };
}

/**
 * Places the pod on the node its reservation holds. `release` frees the placement of a pod by name. A refusal
 * (none expected: the reservation fits by construction) leaves the reservation, which then expires and is counted.
 */
export function confirmAtFilter(
  u: BindingUnits,
  uid: string,
  spec: PodSpec,
  release: (namespace: string, name: string) => void,
): BindOutcome | undefined {
  const reservation = u.reservations.get(uid);
  if (!reservation) return undefined;
  const { namespace, name } = podIdentityOf(spec.name);
  const earlier = u.placements.named(namespace, name);
  if (earlier && earlier.uid !== uid) release(namespace, name);
  return bindReserved(u, { uid, namespace, name, nodeName: reservation.node });
}
