/**
 * @module schedule/pod-traits
 * What decides whether and at what price a running pod may be moved by a defragmentation plan (issue 16, defrag/
 * move-cost), read from the Kubernetes pod when the service sees it (extender filter, kube sync) and kept with its
 * reservation and placement, so that `GET /v1/placements` and the live planner apply the same rules as a
 * placements file:
 * - `qos`: the pod's Kubernetes QoS class (Guaranteed, Burstable, BestEffort), computed as the kubelet does from
 *   the containers' CPU and memory requests and limits;
 * - `annotations`: only the `hyperfleet.io/` ones (the planner reads no other; a pod's annotations can be large);
 * - `owner`: the kind of the pod's controller (its `ownerReferences` entry with `controller: true`);
 * - `localStorage`: the pod mounts an `emptyDir` or `hostPath` volume (its data stays on the node), the rule the
 *   Kubernetes descheduler applies too.
 */
import type { Pod } from './kube-pod.js';
import { parseMiB, parseMilli } from './quantity.js';

export interface PodTraits {
  readonly qos?: string;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly owner?: string;
  readonly localStorage?: boolean;
}

const OWN_PREFIX = 'hyperfleet.io/';

/** The pod's traits; a field is absent when the pod does not say (no owner, no hyperfleet annotation). */
export function podTraitsOf(pod: Pod): PodTraits {
  const own = Object.entries(pod.metadata.annotations ?? {}).filter(([k]) => k.startsWith(OWN_PREFIX));
  const refs = pod.metadata.ownerReferences ?? [];
  const owner = (refs.find((r) => r.controller === true) ?? refs[0])?.kind;
  const localStorage = (pod.spec?.volumes ?? []).some((v) => v.emptyDir != null || v.hostPath != null);
  return {
    qos: qosClassOf(pod),
    ...(own.length > 0 ? { annotations: Object.fromEntries(own) } : {}),
    ...(owner !== undefined ? { owner } : {}),
    ...(localStorage ? { localStorage } : {}),
  };
}

type Resources = Readonly<Record<string, string>> | null | undefined;

/**
 * Kubernetes' QoS class: BestEffort when no container asks for or limits CPU or memory; Guaranteed when every
 * container limits both and requests (defaulting to the limit) equal the limits; Burstable otherwise.
 */
function qosClassOf(pod: Pod): string {
  const containers = pod.spec?.containers ?? [];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const requests: Resources = c.resources?.requests;
    const limits: Resources = c.resources?.limits;
    for (const [name, parse] of [
      ['cpu', parseMilli],
      ['memory', parseMiB],
    ] as const) {
      const limit = limits?.[name];
      const request = requests?.[name] ?? limit;
      if (request !== undefined || limit !== undefined) any = true;
      if (limit === undefined || request === undefined || !sameQuantity(request, limit, parse))
        guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function sameQuantity(a: string, b: string, parse: (s: string) => number): boolean {
  try {
    return parse(a) === parse(b);
  } catch {
    return false;
  }
}
